"""Which words a regular expression needs: a text holding none of them cannot match it."""

from __future__ import annotations

import re

# The parsed form of a pattern, read only; typeshed leaves these private modules out.
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

Pattern = re.Pattern[str]

# A required word shorter than this filters too little to be worth the look.
MIN_REQUIRED = 3
# Spelled-out choices at most this many (``(a|b)(c|d)`` is four words).
MAX_CHOICES = 64
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
# Letters that case-insensitive matching treats as equal beyond lower(): ı ~ i, ſ ~ s.
_EXTRA_CASES = str.maketrans({"ı": "i", "ſ": "s"})

Choices = frozenset[str]


def _exact(items: Any) -> Choices | None:
    """The strings a piece of pattern matches when it matches a finite set of them, else None."""
    words: Choices = frozenset({""})
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL and av < 128:
            step: Choices | None = frozenset({chr(av).lower()})
        elif op is sre.SUBPATTERN and not av[1] and not av[2]:
            step = _exact(av[3])
        elif op is sre.BRANCH:
            parts = [_exact(branch) for branch in av[1]]
            step = None if any(part is None for part in parts) else frozenset().union(*parts)  # type: ignore[arg-type]
        elif op in _REPEATS and av[1] == 0:
            step = frozenset({""})
        elif op in _REPEATS and av[1] == 1:
            inner = _exact(av[2])
            step = None if inner is None else (inner | {""} if av[0] == 0 else inner)
        else:
            return None
        if step is None:
            return None
        words = frozenset(left + right for left in words for right in step)
        if len(words) > MAX_CHOICES:
            return None
    return words


def _required(items: Any) -> Choices | None:
    """Words of which every match of the pattern holds one, as selective as the pattern allows; None if none."""
    candidates: list[Choices] = []
    run: Choices = frozenset({""})
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        exact = _exact([(op, av)])
        if exact is not None:
            joined = frozenset(left + right for left in run for right in exact)
            if len(joined) <= MAX_CHOICES:
                run = joined
                continue
            candidates.append(run)
            run = exact
            continue
        candidates.append(run)
        run = frozenset({""})
        if op is sre.SUBPATTERN and not av[1] and not av[2]:
            inner = _required(av[3])
        elif op is sre.BRANCH:
            parts = [_required(branch) for branch in av[1]]
            inner = None if any(part is None for part in parts) else frozenset().union(*parts)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            inner = _required(av[2])
        else:
            inner = None
        if inner is not None:
            candidates.append(inner)
    candidates.append(run)
    usable = [words for words in candidates if words and min(map(len, words)) >= MIN_REQUIRED]
    if not usable:
        return None
    return max(usable, key=lambda words: (min(map(len, words)), -len(words)))


def required_words(pattern: Pattern) -> Choices | None:
    """Lower-case words one of which occurs in every text the (case-insensitive) pattern matches, or None.

    A text holding none of them cannot match, and is answered without running the pattern.
    """
    if not pattern.flags & re.IGNORECASE or pattern.flags & re.VERBOSE:
        return None
    try:
        return _required(list(sre_parse.parse(pattern.pattern, pattern.flags)))
    except Exception:  # an unusual construct: the pattern simply runs on every text  # noqa: BLE001
        return None


def folded(text: str) -> str | None:
    """The text as case-insensitive matching sees it, for looking up required words; None when it cannot be folded letter by letter."""
    lower = text.lower()
    if len(lower) != len(text):  # 'İ' lowers to two characters
        return None
    return lower.translate(_EXTRA_CASES) if not lower.isascii() else lower
