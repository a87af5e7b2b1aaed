"""The outbound-request policy inside Scrapy: a downloader middleware and the name resolver of the crawl.

The crawl of the site itself goes to the host and port the user gave. Everything else the crawl
asks (a robots.txt that redirects elsewhere, the Samenwerkende Catalogi feed a page announces, a
sitemap on another host, a www. twin of the site) passes
:class:`wmebv.core.outbound.policy.OutboundPolicy` first, in the middleware. Scrapy then looks
names up through :class:`PolicyResolver`, which shares the policy's lookups: the address the
policy let through is the address Scrapy connects to (a name cannot answer differently a moment
later), and in tests no lookup ever leaves the stub network.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from twisted.internet import threads
from twisted.internet.base import ReactorBase, ThreadedResolver
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IResolverSimple
from zope.interface import implementer

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


def trusted_endpoints(urls: Iterable[str], hosts: Iterable[str]) -> list[str]:
    """'host:port' of each URL and host the user gave (the setting the middleware and resolver read)."""
    return sorted({f"{endpoint.host}:{endpoint.port}" for endpoint in OutboundPolicy.for_site(urls, Network(), hosts).trusted})


def _policy(trusted: list[str]) -> OutboundPolicy:
    """The crawl's policy: the network of this process and the endpoints the user gave."""
    return OutboundPolicy.for_site([], Network.from_environment(), trusted)


class OutboundPolicyMiddleware:
    """Lets a request through to the site's own host and port; anything else only when the policy allows it."""

    def __init__(self, policy: OutboundPolicy) -> None:
        """Keep the policy (with its lookups, one per name per crawl)."""
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OutboundPolicyMiddleware:
        """The policy of the crawl's resolver (the same lookups), else one of its own."""
        from twisted.internet import reactor

        resolver = getattr(reactor, "resolver", None)
        if isinstance(resolver, PolicyResolver):
            return cls(resolver.policy)
        return cls(_policy(crawler.settings.getlist(TRUSTED_SETTING)))

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
    """Scrapy's name lookups through the crawl's outbound policy (its network, its one lookup per name)."""

    def __init__(self, reactor: ReactorBase, policy: OutboundPolicy) -> None:
        """Remember the policy whose lookups the middleware checked."""
        super().__init__(reactor)
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: ReactorBase) -> PolicyResolver:
        """The resolver of this crawl (Scrapy hands the crawler process: only its settings are read)."""
        return cls(reactor, _policy(crawler.settings.getlist(TRUSTED_SETTING)))

    def install_on_reactor(self) -> None:
        """Make this the reactor's resolver."""
        self.reactor.installResolver(self)  # type: ignore[arg-type]  # zope interfaces, which mypy does not see

    def getHostByName(self, name: str, timeout: Any = ()) -> Deferred[str]:  # Twisted's name
        """The address to connect to (IPv4 first, as Scrapy's own resolver)."""
        return threads.deferToThreadPool(self.reactor, self.reactor.getThreadPool(), self._lookup, name)  # type: ignore[arg-type]  # zope interfaces

    def _lookup(self, name: str) -> str:
        """The first address of the name, from the policy's lookup."""
        try:
            addresses = self.policy.lookup(name)
        except (NameNotFound, DnsUnavailable):
            raise DNSLookupError(name) from None
        ipv4 = [address for address in addresses if address.version == 4]
        return str(ipv4[0] if ipv4 else addresses[0])
