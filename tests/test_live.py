"""The audit beside the crawl (`wmebv crawl`) stores exactly what a separate `wmebv audit` afterwards stores."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from audit.engine import audit_database
from crawler.options import CrawlOptions
from wmebv.app.live import crawl_and_audit
from wmebv.sample.server import SampleServer

TODAY = date(2026, 12, 2)
# What an audit stores, per page URL (ids and times differ between two runs, the results may not).
RESULT_QUERIES = {
    "page_audits": "select p.url, a.* from page_audits a join pages p on p.id = a.page_id",
    "channels": "select p.url, c.* from channels c join pages p on p.id = c.page_id",
    "findings": "select f.* from findings f",
    "site_structure": "select site_structure from crawls",
    "cluster_summary": "select * from cluster_summary",
    "rule_summary": "select * from rule_summary",
}
VARYING = {"id", "page_id", "audited_at"}


def _results(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The stored results as sorted rows of comparable values (JSON text compared as data)."""
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    results = {}
    for name, sql in RESULT_QUERIES.items():
        rows = []
        for row in connection.execute(sql):
            values = [(key, _comparable(row[key])) for key in row.keys() if key not in VARYING]
            rows.append(tuple(values))
        results[name] = sorted(rows, key=repr)
    connection.close()
    return results


def _comparable(value: Any) -> Any:
    """JSON text as sorted JSON (dict order may differ), anything else as it is."""
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.dumps(json.loads(value), sort_keys=True)
        except ValueError:
            return value
    return value


@pytest.mark.slow
def test_audit_beside_the_crawl_equals_audit_afterwards(tmp_path: Path) -> None:
    """Same pages, channels, link checks, findings (site structure included) and summaries."""
    live_db = tmp_path / "live.db"
    with SampleServer(port=0) as sample:
        options = CrawlOptions(start_url=sample.url, db_path=str(live_db), http_cache=False, quiet=True,
                               crawl_delay_cap=0.0, download_delay=0.0)
        crawl, audit = crawl_and_audit(options, echo=lambda line: None, today=TODAY)
        assert crawl.status == "finished" and audit.pages == crawl.counts["pages_fetched"] > 200
        assert audit.links_broken > 0  # the sample has dead e-loket links: the re-audit path runs
        again_db = tmp_path / "again.db"
        with sqlite3.connect(live_db) as connection:
            connection.execute("pragma wal_checkpoint(truncate)")
        shutil.copy(live_db, again_db)
        again = audit_database(again_db, crawl.crawl_id, None, True, lambda line: None, today=TODAY)
    assert (again.pages, again.product_pages, again.links_broken) == (audit.pages, audit.product_pages, audit.links_broken)
    assert again.statuses == audit.statuses and again.findings == audit.findings
    live, afterwards = _results(live_db), _results(again_db)
    for table in RESULT_QUERIES:
        assert live[table] == afterwards[table], table
    assert live["findings"] and any("afwijkend-patroon" in repr(row) for row in live["findings"])
