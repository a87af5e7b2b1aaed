"""The crawl subprocess: ``python -m crawler.run '<options as JSON>'`` runs Scrapy once and exits.

The process has one connection to the store, the session's writer: opened here before the
spider, closed here after the crawl is recorded as finished.
"""

from __future__ import annotations

import sys

from scrapy.crawler import CrawlerProcess

from crawler.events import emit
from crawler.options import CrawlOptions
from crawler.session import CrawlSession
from crawler.settings import build_settings
from crawler.spider import SiteSpider


def main(argv: list[str]) -> int:
    """Run one crawl with the options in argv[1]; exit code 2 when the crawl could not start."""
    options = CrawlOptions.from_json(argv[1])
    assert options.crawl_id is not None, "the runner sets crawl_id"
    session = CrawlSession.open(options)
    process = CrawlerProcess(build_settings(options))
    crawler = process.create_crawler(SiteSpider)
    process.crawl(crawler, options_json=options.to_json(), store_writer=session.writer)
    process.start()
    spider = crawler.spider if isinstance(crawler.spider, SiteSpider) else None
    status = session.finish(spider)
    emit("finished", status=status)
    return 2 if status == "failed" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
