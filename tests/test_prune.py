"""`wmebv prune --keep N`: old crawls go with everything that hangs off them; the newest stay."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from wmebv.app.cli import main
from wmebv.core.errors import UserError
from wmebv.core.store import Store
from wmebv.publish.summaries import publish_crawl

SITE = "http://127.0.0.1:8000"


def _crawl(store: Store, status: str, site: str = SITE, pages: int = 3) -> int:
    """One crawl with product pages, an audit, findings (one settled) and a frontier."""
    crawl = store.crawls.start(site, site + "/", {})
    store.frontier.enqueue(crawl, [{"url": f"{site}/p{index}"} for index in range(pages)])
    store.frontier.set_state(crawl, "robots", "User-agent: *")
    for index in range(pages):
        url = f"{site}/p{index}"
        page = store.pages.save(crawl, {"url": url, "title": f"Product {index}", "html": "<p>x</p>" * 200,
                                        "is_product": 1, "cluster": "wonen", "upl_uri": f"upl:{index}"})
        finding = {"rule_id": "norm.geen-termijn", "family": "norm", "severity": "midden", "message": "m", "evidence": ""}
        settled = {**finding, "rule_id": "norm.geen-kosten", "decision": "geaccepteerd"}
        store.results.save_audit(crawl, page, {"url": url, "channel_status": "none", "b1_ok": 1, "sections_missing": []},
                                 [{"kind": "phone", "url": "", "digital": 0}], [finding], [settled])
    store.pages.save_sc_claims(crawl, [{"url": f"{site}/p0", "online_aanvragen": "nee"}])
    store.pages.save_document(crawl, {"url": f"{site}/f.pdf", "linked_from": [f"{site}/p0"]})
    store.crawls.finish(crawl, status, {})
    publish_crawl(store, crawl)
    return crawl


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Four finished crawls, then an interrupted one, of one site; and one crawl of another site."""
    path = tmp_path / "stad.db"
    with Store(path) as store:
        for _ in range(4):
            _crawl(store, "finished")
        _crawl(store, "interrupted")
        _crawl(store, "finished", site="http://localhost:9000")
    return path


def _crawl_ids(path: Path) -> list[int]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("select id from crawls order by id")]


def test_prune_keeps_the_newest_finished_crawls_and_removes_every_row_of_the_others(db: Path) -> None:
    result = CliRunner().invoke(main, ["prune", "--db", str(db), "--keep", "2"])
    assert result.exit_code == 0, result.output
    assert "Weggehaald: 2 crawls (#1, #2)" in result.output and "6 pagina's" in result.output
    assert _crawl_ids(db) == [3, 4, 5, 6]
    with sqlite3.connect(db) as connection:
        assert connection.execute("pragma foreign_key_check").fetchall() == []
        for table, column in (("urls", "crawl_id"), ("crawl_state", "crawl_id"), ("pages", "crawl_id"),
                              ("page_audits", "crawl_id"), ("channels", "crawl_id"), ("findings", "crawl_id"),
                              ("settled_findings", "crawl_id"), ("sc_claims", "crawl_id"), ("documents", "crawl_id"),
                              ("cluster_summary", "crawl_id"), ("rule_summary", "crawl_id"),
                              ("changes", "from_crawl"), ("change_counts", "from_crawl"), ("change_pairs", "from_crawl")):
            left = connection.execute(f"select count(*) from {table} where {column} in (1, 2)").fetchone()[0]
            assert left == 0, table
        assert connection.execute("select count(*) from pages where crawl_id = 4").fetchone()[0] == 3
        assert connection.execute("select from_crawl, to_crawl from change_pairs").fetchall() == [(3, 4)]
    again = CliRunner().invoke(main, ["prune", "--db", str(db), "--keep", "2"])
    assert "Niets weg te halen" in again.output


def test_dry_run_changes_nothing(db: Path) -> None:
    result = CliRunner().invoke(main, ["prune", "--db", str(db), "--keep", "1", "--dry-run"])
    assert result.exit_code == 0 and "Zou weghalen: 3 crawls (#1, #2, #3)" in result.output
    assert "Er is niets veranderd" in result.output
    assert _crawl_ids(db) == [1, 2, 3, 4, 5, 6]


def test_vacuum_makes_the_file_smaller(db: Path) -> None:
    before = db.stat().st_size
    result = CliRunner().invoke(main, ["prune", "--db", str(db), "--keep", "1"])
    assert result.exit_code == 0 and "De database is nu" in result.output
    assert db.stat().st_size < before


def test_keep_must_be_at_least_one(db: Path) -> None:
    result = CliRunner().invoke(main, ["prune", "--db", str(db), "--keep", "0"])
    assert result.exit_code != 0
    with Store(db) as store, pytest.raises(UserError, match="minstens 1"):
        store.crawls.beyond_keep(0)
