"""The text a reader would call the page's text, as blocks: headings, paragraphs, list items, cells."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
import yaml
from lxml.html import HtmlElement

from wmebv.core.page import id_class_words

_BLOCK_TAGS = frozenset(
    "p div section article main li ul ol dl dt dd table thead tbody tfoot tr td th caption "
    "blockquote figcaption summary details pre h1 h2 h3 h4 h5 h6 address hr center fieldset "
    "legend".split()
)
_END_PUNCT = tuple(".!?:;")


@dataclass(frozen=True)
class TextBlock:
    """One block of text: its kind (heading, paragraph, list_item, cell) and its section heading."""

    kind: str
    text: str
    section: str = ""


@dataclass(frozen=True)
class ExtractionRules:
    """Which elements and lines are left out of the text (from ``rules/language/extraction.yml``)."""

    skip_tags: frozenset[str]
    skip_words: frozenset[str]
    boilerplate: re.Pattern[str]
    heading_tags: frozenset[str]
    lead_in_max_words: int
    use_readability_fallback: bool

    @classmethod
    def load(cls, path: Path) -> "ExtractionRules":
        """Read the extraction rules from YAML."""
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        pattern = "|".join(f"(?:{item})" for item in data["boilerplate"])
        return cls(
            skip_tags=frozenset(data["skip_tags"]),
            skip_words=frozenset(word.lower() for word in data["skip_id_class_words"]),
            boilerplate=re.compile(rf"^\s*(?:{pattern})", re.IGNORECASE),
            heading_tags=frozenset(data["heading_tags"]),
            lead_in_max_words=int(data["lead_in_max_words"]),
            use_readability_fallback=bool(data["use_readability_fallback"]),
        )


class _Collector:
    """Walks an element tree once and collects text blocks in reading order."""

    def __init__(self, rules: ExtractionRules, root: HtmlElement) -> None:
        self.rules = rules
        self.root = root
        self.blocks: list[TextBlock] = []
        self.buffer: list[str] = []
        self.section = ""

    def skip(self, element: HtmlElement, tag: str) -> bool:
        """True when the element is not part of the text."""
        if tag in self.rules.skip_tags:
            return True
        if tag == "button" and not element.get("aria-controls"):
            return True
        if (element.get("role") or "").lower() == "tablist":
            return True
        return not self.rules.skip_words.isdisjoint(id_class_words(element))

    def kind_of(self, element: HtmlElement, tag: str, parent_kind: str) -> str:
        """The block kind of an element; paragraphs inside list items or cells keep that kind."""
        if tag in self.rules.heading_tags or tag == "button":
            return "heading"
        if tag == "li":
            return "list_item"
        if tag in ("td", "th"):
            return "cell"
        return parent_kind if parent_kind in ("list_item", "cell") else "paragraph"

    def emit(self, kind: str, text: str) -> None:
        """Add one block, unless it is empty or site furniture; a heading opens a new section."""
        text = " ".join(text.split())
        if not text or self.rules.boilerplate.match(text):
            return
        if kind == "heading":
            self.section = text
        self.blocks.append(TextBlock(kind, text, self.section))

    def flush(self, kind: str) -> None:
        """Turn the buffered inline text into blocks; <br> lines become lead-ins or are joined."""
        if not self.buffer:
            return  # most blocks start and end right after another one: nothing to emit
        raw = "".join(self.buffer)
        self.buffer.clear()
        lines = [" ".join(line.split()) for line in raw.split("\n")]
        lines = [line for line in lines if line]
        pending = ""
        for index, line in enumerate(lines):
            text = f"{pending} {line}".strip()
            pending = ""
            last = index == len(lines) - 1
            if last or text.endswith(_END_PUNCT):
                self.emit(kind, text)
            elif len(text.split()) <= self.rules.lead_in_max_words and lines[index + 1][:1].isupper():
                self.emit("heading" if kind == "paragraph" else kind, text)
            else:
                pending = text  # a sentence broken over two lines: join it
        if pending:
            self.emit(kind, pending)

    def tab_label(self, element: HtmlElement) -> str:
        """The label of a tab panel (the tab that names it), for use as its heading."""
        label_id = element.get("aria-labelledby")
        if not label_id:
            return ""
        found = self.root.xpath("//*[@id=$id]", id=label_id.split()[0])
        return " ".join(found[0].text_content().split()) if found else ""

    def visit(self, element: HtmlElement, kind: str) -> None:
        """Visit one element and its children, in document order."""
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if not tag or self.skip(element, tag):
            return
        if tag == "br":
            self.buffer.append("\n")
            return
        is_block = tag in _BLOCK_TAGS or tag == "button"
        inner = kind
        if is_block:
            self.flush(kind)
            inner = self.kind_of(element, tag, kind)
            if (element.get("role") or "").lower() == "tabpanel":
                label = self.tab_label(element)
                if label:
                    self.emit("heading", label)
        if element.text:
            self.buffer.append(element.text)
        for child in element:
            self.visit(child, inner)
            if child.tail:
                self.buffer.append(child.tail)
        if is_block:
            self.flush(inner)


def blocks_from_element(element: HtmlElement, rules: ExtractionRules) -> list[TextBlock]:
    """Collect the text blocks of one content element."""
    collector = _Collector(rules, element.getroottree().getroot())
    collector.visit(element, "paragraph")
    collector.flush("paragraph")
    return collector.blocks


def readability_element(body: HtmlElement) -> HtmlElement | None:
    """The main text as readability-lxml finds it, for pages without a usable content region."""
    from readability import Document  # imported here: only pages without <main> need it

    try:
        summary = Document(lxml.html.tostring(body, encoding="unicode")).summary(html_partial=True)
        return lxml.html.fragment_fromstring(summary, create_parent="div") if summary.strip() else None
    except Exception:  # readability and lxml raise bare errors on odd pages (control bytes, ...); then we keep the body
        return None
