"""Check that channel links work: each address once, politely, under the outbound policy.

Three outcomes. ``ok``: the server answers (2xx, 3xx, 401/403/405/429) or sends us to a DigiD or
eHerkenning login. ``dead``: the server says the page does not exist (404, 410), or the name does
not exist while this machine demonstrably looks names up. ``unverified``: everything that says
more about our side than about the link (no DNS, no internet, a time-out, a proxy that refuses,
TLS trouble, a server error, an address the policy does not let us ask). Only ``dead`` takes a
channel out of the verdict.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from wmebv.core.outbound.agent import LINK_CHECK, user_agent
from wmebv.core.outbound.client import Limits, OutboundClient
from wmebv.core.outbound.failures import TEXTS, OutboundError
from wmebv.core.outbound.network import literal_address
from wmebv.core.outbound.policy import OutboundPolicy
from wmebv.core.outbound.probe import DEFAULT_PROBE_URL, Connectivity, probe
from wmebv.core.outbound.robots import RobotsCache

OK, DEAD, UNVERIFIED = "ok", "dead", "unverified"
# The hosts of this machine: a run that may only check these (the demo and tests of the sample
# sites, whose links elsewhere are fictional) passes them as the only hosts to ask.
THIS_MACHINE = ("127.0.0.1", "localhost")
DEAD_CODES = frozenset({404, 410})
# 401/403 mean "log in first" on many form platforms, 405/429 that the server does not like our
# request: the link itself exists.
ALIVE_CODES = frozenset({401, 403, 405, 429})


@dataclass(frozen=True)
class LinkCheckOptions:
    """How links are checked (from the ``channels.linkcheck`` settings)."""

    allowed_hosts: tuple[str, ...] = ()
    blocked_hosts: tuple[str, ...] = ()
    timeout: float = 10.0
    concurrency: int = 4
    per_host_delay: float = 0.25  # seconds between two requests to the same host
    max_redirects: int = 5
    user_agent: str = ""  # empty: wmebv's own User-Agent
    login_redirect: str = r"digid|eherkenning|eidas|/auth/"
    max_links: int = 2000  # per crawl
    max_hosts: int = 100  # per crawl
    obey_robots: bool = True
    probe_url: str = DEFAULT_PROBE_URL
    reuse_hours: float = 24.0  # a working or dead link checked this recently is not asked again

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> LinkCheckOptions:
        """Options from the area settings of the profile."""
        return cls(
            allowed_hosts=tuple(str(host).lower() for host in settings.get("allowed_hosts") or ()),
            blocked_hosts=tuple(str(host).lower() for host in settings.get("blocked_hosts") or ()),
            timeout=float(settings.get("timeout", cls.timeout)),
            concurrency=max(1, int(settings.get("concurrency", cls.concurrency))),
            per_host_delay=max(0.0, float(settings.get("per_host_delay", cls.per_host_delay))),
            max_redirects=int(settings.get("max_redirects", cls.max_redirects)),
            user_agent=str(settings.get("user_agent") or ""),
            login_redirect=str(settings.get("login_redirect") or cls.login_redirect),
            max_links=max(0, int(settings.get("max_links", cls.max_links))),
            max_hosts=max(0, int(settings.get("max_hosts", cls.max_hosts))),
            obey_robots=bool(settings.get("obey_robots", cls.obey_robots)),
            probe_url=str(settings.get("probe_url") or cls.probe_url),
            reuse_hours=max(0.0, float(settings.get("reuse_hours", cls.reuse_hours))),
        )

    def host_allowed(self, host: str) -> bool:
        """False for a blocked host, or one outside a non-empty allow-list."""
        return host not in self.blocked_hosts and (not self.allowed_hosts or host in self.allowed_hosts)


@dataclass(frozen=True)
class LinkStatus:
    """The result for one address."""

    status: str
    detail: str = ""


def _unverified(kind: str) -> LinkStatus:
    """An unverified result with the Dutch text of a failure kind."""
    return LinkStatus(UNVERIFIED, TEXTS[kind])


def judge_status(code: int) -> LinkStatus:
    """The outcome of an HTTP status code."""
    if code in DEAD_CODES:
        return LinkStatus(DEAD, f"HTTP {code} (pagina bestaat niet)")
    if code < 400 or code in ALIVE_CODES:
        return LinkStatus(OK, f"HTTP {code}")
    if code >= 500:
        return LinkStatus(UNVERIFIED, f"HTTP {code} (fout op de server)")
    return LinkStatus(UNVERIFIED, f"HTTP {code}")


class LinkChecker:
    """Checks links for one run: one client, one robots.txt per server, one internet probe."""

    def __init__(self, options: LinkCheckOptions, policy: OutboundPolicy) -> None:
        """Prepare the client; nothing is requested yet."""
        self.options, self.policy = options, policy
        limits = Limits(timeout=options.timeout, max_seconds=options.timeout * 3, max_bytes=512 * 1024,
                        max_redirects=options.max_redirects)
        self.client = OutboundClient(policy, options.user_agent or user_agent(LINK_CHECK), limits)
        self.robots = RobotsCache(self.client)
        self.login = re.compile(options.login_redirect, re.IGNORECASE)
        self._connectivity: Connectivity | None = None
        self._lock = threading.Lock()

    @property
    def connectivity(self) -> Connectivity | None:
        """What the internet probe found, or None when no link needed it."""
        return self._connectivity

    def _probe(self) -> Connectivity:
        """Ask once whether this machine reaches the internet."""
        with self._lock:
            if self._connectivity is None:
                self._connectivity = probe(self.client, self.options.probe_url)
            return self._connectivity

    def check_one(self, url: str) -> LinkStatus:
        """Request one address (redirects followed one hop at a time) and judge the answer."""
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            return _unverified("invalid")
        if host and not self.options.host_allowed(host):
            return _unverified("not-allowed")
        try:
            target = self.policy.check(url)
            if not self.policy.is_site(target):
                if not self._probe().reaches_internet:
                    return _unverified("no-internet")
            if self.options.obey_robots and not self.robots.allows(url):
                return _unverified("robots")
            answer = self.client.fetch(url, read_body=False, stop=lambda location: bool(self.login.search(location)))
        except OutboundError as error:
            if error.kind in ("name-unknown", "dns-unavailable"):
                connectivity = self._probe()
                if error.kind == "name-unknown" and connectivity.dns_works:
                    return LinkStatus(DEAD, error.failure.text())
                return _unverified("dns-unavailable" if connectivity.reaches_internet else "no-internet")
            return LinkStatus(UNVERIFIED, error.failure.text())
        if answer.location is not None:
            return LinkStatus(OK, f"doorgestuurd naar inlogpagina {answer.location}")
        return judge_status(answer.status)

    def check(self, urls: Iterable[str], *, fetch: Callable[[str], LinkStatus] | None = None,
              sleep: Callable[[float], None] = time.sleep) -> dict[str, LinkStatus]:
        """Check each distinct address once, within the caps on links and servers.

        Hosts are checked side by side (``concurrency``), the addresses of one host one after the
        other with ``per_host_delay`` between them: a site's 400 form links all live on the same
        e-loket, which should see one visitor, not a burst.
        """
        fetch = fetch or self.check_one
        unique = list(dict.fromkeys(url for url in urls if url))
        results: dict[str, LinkStatus] = {}
        by_host: dict[str, list[str]] = {}
        for url in unique:
            try:
                host = (urlsplit(url).hostname or "").lower()
            except ValueError:
                host = ""
            if not url.lower().startswith(("http://", "https://")) or not host:
                results[url] = _unverified("scheme" if ":" in url.split("/", 1)[0] else "invalid")
            elif sum(len(group) for group in by_host.values()) >= self.options.max_links:
                results[url] = _unverified("cap-links")
            elif host not in by_host and len(by_host) >= self.options.max_hosts:
                results[url] = _unverified("cap-hosts")
            else:
                by_host.setdefault(host, []).append(url)

        def check_host(host_urls: list[str]) -> list[tuple[str, LinkStatus]]:
            checked = []
            # This machine itself (the sample site, a test server) needs no pause between requests.
            pause = 0.0 if _is_this_machine(urlsplit(host_urls[0]).hostname or "") else self.options.per_host_delay
            for index, url in enumerate(host_urls):
                if index and pause:
                    sleep(pause)
                checked.append((url, fetch(url)))
            return checked

        pool = ThreadPoolExecutor(max_workers=self.options.concurrency)
        try:
            for checked in pool.map(check_host, by_host.values()):
                results.update(checked)
        except BaseException:
            # Ctrl+C: do not wait for requests still under way (up to the timeout each); nothing is lost.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        return {url: results[url] for url in unique}


def _is_this_machine(host: str) -> bool:
    """True for localhost and loopback addresses (no lookup needed)."""
    address = literal_address(host)
    return host.lower() == "localhost" or (address is not None and address.is_loopback)


def check_links(urls: Iterable[str], options: LinkCheckOptions, policy: OutboundPolicy, *,
                fetch: Callable[[str], LinkStatus] | None = None,
                sleep: Callable[[float], None] = time.sleep) -> dict[str, LinkStatus]:
    """Check links with a new checker (one run); see :meth:`LinkChecker.check`."""
    return LinkChecker(options, policy).check(urls, fetch=fetch, sleep=sleep)
