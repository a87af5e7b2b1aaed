"""The text of a page as blocks: headings, paragraphs, list items, cells and buttons, with their region.

The one block walker of the tool. A page is walked once (:class:`TextLayer`); the channel,
structure and language analysers all read its blocks and their sentences. The rules
(``rules/text/blocks.yml``) say which elements hold no text, which text is furniture rather than
running text, where sidebar boxes are and what counts as a heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml
from lxml.html import HtmlElement

from wmebv.core.sentences import Abbreviations, split_sentences, strip_list_marker

# Elements that end the running text before and after them.
BLOCK_TAGS = frozenset(
    "p div section article main aside body form li ul ol dl dt dd table thead tbody tfoot tr td th caption "
    "blockquote figcaption summary details pre h1 h2 h3 h4 h5 h6 address hr center fieldset legend button".split()
)
_END_PUNCT = tuple(".!?:;")
_WORD_SPLIT = re.compile(r"[\s_-]+")
KINDS = ("heading", "paragraph", "list_item", "cell", "button")
REGIONS = ("content", "sidebar", "outside")


@lru_cache(maxsize=4096)
def _words(id_and_class: str) -> frozenset[str]:
    """The lower-case words of an id and class: as written, and split at hyphens and underscores."""
    lower = id_and_class.lower()
    return frozenset(lower.split()) | frozenset(_WORD_SPLIT.split(lower))


def id_class_words(element: HtmlElement) -> frozenset[str]:
    """The words of an element's id and class attributes."""
    return _words(f"{element.get('id') or ''} {element.get('class') or ''}")


def clean(text: str | None) -> str:
    """Collapse white space."""
    return " ".join((text or "").split())


@dataclass(frozen=True)
class TextRules:
    """How a page is cut into blocks and sentences (``rules/text/*.yml``)."""

    hidden_tags: frozenset[str]
    furniture_tags: frozenset[str]
    furniture_words: frozenset[str]
    boilerplate: re.Pattern[str]
    sidebar_tags: frozenset[str]
    sidebar_roles: frozenset[str]
    sidebar_words: frozenset[str]
    heading_tags: frozenset[str]
    lead_in_max_words: int
    bold_lead_in_max_words: int
    abbreviations: Abbreviations

    @classmethod
    def load(cls, folder: Path) -> TextRules:
        """Read ``blocks.yml`` and ``abbreviations.yml`` from a rules folder's ``text/``."""
        data: dict[str, Any] = yaml.safe_load((folder / "blocks.yml").read_text(encoding="utf-8"))
        furniture, sidebar = data["furniture"], data["sidebar"]
        pattern = "|".join(f"(?:{item})" for item in furniture["boilerplate"])
        return cls(
            hidden_tags=frozenset(data["hidden_tags"]),
            furniture_tags=frozenset(furniture["tags"]),
            furniture_words=frozenset(word.lower() for word in furniture["id_class_words"]),
            boilerplate=re.compile(rf"^\s*(?:{pattern})", re.IGNORECASE),
            sidebar_tags=frozenset(sidebar["tags"]),
            sidebar_roles=frozenset(sidebar["roles"]),
            sidebar_words=frozenset(word.lower() for word in sidebar["id_class_words"]),
            heading_tags=frozenset(data["heading_tags"]),
            lead_in_max_words=int(data["lead_in_max_words"]),
            bold_lead_in_max_words=int(data["bold_lead_in_max_words"]),
            abbreviations=Abbreviations.load(folder / "abbreviations.yml"),
        )

    def is_sidebar(self, element: HtmlElement) -> bool:
        """True when the element is a sidebar box (an aside, a complementary region, a "sidebar" div)."""
        if element.tag in self.sidebar_tags or (element.get("role") or "").lower() in self.sidebar_roles:
            return True
        return not self.sidebar_words.isdisjoint(id_class_words(element))

    def is_furniture(self, element: HtmlElement, tag: str) -> bool:
        """True when the element holds text that is not running text (a form, a feedback box, ...)."""
        return tag in self.furniture_tags or not self.furniture_words.isdisjoint(id_class_words(element))


