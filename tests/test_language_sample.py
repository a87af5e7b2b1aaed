"""The language verdict on the sample municipality agrees with the authors' stated b1_ok."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from audit.checks.language import KINDS
from audit.facts import PageFacts
from audit.language import LanguageResources, load_language_resources
from rule_support import as_read
from wmebv.core.page import ParsedPage, RegionRules, parse_html
from wmebv.core.paths import rules_dir


@pytest.fixture(scope="module")
def analysed() -> list[tuple[dict[str, Any], Any, ParsedPage]]:
    """Every product page of the sample site, rendered and analysed once."""
    from wmebv.sample.site import build_site

    site = build_site("http://127.0.0.1:8080")
    resources: LanguageResources = load_language_resources(rules_dir(), {})
    regions = RegionRules.load()
    rows = []
    for entry in site.manifest()["pages"]:
        if entry["is_product"]:
            parsed = ParsedPage(entry["path"], parse_html(site.site[entry["path"]].body), regions)
            rows.append((entry, resources.analyse(parsed), parsed))
    return rows


def test_b1_agrees_with_manifest(analysed) -> None:  # type: ignore[no-untyped-def]
    """b1_ok equals the manifest on at least 90% of product pages.

    Pages whose text only appears after JavaScript runs (js_only) have no text in their HTML,
    so they are left out: a static analysis rightly says "too short".
    """
    judged = [(entry, result) for entry, result, _ in analysed if not entry["js_only"]]
    agree = [entry["path"] for entry, result in judged if result.b1_ok == entry["b1_ok"]]
    share = len(agree) / len(judged)
    print(f"b1_ok agreement: {len(agree)}/{len(judged)} = {share:.1%}")
    assert len(judged) >= 100
    assert share >= 0.90


def test_expected_taal_findings_are_reported(analysed) -> None:  # type: ignore[no-untyped-def]
    """Every taal.* finding the authors expect (officialese, long sentence, passive, u/je) is found."""
    rules = {r["id"]: r for r in yaml.safe_load((rules_dir() / "checks" / "taal.yml").read_text())["rules"]}
    missing = []
    for entry, result, parsed in analysed:
        facts = PageFacts(url=entry["path"], parsed=parsed, language=result)
        for rule_id in entry["expected_findings"]:
            if rule_id.startswith("taal."):
                rule = rules[rule_id]
                findings = as_read(rule_id, KINDS[rule["kind"]](facts, rule.get("params") or {}))
                if not findings or not all(f.evidence and f.message and f.suggestion for f in findings):
                    missing.append((entry["path"], rule_id))
    assert not missing


def test_officialese_pages_name_word_and_alternative(analysed) -> None:  # type: ignore[no-untyped-def]
    """On pages expected to have officialese, each finding quotes the sentence and the plain word."""
    for entry, result, parsed in analysed:
        if "taal.ambtelijk-woord" in entry["expected_findings"]:
            facts = PageFacts(url=entry["path"], parsed=parsed, language=result)
            for finding in as_read("taal.ambtelijk-woord", KINDS["officialese"](facts, {"max_findings": 100})):
                assert finding.evidence in {s.text for s in result.sentences}
                assert finding.suggestion.startswith("Schrijf \"")
