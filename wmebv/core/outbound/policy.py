"""What may be requested outside the crawl of the site itself, decided before any packet leaves.

http and https only; after name resolution no loopback, private, link-local or reserved address,
except the crawled site's own host and port (a municipality's intranet site, the sample site on
127.0.0.1: another port there is another, internal service). The addresses that passed are the
ones connected to, so a name cannot resolve to something else a moment later.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from wmebv.core.outbound.addresses import IPAddress, is_public
from wmebv.core.outbound.failures import OutboundError
from wmebv.core.outbound.network import DnsUnavailable, NameNotFound, Network, Proxy, literal_address

DEFAULT_PORTS = {"http": 80, "https": 443}
# Names that never lead to the internet; refused when a proxy would have to look them up for us.
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".intranet")


@dataclass(frozen=True)
class Endpoint:
    """A host and port: what 'the same server' means."""

    host: str
    port: int

    @classmethod
    def of_url(cls, url: str) -> Endpoint:
        """The endpoint of an http(s) address; OutboundError('scheme' or 'invalid') otherwise."""
        scheme, host, port = split_url(url)
        return cls(host, port)

    @classmethod
    def parse(cls, text: str, default_ports: Iterable[int] = (80, 443)) -> list[Endpoint]:
        """Endpoints from a URL, 'host:port' or a bare host (which means its usual web ports)."""
        text = text.strip()
        if "://" in text:
            scheme, host, port = split_url(text)
            explicit = urlsplit(text).port is not None
            return [cls(host, port)] if explicit else [cls(host, p) for p in default_ports]
        host, _, port_text = text.rpartition(":") if text.count(":") == 1 else (text, "", "")
        if port_text.isdigit():
            return [cls(_host_name(host), int(port_text))]
        return [cls(_host_name(text), p) for p in default_ports]


def _host_name(host: str) -> str:
    """A host name as compared: lower case, without brackets or the final dot."""
    return host.strip().strip("[]").lower().rstrip(".")


def split_url(url: str) -> tuple[str, str, int]:
    """Scheme, host and port of an http(s) address; OutboundError('scheme' or 'invalid') otherwise."""
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        host = parts.hostname
        port = parts.port
    except ValueError:
        raise OutboundError("invalid") from None
    if scheme not in DEFAULT_PORTS:
        raise OutboundError("scheme")
    if not host:
        raise OutboundError("invalid")
    return scheme, _host_name(host), port or DEFAULT_PORTS[scheme]


@dataclass(frozen=True)
class Target:
    """A request that passed the policy: where to connect (addresses, or a proxy that looks the name up)."""

    scheme: str
    host: str
    port: int
    addresses: tuple[IPAddress, ...] = ()
    proxy: Proxy | None = None


@dataclass
class OutboundPolicy:
    """The one outbound-request policy: the network, and the endpoints the user named (the site itself)."""

    network: Network = field(default_factory=Network.from_environment)
    trusted: frozenset[Endpoint] = frozenset()
    _trusted_addresses: set[tuple[IPAddress, int]] | None = field(default=None, init=False, repr=False)
    _lookups: dict[str, tuple[IPAddress, ...] | Exception] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @classmethod
    def for_site(cls, urls: Iterable[str], network: Network | None = None, extra: Iterable[str] = ()) -> OutboundPolicy:
        """A policy that trusts the host and port of each URL the user gave (and ``extra`` 'host[:port]')."""
        trusted: set[Endpoint] = set()
        for url in urls:
            try:
                trusted.add(Endpoint.of_url(url))
            except OutboundError:
                continue
        for text in extra:
            trusted.update(Endpoint.parse(text))
        return cls(network or Network.from_environment(), frozenset(trusted))

    def check(self, url: str) -> Target:
        """The target of a request, or OutboundError with the reason it may not or cannot be made."""
        scheme, host, port = split_url(url)
        proxy = self.network.proxies.for_url(scheme, host)
        endpoint = Endpoint(host, port)
        literal = literal_address(host)
        if literal is not None:
            addresses: tuple[IPAddress, ...] = (literal,)
        else:
            try:
                addresses = self.lookup(host)
            except NameNotFound:
                if proxy is None:
                    raise OutboundError("name-unknown") from None
                addresses = ()
            except DnsUnavailable:
                if proxy is None:
                    raise OutboundError("dns-unavailable") from None
                addresses = ()
            if not addresses and proxy is not None and (("." not in host) or host == "localhost" or host.endswith(_LOCAL_SUFFIXES)):
                raise OutboundError("internal")  # an intranet name the proxy would look up for us
        if endpoint not in self.trusted and not self._all_allowed(addresses, port):
            raise OutboundError("internal")
        if not addresses and proxy is None:
            raise OutboundError("name-unknown")
        return Target(scheme, host, port, addresses if proxy is None else (), proxy)

    def is_site(self, target: Target) -> bool:
        """True when the target is the site itself: a trusted endpoint, or its addresses and port."""
        if Endpoint(target.host, target.port) in self.trusted:
            return True
        return bool(target.addresses) and all((address, target.port) in self._site_addresses() for address in target.addresses)

    def lookup(self, host: str) -> tuple[IPAddress, ...]:
        """The addresses of a host (a literal as it is), looked up once per policy (a run), failures included."""
        with self._lock:
            known = self._lookups.get(host)
        if known is None:
            try:
                known = self.network.lookup(host)
            except (NameNotFound, DnsUnavailable) as error:
                known = error
            with self._lock:
                self._lookups[host] = known
        if isinstance(known, Exception):
            raise type(known)(host)
        return known

    def _all_allowed(self, addresses: tuple[IPAddress, ...], port: int) -> bool:
        """True when every address is public, or is the address and port of the site itself."""
        internal = [address for address in addresses if address not in self.network.test_public and not is_public(address)]
        return not internal or all((address, port) in self._site_addresses() for address in internal)

    def _site_addresses(self) -> set[tuple[IPAddress, int]]:
        """The addresses and ports of the trusted endpoints (looked up once)."""
        with self._lock:
            if self._trusted_addresses is None:
                found: set[tuple[IPAddress, int]] = set()
                for endpoint in self.trusted:
                    try:
                        found.update((address, endpoint.port) for address in self.network.lookup(endpoint.host))
                    except (NameNotFound, DnsUnavailable):
                        continue
                self._trusted_addresses = found
            return self._trusted_addresses
