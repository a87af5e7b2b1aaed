"""Section detection on every template municipal sites use (inline snippets, no network)."""

from __future__ import annotations

import time

import pytest

from structure_support import detect, page, resources

MODERN = """
<header class="site-header"><nav><a href="/">Home</a></nav></header>
<div class="wrapper"><main id="main"><h1>Parkeervergunning voor bewoners</h1>
<div class="intro"><p>Woont u in het centrum? Dan parkeert u met een vergunning in uw eigen straat.</p></div>
<h2>Hoe vraag ik het aan?</h2><p>Vul het <a href="/formulier">formulier</a> in.</p>
<h2>Voorwaarden</h2><ul><li>U woont in de wijk.</li></ul>
<h2>Tarieven 2026</h2><p>Een vergunning kost € 78 per jaar.</p>
<h2>Hoe lang duurt het?</h2><p>U krijgt binnen 2 weken bericht.</p>
<h2>Vragen?</h2><p>Bel 14 099.</p></main>
<aside class="direct-regelen"><h2>Direct regelen</h2><a href="https://loket.example/p">Vraag aan</a></aside>
<aside><h2>Contact</h2><p>Bel 14 099</p></aside></div>
<footer class="site-footer"><h2>Contact</h2></footer>
"""

ACCORDION = """
<main id="main"><h1>ID-kaart aanvragen</h1><div class="lead"><p>Met een ID-kaart kunt u reizen binnen Europa.</p></div>
<div class="button-row"><a class="btn" href="/afspraak">Maak een afspraak</a></div>
<div class="accordion__item"><h2 class="accordion__title"><button type="button" aria-expanded="false"
 aria-controls="panel-a" id="knop-a">Hoe vraag ik het aan?</button></h2>
<div class="accordion__panel" id="panel-a" role="region" hidden><p>Maak een afspraak.</p></div></div>
<div class="accordion__item"><h2><button aria-expanded="false" aria-controls="panel-k">Wat kost het?</button></h2>
<div id="panel-k" hidden><p>Een ID-kaart kost € 77,85.</p></div></div>
<details class="accordion"><summary>Hoe lang duurt het?</summary><p>U krijgt de kaart binnen 5 werkdagen.</p></details>
</main>
"""

TABS = """
<table class="layout"><tr><td class="menu"><a href="/">Home</a></td><td>
<div id="content"><h1 class="titel">Hondenbelasting</h1>
<table class="direct"><tr><td><b>Direct regelen</b><br><a href="/x">Aanmelden</a></td></tr></table>
<ul role="tablist"><li role="tab" id="t1" aria-controls="p1">Omschrijving</li><li role="tab" id="t2" aria-controls="p2">Tarieven</li>
<li role="tab" id="t3" aria-controls="p3">Afhandeling</li></ul>
<div role="tabpanel" id="p1"><p>Heeft u een hond? Dan betaalt u hondenbelasting aan de gemeente.</p></div>
<div role="tabpanel" id="p2" hidden><p>Tarief 2022: € 98,00 per hond.</p></div>
<div role="tabpanel" id="p3" hidden><p>U ontvangt de aanslag binnen vier weken.</p></div>
<p class="datum">Laatst gewijzigd: 14-02-2022</p></div></td></tr></table>
"""

DEFINITION_LIST = """
<div id="content"><h1>Huishoudelijke hulp</h1><dl class="productinfo">
<dt>Inleiding</dt><dd><p>Lukt het huishouden niet meer? De gemeente kan helpen met huishoudelijke hulp.</p></dd>
<dt>Procedure</dt><dd><p>Bel het Wmo-loket.</p></dd><dt>Eigen bijdrage</dt><dd><p>Maximaal € 19,00 per maand.</p></dd>
<dt>Inlichtingen</dt><dd><p>Wmo-loket, 14 099.</p></dd></dl></div>
"""

BOLD = """
<div id="content"><h1>Naamgebruik wijzigen</h1>
<p><strong>Wat is het?</strong><br>U kunt de achternaam van uw partner gebruiken. Dat regelt u bij de gemeente.</p>
<p><strong>Aanvraag</strong><br>Stuur het formulier op.</p>
<p><strong>Kosten</strong><br></p><ul><li>Gratis</li></ul>
<p><strong>Let op:</strong> dit is geen kop.</p>
<p><b>Bezwaar en beroep</b></p><p>Maak binnen 6 weken bezwaar.</p></div>
"""

TABLE_ROWS = """
<div id="content"><h1>Standplaats</h1><p>Wilt u op de markt staan? Dan heeft u een standplaatsvergunning nodig.</p>
<table><tr><th>Kosten</th><td>€ 62,50 per dag</td></tr><tr><th>Termijn</th><td>Binnen 8 weken</td></tr></table></div>
"""


