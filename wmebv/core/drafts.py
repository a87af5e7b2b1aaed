"""Plain-text and Markdown drafts as blocks, written out as simple HTML for the one block walker.

A web editor checks a draft before it is published (``wmebv check concept.txt``). The draft has
no markup, so its lines are read the way a reader reads them: a short line standing alone is a
heading, "•" or "-" starts a list item, a lone call-to-action line is a button. The result is
HTML that :mod:`wmebv.core.blocks` walks like any other page, so drafts and pages give the same
blocks. The line habits are data: ``rules/text/drafts.yml``.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from wmebv.core.paths import rules_dir
from wmebv.core.regex import pattern_text

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•–·▪+]|\d{1,2}[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*([^*]+)\*\*|__([^_]+)__")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*([^*]+)\*\*|__([^_]+)__)\s*:?\s*$")
# Two words glued together where a copied page lost the space between a link and the text
# after it ("linkVraag", "aanvragenEvenementen"); "DigiD" and "eHerkenning" stay whole.
_GLUED = re.compile(r"([a-zà-ÿ]{3,})([A-Z][a-zà-ÿ]{2,})")
_SENTENCE_END = tuple(".!?")
_NOT_A_HEADING_END = tuple(".!;,")


@dataclass(frozen=True)
class DraftRules:
    """Which lines of a draft are headings, buttons and the title (``rules/text/drafts.yml``)."""

    short_line_words: int
    short_line_chars: int
    title_max_chars: int
    skip_lines: re.Pattern[str]
    button_markers: re.Pattern[str]
    login_markers: re.Pattern[str]
    question_words: re.Pattern[str]
    price_rows: re.Pattern[str]
    sentence_starts: re.Pattern[str]
    action_words: re.Pattern[str]

    @classmethod
    def load(cls, path: Path) -> DraftRules:
        """Read the draft rules from YAML."""
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(
            short_line_words=int(data["short_line_words"]),
            short_line_chars=int(data["short_line_chars"]),
            title_max_chars=int(data["title_max_chars"]),
            skip_lines=_union(data["skip_lines"]),
            button_markers=_union(data["button_markers"]),
            login_markers=_union(data["login_markers"]),
            question_words=_one(data["question_words"]),
            price_rows=_one(data["price_rows"]),
            sentence_starts=_one(data["sentence_starts"]),
            action_words=_union(data["action_words"]),
        )


def _union(patterns: list[Any]) -> re.Pattern[str]:
    """One case-insensitive alternation of a list of patterns (each a string, or a mapping with examples)."""
    return re.compile("|".join(f"(?:{pattern_text(pattern)})" for pattern in patterns), re.IGNORECASE)


def _one(item: Any) -> re.Pattern[str]:
    """One case-insensitive pattern (a string, or a mapping with examples)."""
    return re.compile(pattern_text(item), re.IGNORECASE)


@lru_cache(maxsize=4)
def default_rules(folder: Path | None = None) -> DraftRules:
    """The draft rules of a rules folder (the bundled one by default), read once."""
    return DraftRules.load((folder or rules_dir()) / "text" / "drafts.yml")


@dataclass
class DraftBlock:
    """One block of a draft: its kind, its text (inline Markdown kept) and, for headings, its level."""

    kind: str  # title | heading | paragraph | list_item | row | button
    text: str
    level: int = 2


def _plain(text: str) -> str:
    """The visible text of a line: Markdown links and bold marks removed."""
    return _BOLD.sub(lambda m: m.group(1) or m.group(2), _LINK.sub(r"\1", text)).strip()


def _lines(text: str) -> list[DraftBlock | None]:
    """The draft line by line: headings, list items and table rows recognised, None for a blank line."""
    found: list[DraftBlock | None] = []
    for raw in _GLUED.sub(r"\1 \2", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n"):
        line = raw.strip()
        heading = _MD_HEADING.match(raw)
        if not line:
            found.append(None)
        elif heading:
            level = len(heading.group(1))
            found.append(DraftBlock("title" if level == 1 else "heading", heading.group(2), min(level, 6)))
        elif _BULLET.match(raw):
            found.append(DraftBlock("list_item", _BULLET.sub("", raw, count=1).strip()))
        elif line.count("|") >= 2 and not _TABLE_RULE.match(line):
            found.append(DraftBlock("row", line))
        elif _TABLE_RULE.match(line) and "|" in line:
            continue
        elif bold := _BOLD_LINE.match(line):
            found.append(DraftBlock("heading", (bold.group(1) or bold.group(2)).strip().rstrip(":")))
        else:
            found.append(DraftBlock("paragraph", line))
    return found


def _join_wrapped(lines: list[DraftBlock | None]) -> list[DraftBlock | None]:
    """Join a paragraph line that stops mid-sentence with the next line when that goes on in lower case."""
    joined: list[DraftBlock | None] = []
    for line in lines:
        previous = joined[-1] if joined else None
        if (line is not None and previous is not None and line.kind == "paragraph" and previous.kind == "paragraph"
                and not previous.text.endswith(_SENTENCE_END) and line.text[:1].islower()):
            previous.text = f"{previous.text} {line.text}"
        else:
            joined.append(line)
    return joined


def _is_short(text: str, rules: DraftRules) -> bool:
    """True for a line short enough to be a heading or a button."""
    plain = _plain(text)
    return len(plain) <= rules.short_line_chars and len(plain.split()) <= rules.short_line_words


def _is_line(block: DraftBlock | None, rules: DraftRules) -> bool:
    """True for a lone short line without end punctuation: a heading, a button or a title."""
    return (block is not None and block.kind == "paragraph" and _is_short(block.text, rules)
            and not _plain(block.text).endswith(_NOT_A_HEADING_END))


def _line_kind(plain: str, first: bool, body_follows: bool, last: bool, inside_run: bool, rules: DraftRules) -> str:
    """What a lone short line is: title, heading, button or paragraph.

    ``inside_run``: the line follows another short line and no text of its own follows it, as in
    an address block or a price list; such a line is a row, not a heading.
    """
    if plain.endswith(":"):
        # "Meenemen:" opens what follows; "U heeft nodig:" and "Stuur het formulier naar:" are sentences
        sentence = len(plain.split()) > 6 or rules.sentence_starts.search(plain) is not None
        return "paragraph" if sentence else "heading"
    if rules.price_rows.search(plain):
        return "paragraph"  # "Rijbewijs € 44,65": a row of a price list
    if rules.button_markers.search(plain):
        return "button"
    action = rules.action_words.search(plain) is not None and len(plain.split()) > 1
    if rules.login_markers.search(plain) and (action or not body_follows):
        return "button"
    if first and len(plain) <= rules.title_max_chars:
        return "title"
    if plain.endswith("?") or rules.question_words.search(plain):
        return "heading"
    if action and not body_follows:
        return "button"
    return "paragraph" if last or inside_run else "heading"


def _classify(blocks: list[DraftBlock | None], rules: DraftRules) -> list[DraftBlock]:
    """Decide for each lone short line whether it is the title, a heading, a button or a paragraph."""
    items = [block for block in blocks if block is not None]
    skipped = {index for index, block in enumerate(items)
               if block.kind == "paragraph" and rules.skip_lines.search(_plain(block.text))}
    first = -1 if any(block.kind == "title" for block in items) else \
        next((index for index in range(len(items)) if index not in skipped), -1)
    lines = [index not in skipped and _is_line(block, rules) for index, block in enumerate(items)]
    for index, block in enumerate(items):
        if not lines[index]:
            continue
        following = items[index + 1] if index + 1 < len(items) else None
        body_follows = following is not None and following.kind in ("paragraph", "list_item", "row") \
            and not _is_line(following, rules)
        inside_run = index > 0 and lines[index - 1] and not body_follows
        block.kind = _line_kind(_plain(block.text), index == first, body_follows, following is None, inside_run, rules)
        if block.kind == "title":
            block.level = 1
    return items


def draft_blocks(text: str, rules: DraftRules | None = None) -> list[DraftBlock]:
    """The blocks of a plain-text or Markdown draft."""
    return _classify(_join_wrapped(_lines(text)), rules or default_rules())


def _inline(text: str) -> str:
    """Escape a line and turn Markdown links and bold into HTML."""
    escaped = html_lib.escape(text, quote=False)
    escaped = _LINK.sub(lambda m: f'<a href="{html_lib.escape(m.group(2))}">{m.group(1)}</a>', escaped)
    return _BOLD.sub(lambda m: f"<strong>{m.group(1) or m.group(2)}</strong>", escaped)


def _row(text: str) -> str:
    """A table row written as "| a | b |"."""
    cells = [cell.strip() for cell in text.strip().strip("|").split("|")]
    return "<tr>" + "".join(f"<td>{_inline(cell)}</td>" for cell in cells) + "</tr>"


def blocks_to_html(blocks: list[DraftBlock]) -> str:
    """Simple HTML for the blocks: the walker reads it back as the same blocks."""
    out: list[str] = []
    open_tag = ""
    for block in blocks:
        wanted = {"list_item": "ul", "row": "table"}.get(block.kind, "")
        if wanted != open_tag:
            if open_tag:
                out.append(f"</{open_tag}>")
            if wanted:
                out.append(f"<{wanted}>")
            open_tag = wanted
        if block.kind == "title":
            out.append(f"<h1>{_inline(block.text)}</h1>")
        elif block.kind == "heading":
            level = max(2, block.level)
            out.append(f"<h{level}>{_inline(block.text.rstrip(':'))}</h{level}>")
        elif block.kind == "list_item":
            out.append(f"<li>{_inline(block.text)}</li>")
        elif block.kind == "row":
            out.append(_row(block.text))
        elif block.kind == "button":
            link = _LINK.search(block.text)
            href = f' href="{html_lib.escape(link.group(2))}"' if link else ""
            out.append(f'<p><a role="button" class="button"{href}>{html_lib.escape(_plain(block.text), quote=False)}</a></p>')
        else:
            out.append(f"<p>{_inline(block.text)}</p>")
    if open_tag:
        out.append(f"</{open_tag}>")
    return f"<html><head><meta charset='utf-8'></head><body><main>{''.join(out)}</main></body></html>"


def draft_to_html(text: str, rules: DraftRules | None = None) -> str:
    """Turn a plain-text or Markdown draft into simple HTML: title, headings, paragraphs, lists, buttons."""
    return blocks_to_html(draft_blocks(text, rules))
