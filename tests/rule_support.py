"""Shared helper for tests that call a check kind directly: the findings as users read them."""

from __future__ import annotations

from functools import lru_cache

from audit.analysis import render_findings
from audit.checks import all_kinds
from audit.facts import Finding
from audit.rules import Rule, load_rules
from wmebv.core.paths import rules_dir


@lru_cache(maxsize=1)
def shipped_rules() -> dict[str, Rule]:
    """The shipped rules by id (loaded once per test session)."""
    return {rule.id: rule for rule in load_rules(rules_dir(), all_kinds())}


def as_read(rule_id: str, findings: list[Finding]) -> list[Finding]:
    """The findings of a check with the texts of the shipped rule ``rule_id`` filled in."""
    return render_findings(shipped_rules()[rule_id], findings)
