"""Detect the canonical sections of a product page: which are present, in what order, under which heading."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from audit.structure.candidates import Candidate, find_candidates, section_blocks
from audit.structure.content import told_sections
from wmebv.core.blocks import Block, clean

if TYPE_CHECKING:
    from audit.structure.resources import StructureResources
    from audit.structure.signals import PageSignals
    from wmebv.core.page import ParsedPage

_NOT_CHECKED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")


@dataclass(frozen=True)
class FoundSection:
    """One canonical section found on the page."""

    section_id: str
    heading: str  # the heading text as written; "" for the intro under the title
    kind: str  # intro | heading | button | summary | tab | dt | th | lead
    candidate: Candidate | None = None

    @property
    def location(self) -> str:
        """Where the section is, in words a web editor recognises."""
        return f"kop '{self.heading}'" if self.heading else "inleiding onder de titel"


@dataclass
class SectionsResult:
    """The sections of one page, plus (on demand) the norm signals the checks need."""

    url: str
    parsed: ParsedPage
    resources: StructureResources
    found: list[FoundSection]
    unmapped: list[str]
    candidates: list[Candidate] = field(repr=False)

    @property
    def order(self) -> list[str]:
        """Section ids in page order (first occurrence)."""
        return [section.section_id for section in self.found]

    @property
    def headed(self) -> list[str]:
        """Section ids with their own heading (or, for wat_is_het, the intro under the title), in canonical order."""
        ids = set(self.order)
        return [section_id for section_id in self.resources.vocabulary.section_ids if section_id in ids]

    @cached_property
    def told(self) -> dict[str, list[str]]:
        """Per section the sentences that tell it, wherever they stand (see audit/structure/content.py)."""
        layer = self.parsed.text
        bodies = {section.section_id: self.section_blocks(section.section_id) for section in self.found}
        links = [link for block in layer.blocks if block.region in ("content", "sidebar") for link in block.links]
        return told_sections(layer, bodies, self.parsed.title, self.resources.content, links)

    def is_about(self, section_id: str) -> bool:
        """True when the page is about the section itself (a page about objecting, for bezwaar)."""
        content = self.resources.content.sections.get(section_id)
        return content is not None and content.is_about(self.parsed.title)

    @cached_property
    def present(self) -> list[str]:
        """Section ids the page tells, wherever it tells them, in canonical order."""
        told, headed, by_content = self.told, set(self.order), self.resources.content.sections
        return [section_id for section_id in self.resources.vocabulary.section_ids
                if section_id in told or (section_id in headed and section_id not in by_content)]

    @property
    def missing(self) -> list[str]:
        """Canonical section ids the page does not tell at all."""
        present = set(self.present)
        return [section_id for section_id in self.resources.vocabulary.section_ids if section_id not in present]

    @property
    def headings(self) -> dict[str, str]:
        """The heading text found per section id ("" for the intro)."""
        return {section.section_id: section.heading for section in self.found}

    @property
    def pattern(self) -> str:
        """A compact string of the order, for grouping pages (e.g. "WAVKTC")."""
        return self.resources.vocabulary.pattern_of(self.order)

    def section(self, section_id: str) -> FoundSection | None:
        """The found section with this id, or None."""
        return next((section for section in self.found if section.section_id == section_id), None)

    @cached_property
    def _starts(self) -> set[int]:
        """The blocks that open a section (to know where a section's text ends)."""
        return {candidate.block.index for candidate in self.candidates}

    def section_blocks(self, section_id: str) -> list[Block]:
        """The blocks of one section's text (empty when absent)."""
        section = self.section(section_id)
        if section is None:
            return []
        if section.candidate is None:
            return self.intro_blocks
        return section_blocks(self.parsed.text, section.candidate, self._stops, section_id)

    @cached_property
    def _stops(self) -> dict[int, str]:
        """The openers that end the section before them, with the section each opens ("" for another heading).

        Those of a known section end it, and other headings with text of their own. A run of short
        lines under "Kosten" (the rows of a price list in a draft) stays part of it, and so does a
        second heading of the same section.
        """
        vocabulary, title, content = self.resources.vocabulary, self.parsed.title, self.parsed.text.content
        position = {block.index: number for number, block in enumerate(content)}
        stops: dict[int, str] = {}
        for candidate in self.candidates:
            number = position.get(candidate.block.index, -1)
            following = content[number + 1] if 0 <= number < len(content) - 1 else None
            section_id = vocabulary.match(candidate.text, title)
            if section_id is not None or (following is not None and following.kind != "heading"):
                stops[candidate.block.index] = section_id or ""
        return stops

    def section_text(self, section_id: str) -> str:
        """The plain text of one section ("" when absent)."""
        return self.parsed.text.text_of(self.section_blocks(section_id))

    def section_sentences(self, section_id: str) -> list[str]:
        """The sentences of one section's text."""
        layer = self.parsed.text
        return [sentence for sentence, _ in layer.each_sentence(self.section_blocks(section_id))]

    @cached_property
    def intro_blocks(self) -> list[Block]:
        """The intro paragraphs under the title."""
        return intro_paragraphs(self.parsed, self._starts, self.resources)

    @cached_property
    def intro_text(self) -> str:
        """The intro paragraphs under the title, as text."""
        return self.parsed.text.text_of(self.intro_blocks)

    @cached_property
    def main_text(self) -> str:
        """The main text: the content region without sidebar boxes."""
        return self.parsed.text.text_of(self.parsed.text.content)

    @cached_property
    def sidebar_text(self) -> str:
        """The text of sidebar boxes on the page, outside the global chrome."""
        return self.parsed.text.text_of([block for block in self.parsed.text.blocks if block.region == "sidebar"])

    @cached_property
    def main_link_elements(self) -> list[HtmlElement]:
        """The <a href> elements in the main text (sidebars excluded)."""
        content, rules = self.parsed.content, self.parsed.text.rules
        return [link for link in content.iter("a")
                if link.get("href") is not None and not _in_sidebar(link, content, rules)]

    @cached_property
    def main_links(self) -> list[dict[str, str]]:
        """Links in the main text to check for dead ends: absolute href and link text."""
        links: list[dict[str, str]] = []
        seen: set[str] = set()
        for link in self.main_link_elements:
            href = (link.get("href") or "").strip()
            if not href or href.startswith("#") or href.lower().startswith(_NOT_CHECKED_SCHEMES):
                continue
            try:
                absolute = urljoin(self.url, href)
                urlsplit(absolute).hostname  # noqa: B018 - raises on a broken address such as "http://[x"
            except ValueError:
                continue  # no browser can follow it; the broken-link signal reports such hrefs
            if absolute not in seen:
                seen.add(absolute)
                links.append({"href": absolute, "text": clean(link.text_content())})
        return links

    @cached_property
    def signals(self) -> PageSignals:
        """What the service-norm checks look at (durations, amounts, contact, ...)."""
        from audit.structure.signals import PageSignals  # deferred: signals imports this module

        return PageSignals(self)

    def to_dict(self) -> dict[str, Any]:
        """The result as plain data for JSON and the store."""
        return {
            "present": self.present,
            "headed": self.headed,
            "missing": self.missing,
            "told": self.told,
            "order": self.order,
            "headings": self.headings,
            "kinds": {section.section_id: section.kind for section in self.found},
            "pattern": self.pattern,
            "unmapped": self.unmapped,
            "main_links": self.main_links,
            "norms": self.signals.to_dict(),
        }


def _in_sidebar(element: HtmlElement, stop: HtmlElement, rules: Any) -> bool:
    """True when the element sits in a sidebar box inside the content region."""
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return False
        if isinstance(ancestor.tag, str) and rules.is_sidebar(ancestor):
            return True
    return False


def intro_paragraphs(parsed: ParsedPage, starts: set[int], resources: StructureResources) -> list[Block]:
    """The paragraphs between the title (h1) and the first section heading."""
    ignore = resources.vocabulary.intro_ignore
    blocks = parsed.text.content
    title = next((block.index for block in blocks if block.is_title), None)
    found: list[Block] = []
    for block in blocks:
        if block.index in starts:
            break
        if title is not None and block.index <= title:
            continue
        if block.kind == "paragraph" and not (ignore and ignore.search(block.text.lower())):
            found.append(block)
    return found


def detect_sections(parsed: ParsedPage, resources: StructureResources) -> SectionsResult:
    """Find the canonical sections of the page's main text."""
    vocabulary, settings = resources.vocabulary, resources.settings
    title = parsed.title
    candidates = list(find_candidates(parsed.text, settings.heading_max_words))
    found: list[FoundSection] = []
    unmapped: list[str] = []
    seen: set[str] = set()
    for candidate in candidates:
        section_id = vocabulary.match(candidate.text, title)
        if section_id is None:
            if candidate.kind not in ("lead", "line") and not vocabulary.is_ignored(candidate.text):
                unmapped.append(candidate.text)
            continue
        if section_id not in seen:
            seen.add(section_id)
            found.append(FoundSection(section_id, candidate.text, candidate.kind, candidate))
    if "wat_is_het" not in seen:
        intro = intro_paragraphs(parsed, {candidate.block.index for candidate in candidates}, resources)
        if sum(len(block.text) for block in intro) >= settings.intro_min_chars:
            found.insert(0, FoundSection("wat_is_het", "", "intro"))
    return SectionsResult(url=parsed.url, parsed=parsed, resources=resources, found=found,
                          unmapped=unmapped, candidates=candidates)
