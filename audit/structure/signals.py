"""What the other service-norm checks look for on a page: other languages, feedback, dates, links.

Whether the page tells its costs, processing time, contact point and objection route is what
the page tells by content (audit/structure/content.py). The patterns here are data
(``rules/structure/norms.yml``); the signals are computed on first use, so section detection
itself stays fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from lxml import etree

from audit.structure.dates import ModifiedPatterns, page_modified
from wmebv.core.blocks import clean
from wmebv.core.errors import UserError
from wmebv.core.regex import AnyOf

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from audit.structure.sections import SectionsResult

_WORDS = re.compile(r"[\s_-]+")
# The elements that may be a feedback widget by their id or class, or a survey frame.
_WIDGET_CANDIDATES = etree.XPath("descendant-or-self::*[@id or @class or self::iframe]")
Patterns = tuple[re.Pattern[str], ...]


def _compile_all(patterns: list[str] | None, where: str, replace: dict[str, str] | None = None) -> Patterns:
    """Compile a list of patterns case-insensitively, naming the block on errors."""
    compiled = []
    for pattern in patterns or []:
        for key, value in (replace or {}).items():
            pattern = pattern.replace(key, value)
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as error:
            raise UserError(f"Ongeldig patroon in norms.yml ({where}): {pattern!r}: {error}") from error
    return tuple(compiled)


def first_matches(patterns: Patterns, text: str, limit: int = 5) -> list[str]:
    """The texts matched by any of the patterns (at most ``limit``; with 1, a cheap "is there any")."""
    found: list[str] = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            found.append(match.group(0).strip())
            if len(found) >= limit:
                return found
    return found


@dataclass(frozen=True)
class NormPatterns:
    """The compiled patterns of ``rules/structure/norms.yml``."""

    language_hreflang_not: frozenset[str]
    language_hrefs: Patterns
    language_texts: Patterns
    language_help: Patterns
    feedback_words: frozenset[str]
    feedback_texts: Patterns
    feedback_iframe_hosts: tuple[str, ...]
    outdated_years: Patterns
    modified: ModifiedPatterns
    broken_hrefs: Patterns

    @classmethod
    def load(cls, path: Path) -> NormPatterns:
        """Read and compile the norm patterns."""
        try:
            data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise UserError(f"Kan {path} niet lezen: {error}") from error
        language, feedback = data.get("language_links") or {}, data.get("feedback") or {}
        return cls(
            language_hreflang_not=frozenset(str(code).lower() for code in language.get("hreflang_not") or ()),
            language_hrefs=_compile_all(language.get("hrefs"), "language_links.hrefs"),
            language_texts=_compile_all(language.get("texts"), "language_links.texts"),
            language_help=_compile_all(data.get("language_help"), "language_help"),
            feedback_words=frozenset(str(word).lower() for word in feedback.get("id_class_words") or ()),
            feedback_texts=_compile_all(feedback.get("texts"), "feedback.texts"),
            feedback_iframe_hosts=tuple(str(host).lower() for host in feedback.get("iframe_hosts") or ()),
            outdated_years=_compile_all(data.get("outdated_years"), "outdated_years"),
            modified=ModifiedPatterns.from_data(data.get("modified") or {}),
            broken_hrefs=_compile_all(data.get("broken_hrefs"), "broken_hrefs"),
        )

    @cached_property
    def any_of(self) -> dict[str, AnyOf]:
        """The pattern lists asked per sentence or per link whether any occurs, each joined into one search."""
        return {
            "language_hrefs": AnyOf(self.language_hrefs), "language_texts": AnyOf(self.language_texts),
            "language_help": AnyOf(self.language_help), "feedback_texts": AnyOf(self.feedback_texts),
        }


def outdated_years(text: str, patterns: NormPatterns) -> list[tuple[int, str]]:
    """Years written next to a price word ("tarieven 2022", "in 2023 kost"), with the words found."""
    found: list[tuple[int, str]] = []
    for pattern in patterns.outdated_years:
        for match in pattern.finditer(text):
            found.append((int(match.group("year")), match.group(0).strip()))
    return found


@lru_cache(maxsize=4096)
def _id_class_words(id_and_class: str) -> frozenset[str]:
    """The lower-case words of an id and class attribute, split at spaces, underscores and hyphens."""
    return frozenset(_WORDS.split(id_and_class.lower()))


class PageSignals:
    """The facts about one page that the service-norm checks decide on (computed lazily).

    The checks only ask whether a signal found anything: the ``has_*`` answers stop at the first
    match, the lists (for the JSON output) collect them all.
    """

    def __init__(self, result: SectionsResult) -> None:
        """Wrap a sections result."""
        self.result = result
        self.patterns: NormPatterns = result.resources.norms

    @cached_property
    def _page_text(self) -> str:
        """All text of the page outside the chrome (sidebars and furniture included)."""
        layer = self.result.parsed.text
        return layer.text_of(layer.blocks)

    def _language_link(self, link: HtmlElement) -> str | None:
        """How a link to a version in another language is shown in the output, or None for another link."""
        hreflang = (link.get("hreflang") or "").lower()
        href, label = link.get("href") or "", clean(link.text_content()) if link.tag == "a" else ""
        any_of = self.patterns.any_of
        if (hreflang and hreflang not in self.patterns.language_hreflang_not) or any_of["language_hrefs"].search(href) \
                or any_of["language_texts"].search(label):
            return f"{label} ({href})" if label else href
        return None

    @cached_property
    def language_links(self) -> list[str]:
        """Links to a version in another language (the whole page is searched)."""
        found = (self._language_link(link) for link in self.result.parsed.root.iter("a", "link"))
        return [shown for shown in found if shown is not None]

    @cached_property
    def has_language_links(self) -> bool:
        """True when :attr:`language_links` is not empty."""
        return any(self._language_link(link) is not None for link in self.result.parsed.root.iter("a", "link"))

    @cached_property
    def language_help(self) -> list[str]:
        """Help for people who do not read Dutch (an interpreter, a phrase in another language)."""
        return first_matches(self.patterns.language_help, self.result.main_text)

    @cached_property
    def has_language_help(self) -> bool:
        """True when :attr:`language_help` is not empty."""
        return self.patterns.any_of["language_help"].search(self.result.main_text)

    def _feedback_widget(self, element: HtmlElement) -> str | None:
        """How a feedback widget or survey frame is shown in the output, or None for another element."""
        if not isinstance(element.tag, str):
            return None
        if not self.patterns.feedback_words.isdisjoint(
                _id_class_words(f"{element.get('id') or ''} {element.get('class') or ''}")):
            return f"<{element.tag} class=\"{element.get('class') or ''}\">"
        if element.tag == "iframe" and any(host in (element.get("src") or "").lower()
                                           for host in self.patterns.feedback_iframe_hosts):
            return element.get("src") or ""
        return None

    def _widget_candidates(self) -> list[HtmlElement]:
        """The elements of the page that may be a feedback widget, in document order."""
        root = self.result.parsed.root
        if "" in self.patterns.feedback_words:  # then an element without id or class is a widget too
            return list(root.iter())
        return _WIDGET_CANDIDATES(root)

    @cached_property
    def feedback(self) -> list[str]:
        """A feedback widget or form on the page."""
        widgets = (self._feedback_widget(element) for element in self._widget_candidates())
        found = [shown for shown in widgets if shown is not None]
        return found + first_matches(self.patterns.feedback_texts, self._page_text)

    @cached_property
    def has_feedback(self) -> bool:
        """True when :attr:`feedback` is not empty."""
        if any(self._feedback_widget(element) is not None for element in self._widget_candidates()):
            return True
        return self.patterns.any_of["feedback_texts"].search(self._page_text)

    @cached_property
    def years(self) -> list[tuple[int, str]]:
        """Years next to price words in the main text."""
        return outdated_years(self.result.main_text, self.patterns)

    @cached_property
    def modified(self) -> tuple[date, str] | None:
        """The last-modified date shown on the page, with its evidence."""
        return page_modified(self.result.parsed.root, self._page_text, self.patterns.modified)

    @cached_property
    def broken_links(self) -> list[dict[str, str]]:
        """Links in the main text that cannot work (empty href, file:, javascript:void)."""
        found = []
        for link in self.result.main_link_elements:
            href = (link.get("href") or "").strip()
            if any(pattern.search(href) for pattern in self.patterns.broken_hrefs):
                found.append({"href": href, "text": clean(link.text_content())})
        return found

    def to_dict(self) -> dict[str, Any]:
        """The signals as plain data (for the store and for debugging a rule)."""
        modified = self.modified
        return {
            "language_links": self.language_links[:5], "language_help": self.language_help,
            "feedback": self.feedback[:3], "years": [list(item) for item in self.years],
            "modified": modified[0].isoformat() if modified else None,
            "broken_links": self.broken_links,
        }