def test_modern_headings_intro_and_sidebars() -> None:
    """h2 sections in <main>; the intro counts as wat_is_het; asides and the footer do not count."""
    result = detect(MODERN)
    assert result.order == ["wat_is_het", "aanvragen", "voorwaarden", "kosten", "termijn", "contact"]
    assert result.headings["kosten"] == "Tarieven 2026"
    assert result.headings["wat_is_het"] == ""
    assert result.missing == ["meenemen", "bezwaar"]
    assert result.pattern == "WAVKTC"
    assert result.section_text("kosten") == "Een vergunning kost € 78 per jaar."
    assert [link["href"] for link in result.main_links] == ["https://www.voorbeeldstad.nl/formulier"]


def test_aside_contact_box_is_not_a_section() -> None:
    """A "Contact" block in an aside is not a section of the main text, even inside <main>."""
    result = detect("<main><h1>Afval</h1><p>Zet uw container op tijd aan de straat, dan legen wij hem.</p>"
                    "<aside><h2>Contact</h2><p>Bel 14 099</p></aside></main>")
    assert "contact" not in result.headed
    assert "contact" in result.present  # ... but the page does tell where to ask (for the norm)


def test_accordion_buttons_and_details() -> None:
    """Accordion buttons (aria-controls) and details/summary open sections; text comes from the panel."""
    result = detect(ACCORDION)
    assert result.order == ["wat_is_het", "aanvragen", "kosten", "termijn"]
    assert result.section_text("kosten") == "Een ID-kaart kost € 77,85."
    assert result.section_text("termijn") == "U krijgt de kaart binnen 5 werkdagen."
    assert {section.kind for section in result.found} == {"intro", "button", "summary"}


def test_tabs_with_panels() -> None:
    """Tabs map to their panels through aria-controls; "Direct regelen" is furniture."""
    result = detect(TABS)
    assert result.order == ["wat_is_het", "kosten", "termijn"]
    assert result.section_text("kosten") == "Tarief 2022: € 98,00 per hond."
    assert result.unmapped == []


def test_definition_list() -> None:
    """dt opens a section, its dd holds the text."""
    result = detect(DEFINITION_LIST)
    assert result.order == ["wat_is_het", "aanvragen", "kosten", "contact"]
    assert result.section_text("aanvragen") == "Bel het Wmo-loket."


def test_bold_lead_ins() -> None:
    """A bold lead-in followed by <br> or alone in its paragraph is a heading; "Let op:" is not a section."""
    result = detect(BOLD)
    assert result.order == ["wat_is_het", "aanvragen", "kosten", "bezwaar"]
    assert result.section_text("aanvragen") == "Stuur het formulier op."
    assert result.section_text("kosten") == "Gratis"
    assert result.section_text("bezwaar") == "Maak binnen 6 weken bezwaar."


def test_table_row_headers() -> None:
    """Row headers of a product-info table open sections."""
    result = detect(TABLE_ROWS)
    assert result.order == ["wat_is_het", "kosten", "termijn"]
    assert result.section_text("termijn") == "Binnen 8 weken"


def test_short_intro_does_not_count() -> None:
    """A date line or a very short text under the title is no intro."""
    result = detect("<main><h1>Paspoort</h1><p>Laatst gewijzigd: 3 maart 2026</p><p>Zie hieronder.</p>"
                    "<h2>Kosten</h2><p>€ 84,70</p></main>")
    assert result.order == ["kosten"]


def test_unmapped_headings_are_reported() -> None:
    """Headings that carry no known section are listed, page furniture is not."""
    result = detect("<main><h1>Paspoort</h1><h2>Bijzondere situaties</h2><p>x</p><h2>Zie ook</h2></main>")
    assert result.unmapped == ["Bijzondere situaties"]


def test_empty_page() -> None:
    """An empty document gives no sections and no error."""
    result = detect("")
    assert result.present == [] and result.headed == []
    assert result.to_dict()["missing"] == list(resources().vocabulary.section_ids)


def test_to_dict_contract() -> None:
    """to_dict has the keys the engine and the store rely on."""
    data = detect(MODERN).to_dict()
    assert {"present", "headed", "missing", "told", "order", "headings", "pattern", "main_links"} <= set(data)
    assert data["main_links"][0] == {"href": "https://www.voorbeeldstad.nl/formulier", "text": "formulier"}


@pytest.mark.parametrize("html", [MODERN, ACCORDION, TABS, DEFINITION_LIST, BOLD])
def test_detection_is_fast(html: str) -> None:
    """Section detection stays well under 1 ms per typical page."""
    parsed = page(html)
    _ = parsed.content
    structure = resources()
    structure.detect(parsed)
    start = time.perf_counter()
    for _ in range(200):
        structure.detect(parsed)
    assert (time.perf_counter() - start) / 200 < 0.001
