"""The crawl subprocess: ``python -m crawler.run '<options as JSON>'`` runs Scrapy once and exits."""

from __future__ import annotations

import sys

from scrapy.crawler import CrawlerProcess

from wmebv.core.store import Store
from crawler.events import emit
from crawler.options import CrawlOptions
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
    assert options.crawl_id is not None, "the runner sets crawl_id"
    process = CrawlerProcess(build_settings(options))
    crawler = process.create_crawler(SiteSpider)
    process.crawl(crawler, options_json=options.to_json())
    process.start()
    spider = crawler.spider if isinstance(crawler.spider, SiteSpider) else None
    status = crawl_status(spider)
    with Store(options.db_path) as store:
        store.finish_crawl(options.crawl_id, status, crawl_counts(store, options.crawl_id))
    emit("finished", status=status)
    return 2 if status == "failed" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
