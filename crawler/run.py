"""The crawl subprocess: ``python -m crawler.run '<options as JSON>'`` runs Scrapy once and exits.

The process has one connection to the store, the pipeline's writer: opened here before the
spider, closed here after the crawl is recorded as finished.
"""

from __future__ import annotations

import sys

from scrapy.crawler import CrawlerProcess

from wmebv.core.store import Store
from crawler.events import emit
from crawler.options import CrawlOptions
from crawler.pipelines import StoreWriter
from crawler.report import crawl_counts
from crawler.settings import build_settings
from crawler.spider import SiteSpider


def crawl_status(spider: SiteSpider | None) -> str:
    """The status to record: failed (could not start), interrupted (stopped early) or finished."""
    if spider is None or spider.fatal:
        return "failed"
    return "finished" if spider.close_reason == "finished" else "interrupted"


def main(argv: list[str]) -> int:
    """Run one crawl with the options in argv[1]; exit code 2 when the crawl could not start."""
    options = CrawlOptions.from_json(argv[1])
    crawl_id = options.crawl_id
    assert crawl_id is not None, "the runner sets crawl_id"
    writer = StoreWriter(options.db_path, crawl_id)
    writer.start()
    writer.opened.wait()
    if writer.error is not None:
        raise writer.error
    process = CrawlerProcess(build_settings(options))
    crawler = process.create_crawler(SiteSpider)
    process.crawl(crawler, options_json=options.to_json(), store_writer=writer)
    process.start()
    spider = crawler.spider if isinstance(crawler.spider, SiteSpider) else None
    status = crawl_status(spider)

    def finish(store: Store) -> None:
        store.crawls.finish(crawl_id, status, crawl_counts(store, crawl_id))

    writer.call(finish)
    writer.close()
    emit("finished", status=status)
    return 2 if status == "failed" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
