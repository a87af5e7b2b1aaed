"""Crawler parts without network: URLs, page parts, recognition, clusters, sitemaps, site config, reports."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from crawler.clusters import assign_cluster
from crawler.inventory import Describer, describe_page
from crawler.options import CrawlOptions, CrawlSummary
from crawler.report import format_coverage
from crawler.robots import RobotsRules
from crawler.sitemaps import parse_sitemap
from crawler.urls import DOCUMENT, EXCLUDED, PAGE, SKIP, LinkPolicy, normalize_url, site_hosts
from wmebv.core.errors import UserError
from wmebv.core.pageparts import extract
from wmebv.core.recognition import recognise, section_ids
from wmebv.core.siteconfig import load_site_config, merge
from wmebv.core.store import Store
from wmebv.core.upl import UplMatcher

CONFIG = load_site_config()


@pytest.fixture(scope="module")
def describer() -> Describer:
    """The default describer."""
    return Describer(CONFIG, UplMatcher.default())


def test_normalize_url() -> None:
    assert normalize_url("/a/../b?utm_source=x&id=2#top", "http://WWW.Gemeente.nl:80/", frozenset({"utm_source"})) == \
        "http://www.gemeente.nl/b?id=2"
    assert normalize_url("mailto:info@gemeente.nl") is None
    assert normalize_url("javascript:void(0)") is None


def test_site_hosts_and_link_kinds() -> None:
    hosts = site_hosts("https://www.gemeente.nl/", ("loket.gemeente.nl",))
    assert hosts == {"www.gemeente.nl", "gemeente.nl", "loket.gemeente.nl"}
    policy = LinkPolicy(hosts, CONFIG)
    assert policy.on_site("http://gemeente.nl/x") and not policy.on_site("https://andere.nl/")
    assert policy.kind("https://gemeente.nl/formulier.PDF") == DOCUMENT
    assert policy.kind("https://gemeente.nl/logo.png") == SKIP
    assert policy.kind("https://gemeente.nl/zoeken?q=afval") == EXCLUDED
    assert policy.kind("https://gemeente.nl/producten/paspoort") == PAGE


def test_the_site_is_its_hosts_and_ports() -> None:
    """Another port of the site's host is another (internal) server, not the site."""
    policy = LinkPolicy(site_hosts("https://www.gemeente.nl/"), CONFIG)
    assert policy.on_site("https://www.gemeente.nl:443/a") and policy.on_site("http://www.gemeente.nl/a")
    assert not policy.on_site("http://www.gemeente.nl:6379/") and not policy.on_site("https://gemeente.nl:8443/")
    local = LinkPolicy(site_hosts("http://127.0.0.1:8000/", ["localhost"]), CONFIG)
    assert local.on_site("http://127.0.0.1:8000/x") and local.on_site("http://localhost:8000/x")
    assert not local.on_site("http://127.0.0.1:6379/") and not local.on_site("http://127.0.0.1/")


def test_extract_reads_structures_of_three_templates() -> None:
    html = """<html><head><title>Kapvergunning | Gemeente</title><meta name="DCTERMS.type" content="productbeschrijving">
    <link rel="alternate" title="Samenwerkende Catalogi" href="/sc.xml"></head><body>
    <nav class="breadcrumb"><a href="/">Home</a><a href="/wonen">Wonen</a></nav>
    <h1>Kapvergunning</h1><button aria-expanded="false">Wat kost het?</button><details><summary>Voorwaarden</summary></details>
    <dl><dt>Termijn</dt><dd>8 weken</dd></dl><p><strong>Bezwaar</strong><br>Binnen 6 weken.</p>
    <div role="tab">Aanvragen</div><a href="/formulier.pdf">Formulier</a></body></html>"""
    parts = extract(html)
    assert parts.h1 == "Kapvergunning" and parts.breadcrumb == ("Home", "Wonen")
    assert set(section_ids(parts.headings, CONFIG.recognition["section_headings"])) == \
        {"aanvragen", "voorwaarden", "kosten", "termijn", "bezwaar"}
    assert parts.feed_links == (("Samenwerkende Catalogi", "/sc.xml"),)
    assert parts.meta["DCTERMS.type"] == "productbeschrijving"


def test_extract_reads_html_embedded_as_json() -> None:
    html = ('<html><body><div id="app"></div><script type="application/json" id="d">{"html": '
            '"<h1>Grofvuil</h1><h2>Wat kost het?</h2><a href=\\"/x\\">x</a>"}</script></body></html>')
    parts = extract(html)
    assert parts.h1 == "Grofvuil" and "Wat kost het?" in parts.headings
    assert any(link.href == "/x" for link in parts.links)


@pytest.mark.parametrize(("path", "html", "expected"), [
    ("/nieuws/bibliotheek", "<h1>Nieuwe bibliotheek</h1><h2>Kosten</h2><h2>Aanvragen</h2><h2>Termijn</h2>", False),
    ("/contact", "<h1>Contact</h1><h2>Hoe werkt het?</h2><h2>Kosten</h2><h2>Termijn</h2>", False),
    ("/wonen/iets", "<h1>Iets</h1><h2>Hoe werkt het?</h2><h2>Kosten</h2><h2>Hoe lang duurt het?</h2>", True),
    ("/producten/paspoort/meer", "<h1>Meer over het paspoort</h1><p>Achtergrond.</p>", False),
    ("/pdc/hondenbelasting", "<h1>Hondenbelasting</h1><aside class='direct-regelen'><a href='/x'>Vraag aan</a></aside>", True),
])
def test_recognition(describer: Describer, path: str, html: str, expected: bool) -> None:
    parts = extract(f"<html><body><main>{html}</main></body></html>")
    upl = describer.matcher.match(parts.h1)
    verdict = recognise(path, parts, in_sc_feed=False, upl=upl, config=CONFIG)
    assert verdict.is_product is expected, verdict.reason
    assert verdict.reason


