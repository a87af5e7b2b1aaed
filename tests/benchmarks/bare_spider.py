"""The ceiling: a bare Scrapy crawl that only follows links on one host (no delay, no processing).

Run: python tests/benchmarks/bare_spider.py START_URL CONCURRENCY
Prints one JSON line: pages (HTML answers), responses, seconds.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response, TextResponse


class BareSpider(scrapy.Spider):
    """Follow every link on the start host; count the HTML pages."""

    name = "bare"

    def __init__(self, start_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start_url]
        self.allowed_domains = [urlsplit(start_url).hostname or ""]
        self.pages = 0
        self.responses = 0

    def parse(self, response: Response) -> Any:
        """Count the page and follow its links."""
        self.responses += 1
        if not isinstance(response, TextResponse) or b"html" not in response.headers.get(b"Content-Type", b""):
            return
        self.pages += 1
        for href in response.css("a::attr(href)").getall():
            if not href.startswith(("mailto:", "tel:", "javascript:", "#")):
                yield response.follow(href, callback=self.parse)


def main(argv: list[str]) -> None:
    """Crawl and print the counts as JSON."""
    concurrency = int(argv[2])
    process = CrawlerProcess({
        "LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": False, "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS": concurrency * 2, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "COOKIES_ENABLED": False, "TELNETCONSOLE_ENABLED": False, "RETRY_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
    })
    crawler = process.create_crawler(BareSpider)
    started = time.perf_counter()
    process.crawl(crawler, start_url=argv[1])
    process.start()
    spider = crawler.spider
    print(json.dumps({"pages": spider.pages, "responses": spider.responses, "seconds": time.perf_counter() - started}))


if __name__ == "__main__":
    main(sys.argv)
