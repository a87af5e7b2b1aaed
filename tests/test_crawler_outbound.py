"""The crawl's discovery obeys the outbound policy, and a site cannot make it hold or read too much.

A stand-in "internal" service listens on another port of 127.0.0.1; names in the stub network
(``WMEBV_TEST_NETWORK``) lead to a link-local and a private address. Nothing may reach them.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from crawler.options import CrawlOptions
from crawler.runner import run_crawl
from crawler_testsite import TestSite, fast_options, html_page, product_page
from linkserver import html, serve
from wmebv.core.store import Store

pytestmark = pytest.mark.slow
SECRET = "AKIA-GEHEIM-UIT-DE-METADATADIENST"
NETWORK = "hosts:\n  metadata.test: 169.254.169.254\n  intern.test: 10.0.0.5\ndns: works\n"


@pytest.fixture()
def stub_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The crawl subprocess resolves metadata.test and intern.test to internal addresses (and nothing else)."""
    network = tmp_path / "network.yml"
    network.write_text(NETWORK, encoding="utf-8")
    monkeypatch.setenv("WMEBV_TEST_NETWORK", str(network))


def crawl(site: TestSite, db: Path, **overrides: object) -> dict[str, dict]:
    """Crawl the site; the frontier rows by URL."""
    run_crawl(CrawlOptions(start_url=site.base + "/", db_path=str(db), **fast_options(**overrides)), echo=lambda line: None)
    with Store(db) as store:
        return {row["url"]: dict(row) for row in store.database.db.query("select * from urls where crawl_id = 1")}


def test_discovery_never_follows_a_site_into_the_internal_network(tmp_path: Path, stub_names: None) -> None:
    with serve({"/latest/meta-data/": html(SECRET), "/feed.xml": html(SECRET)}) as (internal, internal_seen), TestSite() as site:
        site.redirect("/robots.txt", internal + "/latest/meta-data/", status=302)
        head = (f"<link rel='alternate' title='Samenwerkende Catalogi' href='{internal}/feed.xml'>"
                "<link rel='alternate' title='Samenwerkende Catalogi' href='http://metadata.test/feed.xml'>"
                "<link rel='alternate' title='Samenwerkende Catalogi' href='http://intern.test:8080/feed.xml'>")
        site.page("/", html_page("Home", f"<main><h1>Welkom</h1><p><a href='{internal}/geheim'>intern</a> "
                                         f"<a href='/producten/a'>Product</a> met tekst.</p></main>", head))
        site.page("/producten/a", product_page("Paspoort aanvragen"))
        rows = crawl(site, tmp_path / "a.db")
    assert internal_seen == []
    reasons = {url: row["reason"] for url, row in rows.items()}
    assert reasons[internal + "/latest/meta-data/"] == "internal-address"
    assert reasons[internal + "/feed.xml"] == "internal-address"
    assert reasons["http://metadata.test/feed.xml"] == "internal-address"
    assert reasons["http://intern.test:8080/feed.xml"] == "internal-address"
    assert reasons[internal + "/geheim"] == "off-site"  # another port of 127.0.0.1 is not the site
    with Store(tmp_path / "a.db") as store:
        assert store.frontier.state(1)["robots_txt"] == ""
        dump = "\n".join(store.database.db.iterdump())
    assert SECRET not in dump


def test_a_sitemap_bomb_is_read_up_to_the_budget(tmp_path: Path) -> None:
    with TestSite() as site:
        entries = "".join(f"<url><loc>{site.base}/p/{n}</loc></url>" for n in range(300_000))
        bomb = gzip.compress(f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{entries}</urlset>".encode(), 6)
        site.raw("/robots.txt", f"User-agent: *\nSitemap: {site.base}/sitemap.xml.gz\nSitemap: http://elders.test/s.xml\n".encode(),
                 "text/plain")
        site.raw("/sitemap.xml.gz", bomb, "application/gzip")
        site.page("/", html_page("Home", "<main><h1>Welkom</h1><p>Een gemeente met een grote sitemap en wat tekst.</p></main>"))
        rows = crawl(site, tmp_path / "b.db", max_pages=3)
    reasons = {url: row["reason"] for url, row in rows.items()}
    assert reasons[site.base + "/sitemap.xml.gz"] == "sitemap-capped"
    assert reasons["http://elders.test/s.xml"] == "off-site"
    assert sum(url.startswith(site.base + "/p/") for url in rows) == 50_000  # one file: the sitemaps.org maximum


def test_a_decompression_bomb_is_too_large(tmp_path: Path) -> None:
    with TestSite() as site:
        site.page("/", html_page("Home", "<main><h1>Welkom</h1><p><a href='/bom'>bom</a> en tekst genoeg voor een pagina.</p></main>"))
        site.raw("/bom", gzip.compress(b"<html><body>" + b" " * (30 * 1024 * 1024)), "text/html", **{"Content-Encoding": "gzip"})
        rows = crawl(site, tmp_path / "c.db")
    assert (rows[site.base + "/bom"]["state"], rows[site.base + "/bom"]["reason"]) == ("failed", "too-large")


def test_names_are_looked_up_through_the_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The crawl looks names up in the stub network; the site's www. twin that leads inside is refused."""
    network = tmp_path / "network.yml"
    network.write_text("hosts:\n  gemeente.test: 127.0.0.1\n  www.gemeente.test: 10.0.0.5\ndns: works\n", encoding="utf-8")
    monkeypatch.setenv("WMEBV_TEST_NETWORK", str(network))
    with TestSite() as site:
        start = f"http://gemeente.test:{site.port}/"
        site.page("/", html_page("Home", f"<main><h1>Welkom</h1><p><a href='http://www.gemeente.test:{site.port}/x'>tweeling</a> "
                                         "<a href='/producten/a'>Product</a> met tekst voor de bezoeker.</p></main>"))
        site.page("/producten/a", product_page("Paspoort aanvragen"))
        run_crawl(CrawlOptions(start_url=start, db_path=str(tmp_path / "d.db"), **fast_options()), echo=lambda line: None)
        hosts = {request.host for request in site.log}
    with Store(tmp_path / "d.db") as store:
        rows = {row["url"]: dict(row) for row in store.database.db.query("select * from urls where crawl_id = 1")}
    assert rows[start]["state"] == "fetched" and rows[start + "producten/a"]["state"] == "fetched"
    assert rows[f"http://www.gemeente.test:{site.port}/x"]["reason"] == "internal-address"
    assert hosts == {f"gemeente.test:{site.port}"}
