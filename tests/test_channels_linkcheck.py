"""The link check: each address once, redirects to a login count as working, three outcomes, only allowed hosts."""

from __future__ import annotations

from audit.linkcheck import LinkCheckOptions, check_links
from linkserver import html, serve
from wmebv.core.outbound.policy import OutboundPolicy


def site(base: str) -> OutboundPolicy:
    """The policy of a crawl of the test server (its own host and port are the site)."""
    return OutboundPolicy.for_site([base])

ROUTES = {
    "/formulier/": html("<form></form>"),
    "/auth/parkeren/digid/start": (302, "text/html", b"", {"Location": "/digid/inloggen"}),
    "/oud/": (301, "text/html", b"", {"Location": "/nieuw/"}),
    "/nieuw/": html("ok"),
    "/kapot/": (500, "text/html", b"fout", {}),
    "/geheim/": (403, "text/html", b"", {}),
}


def test_statuses_and_dedupe() -> None:
    """ok, dead, unverified (a server error says nothing about the link), login redirect; each address once."""
    with serve(ROUTES) as (base, seen):
        urls = [f"{base}{path}" for path in ("/formulier/", "/formulier/", "/auth/parkeren/digid/start", "/weg/", "/kapot/", "/oud/", "/geheim/")]
        result = check_links(urls, LinkCheckOptions(timeout=5, allowed_hosts=("127.0.0.1",)), site(base))
    status = {url.removeprefix(base): value.status for url, value in result.items()}
    assert status == {"/formulier/": "ok", "/auth/parkeren/digid/start": "ok", "/weg/": "dead", "/kapot/": "unverified",
                      "/oud/": "ok", "/geheim/": "ok"}
    assert result[f"{base}/kapot/"].detail == "HTTP 500 (fout op de server)"
    assert seen.count("/formulier/") == 1
    assert "/digid/inloggen" not in seen  # a redirect to a login page is not followed
    assert "inlogpagina" in result[f"{base}/auth/parkeren/digid/start"].detail


def test_hosts_not_allowed_are_not_checked() -> None:
    """With an allow-list other hosts are never requested (nor looked up); other schemes never."""
    options = LinkCheckOptions.from_settings({"allowed_hosts": ["127.0.0.1"]})
    result = check_links(["https://www.example.org/formulier", "mailto:a@b.nl"], options, OutboundPolicy())
    assert result["https://www.example.org/formulier"].status == "unverified"
    assert "toegestane servers" in result["https://www.example.org/formulier"].detail
    assert result["mailto:a@b.nl"].status == "unverified"


def test_refused_connection_is_unverified() -> None:
    """A port where nothing listens says nothing about the link: 'unverified', not a crash."""
    with serve({}) as (base, _):
        port_base = base
    result = check_links([f"{port_base}/x"], LinkCheckOptions(timeout=2), site(port_base))
    assert result[f"{port_base}/x"] == type(result[f"{port_base}/x"])("unverified", "de server weigert de verbinding")


def test_one_host_is_asked_one_address_at_a_time_with_a_pause() -> None:
    """Hosts side by side; per host one request at a time, with per_host_delay between them."""
    import threading
    import time

    from audit.linkcheck import LinkStatus

    lock, active, most, calls, pauses = threading.Lock(), {}, {}, [], []

    def fetch(url: str) -> LinkStatus:
        host = url.split("/")[2]
        with lock:
            active[host] = active.get(host, 0) + 1
            most[host] = max(most.get(host, 0), active[host])
            calls.append(url)
        time.sleep(0.01)
        with lock:
            active[host] -= 1
        return LinkStatus("ok", "HTTP 200")

    urls = [f"https://loket.example.nl/form/{n}" for n in range(6)] + [f"https://formulieren.example.org/{n}" for n in range(3)]
    options = LinkCheckOptions(concurrency=4, per_host_delay=0.5)
    result = check_links(urls + urls[:2], options, OutboundPolicy(), fetch=fetch, sleep=pauses.append)
    assert list(result) == urls and len(calls) == len(urls)
    assert most == {"loket.example.nl": 1, "formulieren.example.org": 1}
    assert pauses == [0.5] * (len(urls) - 2)  # between the requests of each host, not before the first
    assert LinkCheckOptions.from_settings({"per_host_delay": 2}).per_host_delay == 2.0


def test_this_machine_gets_no_pause_and_caps_hold() -> None:
    """No pause between requests to a loopback server; past the caps on links and servers nothing is asked."""
    from audit.linkcheck import LinkStatus

    pauses: list[float] = []
    asked: list[str] = []

    def fetch(url: str) -> LinkStatus:
        asked.append(url)
        return LinkStatus("ok", "HTTP 200")

    local = [f"http://127.0.0.1:9/{n}" for n in range(3)]
    check_links(local, LinkCheckOptions(per_host_delay=1.0), OutboundPolicy(), fetch=fetch, sleep=pauses.append)
    assert pauses == [] and asked == local
    asked.clear()
    urls = [f"https://h{n % 3}.example.nl/{n}" for n in range(9)]
    result = check_links(urls, LinkCheckOptions(max_links=4, max_hosts=2, per_host_delay=0), OutboundPolicy(), fetch=fetch)
    assert len(asked) == 4 and {url.split("/")[2] for url in asked} == {"h0.example.nl", "h1.example.nl"}
    capped = {value.detail for url, value in result.items() if url not in asked}
    assert capped == {"niet gecontroleerd: het maximum aantal links per crawl is bereikt",
                      "niet gecontroleerd: het maximum aantal servers per crawl is bereikt"}
