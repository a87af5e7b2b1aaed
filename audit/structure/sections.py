"""Detect the canonical sections of a product page: which are present, in what order, under which heading."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from audit.structure.bodies import section_text
from audit.structure.candidates import Candidate, clean_text, find_candidates, in_sidebar, spaced_text

if TYPE_CHECKING:
    from wmebv.core.page import ParsedPage
    from audit.structure.resources import StructureResources
    from audit.structure.signals import PageSignals

_SKIP_TEXT_TAGS = frozenset({"script", "style", "noscript", "template"})
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
    parsed: "ParsedPage"
    resources: "StructureResources"
    found: list[FoundSection]
    unmapped: list[str]
    candidates: list[Candidate] = field(repr=False)

    @property
    def order(self) -> list[str]:
        """Section ids in page order (first occurrence)."""
        return [section.section_id for section in self.found]

    @property
    def present(self) -> list[str]:
        """Section ids present, in canonical order."""
        ids = set(self.order)
        return [section_id for section_id in self.resources.vocabulary.section_ids if section_id in ids]

    @property
    def missing(self) -> list[str]:
        """Canonical section ids not on the page."""
        ids = set(self.order)
        return [section_id for section_id in self.resources.vocabulary.section_ids if section_id not in ids]

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
    def _starts(self) -> set[HtmlElement]:
        """The elements that open a section (to know where a section's text ends)."""
        return {candidate.element for candidate in self.candidates}

    def section_text(self, section_id: str) -> str:
        """The plain text of one section ("" when absent)."""
        section = self.section(section_id)
        if section is None:
            return ""
        if section.candidate is None:
            return self.intro_text
        return section_text(section.candidate, self.parsed.content, self._starts)

    @cached_property
    def intro_text(self) -> str:
        """The intro paragraphs under the title."""
        return " ".join(intro_paragraphs(self.parsed.content, self._starts, self.resources))

    @cached_property
    def main_text(self) -> str:
        """The main text: the content region without sidebar boxes, whitespace collapsed."""
        return " ".join(" ".join(_texts_outside_sidebars(self.parsed.content, self.parsed.content, self.resources)).split())

    @cached_property
    def sidebar_text(self) -> str:
        """The text of sidebar boxes (asides) on the page, outside the global chrome."""
        vocabulary = self.resources.vocabulary
        boxes = [element for element in self.parsed.body.iter()
                 if isinstance(element.tag, str) and (element.tag in vocabulary.sidebar_tags
                                                      or (element.get("role") or "") in vocabulary.sidebar_roles)]
        return " ".join(spaced_text(box) for box in boxes)

    @cached_property
    def main_link_elements(self) -> list[HtmlElement]:
        """The <a href> elements in the main text (sidebars excluded)."""
        content, vocabulary = self.parsed.content, self.resources.vocabulary
        return [link for link in content.iter("a")
                if link.get("href") is not None and not in_sidebar(link, content, vocabulary)]

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
                links.append({"href": absolute, "text": clean_text(link)})
        return links

    @cached_property
    def signals(self) -> "PageSignals":
        """What the service-norm checks look at (durations, amounts, contact, ...)."""
        from audit.structure.signals import PageSignals  # deferred: signals imports this module

        return PageSignals(self)

    def to_dict(self) -> dict[str, Any]:
        """The result as plain data for JSON and the store."""
        return {
            "present": self.present,
            "missing": self.missing,
            "order": self.order,
            "headings": self.headings,
            "kinds": {section.section_id: section.kind for section in self.found},
            "pattern": self.pattern,
            "unmapped": self.unmapped,
            "main_links": self.main_links,
            "norms": self.signals.to_dict(),
        }


def _texts_outside_sidebars(element: HtmlElement, content: HtmlElement, resources: "StructureResources") -> list[str]:
    """All text under the element, skipping sidebar boxes and scripts."""
    texts: list[str] = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _SKIP_TEXT_TAGS and not _is_sidebar(child, resources):
            texts.extend(_texts_outside_sidebars(child, content, resources))
        texts.append(child.tail or "")
    return texts


@lru_cache(maxsize=4096)
def _words(id_and_class: str) -> frozenset[str]:
    """The lower-case words of an id and class attribute."""
    return frozenset(id_and_class.lower().split())


def _is_sidebar(element: HtmlElement, resources: "StructureResources") -> bool:
    """True when the element itself is a sidebar box."""
    vocabulary = resources.vocabulary
    if element.tag in vocabulary.sidebar_tags or (element.get("role") or "").lower() in vocabulary.sidebar_roles:
        return True
    return not vocabulary.sidebar_words.isdisjoint(_words(f"{element.get('id') or ''} {element.get('class') or ''}"))


def intro_paragraphs(content: HtmlElement, starts: set[HtmlElement], resources: "StructureResources") -> list[str]:
    """Paragraph texts between the title (h1) and the first section heading."""
    vocabulary = resources.vocabulary
    seen_title = content.find(".//h1") is None
    texts: list[str] = []
    taken: list[HtmlElement] = []
    for element in content.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "h1":
            seen_title = True
            continue
        if element in starts or (element.tag == "p" and any(d in starts for d in element.iterdescendants())):
            break
        if not seen_title or element.tag in _SKIP_TEXT_TAGS:
            continue
        classes = set((element.get("class") or "").lower().split())
        is_block = element.tag == "p" or (classes & vocabulary.intro_classes and element.find(".//p") is None)
        if not is_block or any(parent in taken for parent in element.iterancestors()):
            continue
        if in_sidebar(element, content, vocabulary) or element.xpath("ancestor::table"):
            continue
        text = clean_text(element)
        if text and not (vocabulary.intro_ignore and vocabulary.intro_ignore.search(text.lower())):
            texts.append(text)
            taken.append(element)
    return texts


def detect_sections(parsed: "ParsedPage", resources: "StructureResources") -> SectionsResult:
    """Find the canonical sections of the page's main text."""
    vocabulary, settings = resources.vocabulary, resources.settings
    content = parsed.content
    title = parsed.title
    candidates = list(find_candidates(content, vocabulary, settings.heading_max_words))
    found: list[FoundSection] = []
    unmapped: list[str] = []
    seen: set[str] = set()
    for candidate in candidates:
        section_id = vocabulary.match(candidate.text, title)
        if section_id is None:
            if candidate.kind != "lead" and not vocabulary.is_ignored(candidate.text):
                unmapped.append(candidate.text)
            continue
        if section_id not in seen:
            seen.add(section_id)
            found.append(FoundSection(section_id, candidate.text, candidate.kind, candidate))
    if "wat_is_het" not in seen:
        intro = intro_paragraphs(content, {candidate.element for candidate in candidates}, resources)
        if sum(len(text) for text in intro) >= settings.intro_min_chars:
            found.insert(0, FoundSection("wat_is_het", "", "intro"))
    return SectionsResult(url=parsed.url, parsed=parsed, resources=resources, found=found,
                          unmapped=unmapped, candidates=candidates)
