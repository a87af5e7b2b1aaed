"""THE one parametrized test: every example of every rule in rules/checks/*.yml passes or fails as stated."""

from __future__ import annotations

import pytest

from audit.analysis import example_facts, example_findings
from audit.checks import all_kinds
from audit.resources import AuditResources, load_resources
from audit.rules import Example, Rule, load_rules
from audit.templates import placeholders
from wmebv.core.paths import rules_dir


def _cases() -> list[tuple[Rule, Example]]:
    """Every (rule, example) pair, loaded once at collection time."""
    return [(rule, example) for rule in load_rules(rules_dir(), all_kinds()) for example in rule.examples]


@pytest.fixture(scope="module")
def resources() -> AuditResources:
    """The default resources (no profile)."""
    return load_resources(None)


@pytest.mark.parametrize("rule", load_rules(rules_dir(), all_kinds()), ids=lambda rule: rule.id)
def test_rule_texts_use_only_what_the_check_fills_in(rule: Rule) -> None:
    """Every placeholder in a rule's texts is one its check kind provides in that case (the loader refuses others)."""
    cases = all_kinds()[rule.kind].cases
    for case, texts in rule.texts.items():
        assert case in cases, f"{rule.source}: {rule.id} heeft teksten voor '{case}', een geval dat {rule.kind} niet kent"
        for template in (texts.message, texts.fix):
            unknown = placeholders(template) - cases[case]
            assert not unknown, f"{rule.source}: {rule.id}, geval '{case}': {sorted(unknown)} vult {rule.kind} niet in"
    assert not placeholders(rule.message) and not placeholders(rule.fix), f"{rule.id}: invulplekken horen onder texts"


@pytest.mark.parametrize(
    ("rule", "example"),
    _cases(),
    ids=lambda value: value.id if isinstance(value, Rule) else f"{value.expect}-line{value.line}",
)
def test_rule_example(rule: Rule, example: Example, resources: AuditResources) -> None:
    """A 'fail' example gives at least one finding of the rule; a 'pass' example gives none."""
    findings = example_findings(rule, example, resources)
    where = f"{rule.source}, regel {example.line}"
    kind = resources.kinds[rule.kind]
    for raw in kind(example_facts(example, resources), rule.params):  # what the check fills into the rule's texts
        assert not raw.case or raw.case in kind.cases, f"{rule.kind} meldt het onbekende geval '{raw.case}' ({where})"
        assert set(raw.values) == set(kind.cases.get(raw.case, ())), (
            f"{rule.kind} vult in het geval '{raw.case}' {sorted(raw.values)} in, maar belooft {sorted(kind.cases[raw.case])}")
    if example.expect == "fail":
        assert findings, f"{rule.id} zou moeten afgaan op het voorbeeld in {where}"
        assert all(f.rule_id == rule.id and f.message and f.suggestion for f in findings)
    else:
        assert not findings, f"{rule.id} gaf onterecht {[f.evidence for f in findings]} op het voorbeeld in {where}"
