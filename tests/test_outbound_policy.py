"""The outbound-request policy: what may be asked at all, decided before any packet leaves.

Names are resolved by a stub that maps test names to private, link-local and other internal
addresses; the policy must refuse them before connecting (the network guard of conftest.py would
also fail the run on any connection off loopback).
"""

from __future__ import annotations

import ipaddress

import pytest

from linkserver import html, serve
from wmebv.core.outbound.addresses import is_public
from wmebv.core.outbound.client import Limits, OutboundClient
from wmebv.core.outbound.failures import OutboundError
from wmebv.core.outbound.network import DnsUnavailable, NameNotFound, Network, Proxies, StubResolver, literal_address
from wmebv.core.outbound.policy import Endpoint, OutboundPolicy

INTERNAL = {
    "metadata.test": "169.254.169.254",
    "intern.test": "10.0.0.5",
    "thuis.test": "192.168.1.1",
    "gedeeld.test": "100.64.0.1",
    "db.test": "127.0.0.1",
    "v6.test": "fd00::1",
    "mapped.test": "::ffff:10.0.0.1",
    "nat64.test": "64:ff9b::a00:1",
    "linklocal6.test": "fe80::1",
    "nul.test": "0.0.0.0",
}


def stub(**extra: str | list[str]) -> Network:
    """A network of names only, DNS 'working' (unknown names do not exist)."""
    table = {**INTERNAL, **extra}
    hosts = {name: tuple(ipaddress.ip_address(a) for a in (value if isinstance(value, list) else [value]))
             for name, value in table.items()}
    return Network(StubResolver(hosts, dns_works=True))


@pytest.mark.parametrize("address, public", [
    ("10.0.0.1", False), ("172.16.0.1", False), ("192.168.0.1", False), ("127.0.0.1", False), ("169.254.169.254", False),
    ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False), ("240.0.0.1", False), ("255.255.255.255", False),
    ("::1", False), ("fe80::1", False), ("fd00::1", False), ("::ffff:10.0.0.1", False), ("64:ff9b::a00:1", False),
    ("2002:0a00:0001::1", False), ("::", False), ("ff02::1", False),
    ("8.8.8.8", True), ("145.21.162.1", True), ("2001:4860:4860::8888", True), ("::ffff:8.8.8.8", True),
])
def test_public_and_internal_addresses(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def test_old_ip_forms_are_addresses_not_names() -> None:
    """http://2130706433/ and http://0x7f.1/ are 127.0.0.1; no lookup needed to see that."""
    assert str(literal_address("2130706433")) == "127.0.0.1"
    assert str(literal_address("0x7f.1")) == "127.0.0.1"
    assert str(literal_address("[::1]")) == "::1"
    assert literal_address("www.gemeente.nl") is None


@pytest.mark.parametrize("url", [f"http://{name}/" for name in INTERNAL] + [
    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]:6379/", "http://2130706433/",
    "http://0x7f.1/", "http://localhost:6379/", "https://127.0.0.1:9200/",
])
def test_internal_addresses_are_refused_before_connecting(url: str) -> None:
    client = OutboundClient(OutboundPolicy(stub()), "test")
    with pytest.raises(OutboundError) as refused:
        client.request(url)
    assert refused.value.kind == "internal"
    assert str(refused.value) == "het adres wijst naar deze computer of naar een intern netwerk, niet opgevraagd"


def test_a_name_with_one_internal_address_among_public_ones_is_refused() -> None:
    policy = OutboundPolicy(stub(**{"gemengd.test": ["8.8.8.8", "10.0.0.1"]}))
    with pytest.raises(OutboundError, match="intern netwerk"):
        policy.check("https://gemengd.test/formulier")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/", "data:text/html,<h1>x</h1>", "gopher://a/",
                                 "javascript:alert(1)", "//www.gemeente.nl/"])
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(OutboundError) as refused:
        OutboundPolicy(stub()).check(url)
    assert refused.value.kind in ("scheme", "invalid")


