"""Find officialese ("ambtelijke taal") in a sentence: words and phrases from a list, with inflections.

A word can be officialese in one sense and not (or with another plain word) in another:
"betreffende uw aanvraag" (a preposition: write "over") against "het betreffende adres" (an
adjective: write "dat adres"). Such an entry names its sense and the words that may (not) stand
before it; the suggestion then says in which sense the plain word applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from audit.language.fixed_names import FixedNames, load_fixed_names
from wmebv.core.errors import UserError

GAP = "..."
KEYS = {"term", "plain", "example", "match", "sense", "not_after", "only_after", "not_example"}
_MAX_GAP = 6  # at most this many words between the parts of "dient ... te"


@dataclass(frozen=True)
class OfficialeseEntry:
    """One officialese word or phrase with its plain alternative and an example sentence."""

    term: str
    plain: str
    example: str
    patterns: tuple[tuple[frozenset[str] | None, ...], ...]  # None stands for a gap
    sense: str = ""  # in which sense the plain word applies, when the word has more than one
    not_after: frozenset[str] = frozenset()  # this entry does not apply after one of these words
    only_after: frozenset[str] = frozenset()  # this entry applies only after one of these words
    not_example: str = ""  # a sentence with the word in which this entry must not apply

    def applies_after(self, previous: str) -> bool:
        """Does this entry apply when ``previous`` is the word before it ("" at the start)?"""
        if self.only_after and previous not in self.only_after:
            return False
        return previous not in self.not_after


@dataclass(frozen=True)
class OfficialeseMatch:
    """One use of an officialese term in a sentence."""

    term: str
    plain: str
    found: str
    sense: str = ""


def _compile(pattern: str) -> tuple[frozenset[str] | None, ...]:
    """Turn "dien|dient ... te" into a tuple of word sets with None for the gap."""
    return tuple(None if part == GAP else frozenset(part.lower().split("|"))
                 for part in pattern.split())


def load_officialese(path: Path, fixed_names_path: Path | None = None) -> tuple[tuple[OfficialeseEntry, ...], FixedNames]:
    """Read the officialese list, and the fixed names it does not apply to (fixed_names.yml beside it)."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    fixed = load_fixed_names(fixed_names_path or path.parent / "fixed_names.yml")
    entries = []
    for number, item in enumerate(data["entries"], start=1):
        missing = {"term", "plain", "example"} - set(item)
        unknown = set(item) - KEYS
        if missing or unknown:
            raise UserError(f"Fout in {path.name}, regel {number} ({item.get('term', '?')}): "
                            f"ontbreekt {sorted(missing)}, onbekend {sorted(unknown)}")
        if (item.get("not_after") or item.get("only_after")) and not item.get("sense"):
            raise UserError(f"Fout in {path.name}, regel {number} ({item['term']}): zeg met 'sense' in welke "
                            "betekenis het gewone woord past, als 'not_after' of 'only_after' er staat.")
        forms = item.get("match") or item["term"]
        forms = [forms] if isinstance(forms, str) else forms
        entries.append(OfficialeseEntry(
            item["term"], item["plain"], item["example"], tuple(_compile(form) for form in forms),
            sense=str(item.get("sense") or ""),
            not_after=frozenset(word.lower() for word in item.get("not_after") or ()),
            only_after=frozenset(word.lower() for word in item.get("only_after") or ()),
            not_example=str(item.get("not_example") or ""),
        ))
    return tuple(entries), fixed


class OfficialeseMatcher:
    """Matches the officialese list against the lower-case words of a sentence."""

    def __init__(self, entries: tuple[OfficialeseEntry, ...], fixed_names: FixedNames = FixedNames()) -> None:
        """Index the entries by their first word; the words of fixed names are never officialese."""
        self.fixed_names = fixed_names
        self.by_first: dict[str, list[tuple[OfficialeseEntry, tuple[frozenset[str] | None, ...]]]] = {}
        for entry in entries:
            for pattern in entry.patterns:
                for word in pattern[0] or ():
                    self.by_first.setdefault(word, []).append((entry, pattern))
        self.first_words = frozenset(self.by_first)

    def _match_at(self, words: list[str], start: int,
                  pattern: tuple[frozenset[str] | None, ...]) -> int | None:
        """The end index when the pattern matches at `start`, else None."""
        position = start
        index = 0
        while index < len(pattern):
            part = pattern[index]
            if part is None:
                following = pattern[index + 1] or frozenset()  # a gap is always followed by words
                for skip in range(_MAX_GAP + 1):
                    if position + skip < len(words) and words[position + skip] in following:
                        position += skip + 1
                        break
                else:
                    return None
                index += 2
                continue
            if position >= len(words) or words[position] not in part:
                return None
            position += 1
            index += 1
        return position

    def find(self, words: list[str]) -> list[OfficialeseMatch]:
        """All officialese uses in a list of lower-case words, longest match first per position."""
        found: list[OfficialeseMatch] = []
        if self.first_words.isdisjoint(words):
            return found  # no term starts with any of these words
        covered = self.fixed_names.covered(words)  # fixed names are not officialese: skip their words
        for start, word in enumerate(words):
            if start in covered:
                continue
            best: tuple[int, OfficialeseEntry] | None = None
            previous = words[start - 1] if start else ""
            for entry, pattern in self.by_first.get(word, ()):
                if not entry.applies_after(previous):
                    continue
                end = self._match_at(words, start, pattern)
                if end is not None and (best is None or end > best[0]):
                    best = (end, entry)
            if best is not None:
                end, entry = best
                contiguous = " ".join(words[start:end])
                shown = contiguous if end - start <= len(entry.term.split()) + 1 else \
                    f"{words[start]} ... {words[end - 1]}"
                found.append(OfficialeseMatch(entry.term, entry.plain, shown, entry.sense))
                covered.update(range(start, end))
        return found
