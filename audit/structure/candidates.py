"""The blocks that open a section, on every template municipal sites use.

Headings (h2-h6), accordion buttons, ``details/summary``, tabs, definition lists, table row
headers and bold lead-ins (``<p><strong>Kosten</strong><br>...``) all open a section. The one
block walker (:mod:`wmebv.core.blocks`) finds them; this module only says which count.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from wmebv.core.blocks import Block, TextLayer

# What the walker calls a heading's source -> the kind of section opener it is.
_KINDS = {"summary": "summary", "dt": "dt", "th": "th", "tab": "tab", "toggle": "button", "lead": "lead",
          "line": "line", "caption": "caption"}
# Openers that are often longer text than a heading: only short ones count.
_SHORT_KINDS = frozenset({"lead", "th", "tab", "dt", "line"})


@dataclass(frozen=True)
class Candidate:
    """A block that may open a section: its text and what kind of heading it is."""

    block: Block
    text: str
    kind: str  # heading | button | summary | tab | dt | th | lead | line | caption


def find_candidates(layer: TextLayer, max_words: int) -> Iterator[Candidate]:
    """Yield the section openers of the main text in reading order (title and sidebar boxes excluded)."""
    for block in layer.content:
        if block.kind != "heading" or block.is_title:
            continue
        kind = _KINDS.get(block.source, "heading")
        if kind in _SHORT_KINDS and len(block.text.split()) > max_words:
            continue
        yield Candidate(block=block, text=block.text, kind=kind)


def section_blocks(layer: TextLayer, candidate: Candidate, stops: Mapping[int, str], section_id: str) -> list[Block]:
    """The blocks of the main text between a section opener and the next opener of another section in ``stops``."""
    found: list[Block] = []
    for block in layer.blocks[candidate.block.index + 1:]:
        if stops.get(block.index, section_id) != section_id:
            break
        if block.region == "content" and not block.furniture:
            found.append(block)
    return found
