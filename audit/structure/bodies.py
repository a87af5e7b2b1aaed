"""The text that belongs to a section heading, whatever the template (computed only on demand)."""

from __future__ import annotations

from lxml.html import HtmlElement

from audit.structure.candidates import Candidate, spaced_text


def _element_by_id(content: HtmlElement, element_id: str) -> HtmlElement | None:
    """The element with this id anywhere in the document."""
    if not element_id:
        return None
    found = content.getroottree().getroot().xpath("//*[@id=$id]", id=element_id)
    return found[0] if found else None


def _holds_candidate(element: HtmlElement, starts: set[HtmlElement]) -> bool:
    """True when the element is, or contains, another section's heading."""
    if element in starts:
        return True
    return any(descendant in starts for descendant in element.iterdescendants())


def _siblings_until_next(start: HtmlElement, starts: set[HtmlElement]) -> list[str]:
    """Texts of the following siblings up to the next heading; climbs out of wrappers."""
    texts: list[str] = []
    node = start
    for _ in range(3):  # a heading wrapped in <div class="title"> or <header>: look one level up
        sibling = node.getnext()
        while sibling is not None:
            if isinstance(sibling.tag, str) and _holds_candidate(sibling, starts):
                return texts
            if isinstance(sibling.tag, str):
                texts.append(spaced_text(sibling))
            sibling = sibling.getnext()
        if any(text.strip() for text in texts) or node.getparent() is None:
            return texts
        node = node.getparent()
    return texts


def _lead_in_text(lead: HtmlElement, starts: set[HtmlElement]) -> list[str]:
    """Text after a bold lead-in: the rest of its paragraph and the blocks that follow."""
    texts = [lead.tail or ""]
    sibling = lead.getnext()
    while sibling is not None:
        texts.append(spaced_text(sibling) + (sibling.tail or ""))
        sibling = sibling.getnext()
    paragraph = lead.getparent()
    return texts + (_siblings_until_next(paragraph, starts) if paragraph is not None else [])


def section_text(candidate: Candidate, content: HtmlElement, starts: set[HtmlElement]) -> str:
    """The plain text of the section this candidate opens (whitespace collapsed)."""
    element = candidate.element
    texts: list[str]
    controlled = _element_by_id(content, element.get("aria-controls") or "")
    if controlled is None and (element.get("href") or "").startswith("#"):
        controlled = _element_by_id(content, (element.get("href") or "")[1:])
    if controlled is not None:
        texts = [spaced_text(controlled)]
    elif candidate.kind == "summary" and element.getparent() is not None:
        details = element.getparent()
        texts = [(element.tail or "")] + [spaced_text(child) + (child.tail or "")
                                          for child in details if child is not element]
    elif candidate.kind in ("dt", "th"):
        texts = []
        sibling = element.getnext()
        while sibling is not None and sibling.tag not in ("dt", "th"):
            texts.append(spaced_text(sibling))
            sibling = sibling.getnext()
    elif candidate.kind == "lead":
        texts = _lead_in_text(element, starts)
    else:
        anchor = element
        if candidate.kind == "button":  # an accordion button without a panel id: its heading
            parent = element.getparent()
            anchor = parent if parent is not None and parent.tag in ("h2", "h3", "h4", "h5", "h6") else element
        texts = _siblings_until_next(anchor, starts)
    return " ".join(" ".join(texts).split())