@dataclass(eq=False)
class Block:
    """One block of text and where it stands on the page."""

    index: int
    kind: str  # heading | paragraph | list_item | cell | button
    text: str
    source: str  # the element or habit that made it: h2, summary, dt, th, tab, toggle, lead, line, p, li, td, ...
    element: HtmlElement
    region: str  # content | sidebar | outside
    furniture: bool = False  # on the page, but not running text (feedback box, form label, "Laatst gewijzigd")
    heading: str = ""  # the heading above it in its region ("" before the first one)
    heading_source: str = ""  # what that heading is ("h1" for the page title)
    links: list[HtmlElement] = field(default_factory=list)  # links and buttons inside the block

    @property
    def is_title(self) -> bool:
        """True for the page title (h1)."""
        return self.kind == "heading" and self.source == "h1"

    @property
    def section(self) -> str:
        """The section heading above the block, the page title not counted."""
        return "" if self.heading_source == "h1" else self.heading

    @property
    def reading(self) -> bool:
        """True for running text of the main content (what a reader reads, and the language measures)."""
        return self.region == "content" and not self.furniture and self.kind != "button"


@dataclass(frozen=True)
class _Context:
    """Where the walker is: the element whose text is being collected, its block kind, region and furniture flag."""

    element: HtmlElement
    kind: str
    region: str
    furniture: bool


