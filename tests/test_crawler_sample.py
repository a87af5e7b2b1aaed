"""Crawl the sample municipality (Gemeente Voorbeeldstad) and compare the inventory with its manifest."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.options import CrawlOptions
from crawler.runner import run_crawl
from wmebv.core.store import Store
from wmebv.sample.server import SampleServer

pytestmark = pytest.mark.slow
DELAY_CAP = 0.02  # the site asks Crawl-delay: 1; a smaller cap keeps the test fast (one test checks 1 s)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One crawl of the sample site with the server's request log."""
    folder = tmp_path_factory.mktemp("sample")
    log = folder / "requests.tsv"
    with SampleServer(request_log=log) as server:
        manifest = server.site.manifest()
        options = CrawlOptions(start_url=server.url + "/", db_path=str(folder / "sample.db"), crawl_delay_cap=DELAY_CAP,
                               download_delay=0.0, http_cache=False, progress_interval=1.0)
        summary = run_crawl(options, echo=lambda line: None)
    requests = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    with Store(folder / "sample.db") as store:
        pages = {row["url"][len(server.url):]: row for row in store.pages.iterate(summary.crawl_id)}
        urls = {row["url"][len(server.url):]: row for row in store.database.db.query("select * from urls where crawl_id = :c",
                                                                          {"c": summary.crawl_id})}
    yield manifest, summary, pages, urls, requests, server.url


def test_product_recall_and_precision(sample: Any) -> None:
    manifest, _, pages, _, _, _ = sample
    truth = {entry["path"] for entry in manifest["pages"] if entry.get("is_product")}
    found = {path for path, row in pages.items() if row["is_product"]}
    recall = len(truth & found) / len(truth)
    precision = len(truth & found) / len(found)
    assert recall >= 0.99, sorted(truth - found)
    assert precision >= 0.97, sorted(found - truth)


def test_every_product_has_reason_cluster_and_mostly_the_right_upl(sample: Any) -> None:
    manifest, _, pages, _, _, _ = sample
    truth = {entry["path"]: entry for entry in manifest["pages"] if entry.get("is_product")}
    products = [row for path, row in pages.items() if row["is_product"] and path in truth]
    assert all(row["product_reason"] and row["cluster"] and row["cluster_reason"] for row in products)
    clusters = set(manifest["site"]["clusters"])
    assert {row["cluster"] for row in products} <= clusters
    upl_right = sum(1 for path, row in pages.items() if path in truth and row["upl_uri"] == truth[path].get("upl_uri"))
    cluster_right = sum(1 for path, row in pages.items() if path in truth and row["cluster"] == truth[path].get("cluster"))
    assert upl_right / len(truth) >= 0.8
    assert cluster_right / len(truth) >= 0.85


def test_every_manifest_path_is_stored_or_has_a_reason(sample: Any) -> None:
    manifest, _, pages, urls, _, _ = sample
    machine_files = {"/robots.txt", manifest["site"]["sitemap"], manifest["site"]["sc_feed"]}
    for entry in manifest["pages"]:
        path = entry["path"]
        if path in pages or path in machine_files or entry.get("kind") == "xml":
            continue
        row = urls.get(path)
        if row is None:  # only reachable through a disallowed page
            assert entry.get("robots_disallowed"), path
            continue
        assert row["state"] in ("fetched", "skipped", "failed") and row["reason"], path
    assert not [url for url, row in urls.items() if row["state"] == "queued"]


def test_robots_disallow_and_delay_respected(sample: Any) -> None:
    manifest, _, _, urls, requests, base = sample
    host = base.split("//")[1]
    site_requests = [r for r in requests if r[1] == host]
    disallowed = tuple(manifest["site"]["disallow"])
    assert not [r for r in site_requests if r[3].startswith(disallowed)]
    assert any(row["reason"] == "robots" for row in urls.values())
    assert not [r for r in requests if r[1] != host], "the crawler must not touch the e-loket host"
    # The log records when an answer was sent, so single gaps jitter; the average spacing may not.
    times = [float(r[0]) for r in site_requests[1:]]
    assert (times[-1] - times[0]) / (len(times) - 1) >= DELAY_CAP * 0.9


def test_documents_recorded_with_size(sample: Any) -> None:
    manifest, _, _, urls, requests, _ = sample
    documents = [entry["path"] for entry in manifest["pages"] if entry.get("kind") in ("pdf", "doc")]
    assert documents
    for path in documents:
        assert (urls[path]["state"], urls[path]["reason"]) == ("fetched", "document"), path
    assert not [r for r in requests if r[3] in documents and r[2] == "GET"]
