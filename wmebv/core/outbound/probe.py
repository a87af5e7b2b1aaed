"""Does this machine reach the internet at all? Asked once, before the first request to a public server.

Without that answer, a laptop without internet (or behind a proxy that refuses us) would judge
every form link of a municipality 'dead'. The probe asks one well-known address the same way as
every other request (same proxies, same policy).
"""

from __future__ import annotations

from dataclasses import dataclass

from wmebv.core.outbound.client import OutboundClient
from wmebv.core.outbound.failures import OutboundError
from wmebv.core.outbound.network import DnsUnavailable, NameNotFound
from wmebv.core.outbound.policy import split_url

DEFAULT_PROBE_URL = "https://www.overheid.nl/"


@dataclass(frozen=True)
class Connectivity:
    """What the probe found: whether names resolve here, and whether the internet answers."""

    dns_works: bool
    reaches_internet: bool


def probe(client: OutboundClient, url: str = DEFAULT_PROBE_URL) -> Connectivity:
    """Look up the probe's name and request it once (HEAD, redirects not followed)."""
    try:
        _, host, _ = split_url(url)
    except OutboundError:
        return Connectivity(dns_works=False, reaches_internet=False)
    try:
        dns_works = bool(client.policy.network.lookup(host))
    except (NameNotFound, DnsUnavailable):
        dns_works = False
    try:
        answer = client.request(url, method="HEAD", read_body=False)
    except OutboundError:
        return Connectivity(dns_works=dns_works, reaches_internet=False)
    via_proxy = client.policy.network.proxies.for_url(url.split(":", 1)[0].lower(), host) is not None
    # Through a proxy a 5xx is most likely the proxy's own 'cannot reach it'.
    return Connectivity(dns_works=dns_works, reaches_internet=not (via_proxy and answer.status >= 500))
