"""Parse a page once and find its regions: the site's chrome versus the page's own content."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import lxml.html
import yaml
from lxml.html import HtmlElement

from audit.paths import rules_dir


@dataclass(frozen=True)
class RegionRules:
    """Which elements are chrome and where the content lives (from ``rules/page.yml``)."""

    chrome_tags: frozenset[str]
    chrome_roles: frozenset[str]
    chrome_words: frozenset[str]
    content_selectors: tuple[str, ...]
    content_min_chars: int

    @classmethod
    def load(cls, path: Path | None = None) -> "RegionRules":
        """Read the region rules from YAML."""
        data: dict[str, Any] = yaml.safe_load((path or rules_dir() / "page.yml").read_text(encoding="utf-8"))
        chrome, content = data["chrome"], data["content"]
        return cls(
            chrome_tags=frozenset(chrome["tags"]),
            chrome_roles=frozenset(chrome["roles"]),
            chrome_words=frozenset(word.lower() for word in chrome["id_class_words"]),
            content_selectors=tuple(content["selectors"]),
            content_min_chars=int(content["min_chars"]),
        )


def parse_html(html: str | bytes) -> HtmlElement:
    """Parse HTML leniently; an empty or broken document gives an empty <html> instead of an error."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    html = html.replace("\x00", "")
    if not html.strip():
        return lxml.html.fromstring("<html><body></body></html>")
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        root = lxml.html.fromstring("<html><body></body></html>")
    return root


_WORD_SPLIT = re.compile(r"[\s_]+")


def is_chrome(element: HtmlElement, rules: RegionRules) -> bool:
    """True when the element is part of the site's global chrome (header, nav, footer, banner)."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.lower() in rules.chrome_tags:
        return True
    if (element.get("role") or "").lower() in rules.chrome_roles:
        return True
    words = set(_WORD_SPLIT.split(f"{element.get('id') or ''} {element.get('class') or ''}".lower()))
    return bool(words & rules.chrome_words)


def without_chrome(root: HtmlElement, rules: RegionRules) -> HtmlElement:
    """A copy of the document without header, navigation, footer and cookie banners."""
    clean = copy.deepcopy(root)
    for element in list(clean.iter()):
        if element is clean or not isinstance(element.tag, str) or element.tag in ("html", "body"):
            continue
        if is_chrome(element, rules) and element.getparent() is not None:
            element.drop_tree()
    return clean


def content_root(root: HtmlElement, rules: RegionRules) -> HtmlElement:
    """The element that holds the page's own text: <main>, an article, #content, else the body."""
    for selector in rules.content_selectors:
        for element in root.cssselect(selector):
            if len(element.text_content().strip()) >= rules.content_min_chars:
                return element
    body = root.find("body")
    return body if body is not None else root


@dataclass
class ParsedPage:
    """A page parsed once, with its regions computed on first use."""

    url: str
    root: HtmlElement
    rules: RegionRules

    @cached_property
    def title(self) -> str:
        """The page's main heading, else its <title>."""
        for heading in self.root.iter("h1"):
            text = " ".join(heading.text_content().split())
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
