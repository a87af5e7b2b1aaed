"""Rare and long words: Dutch word frequencies (wordfreq, Zipf scale) with compounds split sensibly."""

from __future__ import annotations

import math
from dataclasses import dataclass

from audit.language.tokens import Token, count_syllables

# Inflection endings: a form of a known word is known ("logt" from "log", "zorgvuldige").
_INFLECTIONS = ("t", "d", "e", "en", "n", "s", "de", "te", "den", "ten", "st")
# Linking sounds between the parts of a Dutch compound: "gemeente-s-huis", "boek-en-kast".
_LINKS = ("", "s", "e", "en", "-")


@dataclass(frozen=True)
class VocabularyRules:
    """Thresholds and word lists for rare and long words."""

    rare_zipf: float  # below this Zipf frequency a word is rare
    part_zipf: float  # each part of a compound must be at least this common
    min_part_chars: int
    long_word_syllables: int  # a word with at least this many syllables is long
    known_words: frozenset[str]  # words every resident of a municipality knows (DigiD, WOZ, ...)


class Vocabulary:
    """Word frequencies loaded once per run, with a cache of decisions per word."""

    def __init__(self, frequencies: dict[str, float], rules: VocabularyRules) -> None:
        self.frequencies = frequencies
        self.rules = rules
        self._rare: dict[str, bool] = {}
        self._syllables: dict[str, int] = {}

    def zipf(self, word: str) -> float:
        """Zipf frequency of a lower-case word (0.0 when unknown)."""
        frequency = self.frequencies.get(word, 0.0)
        return math.log10(frequency) + 9 if frequency > 0 else 0.0

    def syllables(self, word: str) -> int:
        """Cached syllable count of a word."""
        count = self._syllables.get(word)
        if count is None:
            count = self._syllables[word] = count_syllables(word)
        return count

    def syllable_counts(self, words: list[str]) -> list[int]:
        """The cached syllable count of each word (one call per sentence instead of one per word)."""
        known = self._syllables
        return [known[word] if word in known else self.syllables(word) for word in words]

    def is_common_compound(self, word: str, depth: int = 0) -> bool:
        """True when the word splits into common parts: "parkeer" + "vergunning"."""
        minimum = self.rules.min_part_chars
        # a first part may be a short particle ("in-rit", "op-vang"); the last part may not
        for cut in range(2, len(word) - minimum + 1):
            head = word[:cut]
            if self.zipf(head) < self.rules.part_zipf:
                continue
            for link in _LINKS:
                rest = word[cut:]
                if not rest.startswith(link):
                    continue
                tail = rest[len(link):]
                if len(tail) < minimum:
                    continue
                if self.zipf(tail) >= self.rules.part_zipf:
                    return True
                if depth < 1 and self.is_common_compound(tail, depth + 1):
                    return True
        return False

    def is_known_inflection(self, word: str) -> bool:
        """True when the word is a common word plus an inflection ending: "logt", "strekkend"."""
        return any(word.endswith(end) and len(word) - len(end) >= 3
                   and self.zipf(word[: -len(end)]) >= self.rules.rare_zipf for end in _INFLECTIONS)

    def is_rare(self, word: str) -> bool:
        """True for a lower-case word that few readers know (and is not a compound of common parts)."""
        decision = self._rare.get(word)
        if decision is None:
            decision = (
                word not in self.rules.known_words
                and self.zipf(word) < self.rules.rare_zipf
                and not all(self.zipf(part) >= self.rules.rare_zipf for part in word.split("-") if part)
                and not self.is_known_inflection(word)
                and not self.is_common_compound(word.replace("-", ""))
            )
            self._rare[word] = decision
        return decision

    def judged(self, token: Token, sentence_start: bool) -> bool:
        """True when a token is judged for rareness: plain words, not names, numbers or acronyms."""
        if not token.is_alpha or len(token.text) < 3:
            return False
        text = token.text
        if text[0].isupper():
            # a capital mid-sentence is a name; at the start it is a word only when known as one
            return sentence_start and not any(ch.isupper() for ch in text[1:]) \
                and text.lower() in self.frequencies
        return True

    def rare_words(self, tokens: list[Token]) -> list[str]:
        """The rare words of a sentence, in order, each once."""
        found: list[str] = []
        decided = self._rare
        for index, token in enumerate(tokens):
            # judged() inlined for plain lower-case words, the bulk of every sentence
            if not token.is_alpha or len(token.text) < 3:
                continue
            if token.text[0].isupper() and not self.judged(token, index == 0):
                continue
            lower = token.lower
            rare = decided[lower] if lower in decided else self.is_rare(lower)
            if rare and lower not in found:
                found.append(lower)
        return found

    def long_words(self, tokens: list[Token], syllables: list[int] | None = None) -> list[str]:
        """The long words of a sentence (many syllables), in order; ``syllables`` per letter word if known."""
        words = [t for t in tokens if t.is_alpha]
        counts = syllables if syllables is not None else self.syllable_counts([t.lower for t in words])
        return [t.text for t, count in zip(words, counts) if count >= self.rules.long_word_syllables]
