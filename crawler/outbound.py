"""The outbound-request policy inside Scrapy: a downloader middleware and the name resolver of the crawl.

The crawl of the site itself goes to the host and port the user gave. Everything else the crawl
asks (a robots.txt that redirects elsewhere, the Samenwerkende Catalogi feed a page announces, a
sitemap on another host) passes :class:`wmebv.core.outbound.policy.OutboundPolicy` first, in the
middleware; and every name Scrapy looks up goes through the same network (a stub in tests) in
:class:`PolicyResolver`, which hands out an internal address only for a name the user gave.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from twisted.internet import threads
from twisted.internet.base import ReactorBase, ThreadedResolver
from twisted.internet.defer import Deferred, succeed
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IResolverSimple
from zope.interface import implementer

from wmebv.core.outbound.addresses import is_public
from wmebv.core.outbound.failures import Failure, OutboundError
from wmebv.core.outbound.network import DnsUnavailable, NameNotFound, Network
from wmebv.core.outbound.policy import Endpoint, OutboundPolicy

TRUSTED_SETTING = "WMEBV_TRUSTED_ENDPOINTS"


class OutboundRefused(IgnoreRequest):
    """A request the outbound policy did not let through; ``failure`` says why."""

    def __init__(self, failure: Failure) -> None:
        """Remember the failure; the message is its Dutch text."""
        super().__init__(failure.text())
        self.failure = failure


class InternalAddressRefused(DNSLookupError):
    """A name that leads only to internal addresses, asked for a host the user did not give."""


def trusted_endpoints(urls: Iterable[str], hosts: Iterable[str]) -> list[str]:
    """'host:port' of each URL and host the user gave (the setting the middleware and resolver read)."""
    return sorted({f"{endpoint.host}:{endpoint.port}" for endpoint in OutboundPolicy.for_site(urls, Network(), hosts).trusted})


def _policy(crawler: Crawler, network: Network) -> OutboundPolicy:
    """The crawl's policy from its settings."""
    return OutboundPolicy.for_site([], network, crawler.settings.getlist(TRUSTED_SETTING))


class OutboundPolicyMiddleware:
    """Lets a request through to the site's own host and port; anything else only when the policy allows it."""

    def __init__(self, policy: OutboundPolicy) -> None:
        """Keep the policy (with its lookups, one per name per crawl)."""
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "OutboundPolicyMiddleware":
        """The policy of this crawl: the network of this process and the endpoints the user gave."""
        return cls(_policy(crawler, Network.from_environment()))

    async def process_request(self, request: Request) -> None:
        """Refuse (OutboundRefused) what the policy does not allow, before any connection is made."""
        try:
            endpoint = Endpoint.of_url(request.url)
            if endpoint in self.policy.trusted:
                return None
            await asyncio.to_thread(self.policy.check, request.url)
        except OutboundError as error:
            raise OutboundRefused(error.failure) from None
        return None


@implementer(IResolverSimple)
class PolicyResolver(ThreadedResolver):
    """Scrapy's name lookups through the outbound network; internal addresses only for the names the user gave."""

    def __init__(self, reactor: ReactorBase, network: Network, trusted_names: frozenset[str]) -> None:
        """Remember the network and the names that may lead to internal addresses (the site, the proxies)."""
        super().__init__(reactor)
        self.network, self.trusted_names = network, trusted_names
        self.cache: dict[str, str] = {}
        self.lock = threading.Lock()

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> "PolicyResolver":
        """The resolver of this crawl."""
        network = Network.from_environment()
        names = {endpoint.host for endpoint in _policy(crawler, network).trusted}
        names.update(proxy.host for proxy in (network.proxies.http, network.proxies.https) if proxy is not None)
        return cls(reactor, network, frozenset(names))

    def install_on_reactor(self) -> None:
        """Make this the reactor's resolver."""
        self.reactor.installResolver(self)

    def getHostByName(self, name: str, timeout: Any = ()) -> Deferred[str]:  # noqa: N802 - Twisted's name
        """The address to connect to (IPv4 first, as Scrapy's own resolver)."""
        with self.lock:
            known = self.cache.get(name)
        if known is not None:
            return succeed(known)
        return threads.deferToThreadPool(self.reactor, self.reactor.getThreadPool(), self._lookup, name)

    def _lookup(self, name: str) -> str:
        """Look the name up; refuse internal addresses for a name the user did not give."""
        try:
            addresses = self.network.lookup(name)
        except (NameNotFound, DnsUnavailable):
            raise DNSLookupError(name) from None
        if name.lower().rstrip(".") not in self.trusted_names:
            addresses = tuple(a for a in addresses if a in self.network.test_public or is_public(a))
            if not addresses:
                raise InternalAddressRefused(name)
        ipv4 = [address for address in addresses if address.version == 4]
        chosen = str((ipv4 or list(addresses))[0])
        with self.lock:
            self.cache[name] = chosen
        return chosen
