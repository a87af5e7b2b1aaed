"""The one block walker: chrome out, headings/list items/cells as blocks, accordions and tabs in."""

from __future__ import annotations

import re

import pytest

from wmebv.core.blocks import Block
from wmebv.core.page import ParsedPage, RegionRules, parse_html
from wmebv.core.paths import rules_dir


@pytest.fixture(scope="module")
def rules() -> RegionRules:
    """The region and text rules from rules/page.yml and rules/text/."""
    return RegionRules.load()


def page(html: str, rules: RegionRules) -> ParsedPage:
    """A parsed page."""
    return ParsedPage("https://example.nl/p", parse_html(html), rules)


def blocks(html: str, rules: RegionRules) -> list[Block]:
    """The running text of a page's main text, as blocks."""
    return page(html, rules).text.reading


FILLER = "<p>" + "Dit is gewone tekst over het product. " * 6 + "</p>"


def test_chrome_and_furniture_are_left_out(rules: RegionRules) -> None:
    """Navigation, cookie banner, footer, feedback and 'last modified' lines are not page text."""
    html = (
        "<html><body><div class='cookiebanner'><p>Wij gebruiken cookies.</p></div>"
        "<header><nav><ul><li>Inwoners</li><li>Ondernemen</li></ul></nav></header>"
        f"<main><h1>Afvalpas</h1>{FILLER}<p class='laatst-gewijzigd'>Laatst gewijzigd: 1 mei 2026</p>"
        "<div class='feedback'><p>Was deze informatie nuttig?</p><button>Ja</button></div>"
        "<nav aria-label='Pagina-inhoud' hidden><a href='#a'>Naar kosten</a></nav></main>"
        "<footer><p>Privacyverklaring</p></footer></body></html>"
    )
    text = " ".join(b.text for b in blocks(html, rules))
    for unwanted in ("cookies", "Inwoners", "Laatst gewijzigd", "nuttig", "Naar kosten", "Privacy"):
        assert unwanted not in text
    assert text.startswith("Afvalpas Dit is gewone tekst")


def test_headings_list_items_and_cells_are_separate_blocks(rules: RegionRules) -> None:
    """A heading, an intro ending in a colon, list items and table cells are each their own block."""
    html = (f"<main><h1>Paspoort</h1>{FILLER}<h2>Wat kost het</h2><p>Dit zijn de kosten:</p>"
            "<ul><li>paspoort volwassene</li><li>paspoort <strong>kind</strong></li></ul>"
            "<table><tr><th>Product</th><th>Prijs</th></tr><tr><td>Paspoort</td><td>€ 84,70</td></tr></table>"
            "</main>")
    found = [(b.kind, b.text) for b in blocks(html, rules) if b.kind != "paragraph" or "kosten" in b.text]
    assert found == [
        ("heading", "Paspoort"), ("heading", "Wat kost het"), ("paragraph", "Dit zijn de kosten:"),
        ("list_item", "paspoort volwassene"), ("list_item", "paspoort kind"),
        ("cell", "Product"), ("cell", "Prijs"), ("cell", "Paspoort"), ("cell", "€ 84,70"),
    ]
    assert all(b.heading == "Wat kost het" for b in blocks(html, rules)[-7:])


def test_accordion_panels_and_details_are_text(rules: RegionRules) -> None:
    """Closed accordion panels (hidden) and <details> are part of the text, under their heading."""
    html = (f"<main><h1>Kapvergunning</h1>{FILLER}"
            "<h2><button aria-expanded='false' aria-controls='p1'>Wat kost het?</button></h2>"
            "<div id='p1' hidden><p>De vergunning kost € 75.</p></div>"
            "<details><summary>Hoe lang duurt het?</summary><p>U krijgt binnen 8 weken bericht.</p></details>"
            "</main>")
    found = [(b.kind, b.text, b.heading) for b in blocks(html, rules)][-4:]
    assert found == [
        ("heading", "Wat kost het?", "Wat kost het?"),
        ("paragraph", "De vergunning kost € 75.", "Wat kost het?"),
        ("heading", "Hoe lang duurt het?", "Hoe lang duurt het?"),
        ("paragraph", "U krijgt binnen 8 weken bericht.", "Hoe lang duurt het?"),
    ]


