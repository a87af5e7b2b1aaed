"""Heading synonyms per canonical section: normalise a heading and map it to a section id."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from wmebv.core.errors import UserError

SECTION_IDS: tuple[str, ...] = (
    "wat_is_het", "aanvragen", "voorwaarden", "meenemen", "kosten", "termijn", "bezwaar", "contact",
)

_PUNCTUATION = re.compile(r"[^\w\s€]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)  # headings and titles come back on page after page
def normalise(text: str) -> str:
    """Lower case, accents and punctuation removed, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", plain)).strip()


def _compile(patterns: list[str], where: str) -> re.Pattern[str] | None:
    """One alternation of the patterns, or None when there are none."""
    if not patterns:
        return None
    try:
        return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))
    except re.error as error:
        raise UserError(f"Ongeldig patroon in {where}: {error}") from error


@dataclass(frozen=True)
class SectionVocabulary:
    """Which headings carry which canonical section (from ``rules/structure/sections.yml``)."""

    section_ids: tuple[str, ...]
    labels: dict[str, str]
    advice: dict[str, str]
    shorts: dict[str, str]
    matchers: tuple[tuple[str, re.Pattern[str]], ...]
    not_when_title: dict[str, re.Pattern[str]]
    ignore: re.Pattern[str] | None
    intro_ignore: re.Pattern[str] | None

    @classmethod
    def from_data(cls, data: dict[str, Any], source: str) -> SectionVocabulary:
        """Build the vocabulary from the parsed YAML, naming the file on errors."""
        sections = data.get("sections") or {}
        unknown = set(sections) - set(SECTION_IDS)
        if unknown:
            raise UserError(f"Onbekende sectie {sorted(unknown)} in {source}. Kies uit: {', '.join(SECTION_IDS)}.")
        order = data.get("match_order") or list(sections)
        matchers = []
        for section_id in order:
            pattern = _compile(list(sections[section_id].get("patterns") or []), f"{source} ({section_id})")
            if pattern is not None:
                matchers.append((section_id, pattern))
        return cls(
            section_ids=tuple(section_id for section_id in SECTION_IDS if section_id in sections),
            labels={key: str(value.get("label", key)) for key, value in sections.items()},
            advice={key: str(value.get("advice", "")) for key, value in sections.items()},
            shorts={key: str(value.get("short", key[0].upper())) for key, value in sections.items()},
            matchers=tuple(matchers),
            not_when_title={key: pattern for key, value in sections.items()
                            if (pattern := _compile([value["not_when_title"]] if value.get("not_when_title") else [],
                                                    f"{source} ({key})")) is not None},
            ignore=_compile(list(data.get("ignore_headings") or []), source),
            intro_ignore=_compile(list((data.get("intro") or {}).get("ignore_patterns") or []), source),
        )

    @classmethod
    def load(cls, path: Path) -> SectionVocabulary:
        """Read the vocabulary from a YAML file."""
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise UserError(f"Kan {path} niet lezen: {error}") from error
        return cls.from_data(data, str(path))

    def match(self, heading: str, title: str = "") -> str | None:
        """The section id a heading carries, or None (the page title rules out some sections)."""
        text = normalise(heading)
        if not text:
            return None
        plain_title = normalise(title) if title and self.not_when_title else ""
        for section_id, pattern in self.matchers:
            if pattern.search(text):
                excluded = self.not_when_title.get(section_id)
                if excluded is not None and plain_title and excluded.search(plain_title):
                    continue
                return section_id
        return None

    def is_ignored(self, heading: str) -> bool:
        """True for page furniture such as "Direct regelen" or "Zie ook"."""
        return bool(self.ignore and self.ignore.search(normalise(heading)))

    def pattern_of(self, section_ids: list[str] | tuple[str, ...]) -> str:
        """A compact string of sections in order, e.g. "WAVKTC", for grouping pages."""
        return "".join(self.shorts.get(section_id, "?") for section_id in section_ids)
