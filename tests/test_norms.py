"""The service-norm check kinds (audit/checks/norms.py), each with passing and failing pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from audit.channels import Channel, ChannelResult
from audit.checks import norms
from audit.structure import load_structure_resources
from audit.verdict import Verdict
from rule_support import as_read
from structure_support import facts
from wmebv.core.errors import UserError
from wmebv.core.paths import rules_dir


def run(check, html: str, params: dict | None = None, **kwargs) -> list:
    """Run one check kind on a snippet."""
    return check(facts(html, **kwargs), params or {})


@pytest.mark.parametrize("html", [
    "<main><h1>X</h1><p>U krijgt binnen 8 weken een besluit.</p></main>",
    "<main><h1>X</h1><p>Wij behandelen uw aanvraag binnen 5 werkdagen.</p></main>",
    "<main><h1>X</h1><p>U krijgt uw uittreksel meestal direct mee.</p></main>",
    "<main><h1>X</h1><h2>Hoe lang duurt het?</h2><p>Twee maanden.</p></main>",
    "<main><h1>X</h1><h2>Termijn</h2><p>Op het bezwaarschrift wordt binnen het lopende belastingjaar beslist.</p></main>",
])
def test_processing_time_stated(html: str) -> None:
    """A duration about processing, or a termijn section with any duration, passes."""
    assert run(norms.check_processing_time, html) == []


@pytest.mark.parametrize("html", [
    "<main><h1>X</h1><p>Maak binnen 6 weken bezwaar.</p></main>",
    "<main><h1>X</h1><p>De vergunning is 5 jaar geldig.</p></main>",
    "<main><h1>X</h1><p>Binnen 3 werkdagen nemen wij contact met u op.</p></main>",
    '<main><h1>X</h1><a class="button" href="/x">Direct regelen</a></main>',
])
def test_processing_time_missing(html: str) -> None:
    """An objection deadline, a validity period or a call-back time is no processing time."""
    findings = as_read("norm.geen-termijn", run(norms.check_processing_time, html))
    assert len(findings) == 1 and "Hoe lang duurt het?" in findings[0].suggestion


def test_processing_time_points_at_the_empty_termijn_section() -> None:
    """A termijn heading without a duration: the finding points at that heading."""
    [finding] = run(norms.check_processing_time, "<main><h1>X</h1><h2>Doorlooptijd</h2><p>Dat verschilt.</p></main>")
    assert finding.location == "kop 'Doorlooptijd'" and finding.evidence == "Dat verschilt."


@pytest.mark.parametrize(("html", "ok"), [
    ("<p>Het kost € 12,50.</p>", True), ("<p>Dit is gratis.</p>", True), ("<p>Er zijn geen kosten.</p>", True),
    ("<p>Er worden geen leges in rekening gebracht.</p>", True), ("<p>Het kost 25 euro.</p>", True),
    ("<h2>Kosten</h2><p>Zie de legesverordening.</p>", False), ("<p>Kom naar de balie.</p>", False),
])
def test_costs(html: str, ok: bool) -> None:
    """An amount or "gratis" passes; a kosten section without an amount fails at that heading."""
    findings = run(norms.check_costs, f"<main><h1>X</h1>{html}</main>")
    assert (findings == []) is ok
    if "<h2>" in html:
        assert findings[0].location == "kop 'Kosten'"


@pytest.mark.parametrize(("html", "ok"), [
    ("<main><h1>X</h1><p>Bel 14 099.</p></main>", True),
    ("<main><h1>X</h1><p>Bel 0570 - 693 333.</p></main>", True),
    ("<main><h1>X</h1><p>Mail naar info@voorbeeldstad.nl.</p></main>", True),
    ("<main><h1>X</h1><h2>Contact</h2><p>Kom langs.</p></main>", True),
    ('<main><h1>X</h1><p>Stuur een bericht via het <a href="/contact">contactformulier</a>.</p></main>', True),
    ("<main><h1>X</h1><p>Kom langs.</p></main><aside><p>Telefoon 14 099</p></aside>", True),
    ("<main><h1>X</h1><p>Kom langs.</p></main><footer><p>Telefoon 14 099</p></footer>", False),
])
def test_contact_point(html: str, ok: bool) -> None:
    """Phone, e-mail, a contact section or link, or a sidebar box count; the site footer does not."""
    assert (run(norms.check_contact_point, html) == []) is ok


@pytest.mark.parametrize(("upl", "applies", "html", "ok"), [
    ({"aanvraag": True}, None, "<h2>Bezwaar en beroep</h2><p>Schrijf ons.</p>", True),
    ({"aanvraag": True}, None, "<p>Bent u het niet eens met het besluit? Dan kunt u een bezwaarschrift sturen.</p>", True),
    ({"aanvraag": True}, None, "<p>Vraag het online aan.</p>", False),
    ({"aanvraag": False, "melding": True}, True, "<p>Doe de melding online.</p>", False),
    (None, False, "<p>Het afval wordt op maandag opgehaald.</p>", True),
    (None, None, "<p>Vraag het online aan.</p>", True),
])
def test_objection_route(upl: dict | None, applies: bool | None, html: str, ok: bool) -> None:
    """A page about a formal message (UPL aanvraag, or the WMEBV applies) tells how to object or complain."""
    verdict = Verdict(applies, "", "", "")
    findings = run(norms.check_objection_route, f"<main><h1>X</h1>{html}</main>", upl=upl, verdict=verdict)
    assert (findings == []) is ok


def test_page_about_objecting_tells_the_way_beyond_it() -> None:
    """On a page about objecting, the objection is the product: the appeal or the ombudsman is what it should tell."""
    html = "<main><h1>Bezwaar maken</h1><p>Stuur uw bezwaarschrift binnen 6 weken.</p></main>"
    findings = as_read("norm.geen-bezwaar", run(norms.check_objection_route, html, upl={"aanvraag": True}))
    assert len(findings) == 1 and "beslissing op uw bezwaar" in findings[0].message
    appeal = ("<main><h1>Bezwaar maken</h1><p>Stuur uw bezwaarschrift binnen 6 weken.</p>"
              "<p>Bent u het niet eens met de beslissing? Dan kunt u in beroep gaan bij de rechtbank.</p></main>")
    assert run(norms.check_objection_route, appeal, upl={"aanvraag": True}) == []


@pytest.mark.parametrize(("html", "count"), [
    ("<h2>Tarieven 2022</h2><p>€ 98</p>", 1),
    ("<p>In 2023 kost een paspoort € 80.</p>", 1),
    ("<p>Tarief 2021: € 12,80.</p>", 1),
    ("<p>€ 48,20 (tarief 2020)</p>", 1),
    ("<h2>Tarieven 2026</h2><p>€ 98. Sinds 2015 hebben we een milieustraat.</p>", 0),
    ("<p>Laatst gewijzigd: 14-02-2022</p><p>€ 98</p>", 1),
    ("<p>Laatst gewijzigd: 3 maart 2025</p><p>€ 98</p>", 0),
])
def test_outdated_text(html: str, count: int) -> None:
    """Prices of an earlier year and an old "Laatst gewijzigd" date are flagged; other years are not."""
    assert len(run(norms.check_outdated, f"<main><h1>X</h1>{html}</main>")) == count


def test_outdated_meta_and_server_date_and_setting() -> None:
    """DCTERMS.modified or the server's date count; the allowed age is a setting and a rule param."""
    meta = ('<html><head><meta name="DCTERMS.modified" content="2024-06-01"></head>'
            "<body><main><h1>X</h1><p>€ 5</p></main></body></html>")
    assert run(norms.check_outdated, meta) == []  # under three years (the default)
    assert len(run(norms.check_outdated, meta, {"max_age_days": 365})) == 1
    plain = "<main><h1>X</h1><p>€ 5</p></main>"
    assert len(run(norms.check_outdated, plain, last_modified=date(2020, 1, 1))) == 1
    assert run(norms.check_outdated, plain, last_modified=date(2026, 1, 1)) == []


