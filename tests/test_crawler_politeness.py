"""Politeness on a small site: a real Crawl-delay of 1 s, the User-Agent with contact, and the HTTP cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.middlewares import parse_retry_after
from crawler.options import CrawlOptions
from crawler.runner import run_crawl
from crawler_testsite import TestSite, fast_options, html_page

pytestmark = pytest.mark.slow


def small_site(site: TestSite, delay: str) -> None:
    """A home page with three pages and a Crawl-delay."""
    site.raw("/robots.txt", f"User-agent: *\nCrawl-delay: {delay}\n".encode(), "text/plain")
    links = "".join(f"<a href='/p{i}'>p{i}</a>" for i in range(3))
    site.page("/", html_page("Home", f"<main><h1>Home</h1><p>{links} Welkom op de site van de gemeente.</p></main>"))
    for i in range(3):
        site.page(f"/p{i}", html_page(f"P{i}", "<main><h1>Pagina</h1><p>Een pagina met genoeg tekst erop.</p></main>",),
                  **{"Cache-Control": "max-age=0", "ETag": f'"p{i}"'})


def test_real_crawl_delay_of_one_second(tmp_path: Path) -> None:
    with TestSite() as site:
        small_site(site, "1")
        options = CrawlOptions(start_url=site.base + "/", db_path=str(tmp_path / "a.db"), contact="webteam@example.nl",
                               **fast_options(crawl_delay_cap=None))
        run_crawl(options, echo=lambda line: None)
        starts = [r.at for r in site.log[1:]]  # after robots.txt the delay is known
        assert len(starts) >= 5
        gaps = [b - a for a, b in zip(starts, starts[1:])]
        assert min(gaps) >= 0.95, gaps
        agent = site.log[0].headers["User-Agent"]
        assert "wmebv-audit" in agent and "webteam@example.nl" in agent


def test_recrawl_uses_conditional_requests(tmp_path: Path) -> None:
    with TestSite() as site:
        small_site(site, "0")
        options = CrawlOptions(start_url=site.base + "/", db_path=str(tmp_path / "a.db"), **fast_options(http_cache=True))
        run_crawl(options, echo=lambda line: None)
        site.log.clear()
        second = run_crawl(options, echo=lambda line: None)
        assert second.counts["pages_fetched"] == 4
        assert site.requests_for("/p0")[0].headers.get("If-None-Match") == '"p0"'
        assert (tmp_path / "a.db.httpcache").is_dir()


@pytest.mark.parametrize(("value", "expected"), [("3", 3.0), (b"0", 0.0), ("", None), ("soon", None),
                                                 ("Thu, 01 Jan 1970 00:00:10 GMT", 0.0)])
def test_parse_retry_after(value: str | bytes, expected: float | None) -> None:
    assert parse_retry_after(value, now=20.0) == expected


def _damage_cache(cache: Path) -> int:
    """Leave cache entries as a kill while writing would: one without its body, one with half its metadata."""
    entries = sorted(path.parent for path in cache.rglob("pickled_meta"))
    assert len(entries) >= 3
    (entries[0] / "response_body").unlink()
    meta = entries[1] / "pickled_meta"
    meta.write_bytes(meta.read_bytes()[:7])
    (entries[2] / "response_headers").write_bytes(b"")
    return len(entries)


def test_a_cache_damaged_by_a_kill_costs_a_fetch_not_a_page(tmp_path: Path) -> None:
    """A crawl killed while writing the HTTP cache leaves half an entry; the next crawl fetches that page again."""
    with TestSite() as site:
        small_site(site, "0")
        options = CrawlOptions(start_url=site.base + "/", db_path=str(tmp_path / "a.db"), **fast_options(http_cache=True))
        run_crawl(options, echo=lambda line: None)
        assert _damage_cache(tmp_path / "a.db.httpcache") == 3
        site.log.clear()
        second = run_crawl(options, echo=lambda line: None)
        fetched_again = {request.path for request in site.log}
    # Scrapy's cache middleware reads a broken entry as a miss: the page is fetched again, not lost.
    assert second.counts["pages_fetched"] == 4 and second.counts["failed"] == 0
    assert {"/p0", "/p1", "/p2"} <= fetched_again
