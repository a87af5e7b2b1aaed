"""Check kinds of the norm family: the promises of municipal service concepts, checked on a page."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from audit.checks.kind import CheckKind, case_finding, kind
from audit.checks.structure import is_decision_product
from audit.facts import Finding, PageFacts
from audit.structure import SectionsResult
from wmebv.core.labels import label

WHOLE_PAGE = "hele pagina"


def _section_location(result: SectionsResult, section_id: str) -> str:
    """The location of a section if the page has it, else the whole page."""
    found = result.section(section_id)
    return found.location if found is not None else WHOLE_PAGE


def is_sdg_product(facts: PageFacts) -> bool:
    """True when the UPL links the product to the EU Single Digital Gateway."""
    return bool((facts.upl or {}).get("sdg"))


def _told(result: SectionsResult, section_id: str) -> bool:
    """True when the page tells the section, wherever it stands (audit/structure/content.py)."""
    return section_id in result.present


def check_processing_time(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """The page tells how long it takes: a processing time ("binnen 8 weken een besluit", "direct mee")."""
    result = facts.sections
    if result is None or _told(result, "termijn"):
        return []
    if result.section("termijn") is not None:
        return [case_finding("empty_section", evidence=result.section_text("termijn")[:160],
                             location=_section_location(result, "termijn"))]
    return [case_finding("missing", evidence="Geen termijn gevonden.", location=WHOLE_PAGE)]


def check_costs(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """The page tells what it costs: an amount ("€ 12,50"), "gratis", or that leges are charged."""
    result = facts.sections
    if result is None or _told(result, "kosten"):
        return []
    if result.section("kosten") is not None:
        return [case_finding("empty_section", evidence=result.section_text("kosten")[:160],
                             location=_section_location(result, "kosten"))]
    return [case_finding("missing", evidence="Geen bedrag en geen 'gratis' gevonden.", location=WHOLE_PAGE)]


def check_contact_point(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """The page names a clear contact point: phone 14 0xx, an e-mail address, a contact form or section."""
    result = facts.sections
    if result is None or _told(result, "contact"):
        return []
    return [case_finding("missing", evidence="Geen telefoonnummer, e-mailadres of contactblok gevonden.",
                         location=WHOLE_PAGE)]


def is_formal_message(facts: PageFacts) -> bool:
    """True when the page is about a formal message: the UPL says aanvraag, or the WMEBV applies (verdict)."""
    return bool(is_decision_product(facts)) or bool(facts.verdict is not None and facts.verdict.applies)


def check_objection_route(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """A page about a formal message (aanvraag, melding) tells what to do when you disagree with the outcome.

    On a page about objecting itself, the outcome is the decision on the objection: the way beyond it
    (appeal, the ombudsman) is what the page should tell (the section classifier reads it so).
    """
    result = facts.sections
    if result is None or not is_formal_message(facts) or _told(result, "bezwaar"):
        return []
    if result.is_about("bezwaar"):
        return [case_finding("beyond_objection", evidence="Geen beroep bij de rechter of de ombudsman gevonden.",
                             location=WHOLE_PAGE)]
    return [case_finding("missing", evidence="Geen bezwaar of beroep gevonden, terwijl dit product een besluit oplevert.",
                         location=WHOLE_PAGE)]


def check_outdated(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """Prices or years older than this year, or a last-modified date older than the allowed age."""
    result = facts.sections
    if result is None:
        return []
    findings: list[Finding] = []
    this_year = facts.today.year
    old: dict[int, str] = {}
    for year, words in result.signals.years:
        if year < this_year:
            old.setdefault(year, words)  # one finding per outdated year
    for year, words in sorted(old.items())[:3]:
        findings.append(case_finding("old_year", evidence=words, location=f"tekst '{words}'", year=year, this_year=this_year))
    max_age = int(params.get("max_age_days") or result.resources.settings.max_modified_age_days)
    modified = result.signals.modified
    changed, evidence = (modified if modified else (facts.last_modified, "laatste wijziging volgens de server"))
    if isinstance(changed, date) and facts.today - changed > timedelta(days=max_age):
        findings.append(case_finding("not_updated", evidence=evidence, location="datum 'Laatst gewijzigd'",
                                     changed=changed.strftime("%d-%m-%Y"), max_age=max_age))
    return findings


def _channel_kinds(facts: PageFacts) -> tuple[list[str], str] | None:
    """The kinds of working channel for the message, and the channel status; None without analysis."""
    channels = facts.channels
    if channels is None:
        return None
    return list(channels.kinds), channels.status


def check_multiple_channels(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """The page offers more than one channel (e.g. online and on paper, or at the counter)."""
    found = _channel_kinds(facts)
    if found is None:
        return []
    kinds, status = found
    minimum = int(params.get("min_channels", 2))
    if not kinds or len(kinds) >= minimum or status in (params.get("skip_statuses") or []):
        return []
    return [case_finding("one_channel", evidence=f"Kanaal: {', '.join(label('channel_kind', kind) for kind in kinds)}.",
                         location=WHOLE_PAGE)]


def check_other_language(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """Help for people who do not read Dutch; a link to an English version for SDG products."""
    result = facts.sections
    sdg = is_sdg_product(facts)
    if result is None or (params.get("only_sdg", True) and not sdg):
        return []
    signals = result.signals
    if signals.has_language_links or (not sdg and signals.has_language_help):
        return []
    return [case_finding("sdg_product" if sdg else "no_help", evidence="Geen link naar een Engelse of andere taalversie gevonden.",
                         location=WHOLE_PAGE)]


def check_feedback(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """SDG product pages offer a way to give feedback on the page or the service."""
    result = facts.sections
    if result is None or (params.get("only_sdg", True) and not is_sdg_product(facts)):
        return []
    if result.signals.has_feedback:
        return []
    return [case_finding("missing", evidence="Geen feedbackformulier gevonden.", location=WHOLE_PAGE)]


def _channel_urls(facts: PageFacts) -> set[str]:
    """URLs of channel links: their dead ends are reported by the kanaal family, not here."""
    channels = facts.channels
    if channels is None:
        return set()
    return {channel.url for channel in channels.channels if channel.url}


def check_dead_links(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """Links in the main text that do not work (link check, or an href that cannot work)."""
    result = facts.sections
    if result is None:
        return []
    bad_states = {"dead", "error"} if params.get("include_errors") else {"dead"}
    status = facts.link_status
    skip = _channel_urls(facts)
    findings = [case_finding("dead", evidence=link["href"] or "(leeg)", location=f"link '{link['text']}'",
                             link=link["text"] or link["href"]) for link in result.signals.broken_links]
    for link in result.main_links:
        if link["href"] in skip or status.get(link["href"]) not in bad_states:
            continue
        findings.append(case_finding("dead", evidence=link["href"], location=f"link '{link['text']}'",
                                     link=link["text"] or link["href"]))
    return findings


KINDS: dict[str, CheckKind] = {
    "processing_time": kind(check_processing_time, empty_section=(), missing=()),
    "costs": kind(check_costs, empty_section=(), missing=()),
    "contact_point": kind(check_contact_point, missing=()),
    "objection_route": kind(check_objection_route, beyond_objection=(), missing=()),
    "outdated": kind(check_outdated, old_year=("year", "this_year"), not_updated=("changed", "max_age")),
    "multiple_channels": kind(check_multiple_channels, one_channel=()),
    "other_language": kind(check_other_language, sdg_product=(), no_help=()),
    "feedback": kind(check_feedback, missing=()),
    "dead_links": kind(check_dead_links, dead=("link",)),
}