def test_structure_settings_from_profile_and_unknown_key() -> None:
    """A profile's structure: block overrides the defaults; an unknown key is refused in Dutch."""
    loaded = load_structure_resources(rules_dir(), {"max_modified_age_days": 365})
    assert loaded.settings.max_modified_age_days == 365
    assert load_structure_resources(rules_dir(), {}).settings.max_modified_age_days == 1095
    with pytest.raises(UserError, match="Onbekende instelling"):
        load_structure_resources(rules_dir(), {"max_age": 1})
    with pytest.raises(UserError):
        load_structure_resources(Path("/nonexistent"), {})


def Channels(kinds: list[str], status: str = "digital") -> ChannelResult:
    """A channels result with one linked channel of each kind (its status follows from the kinds)."""
    result = ChannelResult(tuple(Channel(kind=kind, url=f"https://loket.example/{kind}") for kind in kinds))
    assert result.status == status
    return result


@pytest.mark.parametrize(("kinds", "status", "count"), [
    (["webform", "paper_form"], "digital", 0), (["webform"], "digital", 1), (["paper_form"], "paper_only", 1),
    (["appointment"], "in_person_only", 0), ([], "none", 0),
])
def test_multiple_channels(kinds: list[str], status: str, count: int) -> None:
    """One channel is flagged; counter-only products (by law) and pages without channels are not."""
    params = {"min_channels": 2, "skip_statuses": ["in_person_only"]}
    html = "<main><h1>X</h1><p>Tekst.</p></main>"
    assert len(run(norms.check_multiple_channels, html, params, channels=Channels(kinds, status))) == count
    assert run(norms.check_multiple_channels, html, params) == []  # channel analysis did not run