class _Walker:
    """Walks an element tree once and collects its blocks in reading order."""

    def __init__(self, rules: TextRules, root: HtmlElement, content: HtmlElement | None) -> None:
        self.rules = rules
        self.root = root
        self.content = content
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.pending_links: list[HtmlElement] = []
        self.headings: dict[str, tuple[str, str]] = {}
        self.spans: dict[HtmlElement, tuple[int, int]] = {}
        self.tab_labels = self._tab_labels()

    def _tab_labels(self) -> dict[str, str]:
        """Tab panel id -> the label of the tab that opens it (``aria-controls`` or ``href="#id"``)."""
        labels: dict[str, str] = {}
        for tab in self.root.iterfind(".//*[@role='tab']"):
            target = tab.get("aria-controls") or (tab.get("href") or "").lstrip("#")
            if target:
                labels[target] = clean(tab.text_content())
        return labels

    def emit(self, kind: str, text: str, source: str, context: _Context) -> Block | None:
        """Add one block unless it is empty; a heading becomes the heading of what follows in its region."""
        text = clean(text)
        if not text:
            return None
        furniture = context.furniture or bool(self.rules.boilerplate.match(text))
        region = context.region
        above, above_source = self.headings.get(region, ("", ""))
        block = Block(index=len(self.blocks), kind=kind, text=text, source=source, element=context.element,
                      region=region, furniture=furniture, heading=text if kind == "heading" else above,
                      heading_source=source if kind == "heading" else above_source)
        if kind == "heading" and not furniture:
            self.headings[region] = (text, source)
        self.blocks.append(block)
        return block

    def flush(self, context: _Context) -> None:
        """Turn the buffered inline text into blocks; <br> lines become lead-in headings or are joined."""
        if not self.buffer:
            return
        raw = "".join(self.buffer)
        self.buffer.clear()
        lines = [line for line in (clean(line) for line in raw.split("\n")) if line]
        kind, source = context.kind, _source(context.element, context.kind)
        emitted: list[Block] = []
        pending = ""
        for index, line in enumerate(lines):
            text = f"{pending} {line}".strip()
            pending = ""
            if index == len(lines) - 1 or text.endswith(_END_PUNCT):
                found = self.emit(kind, text, source, context)
            elif len(text.split()) <= self.rules.lead_in_max_words and lines[index + 1][:1].isupper():
                found = self.emit("heading", text, "line", context) if kind == "paragraph" else self.emit(kind, text, source, context)
            else:
                pending = text  # a sentence broken over two lines: join it
                continue
            if found is not None:
                emitted.append(found)
        if len(emitted) == 1 and emitted[0].kind == "paragraph" and _only_button(self.pending_links, emitted[0].text):
            emitted[0].kind = "button"  # a line that is nothing but a button: "Direct regelen", "Vraag aan"
        if self.pending_links and emitted:
            body = [block for block in emitted if block.kind != "heading"] or emitted
            body[-1].links.extend(self.pending_links)
            self.pending_links.clear()

    def kind_of(self, element: HtmlElement, tag: str, parent_kind: str) -> str:
        """The block kind of an element; paragraphs inside list items or cells keep that kind."""
        if tag in self.rules.heading_tags or _is_toggle(element, tag):
            return "heading"
        if tag == "button":
            return "button"
        if tag == "li":
            return "list_item"
        following = element.getnext()
        if tag == "th" and following is not None and following.tag == "td":
            return "heading"  # a row header: <tr><th>Kosten</th><td>...</td></tr>
        if tag in ("td", "th"):
            return "cell"
        return parent_kind if parent_kind in ("list_item", "cell") else "paragraph"

    def lead_in(self, element: HtmlElement) -> bool:
        """True when a <strong>/<b> opens its paragraph and stands alone as a heading ("<b>Kosten</b><br>")."""
        parent = element.getparent()
        if parent is None or parent.tag not in ("p", "div") or clean(parent.text) or element.getprevious() is not None:
            return False
        text = clean(element.text_content())
        words = len(text.split())
        if not text or words > self.rules.bold_lead_in_max_words or text.endswith("."):
            return False
        following = element.getnext()
        if not clean(element.tail) and (following is None or following.tag == "br"):
            return True
        return text.endswith(":") and words <= 6

    def visit(self, element: HtmlElement, parent: _Context) -> None:
        """Visit one element and its children, in document order."""
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if not tag or tag in self.rules.hidden_tags or (element.get("role") or "").lower() == "tablist":
            return
        if tag in ("a", "area", "button"):
            self.pending_links.append(element)
        region = parent.region
        if element is self.content:
            region = "content"
        elif region != "sidebar" and self.rules.is_sidebar(element):
            region = "sidebar"
        furniture = parent.furniture or self.rules.is_furniture(element, tag)
        is_block = tag in BLOCK_TAGS or _is_toggle(element, tag)
        if furniture and not parent.furniture and not is_block:
            return  # furniture inside a sentence ("opent in nieuw venster"): not part of the text
        if tag == "br":
            self.buffer.append("\n")
            return
        if tag in ("strong", "b") and self.lead_in(element):
            self.flush(parent)
            self.emit("heading", element.text_content(), "lead", _Context(element, "heading", region, furniture))
            return
        context = _Context(element, parent.kind, region, furniture)
        if is_block:
            self.flush(parent)
            context = _Context(element, self.kind_of(element, tag, parent.kind), region, furniture)
            if (element.get("role") or "").lower() == "tabpanel":
                label = self.tab_labels.get(element.get("id") or "") or self._labelled_by(element)
                if label:
                    self.emit("heading", label, "tab", context)
        start = len(self.blocks)
        if element.text:
            self.buffer.append(element.text)
        for child in element:
            self.visit(child, context)
            if child.tail:
                self.buffer.append(child.tail)
        if is_block:
            self.flush(context)
            self.spans[element] = (start, len(self.blocks))

    def _labelled_by(self, element: HtmlElement) -> str:
        """The text of the element that labels a tab panel (``aria-labelledby``)."""
        label_id = (element.get("aria-labelledby") or "").split()
        if not label_id:
            return ""
        found = self.root.xpath("//*[@id=$id]", id=label_id[0])
        return clean(found[0].text_content()) if found else ""


