"""The words around a link: its own text, its sentence, and the heading above it."""

from __future__ import annotations

import bisect
import re
from functools import cached_property

from lxml.html import HtmlElement

BLOCK_TAGS = frozenset({"p", "li", "dd", "dt", "td", "th", "div", "section", "aside", "article", "form", "details", "main", "body", "blockquote"})
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-Z0-9\u00c0-\u00dd\"'(])")


def clean(text: str) -> str:
    """Collapse white space."""
    return " ".join((text or "").split())  # str.split() knows the same white space as \s, and is quicker


def element_text(element: HtmlElement) -> str:
    """The visible text of a link or button (with aria-label, title or value as fallback)."""
    text = clean(element.text_content())
    if not text:
        text = clean(element.get("aria-label") or element.get("title") or element.get("value") or "")
    if not text:
        images = [clean(img.get("alt") or "") for img in element.iter("img")]
        text = " ".join(alt for alt in images if alt)
    return text


BLOCK_BREAK_TAGS = frozenset(
    {"p", "li", "dd", "dt", "td", "th", "tr", "div", "section", "aside", "article", "h1", "h2", "h3", "h4", "h5",
     "h6", "summary", "details", "br", "ul", "ol", "dl", "table", "form", "button", "main", "blockquote"}
)


def block_text(root: HtmlElement) -> str:
    """The visible text with a line break at every block, so sentences do not run together."""
    parts: list[str] = []
    _collect_text(root, parts, None)
    return "".join(parts)


def _collect_text(element: HtmlElement, parts: list[str], spans: dict[HtmlElement, tuple[int, int]] | None) -> None:
    """Add the block text of an element to ``parts``; ``spans`` learns which parts each element's text is."""
    start = len(parts)
    tag = element.tag
    # Comments and processing instructions have no string tag: their text is not visible.
    breaks = isinstance(tag, str) and tag.lower() in BLOCK_BREAK_TAGS
    if breaks:
        parts.append("\n")
    if element.text and isinstance(tag, str):
        parts.append(element.text)
    for child in element:
        _collect_text(child, parts, spans)
        if child.tail:
            parts.append(child.tail)
    if breaks:
        parts.append("\n")
    if spans is not None:
        spans[element] = (start, len(parts))


def split_sentences(text: str) -> list[str]:
    """Split a text into sentences (good enough for Dutch web text)."""
    return [part.strip() for part in SENTENCE_END.split(clean(text)) if part.strip()]


def block_of(element: HtmlElement) -> HtmlElement:
    """The nearest block ancestor (paragraph, list item, cell, div) that holds some text."""
    for ancestor in element.iterancestors():
        if isinstance(ancestor.tag, str) and ancestor.tag.lower() in BLOCK_TAGS:
            return ancestor
    return element


def sentence_of(element: HtmlElement, label: str) -> str:
    """The sentence that holds the link (with the one before it when the link is a sentence on its own)."""
    return sentence_in(block_text(block_of(element)), label)


def sentence_in(block: str, label: str) -> str:
    """The sentence of a block's text that holds the label (see :func:`sentence_of`)."""
    sentences: list[str] = []
    for line in block.split("\n"):
        if line.strip():
            sentences.extend(split_sentences(line))
    if not label:
        return " ".join(sentences)[:300]
    for index, sentence in enumerate(sentences):
        if label in sentence:
            if len(sentence) < len(label) + 15 and index > 0:
                return " ".join(sentences[max(0, index - 2) : index + 1])[:300]
            return sentence[:300]
    return " ".join(sentences)[:300]


def heading_before(element: HtmlElement, headings: "HeadingIndex | None" = None) -> str:
    """The text of the nearest heading before the element (the section it sits in)."""
    for panel in element.iterancestors():
        labelled_by = panel.get("aria-labelledby") if panel.get("role") == "tabpanel" else None
        if labelled_by:
            tabs = panel.getroottree().getroot().xpath("//*[@id=$id]", id=labelled_by)
            if tabs:
                return clean(tabs[0].text_content())[:120]
    # The page title (h1) is not a section heading: a link right under it belongs to no section.
    found = headings.preceding(element) if headings is not None else preceding_heading(element)
    if found is None or found.tag == "h1":
        return ""
    return clean(found.text_content())[:120]


