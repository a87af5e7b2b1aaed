"""Parse a page once and find its regions: the site's chrome versus the page's own content."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import yaml
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from wmebv.core.blocks import TextLayer, TextRules
from wmebv.core.paths import rules_dir


@dataclass(frozen=True)
class PageLimits:
    """How much of one page the analysers get (``limits`` in ``rules/page.yml``).

    A site decides how long its pages are; these keep the audit of any page within a second and
    bound what a regular expression ever sees. Real product pages stay far below them.
    """

    max_html_chars: int = 2_000_000  # of the HTML, before parsing
    max_text_chars: int = 100_000  # of the whole page's text; what follows is left out
    max_node_chars: int = 5_000  # of one piece of text (a paragraph without tags in it)
    max_links: int = 1_000  # links after these are read as plain text

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> PageLimits:
        """Limits from the ``limits`` mapping (missing keys keep their defaults)."""
        values = {key: int(value) for key, value in (data or {}).items() if key in cls.__dataclass_fields__}
        return cls(**values)


@dataclass(frozen=True)
class RegionRules:
    """Which elements are chrome and where the content lives (from ``rules/page.yml``)."""

    chrome_tags: frozenset[str]
    chrome_roles: frozenset[str]
    chrome_words: frozenset[str]
    content_selectors: tuple[str, ...]
    content_min_chars: int
    text: TextRules  # how the page's text is cut into blocks and sentences (rules/text/)
    limits: PageLimits = PageLimits()

    @classmethod
    def load(cls, path: Path | None = None) -> RegionRules:
        """Read the region rules from YAML, and the text rules from the ``text/`` folder beside it."""
        path = path or rules_dir() / "page.yml"
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        chrome, content = data["chrome"], data["content"]
        text_folder = path.parent / "text" if (path.parent / "text").is_dir() else rules_dir() / "text"
        return cls(
            chrome_tags=frozenset(chrome["tags"]),
            chrome_roles=frozenset(chrome["roles"]),
            chrome_words=frozenset(word.lower() for word in chrome["id_class_words"]),
            content_selectors=tuple(content["selectors"]),
            content_min_chars=int(content["min_chars"]),
            text=TextRules.load(text_folder),
            limits=PageLimits.from_data(data.get("limits")),
        )


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Characters that turn the direction of text around (U+202E makes "gpj.exe" read as "exe.jpg"):
# a crawled title must read as it is stored.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template"})
# The coverage reason of a page that was longer than the limits (the audit reads its first part).
TRIMMED_REASON = "page-trimmed"
TRIMMED_NOTE = "Let op: deze pagina is erg lang. wmebv heeft alleen het eerste deel gecontroleerd."


# The element classes lxml.html gives these tags; every other element is an HtmlElement.
HTML_ELEMENT_CLASSES = {"form": lxml.html.FormElement, "textarea": lxml.html.TextareaElement,
                        "select": lxml.html.SelectElement, "input": lxml.html.InputElement, "label": lxml.html.LabelElement}


@lru_cache(maxsize=1)
def html_parser() -> lxml.etree.HTMLParser:
    """lxml.html's parser, with the same element classes looked up without calling Python.

    lxml.html asks a Python method for the class of every element it hands out, and the
    analysers walk each tree several times: that lookup was a twentieth of the audit.
    """
    default = lxml.etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity)
    lookup = lxml.etree.ElementNamespaceClassLookup(default)
    lookup.get_namespace(None).update(HTML_ELEMENT_CLASSES)
    parser = lxml.etree.HTMLParser()
    parser.set_element_class_lookup(lookup)
    return parser


def parse_html(html: str | bytes) -> HtmlElement:
    """Parse HTML leniently; an empty or broken document gives an empty <html> instead of an error."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    # Characters XML does not allow (NUL, most control characters, lone surrogates): lxml parses
    # them, but refuses them later when a tree is edited (drop_tree), so they go before parsing.
    html = BIDI_CONTROLS.sub("", _NOT_XML.sub("", html))
    if not html.strip():
        return lxml.html.fromstring("<html><body></body></html>")
    try:
        root = lxml.html.document_fromstring(html, parser=html_parser())
    except (lxml.etree.ParserError, ValueError):
        root = lxml.html.fromstring("<html><body></body></html>")
    return root


