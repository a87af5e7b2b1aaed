"""Find the elements that act as section headings, on every template municipal sites use.

Headings (h2-h6), accordion buttons, ``details/summary``, tabs, definition lists, table row
headers and bold lead-ins (``<p><strong>Kosten</strong><br>...``) all open a section.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from audit.structure.vocabulary import SectionVocabulary

# One XPath union returns the candidates in document order.
_CANDIDATES = (
    ".//h2 | .//h3 | .//h4 | .//h5 | .//h6 | .//summary | .//dt | .//tr/th[following-sibling::td]"
    " | .//*[@role='tab']"
    " | .//button[@aria-controls or @aria-expanded] | .//a[@aria-controls or @aria-expanded]"
    " | .//*[@data-toggle='collapse' or @data-bs-toggle='collapse']"
    " | .//p/strong | .//p/b | .//div/strong | .//div/b"
)
_TOGGLES = ".//button[@aria-controls or @aria-expanded] | .//a[@aria-controls or @aria-expanded] | .//*[@role='tab']"
# Compiled once: an XPath given as text is compiled again on every call.
_FIND_CANDIDATES = etree.XPath(_CANDIDATES)
_FIND_TOGGLES = etree.XPath(_TOGGLES)
_WORD_SPLIT_CHARS = str.maketrans({"_": " ", "-": " "})


@dataclass(frozen=True)
class Candidate:
    """An element that may open a section: its text and what kind of heading it is."""

    element: HtmlElement
    text: str
    kind: str  # heading | button | summary | tab | dt | th | lead


def clean_text(element: HtmlElement) -> str:
    """The element's text with whitespace collapsed."""
    return " ".join(element.text_content().split())


def spaced_text(element: HtmlElement) -> str:
    """The element's text with a space between text nodes, so blocks never glue ("X" + "Was")."""
    return " ".join(" ".join(element.itertext()).split())


@lru_cache(maxsize=4096)
def _sidebar_words(id_and_class: str) -> frozenset[str]:
    """The words of a lower-case id and class: as written, and split at hyphens and underscores."""
    return frozenset(id_and_class.split()) | frozenset(id_and_class.translate(_WORD_SPLIT_CHARS).split())


def in_sidebar(element: HtmlElement, stop: HtmlElement, vocabulary: SectionVocabulary) -> bool:
    """True when the element sits in a sidebar box (an aside) inside the content region."""
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return False
        if not isinstance(ancestor.tag, str):
            continue
        if ancestor.tag in vocabulary.sidebar_tags:
            return True
        if (ancestor.get("role") or "").lower() in vocabulary.sidebar_roles:
            return True
        if vocabulary.sidebar_words:
            words = f"{ancestor.get('id') or ''} {ancestor.get('class') or ''}".lower()
            if words.strip() and not vocabulary.sidebar_words.isdisjoint(_sidebar_words(words)):
                return True
    return False


def _is_lead_in(strong: HtmlElement, max_words: int) -> bool:
    """True when a <strong>/<b> opens its paragraph and stands alone as a heading."""
    parent = strong.getparent()
    if parent is None or (parent.text or "").strip():
        return False
    if strong.getprevious() is not None:
        return False
    text = clean_text(strong)
    if not text or len(text.split()) > max_words:
        return False
    following = strong.getnext()
    tail = (strong.tail or "").strip()
    if not tail and (following is None or following.tag == "br"):
        return True
    return text.endswith(":") and len(text.split()) <= 6


def _kind(element: HtmlElement) -> str:
    """The kind of heading an element is."""
    tag = element.tag
    if element.get("role") == "tab":
        return "tab"
    if tag in ("strong", "b"):
        return "lead"
    if tag in ("summary", "dt", "th"):
        return tag
    if tag in ("button", "a") or element.get("data-toggle") or element.get("data-bs-toggle"):
        return "button"
    return "heading"


def find_candidates(content: HtmlElement, vocabulary: SectionVocabulary, max_words: int) -> Iterator[Candidate]:
    """Yield the heading-like elements of the main text in document order (sidebars excluded)."""
    for element in _FIND_CANDIDATES(content):
        kind = _kind(element)
        if kind == "lead" and not _is_lead_in(element, max_words):
            continue
        if kind == "heading" and _FIND_TOGGLES(element):
            continue  # an accordion heading: its button is the candidate
        if kind in ("heading", "lead") and element.getparent() is not None and element.getparent().tag == "summary":
            continue
        text = clean_text(element)
        if not text or (kind in ("lead", "th", "tab", "dt") and len(text.split()) > max_words):
            continue
        if in_sidebar(element, content, vocabulary):
            continue
        yield Candidate(element=element, text=text, kind=kind)
