"""The store writer: items stored in order, in batches, and a write error is reported instead of lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crawler.items import FoundUrls, PageRecord, StateValue, UrlOutcome
from crawler.pipelines import StoreWriter
from wmebv.core.store import Store
from wmebv.core.store.pages import Pages


def _crawl(db: Path) -> int:
    with Store(db) as store:
        return store.crawls.start("http://127.0.0.1", "http://127.0.0.1/", {})


def test_items_are_stored_in_order(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    crawl = _crawl(db)
    writer = StoreWriter(str(db), crawl)
    writer.start()
    writer.put(FoundUrls([{"url": f"http://127.0.0.1/p{n}", "depth": 1} for n in range(300)]))
    for n in range(300):
        page = {"url": f"http://127.0.0.1/p{n}", "title": f"p{n}", "http_status": 200, "html": f"<p>{n}</p>"}
        writer.put(PageRecord(page, []))
    writer.put(UrlOutcome("http://127.0.0.1/p0", "failed", "http-500", http_status=500))  # a later answer wins
    writer.put(StateValue("discovery_done", "1"))
    writer.close()
    with Store(db) as store:
        assert store.pages.count(crawl) == 300
        assert store.frontier.states(crawl) == {"fetched": 299, "failed": 1}
        assert store.frontier.state(crawl) == {"discovery_done": "1"}


def test_a_write_error_is_raised_not_swallowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "a.db"
    crawl = _crawl(db)

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Pages, "save", full)
    writer = StoreWriter(str(db), crawl)
    writer.start()
    writer.put(FoundUrls([{"url": "http://127.0.0.1/a", "depth": 1}]))
    writer.put(PageRecord({"url": "http://127.0.0.1/a", "html": "<p>a</p>"}, []))
    with pytest.raises(sqlite3.OperationalError, match="disk is full"):
        writer.close()
    with pytest.raises(sqlite3.OperationalError):
        writer.put(StateValue("x", "1"))
    with Store(db) as store:  # the failed batch was rolled back as a whole
        assert store.pages.count(crawl) == 0


def test_calls_run_on_the_writer_thread_after_the_items_before_them(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    crawl = _crawl(db)
    writer = StoreWriter(str(db), crawl)
    writer.start()
    writer.put(FoundUrls([{"url": f"http://127.0.0.1/p{n}", "depth": 1} for n in range(5)]))
    assert writer.call(lambda store: len(store.frontier.queued(crawl))) == 5
    with pytest.raises(ZeroDivisionError):  # an error in a call reaches the caller; the writer goes on
        writer.call(lambda store: 1 // 0)
    writer.put(StateValue("discovery_done", "1"))
    assert writer.call(lambda store: store.frontier.state(crawl)) == {"discovery_done": "1"}
    writer.close()