_WORD_SPLIT = re.compile(r"[\s_]+")
EMBEDDED_HTML_RE = re.compile(r"<(h[1-6]|p|main|section|a)\b", re.IGNORECASE)
# Less visible text than this in the static page, with the content shipped as JSON, means the
# page shows its text only once JavaScript runs.
JAVASCRIPT_ONLY_MAX_CHARS = 150


def _json_strings(value: object) -> Iterator[str]:
    """Every string inside a decoded JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def embedded_html(root: HtmlElement) -> list[str]:
    """HTML kept as JSON in a <script type="application/json"> for rendering in the browser.

    Some CMSs ship the page content this way; reading it lets us see the content without a browser.
    """
    found: list[str] = []
    for script in root.iter("script"):
        if "json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        found += [text for text in _json_strings(data) if EMBEDDED_HTML_RE.search(text)]
    return found


def visible_text_chars(root: HtmlElement) -> int:
    """How many characters of text a reader sees without scripts (scripts, styles and templates left out)."""
    body = root.find("body")
    if body is None:
        return 0
    skipped = {"script", "style", "template", "noscript"}
    total = 0
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        hidden = element.tag in skipped or any(parent.tag in skipped for parent in element.iterancestors())
        if element.text and not hidden and element.tag not in skipped:
            total += len(element.text.strip())
        parent = element.getparent()
        if element.tail and parent is not None and not (parent.tag in skipped or any(p.tag in skipped for p in parent.iterancestors())):
            total += len(element.tail.strip())
    return total


def inline_embedded_html(root: HtmlElement) -> bool:
    """Put HTML that the page ships as JSON into its body, as a browser would; True when there was any."""
    fragments = embedded_html(root)
    body = root.find("body")
    if not fragments or body is None:
        return False
    for fragment in fragments:
        try:
            body.append(lxml.html.fragment_fromstring(fragment, create_parent="div"))
        except (lxml.etree.ParserError, ValueError):
            continue
    return True


@lru_cache(maxsize=4096)
def _split_words(id_and_class: str) -> frozenset[str]:
    """The lower-case words of an id and class attribute, split at spaces and underscores."""
    return frozenset(_WORD_SPLIT.split(id_and_class.lower()))


def id_class_words(element: HtmlElement) -> frozenset[str]:
    """The words of an element's id and class (a site repeats its classes, so each is split once)."""
    return _split_words(f"{element.get('id') or ''} {element.get('class') or ''}")


def is_chrome(element: HtmlElement, rules: RegionRules) -> bool:
    """True when the element is part of the site's global chrome (header, nav, footer, banner)."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.lower() in rules.chrome_tags:
        return True
    if (element.get("role") or "").lower() in rules.chrome_roles:
        return True
    return not rules.chrome_words.isdisjoint(id_class_words(element))


def without_chrome(root: HtmlElement, rules: RegionRules) -> HtmlElement:
    """A copy of the document without header, navigation, footer and cookie banners."""
    clean = copy.deepcopy(root)
    chrome: list[HtmlElement] = []
    waiting = list(clean)
    # A chrome element goes with all it holds, so its insides need no look (they were half the work).
    while waiting:
        element = waiting.pop()
        if isinstance(element.tag, str) and element.tag not in ("html", "body") and is_chrome(element, rules):
            chrome.append(element)
        else:
            waiting.extend(element)
    for element in chrome:
        element.drop_tree()
    return clean


@lru_cache(maxsize=64)
def _selector(selector: str) -> CSSSelector:
    """A CSS selector compiled once (translating CSS to XPath per page was a tenth of the audit)."""
    return CSSSelector(selector, translator="html")


def content_root(root: HtmlElement, rules: RegionRules) -> HtmlElement:
    """The element that holds the page's own text: <main>, an article, #content, else the body."""
    for selector in rules.content_selectors:
        for element in _selector(selector)(root):
            if len(element.text_content().strip()) >= rules.content_min_chars:
                return element
    body = root.find("body")
    return body if body is not None else root


