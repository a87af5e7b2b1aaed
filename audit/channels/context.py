"""The words around a link: its own text, its sentence, and the heading above it."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

BLOCK_TAGS = frozenset({"p", "li", "dd", "dt", "td", "th", "div", "section", "aside", "article", "form", "details", "main", "body", "blockquote"})
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-Z0-9\u00c0-\u00dd\"'(])")
_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """Collapse white space."""
    return _SPACES.sub(" ", text or "").strip()


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

    def walk(element: HtmlElement) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in BLOCK_BREAK_TAGS:
            parts.append("\n")
        if element.text and tag:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in BLOCK_BREAK_TAGS:
            parts.append("\n")

    walk(root)
    return "".join(parts)


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
    sentences: list[str] = []
    for line in block_text(block_of(element)).split("\n"):
        sentences.extend(split_sentences(line))
    if not label:
        return " ".join(sentences)[:300]
    for index, sentence in enumerate(sentences):
        if label in sentence:
            if len(sentence) < len(label) + 15 and index > 0:
                return " ".join(sentences[max(0, index - 2) : index + 1])[:300]
            return sentence[:300]
    return " ".join(sentences)[:300]


def heading_before(element: HtmlElement) -> str:
    """The text of the nearest heading before the element (the section it sits in)."""
    for panel in element.iterancestors():
        labelled_by = panel.get("aria-labelledby") if panel.get("role") == "tabpanel" else None
        if labelled_by:
            tabs = panel.getroottree().getroot().xpath("//*[@id=$id]", id=labelled_by)
            if tabs:
                return clean(tabs[0].text_content())[:120]
    # The page title (h1) is not a section heading: a link right under it belongs to no section.
    found = element.xpath("preceding::*[self::h1 or self::h2 or self::h3 or self::h4 or self::summary or self::dt][1]")
    if found and found[0].tag == "h1":
        return ""
    if found:
        return clean(found[0].text_content())[:120]
    return ""


def is_inside(element: HtmlElement, container: HtmlElement) -> bool:
    """True when ``element`` is ``container`` or lies within it."""
    if element is container:
        return True
    return any(ancestor is container for ancestor in element.iterancestors())
