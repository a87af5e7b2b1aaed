"""What the service-norm checks look for on a page: durations, amounts, contact, objection, ...

The patterns are data (``rules/structure/norms.yml``); the signals are computed on first use,
so section detection itself stays fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from audit.errors import UserError
from audit.structure.candidates import clean_text, spaced_text
from audit.structure.dates import ModifiedPatterns, page_modified

if TYPE_CHECKING:
    from audit.structure.sections import SectionsResult

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORDS = re.compile(r"[\s_-]+")
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
    """The texts matched by any of the patterns (at most ``limit``)."""
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

    durations: Patterns
    processing_context: Patterns
    not_processing: Patterns
    immediate: Patterns
    amounts: Patterns
    contact_text: Patterns
    contact_hrefs: Patterns
    contact_link_texts: Patterns
    objection: Patterns
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
    def load(cls, path: Path) -> "NormPatterns":
        """Read and compile the norm patterns."""
        try:
            data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise UserError(f"Kan {path} niet lezen: {error}") from error
        words = "|".join(re.escape(word) for word in data.get("number_words") or ["een"])
        number = {"{number}": rf"(?:\d+(?:[.,]\d+)?|{words})"}
        contact, language, feedback = data.get("contact") or {}, data.get("language_links") or {}, data.get("feedback") or {}
        return cls(
            durations=_compile_all(data.get("durations"), "durations", number),
            processing_context=_compile_all(data.get("processing_context"), "processing_context"),
            not_processing=_compile_all(data.get("not_processing"), "not_processing"),
            immediate=_compile_all(data.get("immediate"), "immediate"),
            amounts=_compile_all(data.get("amounts"), "amounts"),
            contact_text=_compile_all(contact.get("text"), "contact.text"),
            contact_hrefs=_compile_all(contact.get("link_hrefs"), "contact.link_hrefs"),
            contact_link_texts=_compile_all(contact.get("link_texts"), "contact.link_texts"),
            objection=_compile_all(data.get("objection"), "objection"),
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


def processing_durations(text: str, patterns: NormPatterns, need_context: bool = True) -> list[str]:
    """Sentences that state a duration: about processing time, unless inside the termijn section."""
    found: list[str] = []
    durations = patterns.durations if need_context else patterns.durations + patterns.immediate
    for sentence in _SENTENCE_END.split(text):
        if not any(pattern.search(sentence) for pattern in durations):
            continue
        if need_context and (not any(pattern.search(sentence) for pattern in patterns.processing_context)
                             or any(pattern.search(sentence) for pattern in patterns.not_processing)):
            continue
        found.append(sentence.strip())
    return found


def outdated_years(text: str, patterns: NormPatterns) -> list[tuple[int, str]]:
    """Years written next to a price word ("tarieven 2022", "in 2023 kost"), with the words found."""
    found: list[tuple[int, str]] = []
    for pattern in patterns.outdated_years:
        for match in pattern.finditer(text):
            found.append((int(match.group("year")), match.group(0).strip()))
    return found


class PageSignals:
    """The facts about one page that the service-norm checks decide on (computed lazily)."""

    def __init__(self, result: "SectionsResult") -> None:
        """Wrap a sections result."""
        self.result = result
        self.patterns: NormPatterns = result.resources.norms

    @cached_property
    def durations(self) -> list[str]:
        """Sentences in the main text that state a processing time."""
        return processing_durations(self.result.main_text, self.patterns)

    @cached_property
    def termijn_durations(self) -> list[str]:
        """Sentences in the termijn section that state any duration."""
        return processing_durations(self.result.section_text("termijn"), self.patterns, need_context=False)

    @cached_property
    def amounts(self) -> list[str]:
        """Amounts of money or "gratis" in the main text."""
        return first_matches(self.patterns.amounts, self.result.main_text)

    @cached_property
    def contacts(self) -> list[str]:
        """Contact points: phone, e-mail, contact links, in the main text and sidebar boxes."""
        text = f"{self.result.main_text} {self.result.sidebar_text}"
        found = first_matches(self.patterns.contact_text, text)
        for link in self.result.parsed.content.iter("a"):
            href, label = link.get("href") or "", clean_text(link)
            if any(p.search(href) for p in self.patterns.contact_hrefs) or any(
                    p.search(label) for p in self.patterns.contact_link_texts):
                found.append(label or href)
        return found

    @cached_property
    def objection(self) -> list[str]:
        """Words that point to an objection or appeal route."""
        return first_matches(self.patterns.objection, self.result.main_text)

    @cached_property
    def language_links(self) -> list[str]:
        """Links to a version in another language (the whole page is searched)."""
        found: list[str] = []
        for link in self.result.parsed.root.iter("a", "link"):
            hreflang = (link.get("hreflang") or "").lower()
            href, label = link.get("href") or "", clean_text(link) if link.tag == "a" else ""
            if (hreflang and hreflang not in self.patterns.language_hreflang_not) or any(
                    p.search(href) for p in self.patterns.language_hrefs) or any(
                    p.search(label) for p in self.patterns.language_texts):
                found.append(f"{label} ({href})" if label else href)
        return found

    @cached_property
    def language_help(self) -> list[str]:
        """Help for people who do not read Dutch (an interpreter, a phrase in another language)."""
        return first_matches(self.patterns.language_help, self.result.main_text)

    @cached_property
    def feedback(self) -> list[str]:
        """A feedback widget or form on the page."""
        root, found = self.result.parsed.root, []
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            words = set(_WORDS.split(f"{element.get('id') or ''} {element.get('class') or ''}".lower()))
            if words & self.patterns.feedback_words:
                found.append(f"<{element.tag} class=\"{element.get('class') or ''}\">")
            elif element.tag == "iframe" and any(host in (element.get("src") or "").lower()
                                                 for host in self.patterns.feedback_iframe_hosts):
                found.append(element.get("src") or "")
        page_text = spaced_text(self.result.parsed.body)
        return found + first_matches(self.patterns.feedback_texts, page_text)

    @cached_property
    def years(self) -> list[tuple[int, str]]:
        """Years next to price words in the main text."""
        return outdated_years(self.result.main_text, self.patterns)

    @cached_property
    def modified(self) -> tuple[date, str] | None:
        """The last-modified date shown on the page, with its evidence."""
        root = self.result.parsed.root
        body = root.find("body")
        text = spaced_text(body if body is not None else root)
        return page_modified(root, text, self.patterns.modified)

    @cached_property
    def broken_links(self) -> list[dict[str, str]]:
        """Links in the main text that cannot work (empty href, file:, javascript:void)."""
        found = []
        for link in self.result.main_link_elements:
            href = (link.get("href") or "").strip()
            if any(pattern.search(href) for pattern in self.patterns.broken_hrefs):
                found.append({"href": href, "text": clean_text(link)})
        return found

    def to_dict(self) -> dict[str, Any]:
        """The signals as plain data (for the store and for debugging a rule)."""
        modified = self.modified
        return {
            "durations": self.durations[:3], "termijn_durations": self.termijn_durations[:3],
            "amounts": self.amounts, "contacts": self.contacts[:5], "objection": self.objection,
            "language_links": self.language_links[:5], "language_help": self.language_help,
            "feedback": self.feedback[:3], "years": [list(item) for item in self.years],
            "modified": modified[0].isoformat() if modified else None,
            "broken_links": self.broken_links,
        }