def visible_text(element: HtmlElement) -> str:
    """The text of an element as a reader sees it: without scripts, styles and templates, spaces collapsed."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if isinstance(node.tag, str) and node.tag in INVISIBLE_TAGS:
            return
        if isinstance(node.tag, str) and node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return " ".join("".join(parts).split())


def _cut_after(element: HtmlElement) -> None:
    """Remove everything that follows ``element`` in the document (its tail, later siblings, theirs upwards)."""
    node: HtmlElement | None = element
    while node is not None:
        parent = node.getparent()
        node.tail = None
        if parent is not None:
            for sibling in list(node.itersiblings()):
                parent.remove(sibling)
        node = parent


def trim_page(root: HtmlElement, limits: PageLimits) -> bool:
    """Cut a parsed page down to the limits; True when something was left out.

    Each text at most ``max_node_chars``; the document ends after ``max_text_chars`` of text;
    links after the first ``max_links`` lose their link (their text stays).
    """
    trimmed = False
    total = 0
    links = 0
    for element in list(root.iter()):
        if element.getparent() is None and element is not root:
            continue  # already cut away with an ancestor
        for attribute in ("text", "tail"):
            text = getattr(element, attribute, None)
            if isinstance(text, str) and len(text) > limits.max_node_chars:
                setattr(element, attribute, text[: limits.max_node_chars])
                trimmed = True
        total += len(element.text or "") + len(element.tail or "") if isinstance(element.tag, str) else 0
        over = total > limits.max_text_chars
        if over:
            _cut_after(element)
        if element.tag == "a":
            links += 1
            if links > limits.max_links:
                element.drop_tag()
                trimmed = True
        if over:
            return True
    return trimmed


@dataclass
class ParsedPage:
    """A page parsed once, with its regions computed on first use."""

    url: str
    root: HtmlElement
    rules: RegionRules
    needs_javascript: bool = False  # the text appears only when scripts run (read from embedded JSON)
    trimmed: bool = False  # the page was longer than the limits: only its first part is audited

    @classmethod
    def from_html(cls, url: str, html: str | bytes, rules: RegionRules) -> ParsedPage:
        """Parse a page within the limits; content the page ships as JSON for its scripts is read in as a browser would."""
        limits = rules.limits
        too_long = len(html) > limits.max_html_chars
        root = parse_html(html[: limits.max_html_chars])
        needs_javascript = False
        if embedded_html(root):
            # Judge the page's own text, not the site's header and footer around it.
            needs_javascript = visible_text_chars(without_chrome(root, rules)) < JAVASCRIPT_ONLY_MAX_CHARS
            inline_embedded_html(root)
        trimmed = trim_page(root, limits) or too_long
        return cls(url, root, rules, needs_javascript, trimmed)

    @cached_property
    def title(self) -> str:
        """The page's main heading, else its <title> (never the text of a script inside them)."""
        for heading in self.root.iter("h1"):
            text = visible_text(heading)
            if text:
                return text
        title = self.root.find(".//title")
        return " ".join(title.text_content().split()) if title is not None else ""

    @cached_property
    def body(self) -> HtmlElement:
        """The document without chrome: where channels may be (the sidebar included)."""
        return without_chrome(self.root, self.rules)

    @cached_property
    def content(self) -> HtmlElement:
        """The page's own content region (main text)."""
        return content_root(self.body, self.rules)

    @cached_property
    def text(self) -> TextLayer:
        """The page's text as blocks and sentences, walked once for every analyser."""
        return TextLayer(self.body, self.content, self.rules.text)
