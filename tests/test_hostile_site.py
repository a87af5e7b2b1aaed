"""A hostile site is crawled, audited and served: nothing reaches inside, nothing stalls, nothing poisons the publication.

The site (tests/hostile_site.py) carries every attack of issue 14. The crawl and the audit run as
a user runs them (`wmebv crawl`, `wmebv audit`) with the stub network that maps test names to a
link-local and a private address; the network guard of conftest.py fails the run on any
connection off loopback. Timing is measured generously here; tests/benchmarks/hostile.py prints it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crawler.reasons import reason_label
from fast_cli import FAST_KNOBS, fast_wmebv
from fixtures_db import DatasetteServer, wmebv_command
from hostile_site import FORMULAS, SECRET, HostileSite, measured, page_seconds
from wmebv.core.store import Store
from wmebv.publish.csvsafe import FORMULA_START

pytestmark = pytest.mark.slow
MAX_MB = 300


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("vijandig")
    with HostileSite() as site:
        env = dict(os.environ, WMEBV_TEST_NETWORK=str(site.write_network(folder)))
        crawl, crawl_mb = measured(fast_wmebv(sys.executable, FAST_KNOBS, "crawl", site.base + "/", "--db", "vijandig.db",
                                              "--max-pages", "60", "--no-cache"), folder, env)
        audit, audit_mb = measured([*wmebv_command(), "audit", "--db", "vijandig.db"], folder, env)
        db = folder / "vijandig.db"
        with DatasetteServer(db) as server:
            served = {path: server.get(path) for path in ("/wmebv/inventaris.csv", "/wmebv/pages.csv?_stream=on",
                                                          "/wmebv/urls.csv?_stream=on", "/wmebv/channels.csv?_stream=on",
                                                          "/wmebv/crawl_state", "/wmebv/inventaris", "/overzicht")}
            ids = [row["Pagina"] for row in json.loads(server.get("/wmebv/inventaris.json?_shape=array")[2])]
            served.update({f"/pagina/{page_id}": server.get(f"/pagina/{page_id}") for page_id in ids})
        yield {"site": site, "db": db, "folder": folder, "crawl": crawl, "audit": audit, "served": served,
               "crawl_mb": crawl_mb, "audit_mb": audit_mb, "internal_seen": list(site.internal_seen)}


def rows(db: Path, sql: str) -> list[dict[str, Any]]:
    with Store(db) as store:
        return [dict(row) for row in store.database.db.query(sql)]


def test_nothing_reaches_the_internal_service_or_leaves_the_database(hostile: Any) -> None:
    assert hostile["internal_seen"] == []
    with Store(hostile["db"]) as store:
        dump = "\n".join(store.database.db.conn.iterdump())
    assert SECRET not in dump
    for path, (status, _, body) in hostile["served"].items():
        assert SECRET not in body, path
        assert status == (403 if path == "/wmebv/crawl_state" else 200), path
    log = (hostile["folder"] / "vijandig.db.crawl.log").read_text(encoding="utf-8")
    assert "listening" not in log.lower()  # no telnet console, no remote control port during the crawl


def test_each_refused_or_capped_request_has_a_dutch_coverage_reason(hostile: Any) -> None:
    base, internal = hostile["site"].base, hostile["site"].internal
    reasons = {row["url"]: row["reason"] for row in rows(hostile["db"], "select url, reason from urls where crawl_id = 1")}
    expected = {
        internal + "/latest/meta-data/": "internal-address",
        internal + "/feed.xml": "internal-address",
        "http://metadata.test/feed.xml": "internal-address",
        internal + "/geheim": "off-site",
        base + "/sitemap-bom.xml.gz": "sitemap-capped",
        base + "/bom": "too-large",
        base + "/producten/veel-links": "page-trimmed",
    }
    assert {url: reasons.get(url) for url in expected} == expected
    for reason in set(expected.values()):
        assert reason_label(reason) != reason and " " in reason_label(reason)
    coverage = subprocess.run([*wmebv_command(), "coverage", "--db", "vijandig.db"], cwd=hostile["folder"],
                              capture_output=True, text=True, timeout=120).stdout
    assert "adres in een intern netwerk of op deze computer: niet opgevraagd" in coverage
    assert "sitemap te groot" in coverage and "alleen het eerste deel gecontroleerd" in coverage


def test_each_hostile_form_link_is_unverified_with_its_reason(hostile: Any) -> None:
    base = hostile["site"].base
    channels = {row["page"].removeprefix(base): row for row in rows(hostile["db"], """
        select p.url as page, c.url, c.check_status, c.check_detail from channels c join pages p on p.id = c.page_id
        where p.crawl_id = 1 and c.digital = 1 and c.url != ''""")}
    internal = "het adres wijst naar deze computer of naar een intern netwerk, niet opgevraagd"
    expected = {"/producten/bestand": "geen http- of https-adres, niet opgevraagd",
                "/producten/ftp": "geen http- of https-adres, niet opgevraagd",
                "/producten/intern": internal, "/producten/metadata": internal, "/producten/prive": internal,
                "/producten/decimaal": internal}
    assert {path: (channels[path]["check_status"], channels[path]["check_detail"]) for path in expected} == {
        path: ("unverified", detail) for path, detail in expected.items()}
    assert "/producten/data" not in channels  # a data: link is no channel
    audit = {row["url"].removeprefix(base): row for row in rows(hostile["db"], "select * from page_audits where crawl_id = 1")}
    assert audit["/producten/data"]["channel_status"] != "digital"
    assert audit["/producten/metadata"]["channel_status"] == "digital"  # unverified keeps the channel


def test_titles_and_csv_are_safe(hostile: Any) -> None:
    titles = {row["url"].removeprefix(hostile["site"].base): row["title"] for row in rows(hostile["db"], "select url, title from pages")}
    assert titles["/producten/titel"] == "Paspoort aanvragen"
    assert set(FORMULAS) <= set(titles.values())  # stored as the site wrote them ...
    for path in ("/wmebv/inventaris.csv", "/wmebv/pages.csv?_stream=on", "/wmebv/urls.csv?_stream=on", "/wmebv/channels.csv?_stream=on"):
        cells = [cell for row in csv.reader(io.StringIO(hostile["served"][path][2], newline="")) for cell in row]
        formulas = [cell for cell in cells if cell.startswith(FORMULA_START) and not cell.lstrip("+-").replace(".", "").isdigit()]
        assert formulas == [], path  # ... and never served as a formula
    inventory = hostile["served"]["/wmebv/inventaris.csv"][2]
    assert all("'" + formula.replace('"', '""') in inventory for formula in FORMULAS)


def test_memory_and_time_stay_within_bounds(hostile: Any) -> None:
    assert hostile["crawl_mb"] < MAX_MB and hostile["audit_mb"] < MAX_MB, (hostile["crawl_mb"], hostile["audit_mb"])
    seconds = page_seconds(hostile["db"])
    assert len(seconds) >= 15
    slowest = max(seconds, key=seconds.__getitem__)
    # The target is one second per page; this shared machine gets three (the benchmark prints the real figures).
    assert seconds[slowest] < 3.0, (slowest, seconds[slowest])
