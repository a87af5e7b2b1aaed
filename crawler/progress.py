"""Progress of a running crawl: counts from the crawl stats, sent to the runner every few seconds."""

from __future__ import annotations

import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet import task

from crawler.events import emit


class ProgressExtension:
    """Emits a 'progress' event with pages fetched, queued, products, errors and rate."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        """Remember the crawler; the loop starts when the spider opens."""
        self.crawler, self.interval = crawler, interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        """Connect to the spider signals."""
        extension = cls(crawler, crawler.settings.getfloat("WMEBV_PROGRESS_INTERVAL", 5.0))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def snapshot(self) -> dict[str, Any]:
        """The counts so far."""
        stats = self.crawler.stats
        pages = int(stats.get_value("wmebv/pages", 0))
        elapsed = max(time.monotonic() - self.started, 0.001)
        return {
            "pages": pages,
            "queued": max(0, int(stats.get_value("wmebv/scheduled", 0)) - int(stats.get_value("wmebv/answered", 0))),
            "products": int(stats.get_value("wmebv/products", 0)),
            "documents": int(stats.get_value("wmebv/documents", 0)),
            "errors": int(stats.get_value("wmebv/errors", 0)),
            "elapsed": round(elapsed, 1),
            "rate": round(pages / elapsed, 2),
        }

    def spider_opened(self) -> None:
        """Start the progress loop."""
        if self.interval > 0:
            self.loop = task.LoopingCall(self.report)
            self.loop.start(self.interval, now=False)

    def report(self) -> None:
        """Send one progress event."""
        emit("progress", **self.snapshot())

    def spider_closed(self, reason: str) -> None:
        """Stop the loop and send the last counts."""
        if self.loop and self.loop.running:
            self.loop.stop()
        emit("progress", final=True, close_reason=reason, **self.snapshot())
