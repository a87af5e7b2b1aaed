"""The only pipeline: hands every item to the store as soon as it arrives (nothing waits for the end)."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from audit.store import Store, utcnow
from crawler.items import DocumentRecord, FoundUrls, PageRecord, ScClaims, StateValue, UrlOutcome
from crawler.reasons import DOCUMENT, PAGE


class StorePipeline:
    """Writes pages, frontier rows, documents and SC claims to SQLite, one commit per item."""

    def __init__(self, db_path: str, crawl_id: int, crawler: Crawler) -> None:
        """Remember where to write; the store opens in open_spider."""
        self.db_path, self.crawl_id, self.crawler = db_path, crawl_id, crawler
        self.store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "StorePipeline":
        """Read the database path and crawl id from the settings."""
        return cls(crawler.settings["WMEBV_DB_PATH"], crawler.settings.getint("WMEBV_CRAWL_ID"), crawler)

    def open_spider(self) -> None:
        """Open the store."""
        self.store = Store(self.db_path)

    def close_spider(self) -> None:
        """Close the store."""
        if self.store:
            self.store.close()

    def process_item(self, item: Any) -> Any:
        """Store one item right away."""
        assert self.store is not None
        store, crawl = self.store, self.crawl_id
        stats = self.crawler.stats
        if isinstance(item, FoundUrls):
            store.enqueue_urls(crawl, item.rows)
        elif isinstance(item, PageRecord):
            page = item.page
            if item.document_links:
                store.add_document_links(crawl, [(doc, page["url"]) for doc in item.document_links])
            store.save_page(crawl, page)
            store.mark_url(crawl, page["url"], "fetched", reason=PAGE, http_status=page.get("http_status"),
                           content_type=page.get("content_type"), fetched_at=page.get("fetched_at") or utcnow())
            stats.inc_value("wmebv/pages")
            if page.get("is_product"):
                stats.inc_value("wmebv/products")
        elif isinstance(item, DocumentRecord):
            doc = item.document
            store.save_document(crawl, doc)
            store.mark_url(crawl, doc["url"], "fetched", reason=DOCUMENT, http_status=doc.get("http_status"),
                           content_type=doc.get("content_type"), fetched_at=utcnow())
            stats.inc_value("wmebv/documents")
        elif isinstance(item, UrlOutcome):
            store.mark_url(crawl, item.url, item.state, reason=item.reason, http_status=item.http_status,
                           content_type=item.content_type, fetched_at=utcnow())
            if item.state == "failed":
                stats.inc_value("wmebv/errors")
        elif isinstance(item, ScClaims):
            store.save_sc_claims(crawl, item.claims)
        elif isinstance(item, StateValue):
            store.set_crawl_state(crawl, item.key, item.value)
        return item
