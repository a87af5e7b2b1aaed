"""Section detection and the norm rules on the sample municipality, against its hand-written manifest."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import lru_cache
from typing import Any

import pytest

from audit.checks import norms, structure
from audit.facts import PageFacts
from audit.rules import load_rules
from audit.structure import SECTION_IDS, dominant_structure
from structure_support import page, resources
from wmebv.core.paths import rules_dir
from wmebv.sample.site import build_site
from wmebv.sample.upl import load_upl

BASE = "http://127.0.0.1:8000"
TODAY = date(2026, 11, 22)
NORM_RULES = {"norm.verouderd": norms.check_outdated, "norm.geen-kosten": norms.check_costs,
              "norm.geen-termijn": norms.check_processing_time, "norm.geen-bezwaar": norms.check_objection_route,
              "norm.geen-anderstalig": norms.check_other_language,
              "structuur.sectie-ontbreekt": structure.check_sections_missing}


@pytest.fixture(scope="module")
def audited() -> list[dict[str, Any]]:
    """Every product page of the sample (not the script-only ones): truth, detected sections, facts."""
    site, upl = build_site(BASE), load_upl()
    pages = []
    for product in site.products:
        if product.js_only:
            continue
        parsed = page(site.site[product.path].body.decode("utf-8"), BASE + product.path)
        entry = upl[product.upl]
        upl_flags = {"name": product.upl, "aanvraag": entry.aanvraag, "melding": entry.melding,
                     "sdg": ["X"] if entry.sdg else []}
        facts = PageFacts(url=parsed.url, parsed=parsed, title=parsed.title, today=TODAY, upl=upl_flags,
                          sections=resources().detect(parsed), verdict=_verdict(parsed, upl_flags))
        pages.append({"product": product, "facts": facts, "result": facts.sections})
    return pages


def f1_table(pages: list[dict[str, Any]]) -> dict[tuple[str, str], float]:
    """Per template and section: F1 of the detected sections against the manifest."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for item in pages:
        truth, found = set(item["product"].sections), set(item["result"].headed)
        for section_id in SECTION_IDS:
            cell = counts[(item["product"].template, section_id)]
            cell[0] += section_id in truth and section_id in found
            cell[1] += section_id in found and section_id not in truth
            cell[2] += section_id in truth and section_id not in found
    return {key: 2 * tp / (2 * tp + fp + fn) for key, (tp, fp, fn) in counts.items() if tp + fp + fn}


def test_every_template_is_in_the_sample(audited: list[dict[str, Any]]) -> None:
    """The sample has pages of all three templates and all legacy styles."""
    assert {item["product"].template for item in audited} == {"modern", "accordion", "legacy"}
    assert {item["product"].legacy_style for item in audited if item["product"].template == "legacy"} == {
        "tabs", "dl", "bold"}


def test_sections_f1_per_template(audited: list[dict[str, Any]]) -> None:
    """Per-section F1 >= 0.95 on every template (printed with -s)."""
    table = f1_table(audited)
    for template in ("modern", "accordion", "legacy"):
        print(template, " ".join(f"{s}={table.get((template, s), float('nan')):.3f}" for s in SECTION_IDS))
    low = {key: round(value, 3) for key, value in table.items() if value < 0.95}
    assert not low, f"F1 onder 0.95: {low}"


@pytest.mark.parametrize("rule_id", sorted(NORM_RULES))
def test_norm_rules_agree_with_manifest(audited: list[dict[str, Any]], rule_id: str) -> None:
    """Outdated, cost-less, termijn-less (and more) pages are flagged exactly where the manifest says."""
    params = {rule.id: rule.params for rule in load_rules(rules_dir(), {**norms.KINDS, **structure.KINDS,
                                                                         **_other_kinds()})}
    check = NORM_RULES[rule_id]
    wrong = [(item["product"].slug, rule_id in item["product"].truth.expected_findings)
             for item in audited
             if bool(check(item["facts"], params[rule_id])) != (rule_id in item["product"].truth.expected_findings)]
    assert not wrong, f"{rule_id}: verkeerd op {wrong}"


def _verdict(parsed: Any, upl: dict[str, Any]) -> Any:
    """The WMEBV verdict of a sample page (does the page concern a formal message?), as the audit gives it."""
    from audit.analysis import PageContext, analyse

    return analyse(parsed, PageContext(url=parsed.url, upl=upl, today=TODAY), _audit_resources()).verdict


@lru_cache(maxsize=1)
def _audit_resources() -> Any:
    """The audit resources, loaded once for this module."""
    from audit.resources import load_resources

    return load_resources()


def _other_kinds() -> dict[str, Any]:
    """The other families' kinds, so that their rule files load too."""
    from audit.checks import all_kinds

    return all_kinds()


def test_dominant_structure_of_the_sample(audited: list[dict[str, Any]]) -> None:
    """The site report names the usual structure and, per deviating page, what to add and why."""
    patterns = {item["facts"].url: item["result"].order for item in audited}
    report = dominant_structure(patterns, labels=resources().labels,
                                unmapped={item["facts"].url: item["result"].unmapped for item in audited})
    assert report.page_count == len(audited)
    assert {"wat_is_het", "aanvragen", "kosten", "termijn", "contact"} <= set(report.dominant)
    assert report.dominant[0] == "wat_is_het" and report.dominant[-1] == "contact"
    for item in audited:
        order, url = item["result"].order, item["facts"].url
        lacks = [section_id for section_id in report.dominant if section_id not in order]
        if lacks:
            deviation = report.deviations[url]
            assert list(deviation.missing) == lacks
            assert any(resources().labels[lacks[0]] in advice and "%" in advice for advice in deviation.advice)
    termijn_less = [item["facts"].url for item in audited if "termijn" not in item["product"].sections]
    assert termijn_less and all("termijn" in report.deviations[url].missing for url in termijn_less)
    text = report.to_text()
    assert "Gebruikelijke opbouw" in text and termijn_less[0] in text
    suggestions = [finding.suggestion for finding in report.findings(termijn_less[0])]
    assert any(text.startswith("Voeg het deel 'Hoe lang duurt het?' toe") for text in suggestions)
    followers = [item["facts"].url for item in audited if set(report.dominant) <= set(item["result"].order)
                 and [s for s in item["result"].order if s in report.dominant] == list(report.dominant)]
    assert followers and not any(url in report.deviations for url in followers)