def _is_toggle(element: HtmlElement, tag: str) -> bool:
    """True for an accordion or disclosure toggle: it opens the text that follows, like a heading."""
    if tag in ("button", "a"):
        return element.get("aria-controls") is not None or element.get("aria-expanded") is not None
    return (element.get("data-toggle") or element.get("data-bs-toggle") or "") == "collapse"


BUTTON_CLASS_WORDS = frozenset({"btn", "button", "knop", "call-to-action"})


def _only_button(links: list[HtmlElement], text: str) -> bool:
    """True when the text is exactly one link or button styled as a button."""
    if len(links) != 1:
        return False
    link = links[0]
    styled = (link.get("role") or "") == "button" or not BUTTON_CLASS_WORDS.isdisjoint(id_class_words(link))
    return styled and clean(link.text_content()) == text


def _source(element: HtmlElement, kind: str) -> str:
    """What a block came from, for the analysers: the tag, or "toggle" for an accordion button."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if kind == "heading" and _is_toggle(element, tag):
        return "toggle"
    return tag


def walk(element: HtmlElement, rules: TextRules, *, content: HtmlElement | None = None,
         region: str = "content") -> tuple[list[Block], dict[HtmlElement, tuple[int, int]]]:
    """The blocks of an element in reading order, and which blocks each block-level element holds.

    ``region`` is where the element stands; blocks inside ``content`` get the region "content",
    blocks inside a sidebar box "sidebar".
    """
    walker = _Walker(rules, element.getroottree().getroot(), content)
    context = _Context(element, "paragraph", region, False)
    walker.visit(element, context)
    walker.flush(context)
    return walker.blocks, walker.spans


class TextLayer:
    """The blocks and sentences of one page, computed once and read by every analyser."""

    def __init__(self, body: HtmlElement, content: HtmlElement, rules: TextRules) -> None:
        """Walk the page body (chrome already removed); blocks inside ``content`` are the main text."""
        self.rules = rules
        self.blocks, self._spans = walk(body, rules, content=content,
                                        region="content" if content is body else "outside")
        self._sentences: dict[int, list[str]] = {}

    def sentences(self, block: Block) -> list[str]:
        """The sentences of one block (list markers removed)."""
        found = self._sentences.get(block.index)
        if found is None:
            text = strip_list_marker(block.text) if block.kind == "list_item" else block.text
            found = split_sentences(text, self.rules.abbreviations)
            self._sentences[block.index] = found
        return found

    def each_sentence(self, blocks: list[Block] | None = None) -> Iterator[tuple[str, Block]]:
        """Every sentence with its block, in reading order."""
        for block in self.blocks if blocks is None else blocks:
            for sentence in self.sentences(block):
                yield sentence, block

    @cached_property
    def content(self) -> list[Block]:
        """The blocks of the main text (sidebar boxes left out)."""
        return [block for block in self.blocks if block.region == "content"]

    @cached_property
    def reading(self) -> list[Block]:
        """The running text of the main text: what the language measures read."""
        return [block for block in self.blocks if block.reading]

    @cached_property
    def _link_blocks(self) -> dict[HtmlElement, Block]:
        """The block each link or button sits in."""
        return {link: block for block in self.blocks for link in block.links}

    def block_of(self, element: HtmlElement) -> Block | None:
        """The block that holds a link or button (or the block an element itself made)."""
        found = self._link_blocks.get(element)
        if found is not None:
            return found
        span = self._spans.get(element)
        return self.blocks[span[0]] if span and span[1] > span[0] else None

    def container_text(self, element: HtmlElement) -> str:
        """The text of the nearest block-level element around ``element``, one line per block."""
        for ancestor in element.iterancestors():
            span = self._spans.get(ancestor)
            if span is not None:
                return "\n".join(block.text for block in self.blocks[span[0]:span[1]])
        return ""

    def text_of(self, blocks: list[Block]) -> str:
        """The texts of some blocks joined by spaces."""
        return " ".join(block.text for block in blocks)
