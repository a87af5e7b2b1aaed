"""The words around a link: its own text, its sentence, and the heading above it (read from the text layer)."""

from __future__ import annotations

from lxml.html import HtmlElement

from wmebv.core.blocks import TextLayer, clean
from wmebv.core.sentences import Abbreviations, split_sentences


def element_text(element: HtmlElement) -> str:
    """The visible text of a link or button (with aria-label, title or value as fallback)."""
    text = clean(element.text_content())
    if not text:
        text = clean(element.get("aria-label") or element.get("title") or element.get("value") or "")
    if not text:
        images = [clean(img.get("alt") or "") for img in element.iter("img")]
        text = " ".join(alt for alt in images if alt)
    return text


def sentence_in(container: str, label: str, abbreviations: Abbreviations) -> str:
    """The sentence of a text (one line per block) that holds the label.

    A link that is a sentence on its own ("Vraag aan") gets the two sentences before it, which
    say what it is for.
    """
    sentences = [sentence for line in container.split("\n") for sentence in split_sentences(line, abbreviations)]
    if not label:
        return " ".join(sentences)[:300]
    for index, sentence in enumerate(sentences):
        if label in sentence:
            if len(sentence) < len(label) + 15 and index > 0:
                return " ".join(sentences[max(0, index - 2): index + 1])[:300]
            return sentence[:300]
    return " ".join(sentences)[:300]


def heading_before(layer: TextLayer, element: HtmlElement) -> str:
    """The heading of the section a link sits in ("" right under the page title)."""
    block = layer.block_of(element)
    return block.section[:120] if block is not None else ""


def is_inside(element: HtmlElement, container: HtmlElement) -> bool:
    """True when ``element`` is ``container`` or lies within it."""
    if element is container:
        return True
    return any(ancestor is container for ancestor in element.iterancestors())
