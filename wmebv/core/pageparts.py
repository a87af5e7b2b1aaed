"""Read what the crawler needs from one HTML page: title, headings, breadcrumb, meta tags, links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

from wmebv.core.page import BIDI_CONTROLS, PageLimits, embedded_html, visible_text

SPACE_RE = re.compile(r"\s+")
HEADING_TAGS = ("h2", "h3", "h4", "summary", "dt", "button")
INVISIBLE_TAGS = {"script", "style", "noscript", "template", "head"}
# What one page can make the crawler hold: links followed, and the length of one text it keeps.
MAX_LINKS = 5_000
MAX_TEXT = 1_000


def clean(text: str | None, limit: int = MAX_TEXT) -> str:
    """Collapse whitespace, strip, drop direction-changing characters, and keep at most ``limit`` characters."""
    return SPACE_RE.sub(" ", BIDI_CONTROLS.sub("", (text or "")[: limit * 4])).strip()[:limit]


@dataclass(frozen=True)
class Link:
    """One link on a page: its href as written and its visible text."""

    href: str
    text: str


@dataclass(frozen=True)
class PageParts:
    """The parts of one page the crawler uses to recognise, map and follow it."""

    title: str = ""
    h1: str = ""
    headings: tuple[str, ...] = ()
    breadcrumb: tuple[str, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)
    links: tuple[Link, ...] = ()
    button_texts: tuple[str, ...] = ()
    class_words: frozenset[str] = frozenset()
    text_chars: int = 0
    scripts: int = 0
    feed_links: tuple[tuple[str, str], ...] = ()  # (title, href) of <link rel=alternate>
    base_href: str | None = None


def parse(html: str) -> lxml.html.HtmlElement | None:
    """Parse HTML leniently; None when there is nothing to parse."""
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


def _visible_chars(root: lxml.html.HtmlElement) -> int:
    """How many characters of visible text the body holds (text inside scripts, styles and templates excluded)."""
    body = root.find("body")
    if body is None:
        return 0
    total = sum(len(text.strip()) for text in body.itertext())
    for element in body.iter(*INVISIBLE_TAGS):
        if not _inside_invisible(element.getparent()):  # count each hidden subtree once
            total -= sum(len(text.strip()) for text in element.itertext())
    return total


def _inside_invisible(element: lxml.html.HtmlElement | None) -> bool:
    """True when the element is (inside) a script, style or template."""
    while element is not None:
        if isinstance(element.tag, str) and element.tag in INVISIBLE_TAGS:
            return True
        element = element.getparent()
    return False


def _breadcrumb(root: lxml.html.HtmlElement) -> tuple[str, ...]:
    """Breadcrumb item texts, from a nav or list marked as breadcrumb (aria-label, class or id)."""
    for element in root.iter("nav", "ol", "ul", "div"):
        marker = " ".join(element.get(a, "") for a in ("aria-label", "class", "id")).lower()
        if any(word in marker for word in ("breadcrumb", "kruimelpad", "kruimel")):
            items = [clean(a.text_content()) for a in element.iter("a", "li", "span") if not len(a.findall("li"))]
            seen: list[str] = []
            for item in items:
                if item and item not in seen and item not in (">", "/", "›"):
                    seen.append(item)
            return tuple(seen)
    return ()


def _headings(root: lxml.html.HtmlElement) -> list[str]:
    """Texts that act as section headings: h2-h4, accordion buttons, summaries, dt, tabs, bold lead-ins."""
    found = [clean(el.text_content()) for el in root.iter(*HEADING_TAGS)]
    found += [clean(el.text_content()) for el in root.xpath("//*[@role='tab']")]
    for paragraph in root.iter("p"):
        first = next(iter(paragraph), None)
        if first is not None and first.tag in ("strong", "b") and not (paragraph.text or "").strip():
            found.append(clean(first.text_content()))
    return [text for text in found if text and len(text) < 120]


def extract(html: str) -> PageParts:
    """Read the parts of a page (including HTML embedded as JSON); an empty PageParts for unparseable HTML.

    Only the first ``PageLimits.max_html_chars`` of the HTML are read, as the audit does: a 10 MB
    page of links would otherwise be a tree of hundreds of megabytes.
    """
    root = parse(html[: PageLimits().max_html_chars])
    if root is None:
        return PageParts()
    for fragment in embedded_html(root):
        body = root.find("body")
        if body is not None:
            try:
                body.append(lxml.html.fragment_fromstring(fragment, create_parent="div"))
            except (lxml.etree.ParserError, ValueError):
                continue
    title = clean(root.findtext(".//title"))
    h1_element = next(root.iter("h1"), None)
    meta = {}
    for element in root.iter("meta"):
        name = element.get("name") or element.get("property")
        if name and element.get("content") is not None:
            meta[name] = clean(element.get("content"))
    links: list[Link] = []
    buttons: list[str] = []
    for element in root.iter("button", "a"):
        if len(links) >= MAX_LINKS:
            break  # a page with 200,000 links: the first ones are followed, the rest never held
        text = clean(element.text_content())
        if text:
            buttons.append(text)
        href = element.get("href") if element.tag == "a" else None
        if href:
            links.append(Link(href.strip()[:MAX_TEXT * 8], text))
    words: set[str] = set()
    for element in root.xpath("//*[@class or @id]"):
        words.update(f"{element.get('class', '')} {element.get('id', '')}".lower().split())
    feeds = tuple(
        (clean(link.get("title")), link.get("href").strip())
        for link in root.iter("link")
        if "alternate" in (link.get("rel") or "").lower().split() and link.get("href")
    )
    base = next((b.get("href") for b in root.iter("base") if b.get("href")), None)
    return PageParts(
        title=title,
        h1=clean(visible_text(h1_element)) if h1_element is not None else "",
        headings=tuple(_headings(root)),
        breadcrumb=_breadcrumb(root),
        meta=meta,
        links=tuple(links),
        button_texts=tuple(buttons),
        class_words=frozenset(words),
        text_chars=_visible_chars(root),
        scripts=sum(1 for _ in root.iter("script")),
        feed_links=feeds,
        base_href=base,
    )
