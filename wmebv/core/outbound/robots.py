"""The robots.txt of the servers the link check asks: read once per server, obeyed for every link there."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from protego import Protego

from wmebv.core.outbound.client import OutboundClient
from wmebv.core.outbound.failures import REFUSALS, OutboundError
from wmebv.core.outbound.policy import split_url

ROBOTS_AGENT = "wmebv-audit"
MAX_ROBOTS_BYTES = 512 * 1024  # Google reads the first 500 KiB


@dataclass
class RobotsCache:
    """robots.txt per server (scheme, host, port), fetched on first use through the outbound client."""

    client: OutboundClient
    agent: str = ROBOTS_AGENT
    _rules: dict[tuple[str, str, int], Protego | OutboundError | None] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def allows(self, url: str) -> bool:
        """True when the server's robots.txt lets us request ``url`` (RFC 9309: missing file allows all).

        When robots.txt itself could not be read, its OutboundError is raised for every link of that server.
        """
        key = split_url(url)
        with self._lock:
            known = key in self._rules
        if not known:
            try:
                found: Protego | OutboundError | None = self._read(url)
            except OutboundError as error:
                found = error
            with self._lock:
                self._rules[key] = found
        rules = self._rules[key]
        if isinstance(rules, OutboundError):
            raise OutboundError(rules.kind, rules.failure.detail)
        return True if rules is None else bool(rules.can_fetch(url, self.agent))

    def _read(self, url: str) -> Protego | None:
        """The parsed robots.txt; None (all allowed) when there is none; all forbidden when the server fails (5xx)."""
        parts = url.split("/", 3)
        robots_url = f"{parts[0]}//{parts[2]}/robots.txt"
        try:
            answer = self.client.fetch(robots_url, accept="text/plain,*/*")
        except OutboundError as error:
            # RFC 9309: a robots.txt that cannot be used (a redirect that may not be followed, too
            # large, not HTTP) counts as missing; a server that cannot be reached keeps its links unchecked.
            if error.kind in REFUSALS or error.kind in ("too-large", "redirect-loop", "too-many-redirects", "protocol"):
                return None
            raise
        if answer.status >= 500:
            return Protego.parse("User-agent: *\nDisallow: /\n")
        if answer.status != 200:
            return None
        return Protego.parse(answer.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace"))
