"""THE one parametrized test: every example of every rule in rules/checks/*.yml passes or fails as stated."""

from __future__ import annotations

import pytest

from audit.analysis import example_findings
from audit.checks import all_kinds
from wmebv.core.paths import rules_dir
from audit.resources import AuditResources, load_resources
from audit.rules import Example, Rule, load_rules


def _cases() -> list[tuple[Rule, Example]]:
    """Every (rule, example) pair, loaded once at collection time."""
    return [(rule, example) for rule in load_rules(rules_dir(), all_kinds()) for example in rule.examples]


@pytest.fixture(scope="module")
def resources() -> AuditResources:
    """The default resources (no profile)."""
    return load_resources(None)


@pytest.mark.parametrize(
    ("rule", "example"),
    _cases(),
    ids=lambda value: value.id if isinstance(value, Rule) else f"{value.expect}-line{value.line}",
)
def test_rule_example(rule: Rule, example: Example, resources: AuditResources) -> None:
    """A 'fail' example gives at least one finding of the rule; a 'pass' example gives none."""
    findings = example_findings(rule, example, resources)
    where = f"{rule.source}, regel {example.line}"
    if example.expect == "fail":
        assert findings, f"{rule.id} zou moeten afgaan op het voorbeeld in {where}"
        assert all(f.rule_id == rule.id and f.message and f.suggestion for f in findings)
    else:
        assert not findings, f"{rule.id} gaf onterecht {[f.evidence for f in findings]} op het voorbeeld in {where}"
