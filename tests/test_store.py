"""The store: schema migrations, refusal of foreign or newer databases, crawls kept apart."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from wmebv.core.errors import UserError
from wmebv.core.store import Store, compress_html, decompress_html, finding_fingerprint
from wmebv.core.store.migrations import MIGRATIONS, MIGRATIONS_TABLE


def test_new_database_gets_every_migration(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        assert store.database.applied_migrations() == [name for name, _ in MIGRATIONS]
        assert {"crawls", "urls", "pages", "findings", "page_audits", "channels"} <= set(store.database.db.table_names())
        assert "inventory" in store.database.db.view_names()


def test_reopening_is_a_no_op(tmp_path: Path) -> None:
    Store(tmp_path / "a.db").close()
    with Store(tmp_path / "a.db") as store:
        assert len(store.database.applied_migrations()) == len(MIGRATIONS)


def test_older_database_is_migrated(tmp_path: Path) -> None:
    """A database made when only the first migration existed gets the later ones and keeps its data."""
    import sqlite_utils

    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    first_name, first_step = MIGRATIONS[0]
    first_step(db)
    db.table(MIGRATIONS_TABLE).insert({"name": first_name, "applied_at": "2026-01-01"})
    db.table("crawls").insert({"id": 1, "site": "example", "status": "finished"})
    db.close()
    with Store(path) as store:
        assert store.database.applied_migrations() == [name for name, _ in MIGRATIONS]
        assert store.crawls.get(1)["site"] == "example"


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Store(path) as store:
        store.database.db.table(MIGRATIONS_TABLE).insert({"name": "9999_from_the_future", "applied_at": "2030-01-01"})
    with pytest.raises(UserError, match="nieuwere versie"):
        Store(path)


def test_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("dit is geen database")
    with pytest.raises(UserError, match="geen SQLite"):
        Store(path)
    assert path.read_text() == "dit is geen database"


def test_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("create table x (a)")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="niet van wmebv"):
        Store(path)


def test_missing_database_without_create(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="bestaat niet"):
        Store(tmp_path / "nope.db", create=False)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="map"):
        Store(tmp_path / "no" / "such" / "dir.db")


def test_crawls_are_kept_apart(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        first = store.crawls.start("site", "http://site/", {"max_pages": 10})
        store.pages.save(first, {"url": "http://site/a", "html": "<p>een</p>", "is_product": 1})
        store.crawls.finish(first, "finished", {"pages_fetched": 1, "product_pages": 1})
        second = store.crawls.start("site", "http://site/", {})
        store.pages.save(second, {"url": "http://site/a", "html": "<p>twee</p>", "is_product": 1})
        assert [page["html"] for page in store.pages.iterate(first)] == ["<p>een</p>"]
        assert [page["html"] for page in store.pages.iterate(second)] == ["<p>twee</p>"]
        assert store.crawls.latest(finished_only=True)["id"] == first
        assert store.crawls.resumable("site")["id"] == second


def test_frontier_ignores_known_urls(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        crawl = store.crawls.start("site", "http://site/", {})
        assert store.frontier.enqueue(crawl, [{"url": "http://site/a"}, {"url": "http://site/b"}]) == 2
        assert store.frontier.enqueue(crawl, [{"url": "http://site/a"}]) == 0
        store.frontier.mark(crawl, "http://site/a", "fetched", http_status=200)
        assert [row["url"] for row in store.frontier.queued(crawl)] == ["http://site/b"]
        assert {(row["state"], row["urls"]) for row in store.frontier.coverage(crawl)} == {("fetched", 1), ("queued", 1)}


def test_audit_is_idempotent_and_tracks_first_seen(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        finding = {"rule_id": "norm.geen-termijn", "evidence": "geen termijn", "message": "m"}
        first = store.crawls.start("site", "http://site/", {})
        page = store.pages.save(first, {"url": "http://site/a", "html": "x", "is_product": 1})
        for _ in range(2):
            store.results.save_audit(first, page, {"url": "http://site/a", "channel_status": "none"}, [], [finding])
        assert len(store.results.findings(first)) == 1
        second = store.crawls.start("site", "http://site/", {})
        page2 = store.pages.save(second, {"url": "http://site/a", "html": "x", "is_product": 1})
        store.results.save_audit(second, page2, {"url": "http://site/a", "channel_status": "none"}, [], [finding])
        row = store.results.findings(second)[0]
        assert (row["first_seen_crawl"], row["last_seen_crawl"]) == (first, second)


def test_resaving_an_audited_page_keeps_its_id(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        crawl = store.crawls.start("site", "http://site/", {})
        page = store.pages.save(crawl, {"url": "http://site/a", "html": "x"})
        store.results.save_audit(crawl, page, {"url": "http://site/a"}, [], [])
        assert store.pages.save(crawl, {"url": "http://site/a", "html": "y"}) == page


def test_html_round_trip_and_fingerprint() -> None:
    html = "<p>Één € 12,50</p>" * 100
    assert decompress_html(compress_html(html)) == html
    assert len(compress_html(html)) < len(html.encode()) / 5
    assert finding_fingerprint("r", "u", "e ") == finding_fingerprint("r", "u", "e")
