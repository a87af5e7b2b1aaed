"""Ask a list of regular expressions one question at once: does any of them occur in a text?"""

from __future__ import annotations

import re
from typing import Any

Pattern = re.Pattern[str]


def pattern_text(item: Any) -> str:
    """The pattern of a data item: a plain string, or a mapping with ``pattern`` and its examples.

    Rules data may give a pattern its own examples (``matches``, ``no_match``) next to it; the
    loaders read only the pattern, tests/test_pattern_examples.py runs the examples.
    """
    if isinstance(item, dict):
        return str(item["pattern"])
    return str(item)
# A numbered back reference or condition would point at another group once patterns are joined.
_NUMBERED_REFERENCE = re.compile(r"\\[1-9]|\(\?\(\d")


def union_of(patterns: tuple[Pattern, ...]) -> Pattern | None:
    """The patterns joined into one alternation, or None when they cannot be joined exactly.

    One search of the union finds a match exactly when one of the patterns does, at the cost of
    one scan instead of one per pattern.
    """
    if not patterns or len({pattern.flags for pattern in patterns}) != 1 or patterns[0].flags & re.VERBOSE:
        return None
    if any(_NUMBERED_REFERENCE.search(pattern.pattern) for pattern in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{pattern.pattern})" for pattern in patterns), patterns[0].flags)
    except re.error:  # e.g. inline flags or a group name used twice: each pattern keeps its own search
        return None


class AnyOf:
    """A list of patterns that is only asked whether any of them occurs (for texts that mostly match none)."""

    def __init__(self, patterns: tuple[Pattern, ...]) -> None:
        """Join the patterns once."""
        self.patterns = patterns
        self.union = union_of(patterns)

    def search(self, text: str) -> bool:
        """True when one of the patterns occurs in the text."""
        if self.union is not None:
            return self.union.search(text) is not None
        return any(pattern.search(text) for pattern in self.patterns)
