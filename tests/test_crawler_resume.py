"""A crawl killed with SIGKILL halfway and resumed ends like an uninterrupted crawl, fetching each page once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from crawler.options import CrawlOptions
from crawler.runner import prepare_crawl, run_crawl
from crawler_testsite import TestSite, fast_options, html_page, product_page, sitemap
from wmebv.core.store import Store

pytestmark = pytest.mark.slow
PRODUCTS = ["paspoort", "rijbewijs-verlengen", "hondenbelasting", "parkeervergunning", "evenementenvergunning",
            "afvalcontainer", "identiteitskaart", "huwelijk", "kapvergunning", "bijzondere-bijstand", "stadspas",
            "schuldhulpverlening"]


def build_site(site: TestSite, delay: float) -> None:
    """Thirty pages: products under /producten, news pages, some only in the sitemap, some only linked."""
    b = site.base
    site.raw("/robots.txt", f"User-agent: *\nCrawl-delay: {delay}\nSitemap: {b}/sitemap.xml\n".encode(), "text/plain")
    site.raw("/sitemap.xml", sitemap([f"{b}/producten/{slug}" for slug in PRODUCTS[::2]]), "application/xml")
    links = "".join(f"<a href='/producten/{slug}'>{slug}</a> " for slug in PRODUCTS[1::2])
    links += "".join(f"<a href='/nieuws/bericht-{i}'>bericht {i}</a> " for i in range(10))
    site.page("/", html_page("Home", f"<main><h1>Teststad</h1><p>{links}</p></main>"))
    for slug in PRODUCTS:
        title = slug.replace("-", " ").capitalize() + " aanvragen"
        site.page(f"/producten/{slug}", product_page(title, f"<a href='/producten/{slug}/meer'>Meer over {slug}</a>"))
        site.page(f"/producten/{slug}/meer", html_page(f"Meer over {slug}", "<main><h1>Meer</h1><p>Achtergrond bij dit "
                                                       "product, met een verhaal dat lang genoeg is om te tellen.</p></main>"))
    for i in range(10):
        site.page(f"/nieuws/bericht-{i}", html_page(f"Bericht {i}", f"<main><h1>Bericht {i}</h1><p>Nieuws uit de stad, met "
                                                      "genoeg tekst om een echte pagina te zijn.</p></main>"))


def inventory(db: Path, crawl_id: int) -> set[tuple[str, int, str | None, str | None]]:
    """(path, is_product, UPL URI, cluster) of every stored page."""
    with Store(db) as store:
        return {(row["url"].split("/", 3)[3], row["is_product"], row["upl_uri"], row["cluster"]) for row in store.pages.iterate(crawl_id)}


def fetched_pages(db: Path) -> int:
    """How many pages the crawl has stored so far (read while it runs)."""
    if not db.exists():
        return 0
    with Store(db) as store:
        return store.pages.count(1)


def test_killed_crawl_resumes_without_refetching(tmp_path: Path) -> None:
    with TestSite() as site:
        build_site(site, 0.25)
        options = CrawlOptions(start_url=site.base + "/", db_path=str(tmp_path / "killed.db"),
                               **fast_options(crawl_delay_cap=None))
        with Store(options.db_path) as store:
            crawl_id = prepare_crawl(options, store, echo=lambda line: None)
        env = dict(os.environ)
        child = subprocess.Popen([sys.executable, "-m", "crawler.run", replace(options, crawl_id=crawl_id).to_json()],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        deadline = time.monotonic() + 60
        while fetched_pages(tmp_path / "killed.db") < 12 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.02)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        before = fetched_pages(tmp_path / "killed.db")
        assert 12 <= before < 35, "the crawl must be killed halfway"
        with Store(tmp_path / "killed.db") as store:
            assert store.crawls.get(crawl_id)["status"] == "running"

        summary = run_crawl(replace(options, resume=True), echo=lambda line: None)
        assert summary.crawl_id == crawl_id and summary.status == "finished"
        counts = Counter(r.path for r in site.log if r.method == "GET")
        assert max(counts.values()) == 1, [path for path, n in counts.items() if n > 1]
        resumed = inventory(tmp_path / "killed.db", crawl_id)
        site.log.clear()

        whole = run_crawl(replace(options, db_path=str(tmp_path / "whole.db")), echo=lambda line: None)
        assert whole.status == "finished"
        assert resumed == inventory(tmp_path / "whole.db", whole.crawl_id)
        assert len(resumed) == 1 + 2 * len(PRODUCTS) + 10
        assert sum(1 for row in resumed if row[1]) == len(PRODUCTS)
        with Store(tmp_path / "killed.db") as store:
            assert not store.frontier.queued(crawl_id)


def test_resume_without_interrupted_crawl_starts_new(tmp_path: Path) -> None:
    with TestSite() as site:
        build_site(site, 0)
        lines: list[str] = []
        options = CrawlOptions(start_url=site.base + "/", db_path=str(tmp_path / "a.db"), resume=True, max_pages=3,
                               **fast_options())
        summary = run_crawl(options, echo=lines.append)
        assert any("geen onderbroken crawl" in line for line in lines)
        assert summary.counts["pages_fetched"] == 3
        assert any(row["reason"] == "cap-pages" for row in summary.coverage)
