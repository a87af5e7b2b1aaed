"""Ask a list of regular expressions one question at once: does any of them occur in a text?"""

from __future__ import annotations

import re
from typing import Any

from wmebv.core.required import folded, required_words

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


# Answers an AnyOf keeps: a sentence is asked about from several places, and a site repeats its
# sentences across pages; past this many the memory starts afresh.
ANSWERS_KEPT = 4096
class AnyOf:
    """A list of patterns that is only asked whether any of them occurs (for texts that mostly match none).

    Each pattern is run only on texts that hold one of its required words, and every answer is kept
    for the next time the same text is asked about.
    """

    def __init__(self, patterns: tuple[Pattern, ...]) -> None:
        """Join the patterns once, and find the words each needs."""
        self.patterns = patterns
        self.union = union_of(patterns)
        self.gates = tuple(required_words(pattern) for pattern in patterns)
        self._answers: dict[str, bool] = {}
        # One scan finds every required word in a text: at each position the longest word that starts
        # there (a lookahead, so words may overlap), and with it the words that are its beginning.
        words = sorted(frozenset().union(*(gate for gate in self.gates if gate)), key=lambda word: (-len(word), word))
        self._finder = re.compile("(?=(" + "|".join(map(re.escape, words)) + "))") if words else None
        self._starts = {word: frozenset(other for other in words if word.startswith(other)) for word in words}

    def search(self, text: str) -> bool:
        """True when one of the patterns occurs in the text."""
        answer = self._answers.get(text)
        if answer is None:
            answer = self._search(text)
            if len(self._answers) >= ANSWERS_KEPT:
                self._answers.clear()
            self._answers[text] = answer
        return answer

    def _search(self, text: str) -> bool:
        """The answer itself: the patterns whose required words occur, one search each (or all at once)."""
        lower = folded(text) if self._finder is not None else None
        if lower is None:
            candidates = list(self.patterns)
        else:
            found: set[str] = set()
            for match in self._finder.finditer(lower):  # type: ignore[union-attr]
                found |= self._starts[match.group(1)]
            candidates = [pattern for pattern, gate in zip(self.patterns, self.gates)
                          if gate is None or not gate.isdisjoint(found)]
        if not candidates:
            return False
        if self.union is not None and len(candidates) == len(self.patterns) and len(candidates) > 1:
            return self.union.search(text) is not None
        return any(pattern.search(text) for pattern in candidates)
