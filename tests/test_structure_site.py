"""The site as its own norm: dominant_structure and the structuur.afwijkend-patroon check."""

from __future__ import annotations

from audit.checks.structure import check_site_deviation
from audit.structure import SiteStructureReport, dominant_structure
from rule_support import as_read
from structure_support import facts, resources

USUAL = ["wat_is_het", "aanvragen", "kosten", "termijn", "contact"]
PATTERNS = {f"https://gemeente.nl/p{i}": USUAL for i in range(8)}
PATTERNS["https://gemeente.nl/zonder-termijn"] = ["wat_is_het", "aanvragen", "kosten", "contact"]
PATTERNS["https://gemeente.nl/andere-volgorde"] = ["wat_is_het", "kosten", "aanvragen", "termijn", "contact"]


def test_dominant_structure_and_deviations() -> None:
    """The usual structure is named; a page without termijn is told to add it, with the share."""
    report = dominant_structure(PATTERNS, labels=resources().labels,
                                unmapped={"https://gemeente.nl/zonder-termijn": ["Wachttijd en planning"]})
    assert report.dominant == tuple(USUAL)
    assert set(report.deviations) == {"https://gemeente.nl/zonder-termijn", "https://gemeente.nl/andere-volgorde"}
    missing = report.deviations["https://gemeente.nl/zonder-termijn"]
    assert missing.missing == ("termijn",)
    assert missing.advice[0] == "Voeg het deel 'Hoe lang duurt het?' toe: 90% van de productpagina's heeft het."
    assert "'Wachttijd en planning'" in missing.advice[1]  # rename instead of add
    order = report.deviations["https://gemeente.nl/andere-volgorde"]
    assert order.order_differs and order.missing == () and "gebruikelijke volgorde" in order.advice[0]
    assert report.groups[0]["sections"] == USUAL and report.groups[0]["pages"] == 8


def test_synonym_headings_do_not_deviate() -> None:
    """Patterns are section ids: "Tarieven 2022" is kosten, so the page follows the norm."""
    report = dominant_structure({**PATTERNS, "https://gemeente.nl/tarieven": USUAL})
    assert "https://gemeente.nl/tarieven" not in report.deviations


def test_rare_sections_are_mentioned_not_required() -> None:
    """A section few pages have is not part of the norm; on a deviating page it is mentioned gently."""
    patterns = {**PATTERNS, "https://gemeente.nl/x": ["wat_is_het", "aanvragen", "meenemen", "kosten", "contact"]}
    report = dominant_structure(patterns)
    assert "meenemen" not in report.dominant
    assert report.deviations["https://gemeente.nl/x"].rare == ("meenemen",)


def test_too_few_pages() -> None:
    """With fewer pages than the minimum no norm is set and nobody deviates."""
    report = dominant_structure({"a": USUAL, "b": ["kosten"]})
    assert report.dominant == () and report.deviations == {} and "Te weinig" in report.to_text()


def test_report_round_trip_and_check_kind() -> None:
    """The stored report (to_dict) drives the check; without a report only the order is checked."""
    report = dominant_structure(PATTERNS, labels=resources().labels)
    stored = report.to_dict()
    again = SiteStructureReport.from_dict(stored, labels=resources().labels)
    assert again.dominant == report.dominant and set(again.deviations) == set(report.deviations)
    html = ("<main><h1>X</h1><p>Dit is de inleiding van deze productpagina over iets.</p>"
            "<h2>Aanvragen</h2><p>a</p><h2>Kosten</h2><p>€ 5</p><h2>Contact</h2><p>14 099</p></main>")
    page_facts = facts(html, site_structure=again)
    [finding] = as_read("structuur.afwijkend-patroon", check_site_deviation(page_facts, {}))
    assert "Hoe lang duurt het?" in finding.suggestion
    page_facts = facts(html, site_structure=report)
    assert check_site_deviation(page_facts, {})  # the report as computed works the same
    usual_order = list(resources().vocabulary.section_ids)
    assert check_site_deviation(facts(html), {"fallback_order": usual_order}) == []
    swapped = html.replace("<h2>Aanvragen</h2><p>a</p><h2>Kosten</h2><p>€ 5</p>",
                           "<h2>Kosten</h2><p>€ 5</p><h2>Aanvragen</h2><p>a</p>")
    [finding] = check_site_deviation(facts(swapped), {"fallback_order": usual_order})
    assert finding.location == "kop 'Kosten'"
