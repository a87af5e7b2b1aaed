"""A check kind: a pure function of (facts, params), and the placeholders it fills per case."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from audit.facts import Finding, PageFacts

CheckFn = Callable[[PageFacts, Mapping[str, Any]], list[Finding]]


@dataclass(frozen=True)
class CheckKind:
    """A check function with, per case it reports, the names its findings fill into the rule's texts.

    A rule's ``texts`` (rules/checks/*.yml) may use only these names; the loader refuses others.
    A finding without a case gets the rule's own ``message`` and ``fix``.
    """

    check: CheckFn
    cases: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def __call__(self, facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
        """Run the check on one page."""
        return self.check(facts, params)


def kind(check: CheckFn, **cases: tuple[str, ...]) -> CheckKind:
    """A check kind whose cases fill in the given names: ``kind(check_x, missing=("label",))``."""
    return CheckKind(check, {case: frozenset(names) for case, names in cases.items()})


def case_finding(case: str, *, evidence: str = "", location: str = "", **values: object) -> Finding:
    """A finding of one case; the engine fills in the rule's texts with ``values`` and the rule id."""
    return Finding(rule_id="", message="", evidence=evidence, location=location, case=case, values=values)
