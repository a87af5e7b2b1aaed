"""The crawl process's one connection to the store: a writer thread, and the pipeline that feeds it.

``StoreWriter`` is opened once per crawl process (``crawler.run``): it reads what an earlier run
left (for --resume), stores every item the pipeline hands it right away, and records the end of
the crawl. The writes happen in their own thread so that Scrapy's event loop never waits for
SQLite: while `wmebv crawl` audits pages beside the crawl, the audit holds the database's write
lock now and then, and a crawler that waited for it in the event loop stalled every download in
flight. One connection per process also avoids SQLite's POSIX lock trap (closing a second
connection to a file drops the locks the first one holds).
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from scrapy.crawler import Crawler

from crawler.items import DocumentRecord, FoundUrls, PageRecord, ScClaims, StateValue, UrlOutcome
from crawler.reasons import DOCUMENT, PAGE
from wmebv.core.errors import UserError
from wmebv.core.store import Store, explain_sqlite_error, utcnow

# Items written in one transaction at most: what arrived while the previous batch was written.
MAX_BATCH_ITEMS = 200
_STOP = object()
T = TypeVar("T")


class _Call:
    """A function to run on the writer's thread with its connection, and where its answer goes."""

    def __init__(self, function: Callable[[Store], Any]) -> None:
        self.function = function
        self.future: Future[Any] = Future()


def write_item(store: Store, crawl: int, item: Any) -> None:
    """Write one item to the store (in the caller's transaction)."""
    if isinstance(item, FoundUrls):
        store.frontier.enqueue(crawl, item.rows)
    elif isinstance(item, PageRecord):
        page = item.page
        if item.document_links:
            store.pages.add_document_links(crawl, [(doc, page["url"]) for doc in item.document_links])
        store.pages.save(crawl, page)
        store.frontier.mark(crawl, page["url"], "fetched", reason=PAGE, http_status=page.get("http_status"),
                       content_type=page.get("content_type"), fetched_at=page.get("fetched_at") or utcnow())
    elif isinstance(item, DocumentRecord):
        doc = item.document
        store.pages.save_document(crawl, doc)
        store.frontier.mark(crawl, doc["url"], "fetched", reason=DOCUMENT, http_status=doc.get("http_status"),
                       content_type=doc.get("content_type"), fetched_at=utcnow())
    elif isinstance(item, UrlOutcome):
        store.frontier.mark(crawl, item.url, item.state, reason=item.reason, http_status=item.http_status,
                       content_type=item.content_type, fetched_at=utcnow())
    elif isinstance(item, ScClaims):
        store.pages.save_sc_claims(crawl, item.claims)
    elif isinstance(item, StateValue):
        store.frontier.set_state(crawl, item.key, item.value)


def store_failure(error: BaseException, db_path: str) -> str:
    """One Dutch line: the crawl stopped because the database could not be written, and why."""
    if isinstance(error, UserError):
        reason = str(error)
    elif isinstance(error, sqlite3.Error):
        reason = explain_sqlite_error(error, Path(db_path))
    elif isinstance(error, OSError) and error.errno == 28:
        reason = f"De schijf is vol: wmebv kan niet verder schrijven in {db_path}. Maak ruimte vrij en ga verder met --resume."
    else:
        reason = f"wmebv kan niet opslaan in de database {db_path} ({type(error).__name__})."
    return f"De crawl is gestopt, want er kon niets meer worden opgeslagen. {reason}"


class StoreWriter(threading.Thread):
    """Writes items in arrival order; each batch is one transaction, committed as soon as it is written.

    A kill loses at most the batch being written: those pages are still queued in the store, so a
    resumed crawl fetches them again, and nothing half-written is ever committed.
    """

    def __init__(self, db_path: str, crawl_id: int | None, on_error: Callable[[BaseException], None] | None = None) -> None:
        """Open nothing yet: the store is opened in the thread that uses it; ``on_error`` hears the first failure."""
        super().__init__(name="store-writer", daemon=True)
        self.db_path, self.crawl_id, self.on_error = db_path, crawl_id, on_error
        self.items: queue.Queue[Any] = queue.Queue()
        self.error: BaseException | None = None
        self.opened = threading.Event()

    def run(self) -> None:
        """Write batches until told to stop; remember the first error (a full disk, say)."""
        try:
            store = Store(self.db_path)
        except BaseException as error:  # noqa: BLE001 - reported by put() and close()
            self.error = error
            if self.on_error is not None:
                self.on_error(error)
            self.opened.set()
            return
        self.opened.set()
        with store:
            while True:
                batch = [self.items.get()]
                while len(batch) < MAX_BATCH_ITEMS:
                    try:
                        batch.append(self.items.get_nowait())
                    except queue.Empty:
                        break
                stop = batch[-1] is _STOP
                items = [item for item in batch if item is not _STOP and not isinstance(item, _Call)]
                if items and self.error is None:
                    try:
                        with store.batch():
                            for item in items:
                                write_item(store, int(self.crawl_id or 0), item)
                    except BaseException as error:  # noqa: BLE001 - the batch is rolled back, as a kill would
                        self.error = error
                        if self.on_error is not None:
                            self.on_error(error)
                for call in (item for item in batch if isinstance(item, _Call)):
                    try:
                        call.future.set_result(call.function(store))
                    except BaseException as error:  # noqa: BLE001 - handed to the caller
                        call.future.set_exception(error)
                if stop:
                    return

    def call(self, function: Callable[[Store], T]) -> T:
        """Run ``function(store)`` on the writer's thread, after the items queued before it; returns its answer."""
        if self.error is not None:
            raise self.error
        call = _Call(function)
        self.items.put(call)
        result: T = call.future.result()
        return result

    def put(self, item: Any) -> None:
        """Queue an item; raises the writer's error, so Scrapy reports it instead of losing items silently."""
        if self.error is not None:
            raise self.error
        self.items.put(item)

    def close(self) -> None:
        """Write what is queued, stop the thread and raise its error, if any."""
        self.items.put(_STOP)
        self.join()
        if self.error is not None:
            raise self.error


class StorePipeline:
    """Counts each item in the crawl stats and hands it to the crawl's store writer."""

    def __init__(self, writer: StoreWriter, crawler: Crawler) -> None:
        """Remember the writer (opened and closed by ``crawler.run``)."""
        self.writer, self.crawler = writer, crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        """The writer the spider was given."""
        writer = getattr(crawler.spider, "store_writer", None)
        assert isinstance(writer, StoreWriter), "crawler.run gives the spider its store writer"
        return cls(writer, crawler)

    def process_item(self, item: Any) -> Any:
        """Count the item and queue it for the store."""
        stats = self.crawler.stats
        self.writer.put(item)
        if isinstance(item, PageRecord):
            stats.inc_value("wmebv/pages")
            if item.page.get("is_product"):
                stats.inc_value("wmebv/products")
        elif isinstance(item, DocumentRecord):
            stats.inc_value("wmebv/documents")
        elif isinstance(item, UrlOutcome) and item.state == "failed":
            stats.inc_value("wmebv/errors")
        return item