@pytest.mark.parametrize(("upl", "html", "params", "ok"), [
    ({"sdg": ["D1"]}, '<p><a href="/en/moving" hreflang="en">Read this page in English</a></p>', {}, True),
    ({"sdg": ["D1"]}, '<p><a href="/english/moving">English</a></p>', {}, True),
    ({"sdg": ["D1"]}, "<p>Spreekt u geen Nederlands? Vraag een tolk.</p>", {}, False),
    ({"sdg": ["D1"]}, "<p>Alleen Nederlands.</p>", {}, False),
    ({"sdg": []}, "<p>Alleen Nederlands.</p>", {}, True),
    ({"sdg": []}, "<p>Alleen Nederlands.</p>", {"only_sdg": False}, False),
    ({"sdg": []}, "<p>Spreekt u geen Nederlands? Vraag een tolk.</p>", {"only_sdg": False}, True),
])
def test_other_language(upl: dict, html: str, params: dict, ok: bool) -> None:
    """SDG products link to another language; with only_sdg off, interpreter help counts for the rest."""
    assert (run(norms.check_other_language, f"<main><h1>X</h1>{html}</main>", params, upl=upl) == []) is ok


def test_language_switch_in_header_counts() -> None:
    """A language switch in the page header (chrome) still counts: the whole page is searched."""
    html = ('<html><head><link rel="alternate" hreflang="en" href="/en/x"></head><body>'
            "<main><h1>X</h1><p>Tekst.</p></main></body></html>")
    assert run(norms.check_other_language, html, upl={"sdg": ["A1"]}) == []


@pytest.mark.parametrize(("upl", "html", "ok"), [
    ({"sdg": ["D1"]}, '<form class="feedback"><legend>Heeft u gevonden wat u zocht?</legend></form>', True),
    ({"sdg": ["D1"]}, "<p>Was deze informatie nuttig? Ja / Nee</p>", True),
    ({"sdg": ["D1"]}, "<p>Tekst.</p>", False),
    ({"sdg": []}, "<p>Tekst.</p>", True),
])
def test_feedback(upl: dict, html: str, ok: bool) -> None:
    """SDG product pages need a feedback possibility."""
    assert (run(norms.check_feedback, f"<main><h1>X</h1>{html}</main>", upl=upl) == []) is ok


def test_dead_links() -> None:
    """Dead links in the main text are flagged (link check or a href that cannot work); channel links are not."""
    html = ('<main><h1>X</h1><p><a href="/oud">oude pagina</a> <a href="/goed">goede pagina</a> '
            '<a href="file:///G:/kalender.docx">kalender</a> <a href="https://loket.example/webform">formulier</a> '
            '<a href="mailto:info@voorbeeldstad.nl">mail</a></p></main>'
            '<aside><a href="/kapot">kapot maar in de zijbalk</a></aside>')
    status = {"https://www.voorbeeldstad.nl/oud": "dead", "https://www.voorbeeldstad.nl/goed": "ok",
              "https://loket.example/webform": "dead", "https://www.voorbeeldstad.nl/kapot": "dead"}
    found = run(norms.check_dead_links, html, channels=Channels(["webform"]), link_status=status)
    assert sorted(f.evidence for f in found) == ["file:///G:/kalender.docx", "https://www.voorbeeldstad.nl/oud"]
    assert all(f.location.startswith("link '") for f in found)
    errors = {"https://www.voorbeeldstad.nl/oud": "error"}
    assert len(run(norms.check_dead_links, html, link_status=errors)) == 1
    assert len(run(norms.check_dead_links, html, {"include_errors": True}, link_status=errors)) == 2


def test_checks_without_sections_give_nothing() -> None:
    """When the structure analyser did not run, the norm checks stay silent instead of guessing."""
    empty = facts("<main><h1>X</h1></main>", upl={"aanvraag": True, "sdg": ["D1"]})
    empty.sections = None
    for check in norms.KINDS.values():
        assert check(empty, {}) == []


SIGNALS = ("language_links", "language_help", "feedback")
SIGNAL_PAGES = [path.read_text(encoding="utf-8") for path in sorted((Path(__file__).parent / "tricky").glob("*.html"))] + [
    "<main><h1>X</h1><p>Spreekt u geen Nederlands? Neem een tolk mee.</p><div class='page-feedback'></div></main>",
    "<main><h1>X</h1><p>Heeft u gevonden wat u zocht?</p><a hreflang='en' href='/en/x'>English</a></main>",
    "<main><h1>X</h1><h2>Hoe lang duurt het?</h2><p>Direct.</p><iframe src='https://survey.example/q'></iframe></main>",
]


@pytest.mark.parametrize("html", SIGNAL_PAGES, ids=[f"page{number}" for number in range(len(SIGNAL_PAGES))])
def test_quick_answers_agree_with_the_lists(html: str) -> None:
    """Each has_* answer (what the checks ask) is exactly whether the signal's list has anything."""
    signals = facts(html).sections.signals
    for name in SIGNALS:
        assert getattr(signals, f"has_{name}") == bool(getattr(signals, name)), name
