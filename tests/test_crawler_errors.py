"""The crawl refuses with a plain Dutch UserError when it cannot start (each case is a subprocess run)."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import Any

import pytest

from crawler.options import CrawlOptions
from crawler.runner import run_crawl
from crawler_testsite import TestSite, fast_options, html_page
from wmebv.core.errors import UserError
from wmebv.core.store import Store

pytestmark = pytest.mark.slow


def crawl(url: str, db: Path, **overrides: Any) -> Any:
    """Run one crawl with fast options."""
    return run_crawl(CrawlOptions(start_url=url, db_path=str(db), **fast_options(**overrides)), echo=lambda line: None)


def free_port() -> int:
    """A port on which nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_refused_connection(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="is niet bereikbaar: de server weigert de verbinding"):
        crawl(f"http://127.0.0.1:{free_port()}/", tmp_path / "a.db")
    with Store(tmp_path / "a.db") as store:
        assert store.crawls.all()[0]["status"] == "failed"


def test_timeout(tmp_path: Path) -> None:
    def never(handler: Any) -> tuple[int, dict[str, str], bytes]:
        time.sleep(3)
        return 200, {"Content-Type": "text/html"}, b"<html></html>"

    with TestSite() as site:
        site.routes["/"] = never
        with pytest.raises(UserError, match="geen antwoord binnen 1 seconden"):
            crawl(site.base + "/", tmp_path / "a.db", timeout=1.0)


def test_not_html(tmp_path: Path) -> None:
    with TestSite() as site:
        site.raw("/", b"%PDF-1.4", "application/pdf")
        with pytest.raises(UserError, match="is geen webpagina"):
            crawl(site.base + "/", tmp_path / "a.db")


def test_redirect_off_site(tmp_path: Path) -> None:
    with TestSite() as site:
        site.redirect("/", f"http://localhost:{site.port}/")
        with pytest.raises(UserError, match="verwijst door naar een andere website"):
            crawl(site.base + "/", tmp_path / "a.db")


def test_robots_disallow_all(tmp_path: Path) -> None:
    with TestSite() as site:
        site.raw("/robots.txt", b"User-agent: *\nDisallow: /\n", "text/plain")
        site.page("/", html_page("Home", "<p>Welkom</p>"))
        with pytest.raises(UserError, match="robots.txt .* verbiedt"):
            crawl(site.base + "/", tmp_path / "a.db")
        assert not site.requests_for("/")
        # with permission of the webmaster the crawl may go ahead
        summary = crawl(site.base + "/", tmp_path / "b.db", obey_robots=False)
        assert summary.counts["pages_fetched"] == 1


def test_start_redirect_on_site_is_followed(tmp_path: Path) -> None:
    with TestSite() as site:
        site.redirect("/", f"{site.base}/home")
        site.page("/home", html_page("Home", "<main><h1>Welkom</h1><p>De website van de gemeente.</p></main>"))
        summary = crawl(site.base + "/", tmp_path / "a.db")
        assert summary.counts["pages_fetched"] == 1
        assert any(row["reason"] == "redirect" for row in summary.coverage)


def test_bad_url_is_refused_before_anything_starts(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="geen webadres"):
        crawl("ftp://example.org/", tmp_path / "a.db")
    assert not (tmp_path / "a.db").exists()
