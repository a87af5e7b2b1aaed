"""Check kinds of the structuur family: missing sections and deviation from the site's own structure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from audit.checks.kind import CheckKind, case_finding, kind
from audit.facts import Finding, PageFacts
from audit.structure import SectionsResult


def is_decision_product(facts: PageFacts) -> bool | None:
    """True when the UPL says the product is applied for (leads to a decision); None when unknown."""
    if not facts.upl:
        return None
    return bool(facts.upl.get("aanvraag"))


def _where_to_add(section_id: str, result: SectionsResult) -> str:
    """Where a missing section goes: after the section that comes before it in the usual order."""
    canonical = list(result.resources.vocabulary.section_ids)
    earlier = canonical[:canonical.index(section_id)] if section_id in canonical else []
    for previous in reversed(earlier):
        found = result.section(previous)
        if found is not None:
            return f"na {found.location}"
    return "bovenaan, onder de titel" if section_id == "wat_is_het" else "hele pagina"


def required_sections(facts: PageFacts, params: Mapping[str, Any]) -> list[str]:
    """The sections this page must have under their own heading: ``required``, plus ``required_for_decisions`` when applied for."""
    required = list(params.get("required") or [])
    if is_decision_product(facts) is not False:  # unknown counts as a decision: better to ask than to miss
        required += [section for section in params.get("required_for_decisions") or [] if section not in required]
    return required


def check_sections_missing(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """One finding per required section without its own heading: it is not there, or not under its own heading."""
    result = facts.sections
    if result is None:
        return []
    vocabulary = result.resources.vocabulary
    headed, present = set(result.headed), set(result.present)
    findings = []
    for section_id in required_sections(facts, params):
        if section_id in headed:
            continue
        label = vocabulary.labels.get(section_id, section_id)
        if section_id in present:
            told = (result.told.get(section_id) or [""])[0]
            findings.append(case_finding(
                "not_headed", evidence=f"Deel zonder eigen kop: {section_id}. Gevonden: '{told[:160]}'" if told
                else f"Deel zonder eigen kop: {section_id}",
                location=_where_to_add(section_id, result), label=label))
            continue
        findings.append(case_finding(
            "missing", evidence=f"Ontbrekend deel: {section_id} ('{label}')", location=_where_to_add(section_id, result),
            label=label, advice=vocabulary.advice.get(section_id, "")))
    return findings


def check_site_deviation(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """Findings when the page deviates from the site's dominant structure (computed at site level)."""
    report = facts.site_structure
    result = facts.sections
    if report is None:
        return _order_findings(result, params.get("fallback_order") or []) if result is not None else []
    order = result.order if result is not None else None
    unmapped = result.unmapped if result is not None else ()
    # The site report words its advice itself (which part most pages have, how many); the rule's texts frame it.
    return [case_finding("deviates", evidence=finding.evidence, location=finding.location, advice=finding.suggestion)
            for finding in report.findings(facts.url, order=order, unmapped=unmapped)]


def _order_findings(result: SectionsResult, usual: list[str]) -> list[Finding]:
    """Without a site report: a finding when the page's sections are out of the usual order."""
    order = [section_id for section_id in result.order if section_id in usual]
    expected = [section_id for section_id in usual if section_id in order]
    if order == expected:
        return []
    labels = result.resources.vocabulary.labels
    first_wrong = next(index for index, (got, want) in enumerate(zip(order, expected)) if got != want)
    found = result.section(order[first_wrong])
    return [case_finding("order", evidence="Volgorde op de pagina: " + " > ".join(labels.get(s, s) for s in order) + ".",
                         location=found.location if found is not None else "hele pagina",
                         usual=" > ".join(labels.get(s, s) for s in expected))]


def check_javascript_only(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """The page shows its text only once scripts run (the engine read it from the page's embedded JSON)."""
    if facts.parsed is None or not facts.parsed.needs_javascript:
        return []
    return [Finding(rule_id="", message="", evidence="De pagina zonder JavaScript bevat bijna geen tekst.",
                    location="hele pagina")]


KINDS: dict[str, CheckKind] = {
    "javascript_only": kind(check_javascript_only),
    "sections_missing": kind(check_sections_missing, not_headed=("label",), missing=("label", "advice")),
    "site_deviation": kind(check_site_deviation, deviates=("advice",), order=("usual",)),
}
