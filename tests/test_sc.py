"""Samenwerkende Catalogi 4.0 feeds: the real SRU example and a site's own scproducten feed."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.sc import feed_links, is_sc_feed, parse_sc_feed

# A real SRU answer from the national SC search service; it lives in ../shared beside the
# checkout (we do not copy municipal text into the project).
SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "sc" / "sc-sample.xml"
SITE_FEED = b"""<?xml version='1.0' encoding='UTF-8'?>
<overheidproduct:scproducten xmlns:overheidproduct='http://standaarden.overheid.nl/product/terms/'
  xmlns:dcterms='http://purl.org/dc/terms/'>
 <overheidproduct:scproduct owms-version='4.0'><overheidproduct:meta><overheidproduct:owmskern>
  <dcterms:identifier>/producten/paspoort</dcterms:identifier><dcterms:title>Paspoort</dcterms:title>
 </overheidproduct:owmskern><overheidproduct:scmeta><overheidproduct:productID>7</overheidproduct:productID>
  <overheidproduct:onlineAanvragen>DigiD</overheidproduct:onlineAanvragen>
  <overheidproduct:aanvraagURL resourceIdentifier='https://loket.example/paspoort'>https://loket.example/paspoort</overheidproduct:aanvraagURL>
  <overheidproduct:uniformeProductnaam scheme='overheid:UniformeProductnaam'
    resourceIdentifier='http://standaarden.overheid.nl/owms/terms/paspoort'>paspoort</overheidproduct:uniformeProductnaam>
 </overheidproduct:scmeta></overheidproduct:meta></overheidproduct:scproduct>
</overheidproduct:scproducten>"""


@pytest.mark.skipif(not SAMPLE.exists(), reason="../shared/data/sc/sc-sample.xml is not beside this checkout")
def test_real_sru_example() -> None:
    claims = parse_sc_feed(SAMPLE.read_bytes(), "https://example.org/sru")
    assert len(claims) == 3
    first = claims[0]
    assert first["url"].startswith("https://www.denhaag.nl/")
    assert first["upl_uri"] == "http://standaarden.overheid.nl/owms/terms/bijzondere_bijstandsuitkering"
    assert first["online_aanvragen"] == "ja" and first["aanvraag_url"] is None and first["product_id"] == "135142"


def test_site_feed_with_aanvraag_url() -> None:
    [claim] = parse_sc_feed(SITE_FEED, "https://www.gemeente.example/samenwerkende-catalogi.xml")
    assert claim == {
        "url": "/producten/paspoort", "title": "Paspoort", "product_id": "7", "upl_name": "paspoort",
        "upl_uri": "http://standaarden.overheid.nl/owms/terms/paspoort", "online_aanvragen": "digid",
        "aanvraag_url": "https://loket.example/paspoort",
        "feed_url": "https://www.gemeente.example/samenwerkende-catalogi.xml",
    }
    assert is_sc_feed(SITE_FEED)


def test_garbage_is_no_feed() -> None:
    assert parse_sc_feed(b"<html><body>geen feed</body></html>", "x") == []
    assert parse_sc_feed(b"", "x") == []
    assert not is_sc_feed(b"\x00\x01")


def test_feed_link_in_head() -> None:
    html = ("<html><head><link rel='alternate' type='application/xml' title='Samenwerkende Catalogi' "
            "href='/sc/feed.xml'><link rel='alternate' title='RSS' href='/rss'></head><body></body></html>")
    assert feed_links(html, "https://www.gemeente.example/") == ["https://www.gemeente.example/sc/feed.xml"]
