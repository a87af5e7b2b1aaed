"""One search for a list of patterns (wmebv/core/regex.py): the same answer as a search per pattern."""

from __future__ import annotations

import re

import pytest

from wmebv.core.regex import AnyOf, union_of

TEXTS = ["Vraag het online aan.", "U kunt dit niet online regelen", "Bel 14 020", "", "aa-bb", "ABBA"]


@pytest.mark.parametrize("sources", [
    (r"\bonline\b", r"\bbel\b"),
    (r"^u kunt", r"(?<!\d)14\s?0\d{2}"),
    (r"(?P<x>a)(?P=x)", r"b+"),  # a named back reference survives the join
])
def test_union_answers_as_the_patterns_do(sources: tuple[str, ...]) -> None:
    patterns = tuple(re.compile(source, re.IGNORECASE) for source in sources)
    assert union_of(patterns) is not None
    for text in TEXTS:
        assert AnyOf(patterns).search(text) == any(pattern.search(text) for pattern in patterns)


@pytest.mark.parametrize("patterns", [
    (),
    (re.compile(r"(a)\1"), re.compile("b")),  # a numbered reference would point at another group
    (re.compile(r"(?P<y>a)"), re.compile(r"(?P<y>b)")),  # a group name used twice
    (re.compile("a"), re.compile("B", re.IGNORECASE)),  # different flags
])
def test_patterns_that_cannot_be_joined_are_searched_one_by_one(patterns: tuple[re.Pattern[str], ...]) -> None:
    assert union_of(patterns) is None
    for text in TEXTS:
        assert AnyOf(patterns).search(text) == any(pattern.search(text) for pattern in patterns)
