"""Politeness we add to Scrapy: robots.txt Crawl-delay per host, Retry-After and backoff on 429/503/5xx."""

from __future__ import annotations

import asyncio
import time
from email.utils import parsedate_to_datetime

from scrapy.crawler import Crawler
from scrapy.http import Request, Response

from crawler.urls import host_of

# Sent by the spider once it has read robots.txt: kwargs delay (seconds).
crawl_delay_found = object()


def parse_retry_after(value: bytes | str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None when absent or bad."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        return max(0.0, parsedate_to_datetime(text).timestamp() - now)
    except (TypeError, ValueError, IndexError):
        return None


class HostPacingMiddleware:
    """Spaces requests to one host by the Crawl-delay and pauses a host after 429/503/5xx.

    Scrapy itself does not read Crawl-delay. This middleware keeps, per host, the earliest moment
    the next request may start, and makes each request wait for it (so even with two concurrent
    requests per host, request starts are at least the delay apart).
    """

    def __init__(self, crawler: Crawler) -> None:
        """Read the backoff settings."""
        settings = crawler.settings
        self.crawler = crawler
        self.delay = 0.0
        self.delay_cap = settings.getfloat("WMEBV_CRAWL_DELAY_CAP", -1.0)
        self.backoff_base = settings.getfloat("WMEBV_BACKOFF_BASE", 2.0)
        self.max_retry_after = settings.getfloat("WMEBV_MAX_RETRY_AFTER", 120.0)
        self.retry_codes = {int(code) for code in settings.getlist("RETRY_HTTP_CODES")}
        self.next_start: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostPacingMiddleware:
        """Create the middleware and listen for the Crawl-delay the spider reads from robots.txt."""
        middleware = cls(crawler)
        crawler.signals.connect(middleware.set_crawl_delay, signal=crawl_delay_found)
        return middleware

    def set_crawl_delay(self, delay: float) -> None:
        """Use this Crawl-delay from now on (limited to WMEBV_CRAWL_DELAY_CAP when that is set)."""
        if self.delay_cap >= 0:
            delay = min(delay, self.delay_cap)
        self.delay = max(0.0, delay)

    async def process_request(self, request: Request) -> None:
        """Wait until this host may get its next request; reserve the slot after it."""
        host = host_of(request.url)
        now = time.monotonic()
        start = max(now, self.next_start.get(host, 0.0))
        self.next_start[host] = start + self.delay
        if start > now:
            await asyncio.sleep(start - now)

    def process_response(self, request: Request, response: Response) -> Response:
        """Count the delay from the answer too; after 429/503/5xx pause the host (Retry-After, else backoff)."""
        host = host_of(request.url)
        # Measured from the answer as well, so a slow connection never shortens the pause.
        self.next_start[host] = max(self.next_start.get(host, 0.0), time.monotonic() + self.delay)
        if response.status not in self.retry_codes:
            return response
        wait = parse_retry_after(response.headers.get(b"Retry-After"), time.time())
        if wait is None:
            wait = self.backoff_base * (2 ** int(request.meta.get("retry_times", 0)))
        wait = min(wait, self.max_retry_after)
        self.next_start[host] = max(self.next_start.get(host, 0.0), time.monotonic() + wait)
        self.crawler.stats.inc_value("wmebv/backoff")
        return response