def test_sc_feed_overrides_exclusion_and_gives_upl(describer: Describer) -> None:
    parts = extract("<html><body><h1>Contact opnemen</h1></body></html>")
    claim = {"upl_uri": "http://standaarden.overheid.nl/owms/terms/klacht", "upl_name": "klacht"}
    row = describe_page("https://g.nl/contact", parts, claim, describer)
    assert row["is_product"] == 1 and row["upl_name"] == "klacht" and row["upl_confidence"] == 1.0
    assert "Samenwerkende Catalogi" in row["product_reason"] and row["cluster"]


@pytest.mark.parametrize(("path", "crumbs", "upl", "cluster"), [
    ("/inwoners/afval-en-straat/grofvuil", (), None, "openbare-ruimte"),
    ("/x/y", ("Home", "Werk en inkomen", "Bijstand"), None, "sociaal-domein"),
    ("/producten/a", (), "hondenbelasting", "belastingen"),
    ("/producten/b", (), None, "burgerzaken"),
])
def test_cluster_mapping(path: str, crumbs: tuple[str, ...], upl: str | None, cluster: str) -> None:
    found, reason = assign_cluster(path, crumbs, upl, "", CONFIG.clusters)
    assert found == cluster and reason


def test_sitemap_index_and_gzip() -> None:
    index = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://g/s1.xml.gz</loc></sitemap></sitemapindex>'
    urlset = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://g/a</loc></url></urlset>'
    assert parse_sitemap(index).is_index and parse_sitemap(index).urls == ("http://g/s1.xml.gz",)
    content = parse_sitemap(gzip.compress(urlset))
    assert content is not None and not content.is_index and content.urls == ("http://g/a",)
    assert parse_sitemap(b"<html>geen sitemap</html>") is None and parse_sitemap(b"\x1f\x8bkapot") is None


def test_robots_rules() -> None:
    robots = RobotsRules("User-agent: *\nDisallow: /intern/\nCrawl-delay: 2\nSitemap: http://g/s.xml\n")
    assert not robots.allows("http://g/intern/x") and robots.allows("http://g/x")
    assert robots.crawl_delay() == 2.0 and robots.sitemaps() == ["http://g/s.xml"]
    assert RobotsRules("User-agent: *\nDisallow: /\n").blocks_everything("http://g")
    assert RobotsRules("").crawl_delay() == 0.0


def test_site_config_merges_and_rejects_unknown_keys(tmp_path: Path) -> None:
    own = tmp_path / "site.yml"
    own.write_text("crawl:\n  allowed_hosts: [loket.gemeente.nl]\nrecognition:\n  product_url_patterns: ['/pdc/']\n"
                   "replace: [recognition.product_url_patterns]\n", encoding="utf-8")
    config = load_site_config(own)
    assert config.crawl["allowed_hosts"] == ["loket.gemeente.nl"]
    assert [p.pattern for p in config.product_patterns] == ["/pdc/"]
    assert len(config.non_product_patterns) == len(CONFIG.non_product_patterns)
    bad = tmp_path / "fout.yml"
    bad.write_text("crawlen: {}\n", encoding="utf-8")
    with pytest.raises(UserError, match="Onbekende sleutel"):
        load_site_config(bad)
    assert merge({"a": [1], "b": {"c": 1}}, {"a": [2], "b": {"d": 2}}) == {"a": [1, 2], "b": {"c": 1, "d": 2}}


def test_options_round_trip_and_user_agent() -> None:
    options = CrawlOptions(start_url="https://g.nl/", db_path="x.db", allowed_hosts=("a",), contact="web@g.nl")
    assert CrawlOptions.from_json(options.to_json()) == options
    assert "web@g.nl" in options.identifying_user_agent() and "wmebv-audit" in options.identifying_user_agent()
    assert options.cache_dir().name == "x.db.httpcache"


def test_summary_and_coverage_in_dutch(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        crawl = store.crawls.start("https://g.nl", "https://g.nl/", {})
        store.frontier.enqueue(crawl, [{"url": "https://g.nl/"}, {"url": "https://g.nl/intern", "state": "skipped", "reason": "robots"},
                                   {"url": "https://g.nl/stuk", "state": "failed", "reason": "http-500"}])
        report = format_coverage(store, crawl)
    assert "verboden door robots.txt: 1" in report and "HTTP-fout 500: 1" in report and "https://g.nl/intern" in report
    assert "Nog niet opgehaald:   1" in report
    summary = CrawlSummary(crawl_id=1, status="interrupted", counts={"pages_fetched": 3}, elapsed=75.0, db_path="a.db",
                           coverage=[{"state": "failed", "reason": "timeout", "urls": 2}])
    text = summary.format_nl()
    assert "onderbroken" in text and "1 minuten en 15 seconden" in text and "--resume" in text
    assert "geen antwoord binnen de tijdslimiet: 2" in text


def test_page_title_is_the_h1_not_the_browser_title() -> None:
    """Worklists show the name a reader sees on the page, without the site's suffix."""
    from crawler.inventory import Describer, describe_page
    from wmebv.core.pageparts import PageParts
    from wmebv.core.siteconfig import load_site_config
    from wmebv.core.upl import UplMatcher

    parts = PageParts(title="Paspoort aanvragen | Gemeente Teststad", h1="Paspoort aanvragen")
    describer = Describer(config=load_site_config(None), matcher=UplMatcher.default())
    row = describe_page("http://127.0.0.1/producten/paspoort", parts, None, describer)
    assert row["title"] == "Paspoort aanvragen"
