"""`wmebv crawl --sites` on 20 sample municipalities: it finishes, resumes after a kill, and
`wmebv compare` counts per UPL product what the municipalities' manifests say."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from wmebv.publish.compare import build_comparison
from wmebv.sample.region import municipality, site_builder
from wmebv.sample.server import SampleServer

ROOT = Path(__file__).resolve().parent.parent
DRIVER = ROOT / "tests" / "sites_driver.py"
SITES = 20
PRODUCTS = 12


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[dict[str, Any]]]]:
    """20 municipalities served on 20 ports, their list of sites, and their manifests."""
    servers = [SampleServer(port=0, builder=site_builder(municipality(n, products=PRODUCTS))).start() for n in range(SITES)]
    folder = tmp_path_factory.mktemp("regio")
    sites = folder / "gemeenten.csv"
    sites.write_text("naam;url\n" + "".join(f"{s.site.name};{s.url}/\n" for s in servers), encoding="utf-8")
    try:
        yield sites, [server.site.manifest() for server in servers]
    finally:
        for server in servers:
            server.stop()


def ledger(out: Path) -> dict[str, dict[str, Any]]:
    """The run's state per site."""
    path = out / "voortgang.json"
    return {site["name"]: site for site in json.loads(path.read_text(encoding="utf-8"))["sites"]} if path.exists() else {}


def crawl_ids(db: Path) -> list[tuple[int, str]]:
    """The crawls in a site's database."""
    with sqlite3.connect(db) as connection:
        return connection.execute("select id, status from crawls order by id").fetchall()


@pytest.mark.slow
def test_twenty_municipalities_resume_after_kill_and_compare(region: tuple[Path, list[dict[str, Any]]], tmp_path: Path) -> None:
    """Kill the run halfway (kill -9), resume it, and check the comparison against the manifests."""
    sites, manifests = region
    out = tmp_path / "resultaten"
    first = subprocess.Popen([sys.executable, str(DRIVER), str(sites), str(out), "4"], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and first.poll() is None:
        states = Counter(site["status"] for site in ledger(out).values())
        if states["done"] >= 3 and states["running"] + states["crawled"] >= 2:
            break
        time.sleep(0.2)
    assert first.poll() is None, first.communicate()[0]
    first.send_signal(signal.SIGKILL)
    first.wait()
    before = ledger(out)
    done_before = {name: site for name, site in before.items() if site["status"] == "done"}
    cut_off = [name for name, site in before.items() if site["status"] in ("running", "crawled")]
    assert done_before and cut_off and len(done_before) < SITES

    again = subprocess.run([sys.executable, str(DRIVER), str(sites), str(out), "4", "--resume"], capture_output=True,
                           text=True, timeout=600)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert f"{len(done_before)} zijn al klaar en worden overgeslagen" in again.stdout
    assert f"Klaar: {SITES} van {SITES} websites" in again.stdout
    after = ledger(out)
    assert all(site["status"] == "done" for site in after.values())
    for name, site in done_before.items():  # skipped: the same crawl, not fetched again
        assert after[name]["crawl_id"] == site["crawl_id"] and after[name]["finished_at"] == site["finished_at"]
        assert crawl_ids(out / f"{site['slug']}.db") == [(site["crawl_id"], "finished")]
    for name in cut_off:  # continued: the interrupted crawl was finished, not started again
        statuses = [status for _, status in crawl_ids(out / f"{after[name]['slug']}.db")]
        assert statuses[-1] == "finished" and "running" not in statuses and "interrupted" not in statuses

    report = build_comparison([out], tmp_path / "vergelijking.db", echo=lambda line: None)
    assert len(report.compared) == SITES and not report.left_out
    expected_pages: Counter[str] = Counter()
    expected_digital: Counter[str] = Counter()
    for manifest in manifests:
        for page in manifest["pages"]:
            if page["is_product"]:
                expected_pages[page["upl_uri"]] += 1
                expected_digital[page["upl_uri"]] += page["channel_status"] == "digital"
    with sqlite3.connect(tmp_path / "vergelijking.db") as db:
        rows = db.execute("select upl_uri, municipalities, digital, share_digital, compared from product_comparison").fetchall()
        names = {row[0] for row in db.execute("select name from municipalities")}
        ranks = db.execute("select share_digital, rank_digital from municipality_ranking order by rank_digital").fetchall()
    assert names == {manifest["site"]["name"] for manifest in manifests}
    assert {uri: (n, digital) for uri, n, digital, _, _ in rows} == {
        uri: (expected_pages[uri], expected_digital[uri]) for uri in expected_pages}
    assert all(share == round(100 * digital / n) and compared == SITES for _, n, digital, share, compared in rows)
    assert ranks[0][1] == 1 and [share for share, _ in ranks] == sorted((share for share, _ in ranks), reverse=True)
    assert len(set(expected_pages)) > PRODUCTS and max(expected_pages.values()) > 5  # products shared by many municipalities
