"""Analyse one page: run the analysers, collect PageFacts, run the rules, summarise the result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from audit.channels import ChannelResult
from audit.facts import Finding, PageFacts
from audit.language import LanguageResult
from audit.resources import AuditResources
from audit.rules import Example, Rule
from audit.structure import SectionsResult, SiteStructureReport
from audit.verdict import Verdict, wmebv_verdict
from wmebv.core.page import ParsedPage


@dataclass
class PageContext:
    """What the store (or the caller) knows about a page besides its HTML."""

    url: str
    is_product: bool = True
    upl: Mapping[str, Any] | None = None
    cluster: str | None = None
    sc_claim: Mapping[str, Any] | None = None
    last_modified: date | None = None
    today: date = field(default_factory=date.today)
    link_status: Mapping[str, str] = field(default_factory=dict)
    link_detail: Mapping[str, str] = field(default_factory=dict)
    draft_text: str | None = None  # the text when the page is a plain-text or Markdown draft
    site_structure: SiteStructureReport | None = None  # the site's dominant structure, if known


def to_dict(result: ChannelResult | SectionsResult | LanguageResult | None) -> dict[str, Any]:
    """An analyser result as a dict (empty when the analyser did not run)."""
    return result.to_dict() if result is not None else {}


def parse(url: str, html: str, resources: AuditResources) -> ParsedPage:
    """Parse a page once."""
    return ParsedPage.from_html(url, html, resources.region_rules)


def section_headings(parsed: ParsedPage) -> str:
    """The section headings of the page's main text (the title not counted), joined."""
    headings = (block.text for block in parsed.text.content if block.kind == "heading" and not block.is_title)
    return " | ".join(headings)[:2000]


def describes_product(channels: ChannelResult, sections: SectionsResult | None, product_sections: frozenset[str]) -> bool:
    """True when the page offers a route or tells what a product asks (conditions, documents, costs, time).

    An overview page names the requests of other pages in its headings and text, and describes none.
    """
    present = sections.present if sections is not None else ()
    return bool(channels.message_channels) or bool(product_sections & set(present))


def says_request(channels: ChannelResult) -> bool:
    """True when the page's text names a way to apply or report, or says a request is needed."""
    return channels.request_needed or bool(channels.message_channels)


def page_verdict(parsed: ParsedPage, channels: ChannelResult, sections: SectionsResult | None,
                 upl: Mapping[str, Any] | None, resources: AuditResources) -> Verdict:
    """The WMEBV verdict of a page from its channels (with their link status), sections and UPL entry."""
    own_words = describes_product(channels, sections, resources.scope.product_sections)
    return wmebv_verdict(channels.status, channels.kinds, upl, parsed.title, resources.scope,
                         section_headings(parsed) if own_words else "", own_words and says_request(channels))


def analyse(parsed: ParsedPage, context: PageContext, resources: AuditResources,
            channels: ChannelResult | None = None, sections: SectionsResult | None = None) -> PageFacts:
    """Run each analyser once (unless its result is given) and collect the facts of one page."""
    channels = (channels or resources.channels.detect(parsed)).with_link_status(context.link_status)
    if sections is None:
        sections = resources.structure.detect(parsed)
    language = resources.language.analyse(parsed, "text" if context.draft_text is not None else "content")
    return PageFacts(
        url=context.url,
        parsed=parsed,
        title=parsed.title,
        is_product=context.is_product,
        upl=dict(context.upl) if context.upl else None,
        cluster=context.cluster,
        sc_claim=dict(context.sc_claim) if context.sc_claim else None,
        last_modified=context.last_modified,
        today=context.today,
        channels=channels,
        sections=sections,
        language=language,
        verdict=page_verdict(parsed, channels, sections, context.upl, resources),
        link_status=dict(context.link_status),
        link_detail=dict(context.link_detail),
        site_structure=context.site_structure,
    )


def with_link_checks(facts: PageFacts, link_status: Mapping[str, str], link_detail: Mapping[str, str],
                     resources: AuditResources) -> PageFacts:
    """The facts once the links are checked: only the channels and the verdict depend on link statuses."""
    if facts.parsed is None or facts.channels is None:
        return replace(facts, link_status=dict(link_status), link_detail=dict(link_detail))
    channels = facts.channels.with_link_status(link_status)
    return replace(facts, channels=channels, link_status=dict(link_status), link_detail=dict(link_detail),
                   verdict=page_verdict(facts.parsed, channels, facts.sections, facts.upl, resources))


def run_rule(rule: Rule, facts: PageFacts, resources: AuditResources) -> list[Finding]:
    """Run one rule on one page; the rule's texts say what the check found."""
    if rule.applies_to == "product" and not facts.is_product:
        return []
    return render_findings(rule, resources.kinds[rule.kind](facts, rule.params))


def render_findings(rule: Rule, findings: list[Finding]) -> list[Finding]:
    """The findings of a check as users read them: the rule's id, severity and texts filled in."""
    rendered = []
    for finding in findings:
        message, suggestion = rule.message_and_fix(finding)
        rendered.append(Finding(rule_id=rule.id, family=rule.family, severity=rule.severity, message=message,
                                evidence=finding.evidence, suggestion=suggestion, location=finding.location))
    return rendered


def run_rules(facts: PageFacts, resources: AuditResources) -> list[Finding]:
    """Run every active rule on one page."""
    findings: list[Finding] = []
    for rule in resources.active_rules:
        findings.extend(run_rule(rule, facts, resources))
    return findings


def summary_row(facts: PageFacts) -> dict[str, Any]:
    """The per-page audit row: channel status, WMEBV verdict, B1, sections."""
    channels, verdict = facts.channels, facts.verdict
    if channels is None or verdict is None:
        raise ValueError(f"{facts.url}: summary_row needs analysed facts (channels and verdict)")
    primary = channels.primary
    # Read the few fields the row needs; the results' to_dict() also serialises costly details.
    sections, language = facts.sections, facts.language
    return {
        "url": facts.url,
        "is_product_page": int(facts.is_product),
        "channel_status": channels.status,
        "channel_kind": primary.kind if primary else None,
        "channel_url": primary.url if primary and primary.url else None,
        "auth": ",".join(channels.auth) or None,
        "wmebv_applies": None if verdict.applies is None else int(verdict.applies),
        "wmebv_status": verdict.status,
        "wmebv_action": verdict.action,
        "b1_ok": None if language is None or language.b1_ok is None else int(bool(language.b1_ok)),
        "b1_level": language.level if language is not None else None,
        "sections_present": list(sections.present) if sections is not None else [],
        "sections_headed": list(sections.headed) if sections is not None else [],
        "sections_missing": list(sections.missing) if sections is not None else [],
        "section_pattern": list(sections.order) if sections is not None else [],
        "details": {"channels": channels.to_dict(), "verdict": verdict.to_dict(), "upl": facts.upl},
    }


def example_facts(example: Example, resources: AuditResources) -> PageFacts:
    """The facts of a rule's example page (used by the one parametrized rule test)."""
    html = example.html or f"<html><body><main><p>{example.text}</p></main></body></html>"
    context = PageContext(
        url=example.url,
        upl=example.upl,
        sc_claim=example.sc,
        today=example.today or date.today(),
        link_status=example.link_status or {},
        draft_text=example.text or None,
    )
    return analyse(parse(example.url, html, resources), context, resources)


def example_findings(rule: Rule, example: Example, resources: AuditResources) -> list[Finding]:
    """The findings of one rule on one of its examples."""
    return run_rule(rule, example_facts(example, resources), resources)
