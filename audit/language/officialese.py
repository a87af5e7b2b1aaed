"""Find officialese ("ambtelijke taal") in a sentence: words and phrases from a list, with inflections."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from wmebv.core.errors import UserError

GAP = "..."
_MAX_GAP = 6  # at most this many words between the parts of "dient ... te"


@dataclass(frozen=True)
class OfficialeseEntry:
    """One officialese word or phrase with its plain alternative and an example sentence."""

    term: str
    plain: str
    example: str
    patterns: tuple[tuple[frozenset[str] | None, ...], ...]  # None stands for a gap


@dataclass(frozen=True)
class OfficialeseMatch:
    """One use of an officialese term in a sentence."""

    term: str
    plain: str
    found: str


def _compile(pattern: str) -> tuple[frozenset[str] | None, ...]:
    """Turn "dien|dient ... te" into a tuple of word sets with None for the gap."""
    return tuple(None if part == GAP else frozenset(part.lower().split("|"))
                 for part in pattern.split())


def load_officialese(path: Path) -> tuple[tuple[OfficialeseEntry, ...], tuple[tuple[str, ...], ...]]:
    """Read the officialese list and the fixed names it does not apply to ("verklaring omtrent het gedrag")."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    exceptions = tuple(tuple(phrase.lower().split()) for phrase in data.get("exceptions") or ())
    entries = []
    for number, item in enumerate(data["entries"], start=1):
        missing = {"term", "plain", "example"} - set(item)
        unknown = set(item) - {"term", "plain", "example", "match"}
        if missing or unknown:
            raise UserError(f"Fout in {path.name}, regel {number} ({item.get('term', '?')}): "
                            f"ontbreekt {sorted(missing)}, onbekend {sorted(unknown)}")
        forms = item.get("match") or item["term"]
        forms = [forms] if isinstance(forms, str) else forms
        entries.append(OfficialeseEntry(item["term"], item["plain"], item["example"],
                                        tuple(_compile(form) for form in forms)))
    return tuple(entries), exceptions


class OfficialeseMatcher:
    """Matches the officialese list against the lower-case words of a sentence."""

    def __init__(self, entries: tuple[OfficialeseEntry, ...],
                 exceptions: tuple[tuple[str, ...], ...] = ()) -> None:
        self.exceptions = exceptions
        self.exceptions_by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in exceptions:
            if phrase:
                self.exceptions_by_first.setdefault(phrase[0], []).append(phrase)
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
                following = pattern[index + 1]
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
        covered: set[int] = set()
        for start, word in enumerate(words):  # fixed names are not officialese: skip their words
            for phrase in self.exceptions_by_first.get(word, ()):
                if tuple(words[start:start + len(phrase)]) == phrase:
                    covered.update(range(start, start + len(phrase)))
        for start, word in enumerate(words):
            if start in covered:
                continue
            best: tuple[int, OfficialeseEntry] | None = None
            for entry, pattern in self.by_first.get(word, ()):
                end = self._match_at(words, start, pattern)
                if end is not None and (best is None or end > best[0]):
                    best = (end, entry)
            if best is not None:
                end, entry = best
                contiguous = " ".join(words[start:end])
                shown = contiguous if end - start <= len(entry.term.split()) + 1 else \
                    f"{words[start]} ... {words[end - 1]}"
                found.append(OfficialeseMatch(entry.term, entry.plain, shown))
                covered.update(range(start, end))
        return found
