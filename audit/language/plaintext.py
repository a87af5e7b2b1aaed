"""Text blocks from plain text or Markdown drafts: headings, paragraphs and list items."""

from __future__ import annotations

import re

from audit.language.extract import TextBlock
from audit.language.sentences import strip_list_marker

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-•*–·▪+])\s+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(.+?)\1")


def _clean(line: str) -> str:
    """Remove Markdown links (keeping the label) and emphasis marks."""
    return _EMPHASIS.sub(r"\2", _LINK.sub(r"\1", line)).strip()


def blocks_from_text(text: str) -> list[TextBlock]:
    """Split a plain-text or Markdown draft into blocks; blank lines end a paragraph."""
    blocks: list[TextBlock] = []
    section = ""
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(TextBlock("paragraph", " ".join(paragraph), section))
            paragraph.clear()

    for raw in text.splitlines():
        line = _clean(raw)
        heading = _HEADING.match(raw)
        if not line:
            flush()
        elif heading:
            flush()
            section = _clean(heading.group(1))
            blocks.append(TextBlock("heading", section, section))
        elif _LIST_ITEM.match(raw):
            flush()
            blocks.append(TextBlock("list_item", strip_list_marker(line), section))
        else:
            paragraph.append(line)
    flush()
    return blocks