def test_tabs_get_their_label_as_heading(rules: RegionRules) -> None:
    """The tab list itself is skipped; each panel is headed by the tab that labels it."""
    html = ("<html><body><div id='content'><h1>Hondenbelasting</h1>" + FILLER +
            "<ul role='tablist'><li><a role='tab' id='t1'>Kosten</a></li><li><a role='tab' id='t2'>Termijn</a></li></ul>"
            "<div role='tabpanel' aria-labelledby='t1'><p>U betaalt € 90 per hond.</p></div>"
            "<div role='tabpanel' aria-labelledby='t2' hidden><p>U krijgt de aanslag in maart.</p></div>"
            "</div></body></html>")
    found = [(b.kind, b.text, b.heading) for b in blocks(html, rules)][-4:]
    assert found == [
        ("heading", "Kosten", "Kosten"), ("paragraph", "U betaalt € 90 per hond.", "Kosten"),
        ("heading", "Termijn", "Termijn"), ("paragraph", "U krijgt de aanslag in maart.", "Termijn"),
    ]


def test_bold_lead_in_and_broken_lines(rules: RegionRules) -> None:
    """"<strong>Kosten</strong><br>" is a heading; a sentence broken by <br> is joined again."""
    html = (f"<html><body><div id='content'><h1>Leges</h1>{FILLER}"
            "<p><strong>Kosten</strong><br>U betaalt € 12,50.</p>"
            "<p>U kunt dit aanvragen<br>bij de balie.</p></div></body></html>")
    found = [(b.kind, b.text) for b in blocks(html, rules)][-3:]
    assert found == [("heading", "Kosten"), ("paragraph", "U betaalt € 12,50."),
                     ("paragraph", "U kunt dit aanvragen bij de balie.")]


def test_definition_list(rules: RegionRules) -> None:
    """<dt> is a heading, <dd> its text."""
    html = (f"<html><body><div id='content'><h1>Leges</h1>{FILLER}"
            "<dl><dt>Kosten</dt><dd>Het is gratis.</dd></dl></div></body></html>")
    assert [(b.kind, b.text) for b in blocks(html, rules)][-2:] == [("heading", "Kosten"),
                                                                    ("paragraph", "Het is gratis.")]


def test_readability_fallback_without_content_region() -> None:
    """A page without <main>/#content/article: readability finds the main text, not the menu."""
    from audit.language import load_language_resources

    resources = load_language_resources(rules_dir(), {}, frequencies={})
    text = "De gemeente haalt uw grofvuil op. U maakt daarvoor een afspraak. " * 5
    html = ("<html><body><div class='menu'><a href='/'>Home</a> <a href='/a'>Afval</a></div>"
            f"<div class='tekst'><p>{text}</p><p>{text}</p></div></body></html>")
    parsed = ParsedPage("https://example.nl/p", parse_html(html), RegionRules.load())
    result = resources.analyse(parsed)
    assert result.source == "readability"
    assert result.sentences and all("Home" not in s.text for s in result.sentences)


# -- the sample municipality: every template ------------------------------------------------

def _plain(markdown: str) -> list[str]:
    """The sentences' first words of a Markdown-light section, to look for in the extracted text."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown)
    lines = [line.strip().removeprefix("- ") for line in text.splitlines() if line.strip()]
    return [" ".join(line.split()[:4]) for line in lines]


@pytest.fixture(scope="module")
def sample_site():  # type: ignore[no-untyped-def]
    """The rendered sample site."""
    from wmebv.sample.site import build_site

    return build_site("http://127.0.0.1:8080")


def _products_by_template(site) -> list:  # type: ignore[no-untyped-def]
    """One product per template and legacy style (tabs, dl, bold)."""
    chosen: dict[str, object] = {}
    for product in site.products:
        if product.js_only or product.extra_html:
            continue
        key = product.template + (f"-{product.legacy_style}" if product.template == "legacy" else "")
        chosen.setdefault(key, product)
    return list(chosen.values())


def test_sample_templates_extract_all_sections_and_no_chrome(sample_site, rules: RegionRules) -> None:  # type: ignore[no-untyped-def]
    """On modern, accordion and legacy (tabs, dl, bold) pages every section's text is found, chrome is not."""
    products = _products_by_template(sample_site)
    assert {p.template for p in products} == {"modern", "accordion", "legacy"}
    for product in products:
        html = sample_site.site[product.path].body.decode("utf-8")
        found = blocks(html, rules)
        text = " ".join(" ".join(b.text.split()) for b in found)
        for section, body in product.sections.items():
            for start in _plain(body):
                assert start in text, f"{product.slug} ({product.template}): '{start}' from {section} missing"
        for chrome in ("Wij gebruiken alleen functionele", "Privacyverklaring", "Producten en diensten",
                       "Laatst gewijzigd", "Direct naar de inhoud"):
            assert chrome not in text, f"{product.slug} ({product.template}): chrome '{chrome}' in text"
