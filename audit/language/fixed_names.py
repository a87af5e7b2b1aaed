"""Fixed names that must stay whole: a long sentence is not cut inside one, and none is officialese.

"burgemeester en wethouders" holds a word a sentence can be cut before ("en"); "verklaring
omtrent het gedrag" holds an officialese word ("omtrent"). The list is data:
``rules/language/fixed_names.yml``, each name with an example sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from wmebv.core.errors import UserError

KEYS = {"name", "example"}
# The words of a name, as the sentence tokens have them: without commas and other marks.
WORD = re.compile(r"[\w][\w'-]*")


@dataclass(frozen=True)
class FixedName:
    """One fixed name, as lower-case words (marks left out), with the sentence that shows why it is listed."""

    words: tuple[str, ...]
    example: str


@dataclass(frozen=True)
class FixedNames:
    """The fixed names, looked up by their first word."""

    names: tuple[FixedName, ...] = ()

    def spans(self, words: list[str]) -> list[tuple[int, int]]:
        """Where fixed names stand in the lower-case ``words``: (first index, index after the last)."""
        found = []
        for start, word in enumerate(words):
            for name in self.names:
                if name.words[0] == word and tuple(words[start:start + len(name.words)]) == name.words:
                    found.append((start, start + len(name.words)))
        return found

    def covered(self, words: list[str]) -> set[int]:
        """The indices of the words that belong to a fixed name."""
        return {index for start, end in self.spans(words) for index in range(start, end)}

    def cuts_through(self, words: list[str], index: int) -> bool:
        """Would a cut before ``words[index]`` split a fixed name?"""
        return any(start < index < end for start, end in self.spans(words))


def load_fixed_names(path: Path) -> FixedNames:
    """Read the list; an entry without a name or example, or with an unknown key, names the file."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    names = []
    for number, item in enumerate(data.get("names") or [], start=1):
        if not isinstance(item, dict) or set(item) != KEYS or not str(item.get("name") or "").strip():
            raise UserError(f"Fout in {path.name}, naam {number}: geef precies 'name' en 'example'.")
        names.append(FixedName(tuple(WORD.findall(str(item["name"]).lower())), str(item["example"])))
    return FixedNames(tuple(names))
