"""Split a block of Dutch text into sentences without breaking on abbreviations, amounts or dates.

The one sentence splitter of the tool: the channel, structure and language analysers all read
the sentences of :mod:`wmebv.core.blocks`, which come from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

# A candidate boundary: sentence punctuation, closing quotes or brackets, then white space.
_CANDIDATE = re.compile(r"([.!?…]+)([\"'”’»)\]]*)(\s+)")
# A dotted abbreviation of short letter groups: "o.a", "z.s.m", "d.w.z", "N.B".
_DOTTED = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")
# A list marker at the start of a block: "1.", "2)", "a)", "-", "•", "*", "–".
_LIST_MARKER = re.compile(r"^\s*(?:\d{1,2}[.)]|[a-z]\)|[-•*–·▪])\s+")
_OPENERS = "\"'“‘«([¿¡"


@dataclass(frozen=True)
class Abbreviations:
    """Known abbreviations (without the final period) and those that may end a sentence."""

    known: frozenset[str]
    may_end_sentence: frozenset[str]

    @classmethod
    def load(cls, path: Path) -> Abbreviations:
        """Read the list from YAML (``rules/text/abbreviations.yml``)."""
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(frozenset(data.get("known") or ()), frozenset(data.get("may_end_sentence") or ()))


def strip_list_marker(text: str) -> str:
    """Remove a leading bullet or number ("1.", "-", "•") from a list item or line."""
    return _LIST_MARKER.sub("", text, count=1)


def _last_chunk(text: str) -> str:
    """The last white-space separated chunk of text, without opening quotes or brackets."""
    chunk = text.rsplit(None, 1)[-1] if text.strip() else ""
    return chunk.lstrip(_OPENERS)


def _next_start(text: str) -> str:
    """The first character of the next sentence candidate, past opening quotes and brackets."""
    stripped = text.lstrip().lstrip(_OPENERS)
    return stripped[:1]


def is_boundary(before: str, punct: str, after: str, abbreviations: Abbreviations) -> bool:
    """Decide whether punctuation between `before` and `after` ends a sentence."""
    first = _next_start(after)
    if not first:
        return False
    if first.islower():
        return False  # "ca. twee weken", "blz. 4" is handled below, "enz. en" never splits
    if "?" in punct or "!" in punct:
        return True
    if punct in ("…", "...") or len(punct) > 1:
        return first.isupper()
    word = _last_chunk(before)
    lower = word.lower()
    if lower in abbreviations.known or (_DOTTED.fullmatch(word) and "." in word):
        # "dhr. Jansen", "i.v.m. de", "1 jan. 2026" stay together; "enz. Daarna" splits
        return lower in abbreviations.may_end_sentence and first.isupper()
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: "J. de Vries"
    return first.isupper() or first.isdigit() or first in "€"


def split_sentences(text: str, abbreviations: Abbreviations) -> list[str]:
    """Split one block (a paragraph, list item or cell) into sentences."""
    text = " ".join(text.split())
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        end = match.end(2)
        if is_boundary(text[start:match.start(1)], match.group(1), text[match.end():],
                       abbreviations):
            sentence = text[start:end].strip()
            if sentence:
                sentences.append(sentence)
            start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences
