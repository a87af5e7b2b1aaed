"""A full crawl of a small local site (in a subprocess): discovery, frontier, coverage and page inventory."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from crawler.options import CrawlOptions
from crawler.report import format_coverage
from crawler.runner import run_crawl
from crawler_testsite import (
    TestSite,
    fast_options,
    gzipped,
    html_page,
    product_page,
    sc_feed,
    sitemap,
    sitemap_index,
)
from wmebv.core.store import Store

pytestmark = pytest.mark.slow
UPL = "http://standaarden.overheid.nl/owms/terms/"


def slow_page(handler: Any) -> tuple[int, dict[str, str], bytes]:
    """Answer after the crawler's timeout."""
    time.sleep(3.5)
    return 200, {"Content-Type": "text/html"}, b"<html><body>te laat</body></html>"


def huge_page(handler: Any) -> tuple[int, dict[str, str], bytes]:
    """A 20 MB response."""
    return 200, {"Content-Type": "text/html"}, b"<html><body>" + b"x" * (20 * 1024 * 1024) + b"</body></html>"


def busy_then_ok(site: TestSite) -> Any:
    """503 with Retry-After: 1 the first time, then the page."""
    calls = {"n": 0}

    def route(handler: Any) -> tuple[int, dict[str, str], bytes]:
        calls["n"] += 1
        if calls["n"] == 1:
            return 503, {"Content-Type": "text/html", "Retry-After": "1"}, b"<html>druk</html>"
        return 200, {"Content-Type": "text/html; charset=utf-8"}, product_page("Evenementenvergunning").encode()

    return route


