"""Every regular expression in rules/ scans adversarial text in linear time (see regex_budget.py).

A new rule with catastrophic backtracking fails here: long runs of digits with separators, of
spaces, of the pattern's own keywords, and 1 MB without punctuation, each search within 2 seconds.
"""

from __future__ import annotations

import pytest

from regex_budget import Pattern, all_patterns, loaded_patterns, slow_patterns

pytestmark = pytest.mark.slow


def test_the_budget_catches_a_quadratic_pattern() -> None:
    slow, _ = slow_patterns([Pattern(r"\bvraag\b.{0,80}\baan\b", "goed"), Pattern(r"\d+\s*euro", "traag"),
                             Pattern(r"\bdoe\b.*\bmelding\b", "traag")])
    assert [(item.pattern.file, item.text) for item in slow] == [("traag", "cijfers"), ("traag", "steeds 'doe'")]


def test_every_pattern_in_the_rules_is_linear() -> None:
    patterns = all_patterns()
    assert len(patterns) > 300 and len(loaded_patterns()) > 100  # the rules really were read, and loaded
    slow, slowest = slow_patterns(patterns)
    assert not slow, "\n".join(f"{item.pattern.file}: {item.pattern.source!r} is te traag op '{item.text}'" for item in slow)
    assert slowest < 2.0
