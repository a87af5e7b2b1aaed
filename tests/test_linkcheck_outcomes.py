"""Works, dead or unverified: a network problem on our side is never a verdict against the municipality.

A server on 127.0.0.2 plays the internet (the stub network declares it public); names come from a
resolver stub, so "no DNS", "no internet" and "this name does not exist" are simulated without
any traffic off this machine.
"""

from __future__ import annotations

import ipaddress

from audit.engine import NO_INTERNET_NOTE, run_link_check
from audit.linkcheck import LinkCheckOptions
from audit.results import AuditSummary
from linkserver import html, serve
from wmebv.core.outbound.network import Network, StubResolver
from wmebv.core.outbound.policy import OutboundPolicy

INTERNET = "127.0.0.2"
ROUTES = {
    "/": html("probe"),
    "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /geheim/\n", {}),
    "/formulier/": html("<form></form>"),
    "/kapot/": (503, "text/html", b"", {}),
    "/geheim/": html("niet voor robots"),
}


def network(dns_works: bool = True, **names: str) -> Network:
    """Names from the stub; 127.0.0.2 counts as the internet."""
    hosts = {name: (ipaddress.ip_address(address),) for name, address in names.items()}
    return Network(StubResolver(hosts, dns_works=dns_works), test_public=frozenset({ipaddress.ip_address(INTERNET)}))


def options(port: str) -> LinkCheckOptions:
    """Fast options, with the probe on the stand-in internet."""
    return LinkCheckOptions(timeout=2, per_host_delay=0, probe_url=f"http://probe.test:{port}/")


def test_works_dead_and_unverified_on_a_machine_with_internet() -> None:
    with serve(ROUTES, host=INTERNET) as (internet, seen):
        port = internet.rsplit(":", 1)[1]
        net = network(**{"probe.test": INTERNET, "formulieren.test": INTERNET})
        links = [f"http://formulieren.test:{port}{path}" for path in ("/formulier/", "/weg/", "/kapot/", "/geheim/")]
        links.append("https://bestaat-niet.test/formulier")
        summary = AuditSummary(crawl_id=1)
        result = run_link_check(links, options(port), OutboundPolicy(net), summary)
    status = {url.split(port, 1)[-1]: (value.status, value.detail) for url, value in result.items()}
    assert status == {
        "/formulier/": ("ok", "HTTP 200"),
        "/weg/": ("dead", "HTTP 404 (pagina bestaat niet)"),
        "/kapot/": ("unverified", "HTTP 503 (fout op de server)"),
        "/geheim/": ("unverified", "de robots.txt van deze server staat de controle niet toe"),
        "https://bestaat-niet.test/formulier": ("dead", "de server bestaat niet (onbekende naam)"),
    }
    assert "/geheim/" not in seen and seen.count("/robots.txt") == 1
    assert (summary.links_checked, summary.links_broken, summary.links_unverified) == (3, 2, 2)
    assert summary.notes == []


def test_without_dns_nothing_is_judged_and_it_is_said_once() -> None:
    summary = AuditSummary(crawl_id=1)
    links = ["https://fd8.formdesk.com/voorbeeldstad/parkeren", "https://omgevingswet.overheid.nl/", "https://bestaat-niet.test/"]
    result = run_link_check(links, options("1"), OutboundPolicy(network(dns_works=False)), summary)
    assert {value.status for value in result.values()} == {"unverified"}
    assert {value.detail for value in result.values()} == {"niet gecontroleerd: deze computer kan het internet niet bereiken"}
    assert summary.notes == [NO_INTERNET_NOTE]
    assert summary.format_nl().count("internet niet bereiken") == 1


def test_names_resolve_but_the_internet_does_not_answer() -> None:
    with serve({}, host=INTERNET) as (gone, _):
        port = gone.rsplit(":", 1)[1]
    summary = AuditSummary(crawl_id=1)
    net = network(**{"probe.test": INTERNET, "formulieren.test": INTERNET})
    result = run_link_check([f"http://formulieren.test:{port}/formulier/"], options(port), OutboundPolicy(net), summary)
    assert result[f"http://formulieren.test:{port}/formulier/"].status == "unverified"
    assert summary.notes == [NO_INTERNET_NOTE]


def test_the_sites_own_form_server_is_checked_even_without_internet() -> None:
    """The sample's e-loket: localhost on the site's own port is this site, so its dead links are still found."""
    with serve({"/formulier/": html("ok")}) as (site, seen):
        port = site.rsplit(":", 1)[1]
        links = [f"http://localhost:{port}/formulier/", f"http://localhost:{port}/weg/", "https://fd8.formdesk.com/x"]
        result = run_link_check(links, options(port), OutboundPolicy.for_site([site], network(dns_works=False)))
    assert [value.status for value in result.values()] == ["ok", "dead", "unverified"]
    assert "/formulier/" in seen and "/weg/" in seen


def test_hostile_links_are_never_requested() -> None:
    """Internal addresses, other ports of this machine, file: and ftp: redirects: not requested, not judged, said why."""
    with serve({"/": html("intern")}) as (internal, internal_seen):
        routes = {"/naar-bestand": (302, "text/html", b"", {"Location": "file:///etc/passwd"}),
                  "/naar-ftp": (302, "text/html", b"", {"Location": "ftp://127.0.0.1/"}),
                  "/naar-intern": (302, "text/html", b"", {"Location": internal + "/"})}
        with serve(routes) as (site, _):
            net = network(**{"metadata.test": "169.254.169.254", "intern.test": "10.0.0.5"})
            links = [f"{site}/naar-bestand", f"{site}/naar-ftp", f"{site}/naar-intern", "http://metadata.test/latest/",
                     "http://intern.test/", internal + "/", "http://2130706433/", "file:///etc/passwd", "data:text/html,x"]
            result = run_link_check(links, options("1"), OutboundPolicy.for_site([site], net))
    assert internal_seen == []
    assert {value.status for value in result.values()} == {"unverified"}
    details = [value.detail for value in result.values()]
    assert details[:2] == ["geen http- of https-adres, niet opgevraagd"] * 2
    assert all("intern netwerk" in detail for detail in details[2:7])
    assert all("passwd" not in detail and "Errno" not in detail for detail in details)


def test_a_robots_txt_that_redirects_inside_counts_as_missing() -> None:
    """RFC 9309: a robots.txt that cannot be used is no robots.txt; the form links are still checked."""
    with serve({"/": html("intern")}) as (internal, internal_seen):
        routes = {"/robots.txt": (302, "text/plain", b"", {"Location": internal + "/"}), "/formulier/": html("ok")}
        with serve(routes) as (site, _):
            result = run_link_check([site + "/formulier/", site + "/weg/"], options("1"), OutboundPolicy.for_site([site]))
    assert [value.status for value in result.values()] == ["ok", "dead"]
    assert internal_seen == []