def test_the_site_itself_is_trusted_by_host_and_port_but_not_its_other_ports() -> None:
    with serve({"/": html("site")}) as (site, seen), serve({"/": html("redis")}) as (other, other_seen):
        policy = OutboundPolicy.for_site([site], stub())
        client = OutboundClient(policy, "test")
        assert client.request(site + "/").status == 200
        with pytest.raises(OutboundError, match="intern netwerk"):
            client.request(other + "/")
        # localhost on the site's own port is the same server under another name (the sample's e-loket)
        port = site.rsplit(":", 1)[1]
        assert client.request(f"http://localhost:{port}/").status == 200
        with pytest.raises(OutboundError, match="intern netwerk"):
            client.request(f"http://localhost:{other.rsplit(':', 1)[1]}/")
    assert other_seen == [] and seen == ["/", "/"]


def test_every_redirect_hop_is_checked_again() -> None:
    """A redirect to file:, ftp:, another port of this machine or a name for an internal address is never followed."""
    with serve({"/": html("intern")}) as (internal, internal_seen):
        routes = {f"/{n}": (302, "text/html", b"", {"Location": target}) for n, target in enumerate([
            "file:///etc/passwd", "ftp://127.0.0.1/", internal + "/", "http://metadata.test/latest/",
            "http://2130706433:6379/", "/5",
        ])}
        with serve(routes) as (site, _):
            client = OutboundClient(OutboundPolicy.for_site([site], stub()), "test", Limits(max_redirects=3))
            kinds = []
            for n in range(6):
                with pytest.raises(OutboundError) as error:
                    client.fetch(f"{site}/{n}")
                kinds.append(error.value.kind)
    assert kinds == ["scheme", "scheme", "internal", "internal", "internal", "redirect-loop"]
    assert internal_seen == []


def test_names_that_do_not_exist_and_no_dns() -> None:
    with pytest.raises(OutboundError, match="de server bestaat niet"):
        OutboundPolicy(stub()).check("https://bestaat-niet.test/")
    offline = Network(StubResolver({}, dns_works=False))
    with pytest.raises(OutboundError, match="geen DNS"):
        OutboundPolicy(offline).check("https://formulieren.test/")
    with pytest.raises(NameNotFound):
        stub().resolve("bestaat-niet.test")
    with pytest.raises(DnsUnavailable):
        offline.resolve("formulieren.test")


def test_endpoints_from_what_a_user_types() -> None:
    assert Endpoint.parse("www.gemeente.nl") == [Endpoint("www.gemeente.nl", 80), Endpoint("www.gemeente.nl", 443)]
    assert Endpoint.parse("loket.gemeente.nl:8443") == [Endpoint("loket.gemeente.nl", 8443)]
    assert Endpoint.parse("http://127.0.0.1:8000/") == [Endpoint("127.0.0.1", 8000)]
    assert Endpoint.parse("https://WWW.Gemeente.nl./") == [Endpoint("www.gemeente.nl", 80), Endpoint("www.gemeente.nl", 443)]


def test_proxies_from_the_environment() -> None:
    proxies = Proxies.from_environ({"HTTPS_PROXY": "http://jan:geheim@proxy.gemeente.nl:8080", "http_proxy": "proxy:3128",
                                    "NO_PROXY": "intranet.gemeente.nl,.lokaal"})
    assert proxies.for_url("https", "www.gemeente.nl").host == "proxy.gemeente.nl"  # type: ignore[union-attr]
    assert proxies.for_url("https", "www.gemeente.nl").authorization == "Basic amFuOmdlaGVpbQ=="  # type: ignore[union-attr]
    assert proxies.for_url("http", "www.gemeente.nl").port == 3128  # type: ignore[union-attr]
    assert proxies.for_url("https", "intranet.gemeente.nl") is None
    assert proxies.for_url("http", "app.lokaal") is None
    assert Proxies.from_environ({}).for_url("https", "www.gemeente.nl") is None