HEADING_TAGS = ("h1", "h2", "h3", "h4", "summary", "dt")


def preceding_heading(element: HtmlElement) -> HtmlElement | None:
    """The nearest heading before the element in document order, ancestors excluded (XPath ``preceding::``)."""
    node: HtmlElement | None = element
    while node is not None:
        for sibling in node.itersiblings(preceding=True):
            last = None
            for last in sibling.iter(*HEADING_TAGS):
                pass
            if last is not None:
                return last
        node = node.getparent()
    return None


class HeadingIndex:
    """The headings of one document in document order, to find the heading before any element quickly.

    Asking XPath ``preceding::`` (or walking back) per link costs a scan of the document each
    time; on an overview page with thousands of links that made the audit quadratic.
    """

    def __init__(self, root: HtmlElement) -> None:
        """Number every node of the document once and remember where each heading starts and ends."""
        # Holding the elements keeps their proxies alive, so lookups by element stay valid.
        self.position: dict[HtmlElement, int] = {node: index for index, node in enumerate(root.iter())}
        self.headings: list[HtmlElement] = list(root.iter(*HEADING_TAGS))
        self.starts = [self.position[heading] for heading in self.headings]
        self.ends = [self.position[heading] + sum(1 for _ in heading.iterdescendants()) for heading in self.headings]

    def preceding(self, element: HtmlElement) -> HtmlElement | None:
        """The nearest heading before ``element`` that does not contain it (as XPath ``preceding::``)."""
        where = self.position.get(element)
        if where is None:
            return preceding_heading(element)
        index = bisect.bisect_left(self.starts, where) - 1
        while index >= 0 and self.ends[index] >= where:
            index -= 1  # an ancestor of the element is not "preceding"
        return self.headings[index] if index >= 0 else None


def is_inside(element: HtmlElement, container: HtmlElement) -> bool:
    """True when ``element`` is ``container`` or lies within it."""
    if element is container:
        return True
    return any(ancestor is container for ancestor in element.iterancestors())


class PageText:
    """The block texts and the heading index of one document, each computed once.

    Links, e-mail addresses in the text and contact points are all judged by the paragraph
    around them; computing that text once per page instead of once per finder saves a third of
    the channel detection.
    """

    def __init__(self, root: HtmlElement) -> None:
        """Remember the document; texts are computed on first use."""
        self.root = root

    @cached_property
    def _parts(self) -> tuple[list[str], dict[HtmlElement, tuple[int, int]]]:
        """The pieces of the document's block text, and which pieces belong to each element.

        One walk gives every element's text. Holding the elements as keys keeps their proxies
        alive, so lookups by element stay valid.
        """
        parts: list[str] = []
        spans: dict[HtmlElement, tuple[int, int]] = {}
        _collect_text(self.root, parts, spans)
        return parts, spans

    @cached_property
    def text(self) -> str:
        """:func:`block_text` of the whole document."""
        return "".join(self._parts[0])

    def block_text(self, element: HtmlElement) -> str:
        """:func:`block_text` of an element of this document."""
        parts, spans = self._parts
        span = spans.get(element)
        if span is None:  # not part of this document
            return block_text(element)
        return "".join(parts[span[0]:span[1]])

    @cached_property
    def headings(self) -> HeadingIndex:
        """The heading index of the document."""
        return HeadingIndex(self.root)

    @cached_property
    def paragraphs(self) -> list[tuple[HtmlElement, str]]:
        """The paragraphs, list items, definitions and cells in document order, with their block text."""
        return [(element, self.block_text(element)) for element in self.root.iter("p", "li", "dd", "td")]
