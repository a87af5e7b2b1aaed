"""Words in a Dutch sentence: tokens, word classes by shape, and syllables for Flesch-Douma."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# One token: a URL or e-mail address, an amount or number, or a word (internal hyphens,
# apostrophes, periods and slashes kept: "e-mail", "auto's", "o.a", "t/m").
_TOKEN = re.compile(
    r"(?P<url>(?:https?://|www\.)[^\s<>\"]+?(?=[.,;:!?)\]]*(?:\s|$))|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<num>\d+(?:[.,:/-]\d+)*(?:,-|(?:e|de|ste)\b|\b))"
    r"|(?P<word>'?[^\W\d_](?:[\w'’/.-]*[^\W_])?)"
)
_ALPHA_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

# Syllables: a Dutch vowel unit (longest first) is one syllable; a diaeresis starts a new one.
_VOWEL_UNITS = ("ieu", "eeu", "ooi", "aai", "oei", "aa", "ee", "oo", "uu", "ie", "oe", "eu",
                "ui", "ei", "ou", "au", "ai", "oi", "ey", "uy")
_VOWELS = frozenset("aeiouyáéíóúàèòâêôû")
_DIAERESIS = frozenset("äëïöü")
_PLAIN = str.maketrans("äëïöü", "aeiou")


class Token(NamedTuple):
    """One token of a sentence: text, kind (word, num, url), position, lower case, plain word or not."""

    text: str
    kind: str
    start: int
    lower: str
    is_alpha: bool  # a plain word made of letters (hyphens and apostrophes allowed)


@lru_cache(maxsize=65536)
def _is_alpha_word(word: str) -> bool:
    """True for a word made of letters, hyphens and apostrophes (decided once per word)."""
    return _ALPHA_WORD.fullmatch(word) is not None


def tokenize(text: str) -> list[Token]:
    """Split a sentence into tokens; punctuation and symbols (€, %, brackets) are not tokens."""
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        kind = match.lastgroup or "word"
        tokens.append(Token(word, kind, match.start(), word.lower(), kind == "word" and _is_alpha_word(word)))
    return tokens


def count_syllables(word: str) -> int:
    """Count the syllables of a Dutch word by its vowel units ("ij" counts as one vowel)."""
    raw = word.lower().replace("ij", "y")
    forced = {i for i, char in enumerate(raw) if char in _DIAERESIS}
    text = raw.translate(_PLAIN)
    count = 0
    i = 0
    while i < len(text):
        if text[i] not in _VOWELS:
            i += 1
            continue
        step = 1
        for unit in _VOWEL_UNITS:
            # a diaeresis inside a unit breaks it: "beëindigen" is be-ëin-di-gen
            if text.startswith(unit, i) and not any(i < j < i + len(unit) for j in forced):
                step = len(unit)
                break
        i += step
        count += 1
    return max(count, 1)
