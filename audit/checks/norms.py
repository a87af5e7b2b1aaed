"""Check kinds of the norm family: the promises of municipal service concepts, checked on a page."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from audit.checks.structure import is_decision_product
from audit.facts import Finding, PageFacts
from wmebv.core.labels import label

CheckFn = Callable[[PageFacts, Mapping[str, Any]], list[Finding]]


def _finding(message: str, evidence: str = "", suggestion: str = "", location: str = "hele pagina") -> Finding:
    """A finding whose rule id, family and severity the engine fills in."""
    return Finding(rule_id="", message=message, evidence=evidence, suggestion=suggestion, location=location)


def _section_location(result: Any, section_id: str) -> str:
    """The location of a section if the page has it, else the whole page."""
    found = result.section(section_id)
    return found.location if found is not None else "hele pagina"


def is_sdg_product(facts: PageFacts) -> bool:
    """True when the UPL links the product to the EU Single Digital Gateway."""
    return bool((facts.upl or {}).get("sdg"))


def _told(result: Any, section_id: str) -> bool:
    """True when the page tells the section, wherever it stands (audit/structure/content.py)."""
    return section_id in result.present


def check_processing_time(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """The page tells how long it takes: a processing time ("binnen 8 weken een besluit", "direct mee")."""
    result = facts.sections
    if result is None or _told(result, "termijn"):
        return []
    if result.section("termijn") is not None:
        return [_finding("Onder de kop over de termijn staat niet hoe lang het duurt.",
                         evidence=result.section_text("termijn")[:160],
                         suggestion="Noem een termijn, bijvoorbeeld 'U krijgt binnen 8 weken een besluit.'",
                         location=_section_location(result, "termijn"))]
    return [_finding("Op deze pagina staat niet hoe lang het duurt.", evidence="Geen termijn gevonden.",
                     suggestion="Voeg een kop 'Hoe lang duurt het?' toe, met bijvoorbeeld "
                                "'U krijgt binnen 8 weken een besluit.' of 'U krijgt het direct mee.'")]


def check_costs(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """The page tells what it costs: an amount ("€ 12,50"), "gratis", or that leges are charged."""
    result = facts.sections
    if result is None or _told(result, "kosten"):
        return []
    if result.section("kosten") is not None:
        return [_finding("Onder de kop over de kosten staat niet wat het kost.",
                         evidence=result.section_text("kosten")[:160],
                         suggestion="Noem het bedrag, bijvoorbeeld '€ 25,00', of schrijf 'Dit is gratis.'",
                         location=_section_location(result, "kosten"))]
    return [_finding("Op deze pagina staat niet wat het kost.", evidence="Geen bedrag en geen 'gratis' gevonden.",
                     suggestion="Voeg een kop 'Wat kost het?' toe met het bedrag. Is het gratis? Schrijf dat dan.")]


def check_contact_point(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """The page names a clear contact point: phone 14 0xx, an e-mail address, a contact form or section."""
    result = facts.sections
    if result is None or _told(result, "contact"):
        return []
    return [_finding("Op deze pagina staat niet waar u met vragen terecht kunt.",
                     evidence="Geen telefoonnummer, e-mailadres of contactblok gevonden.",
                     suggestion="Voeg een kop 'Contact' toe met het telefoonnummer 14 0xx of een link naar "
                                "het contactformulier.")]


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
        return [_finding("Op deze pagina staat niet wat u kunt doen als u het niet eens bent met de beslissing "
                         "op uw bezwaar of klacht.",
                         evidence="Geen beroep bij de rechter of de ombudsman gevonden.",
                         suggestion="Vertel wat iemand kan doen na de beslissing: in beroep gaan bij de rechtbank, "
                                    "of naar de ombudsman bij een klacht.")]
    return [_finding("Op deze pagina staat niet wat u kunt doen als u het niet eens bent met het besluit.",
                     evidence="Geen bezwaar of beroep gevonden, terwijl dit product een besluit oplevert.",
                     suggestion="Voeg een kop 'Bezwaar en beroep' toe. Leg uit hoe iemand binnen 6 weken "
                                "bezwaar maakt.")]


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
        findings.append(_finding(f"Op deze pagina staan bedragen of tarieven van {year}.", evidence=words,
                                 suggestion=f"Zet de bedragen van {this_year} op de pagina en haal het jaartal "
                                            "weg als het niet nodig is.", location=f"tekst '{words}'"))
    max_age = int(params.get("max_age_days") or result.resources.settings.max_modified_age_days)
    modified = result.signals.modified
    changed, evidence = (modified if modified else (facts.last_modified, "laatste wijziging volgens de server"))
    if isinstance(changed, date) and facts.today - changed > timedelta(days=max_age):
        findings.append(_finding(
            f"Deze pagina is sinds {changed.strftime('%d-%m-%Y')} niet meer bijgewerkt.",
            evidence=evidence, location="datum 'Laatst gewijzigd'",
            suggestion=f"Controleer of alles nog klopt en werk de pagina bij. "
                       f"Controleer een pagina minstens elke {max_age} dagen."))
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
    return [_finding("Op deze pagina staat maar één manier om dit te regelen.",
                     evidence=f"Kanaal: {', '.join(label('channel_kind', kind) for kind in kinds)}.",
                     suggestion="Noem ook een tweede manier, bijvoorbeeld online én op papier of aan de balie.")]


def check_other_language(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """Help for people who do not read Dutch; a link to an English version for SDG products."""
    result = facts.sections
    sdg = is_sdg_product(facts)
    if result is None or (params.get("only_sdg", True) and not sdg):
        return []
    signals = result.signals
    if signals.has_language_links or (not sdg and signals.has_language_help):
        return []
    why = " Dit product valt onder de Europese Single Digital Gateway." if sdg else ""
    return [_finding("Deze pagina heeft geen hulp voor mensen die geen Nederlands lezen." + why,
                     evidence="Geen link naar een Engelse of andere taalversie gevonden.",
                     suggestion="Zet een link naar de Engelse versie op de pagina, bijvoorbeeld "
                                "'Read this page in English'.")]


def check_feedback(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """SDG product pages offer a way to give feedback on the page or the service."""
    result = facts.sections
    if result is None or (params.get("only_sdg", True) and not is_sdg_product(facts)):
        return []
    if result.signals.has_feedback:
        return []
    return [_finding("Op deze pagina kan een bezoeker niet laten weten wat hij ervan vindt.",
                     evidence="Geen feedbackformulier gevonden.",
                     suggestion="Zet onder de tekst de vraag 'Heeft u gevonden wat u zocht?' met Ja en Nee.")]


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
    findings = [_finding(f"De link '{link['text'] or link['href']}' werkt niet.", evidence=link["href"] or "(leeg)",
                         suggestion="Verwijs naar een pagina die bestaat, of haal de link weg.",
                         location=f"link '{link['text']}'") for link in result.signals.broken_links]
    for link in result.main_links:
        if link["href"] in skip or status.get(link["href"]) not in bad_states:
            continue
        findings.append(_finding(f"De link '{link['text'] or link['href']}' werkt niet.", evidence=link["href"],
                                 suggestion="Verwijs naar een pagina die bestaat, of haal de link weg.",
                                 location=f"link '{link['text']}'"))
    return findings


KINDS: dict[str, CheckFn] = {
    "processing_time": check_processing_time,
    "costs": check_costs,
    "contact_point": check_contact_point,
    "objection_route": check_objection_route,
    "outdated": check_outdated,
    "multiple_channels": check_multiple_channels,
    "other_language": check_other_language,
    "feedback": check_feedback,
    "dead_links": check_dead_links,
}