def build_site(site: TestSite) -> None:
    """The test municipality: products, non-products, documents and every kind of trouble."""
    b = site.base
    site.raw("/robots.txt", f"User-agent: *\nDisallow: /geheim/\nSitemap: {b}/sitemap_index.xml\n".encode(), "text/plain")
    site.raw("/sitemap_index.xml", sitemap_index([f"{b}/sitemap-producten.xml.gz", f"{b}/sitemap-overig.xml"]), "application/xml")
    site.raw("/sitemap-producten.xml.gz", gzipped(sitemap([f"{b}/producten/paspoort", f"{b}/producten/alleen-sitemap",
                                                           f"{b}/geheim/product"])), "application/gzip")
    site.raw("/sitemap-overig.xml", sitemap([f"{b}/nieuws/", f"{b}/privacy"]), "application/xml")
    site.raw("/samenwerkende-catalogi.xml", sc_feed([
        {"url": f"{b}/producten/paspoort", "title": "Paspoort", "upl_name": "paspoort", "upl_uri": UPL + "paspoort",
         "online": "nee"},
        {"url": f"{b}/inwoners/parkeren/parkeervergunning", "title": "Parkeervergunning", "upl_name": "parkeervergunning",
         "upl_uri": UPL + "parkeervergunning", "online": "digid", "aanvraag": "http://localhost/parkeren"},
    ]), "application/xml")
    links = ["/producten/paspoort", "/producten/rijbewijs-oud", "/inwoners/afval/grofvuil-aanvragen", "/nieuws/",
             "/nieuws/nieuwe-bibliotheek", "/contact", "/geheim/intern", "/docs/aanvraagformulier.pdf", "/oud",
             "/lus-a", "/weg", "/kapot", "/druk", "/traag", "/groot", "/latin", "/app", "/data.json", "/zoeken?q=paspoort",
             "https://example.org/extern", "mailto:info@teststad.nl", "/belastingen/hondenbelasting"]
    site.page("/", html_page("Home | Gemeente Teststad", "<main><h1>Welkom in Teststad</h1><p>"
                             + "".join(f"<a href='{href}'>link {i}</a> " for i, href in enumerate(links)) + "</p></main>"))
    site.page("/producten/paspoort", product_page("Paspoort aanvragen", "<a href='/docs/aanvraagformulier.pdf'>Formulier</a>"))
    site.page("/producten/alleen-sitemap", product_page("Rijbewijs verlengen"))
    site.page("/producten/rijbewijs", product_page("Rijbewijs aanvragen"))
    site.redirect("/producten/rijbewijs-oud", f"{b}/producten/rijbewijs")
    site.page("/inwoners/afval/grofvuil-aanvragen", product_page(
        "Grofvuil laten ophalen", "<aside class='direct-regelen'><a href='http://localhost/grofvuil'>Direct regelen</a></aside>"))
    site.page("/inwoners/parkeren/parkeervergunning", product_page("Parkeervergunning voor bewoners"))
    site.page("/belastingen/hondenbelasting", html_page(
        "Hondenbelasting", "<div id='content'><h1>Hondenbelasting</h1><p>Heeft u een hond? Dan betaalt u hondenbelasting. "
        "Dit is een tekst van voldoende lengte om zichtbaar te zijn voor de crawler.</p></div>",
        head="<meta name='DCTERMS.type' scheme='OVERHEID.Informatietype' content='productbeschrijving'>"))
    site.page("/nieuws/", html_page("Nieuws", "<main><h1>Nieuws</h1><p>Al het nieuws van de gemeente Teststad, elke week "
                                    "nieuwe berichten over wat er speelt in de stad.</p></main>"))
    site.page("/nieuws/nieuwe-bibliotheek", html_page("Nieuwe bibliotheek", "<main><h1>Nieuwe bibliotheek open</h1><p>De "
              "bibliotheek is open. Kom langs en bekijk de nieuwe boeken in de prachtige zaal.</p><h2>Kosten</h2><p>Gratis.</p></main>"))
    site.page("/contact", html_page("Contact", "<main><h1>Contact</h1><p>Bel 14 0123 of kom langs op het stadhuis, "
              "van maandag tot en met vrijdag.</p><h2>Hoe werkt het?</h2><p>Bel ons.</p><h2>Kosten</h2><p>Geen.</p></main>"))
    site.page("/privacy", html_page("Privacyverklaring", "<main><h1>Privacy</h1><p>Zo gaan wij om met uw gegevens, "
              "volgens de wet en met respect voor uw privacy.</p></main>"))
    site.page("/geheim/intern", product_page("Geheim product"))
    site.raw("/docs/aanvraagformulier.pdf", b"%PDF-1.4 " + b"0" * 5000, "application/pdf")
    site.redirect("/oud", f"{b}/producten/rijbewijs", 302)
    site.redirect("/lus-a", f"{b}/lus-b")
    site.redirect("/lus-b", f"{b}/lus-a")
    site.redirect("/weg", f"http://localhost:{site.port}/elders")
    site.page("/kapot", "<html>stuk</html>", status=500)
    site.routes["/druk"] = busy_then_ok(site)
    site.routes["/traag"] = slow_page
    site.routes["/groot"] = huge_page
    site.page("/latin", html_page("Verhuizing doorgeven", "<main><h1>Verhuizing doorgeven</h1><p>Gaat u verhuizen? Geef "
              "uw nieuwe adres door. Wij zorgen ervoor dat het goed komt met uw gegevens in de basisregistratie.</p>"
              "<h2>Hoe werkt het?</h2><p>Online.</p><h2>Kosten</h2><p>Gratis. Één café.</p></main>"), charset="iso-8859-1")
    site.page("/app", "<html><head><title>App</title><script src='/app.js'></script></head><body><div id='root'></div>"
              "<noscript>Zet JavaScript aan.</noscript></body></html>")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One crawl of the test site, shared by the tests in this module."""
    db = tmp_path_factory.mktemp("crawl") / "test.db"
    lines: list[str] = []
    with TestSite() as site:
        build_site(site)
        options = CrawlOptions(start_url=site.base + "/", db_path=str(db), **fast_options())
        summary = run_crawl(options, echo=lines.append)
        yield site, db, summary, lines


def pages(db: Path) -> dict[str, dict[str, Any]]:
    """The stored pages by path."""
    with Store(db) as store:
        return {row["url"].split(":", 2)[2].split("/", 1)[1]: row for row in store.pages.iterate(1)}


def url_rows(db: Path) -> dict[str, dict[str, Any]]:
    """The frontier rows by URL."""
    with Store(db) as store:
        return {row["url"]: row for row in store.database.db.query("select * from urls where crawl_id = 1")}


def test_crawl_finishes_and_stores_pages(crawled: Any) -> None:
    site, db, summary, lines = crawled
    assert summary.status == "finished"
    stored = pages(db)
    for path in ["", "producten/paspoort", "producten/alleen-sitemap", "producten/rijbewijs", "inwoners/afval/grofvuil-aanvragen",
                 "inwoners/parkeren/parkeervergunning", "belastingen/hondenbelasting", "nieuws/", "contact", "privacy", "latin", "druk"]:
        assert path in stored, path
    assert "geheim/intern" not in stored and "geheim/product" not in stored
    assert "Voorbeeldstad" not in summary.format_nl()
    assert "Productpagina's" in summary.format_nl()


def test_product_recognition_and_reasons(crawled: Any) -> None:
    _, db, _, _ = crawled
    stored = pages(db)
    products = {path for path, row in stored.items() if row["is_product"]}
    assert products == {"producten/paspoort", "producten/alleen-sitemap", "producten/rijbewijs", "inwoners/afval/grofvuil-aanvragen",
                        "inwoners/parkeren/parkeervergunning", "belastingen/hondenbelasting", "latin", "druk"}
    assert "Samenwerkende Catalogi" in stored["producten/paspoort"]["product_reason"]
    assert "OWMS" in stored["belastingen/hondenbelasting"]["product_reason"]
    assert stored["nieuws/nieuwe-bibliotheek"]["product_reason"].startswith("geen product")
    assert all(stored[p]["cluster"] and stored[p]["cluster_reason"] for p in products)


def test_upl_mapping_sc_first_then_title(crawled: Any) -> None:
    _, db, _, _ = crawled
    stored = pages(db)
    assert stored["producten/paspoort"]["upl_uri"] == UPL + "paspoort"
    assert stored["producten/paspoort"]["upl_confidence"] == 1.0
    assert stored["producten/alleen-sitemap"]["upl_name"] == "rijbewijs verlengen"
    assert stored["belastingen/hondenbelasting"]["upl_name"] == "hondenbelasting"
    assert stored["belastingen/hondenbelasting"]["cluster"] == "belastingen"
    assert stored["inwoners/parkeren/parkeervergunning"]["cluster"] == "openbare-ruimte"


def test_sc_claims_stored(crawled: Any) -> None:
    site, db, _, _ = crawled
    with Store(db) as store:
        claims = store.pages.sc_claims(1)
    claim = claims[f"{site.base}/inwoners/parkeren/parkeervergunning"]
    assert claim["online_aanvragen"] == "digid" and claim["aanvraag_url"] == "http://localhost/parkeren"
    assert claim["feed_url"] == f"{site.base}/samenwerkende-catalogi.xml"


def test_every_unfetched_url_has_a_reason(crawled: Any) -> None:
    site, db, _, _ = crawled
    rows = url_rows(db)
    b = site.base
    expected = {
        f"{b}/geheim/intern": ("skipped", "robots"),
        f"{b}/geheim/product": ("skipped", "robots"),
        "https://example.org/extern": ("skipped", "off-site"),
        f"{b}/oud": ("skipped", "redirect"),
        f"{b}/weg": ("skipped", "redirect-off-site"),
        f"http://localhost:{site.port}/elders": ("skipped", "off-site"),
        f"{b}/lus-a": ("failed", "redirect-loop"),
        f"{b}/lus-b": ("failed", "redirect-loop"),
        f"{b}/kapot": ("failed", "http-500"),
        f"{b}/traag": ("failed", "timeout"),
        f"{b}/groot": ("failed", "too-large"),
        f"{b}/app": ("skipped", "javascript-only"),
        f"{b}/data.json": ("skipped", "not-html"),
        f"{b}/zoeken?q=paspoort": ("skipped", "excluded"),
        f"{b}/docs/aanvraagformulier.pdf": ("fetched", "document"),
    }
    for url, (state, reason) in expected.items():
        assert (rows[url]["state"], rows[url]["reason"]) == (state, reason), url
    assert not [url for url, row in rows.items() if row["state"] == "queued"]
    assert all(row["reason"] for row in rows.values())
    assert not any(url.startswith("mailto:") for url in rows)


def test_robots_disallowed_paths_never_requested(crawled: Any) -> None:
    site, _, _, _ = crawled
    assert not [r for r in site.log if r.path.startswith("/geheim/")]
    assert not [r for r in site.log if r.host.startswith("localhost")]
    assert not [r for r in site.log if r.path == "/data.json"]


def test_retry_after_is_honoured(crawled: Any) -> None:
    site, _, _, _ = crawled
    first, second = site.requests_for("/druk")
    assert second.at - first.at >= 0.95
    assert len(site.requests_for("/kapot")) == 2  # one retry with backoff, then failed


def test_document_recorded_with_size_not_downloaded(crawled: Any) -> None:
    site, db, _, _ = crawled
    assert [r.method for r in site.requests_for("/docs/aanvraagformulier.pdf")] == ["HEAD"]
    with Store(db) as store:
        doc = next(store.database.db.query("select * from documents where crawl_id = 1"))
    assert doc["size"] == 5009 and doc["content_type"] == "application/pdf"
    assert f"{site.base}/producten/paspoort" in doc["linked_from"] and f"{site.base}/" in doc["linked_from"]


def test_non_utf8_page_is_decoded(crawled: Any) -> None:
    _, db, _, _ = crawled
    assert "Één café" in pages(db)["latin"]["html"]


def test_each_page_requested_once(crawled: Any) -> None:
    site, _, _, _ = crawled
    for path in ["/", "/producten/paspoort", "/nieuws/", "/producten/rijbewijs", "/sitemap_index.xml", "/robots.txt"]:
        assert len(site.requests_for(path)) == 1, path


def test_coverage_report_in_dutch(crawled: Any) -> None:
    _, db, summary, lines = crawled
    with Store(db) as store:
        report = format_coverage(store, 1)
    assert "verboden door robots.txt" in report and "redirect-lus" in report and "HTTP-fout 500" in report
    assert "geen antwoord binnen de tijdslimiet" in report and "te groot" in report
    assert summary.counts["product_pages"] == 8
    assert any(line.startswith("Opgehaald:") for line in lines)


def test_feed_from_link_tag_and_given_feed_and_depth_cap(tmp_path: Path) -> None:
    with TestSite() as site:
        feed = sc_feed([{"url": f"{site.base}/pdc/1", "title": "Paspoort", "upl_name": "paspoort", "upl_uri": UPL + "paspoort"}])
        site.raw("/feeds/sc.xml", feed, "application/xml")
        site.raw("/andere-feed.xml", sc_feed([]), "application/xml")
        head = "<link rel='alternate' type='application/xml' title='Samenwerkende Catalogi' href='/feeds/sc.xml'>"
        site.page("/", html_page("Home", "<main><h1>Home</h1><p><a href='/a'>a</a> tekst genoeg voor een pagina.</p></main>", head))
        site.page("/a", html_page("A", "<main><h1>A</h1><p><a href='/b'>b</a> tekst genoeg voor een pagina.</p></main>"))
        site.page("/pdc/1", product_page("Paspoort"))
        summary = run_crawl(CrawlOptions(start_url=site.base + "/", db_path=str(tmp_path / "a.db"), max_depth=1,
                                         **fast_options()), echo=lambda line: None)
        rows = url_rows(tmp_path / "a.db")
        assert rows[f"{site.base}/pdc/1"]["source"] == "sc-feed" and rows[f"{site.base}/pdc/1"]["state"] == "fetched"
        assert (rows[f"{site.base}/b"]["state"], rows[f"{site.base}/b"]["reason"]) == ("skipped", "cap-depth")
        assert summary.counts["product_pages"] == 1
        given = run_crawl(CrawlOptions(start_url=site.base + "/", db_path=str(tmp_path / "b.db"),
                                       sc_feed=f"{site.base}/andere-feed.xml", **fast_options()), echo=lambda line: None)
        assert given.counts["product_pages"] == 0  # the given (empty) feed wins over the link in the page


def test_products_behind_one_query_path_are_not_a_link_trap(tmp_path: Path) -> None:
    """A legacy CMS serves every product as product.aspx?id=N from an overview: all are fetched."""
    with TestSite() as site:
        links = "".join(f"<li><a href='/pdc/product.aspx?id={n}'>Product {n}</a></li>" for n in range(80))
        site.page("/", html_page("Home", f"<main><h1>Alle producten</h1><ul>{links}</ul></main>"))
        for n in range(80):
            related = f"<a href='/pdc/product.aspx?id={(n + 1) % 80}'>Zie ook</a>"
            site.page(f"/pdc/product.aspx?id={n}", product_page(f"Product {n}", related))
        db = tmp_path / "legacy.db"
        run_crawl(CrawlOptions(start_url=site.base + "/", db_path=str(db), **fast_options()), echo=lambda line: None)
    rows = url_rows(db)
    assert not [url for url, row in rows.items() if row["reason"] == "link-trap"]
    assert sum(row["state"] == "fetched" for url, row in rows.items() if "product.aspx" in url) == 80
