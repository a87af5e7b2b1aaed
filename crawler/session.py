"""One crawl in one Scrapy process: its store writer and its record in the store, from start to finish.

``crawler.run`` (the subprocess of ``wmebv crawl``) opens a session before it starts Scrapy; a
Scrapy process that was started by something else (Scrapyd runs ``scrapy crawl wmebv``) gets
one from the spider itself. Either way the process has one connection to the store, and a crawl
without an id (Scrapyd) is recorded in the store first, as ``wmebv crawl`` records it.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from crawler.events import emit
from crawler.options import CrawlOptions
from crawler.pipelines import StoreWriter, store_failure
from crawler.report import crawl_counts
from crawler.runner import prepare_crawl
from wmebv.core.store import Store

logger = logging.getLogger(__name__)


def crawl_status(spider: Any) -> str:
    """The status to record: failed (could not start), interrupted (stopped early) or finished."""
    if spider is None or getattr(spider, "fatal", None):
        return "failed"
    return "finished" if getattr(spider, "close_reason", None) == "finished" else "interrupted"


class CrawlSession:
    """The store writer of this process and the crawl it writes, recorded in the store."""

    def __init__(self, options: CrawlOptions, writer: StoreWriter) -> None:
        """Use an opened writer; see :meth:`open`."""
        self.options, self.writer = options, writer

    @classmethod
    def open(cls, options: CrawlOptions) -> CrawlSession:
        """Open the writer; record a new crawl (or reopen the interrupted one) when the options carry no id."""
        # When the store cannot write, the crawl stops at once with one Dutch line (the runner ends it).
        writer = StoreWriter(options.db_path, options.crawl_id,
                             on_error=lambda error: emit("fatal", message=store_failure(error, options.db_path)))
        writer.start()
        writer.opened.wait()
        if writer.error is not None:
            raise writer.error
        if options.crawl_id is None:
            crawl_id = writer.call(lambda store: prepare_crawl(options, store, logger.info))
            writer.crawl_id = crawl_id
            options = replace(options, crawl_id=crawl_id)
        return cls(options, writer)

    def finish(self, spider: Any) -> str:
        """Record how the crawl ended, write what is queued and close the writer; returns the status."""
        status = crawl_status(spider)
        crawl_id = self.options.crawl_id
        assert crawl_id is not None

        def record(store: Store) -> None:
            store.crawls.finish(crawl_id, status, crawl_counts(store, crawl_id))

        self.writer.call(record)
        self.writer.close()
        return status
