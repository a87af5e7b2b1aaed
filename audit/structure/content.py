"""What a page tells, wherever it stands: the canonical sections found by content, not only by heading.

A processing time under "Bijzonderheden" is still a termijn. The patterns are data
(``rules/structure/content.yml``); this module applies them sentence by sentence to the blocks
of the page's text layer, and under a section's own heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from lxml.html import HtmlElement

from wmebv.core.blocks import Block, TextLayer, clean
from wmebv.core.errors import UserError
from wmebv.core.regex import AnyOf, pattern_text

Patterns = tuple[re.Pattern[str], ...]
# Evidence kept per section: enough to show why, little enough to store.
MAX_EVIDENCE = 3
_KEYS = frozenset({"tells", "always", "unless", "unless_heading", "under_heading", "regions", "when_title", "tells_when_title", "link_hrefs",
                   "link_texts"})


def _compile(patterns: Iterable[str], where: str, number: str) -> Patterns:
    """Compile patterns case-insensitively, with {number} filled in; a bad one names its section."""
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern_text(pattern).replace("{number}", number), re.IGNORECASE))
        except re.error as error:
            raise UserError(f"Ongeldig patroon in content.yml ({where}): {pattern!r}: {error}") from error
    return tuple(compiled)


@dataclass(frozen=True)
class SectionContent:
    """How one section is told by content: sentences that tell it, and what undoes them."""

    tells: AnyOf
    always: AnyOf
    unless: AnyOf
    unless_heading: AnyOf
    under_heading: AnyOf
    regions: frozenset[str]
    when_title: re.Pattern[str] | None = None
    tells_when_title: AnyOf | None = None
    link_hrefs: AnyOf | None = None
    link_texts: AnyOf | None = None

    def is_about(self, title: str) -> bool:
        """True when the page title says the page is about this section itself ("Bezwaar maken")."""
        return bool(self.when_title is not None and title and self.when_title.search(title))

    def tells_in(self, sentence: str, heading: str, about_itself: bool) -> bool:
        """True when the sentence, under this heading, tells the section (on a page about the section itself: its own patterns)."""
        if about_itself and self.tells_when_title is not None:
            return self.tells_when_title.search(sentence) and not self.unless.search(sentence)
        if self.always.search(sentence):
            return True
        return self.tells.search(sentence) and not self.unless.search(sentence) and not (
            heading and self.unless_heading.search(heading))


@dataclass(frozen=True)
class ContentRules:
    """The content patterns of every section that can be told outside its own heading."""

    sections: Mapping[str, SectionContent]

    @classmethod
    def load(cls, path: Path, section_ids: Iterable[str]) -> ContentRules:
        """Read ``content.yml``, refusing unknown sections and keys."""
        try:
            data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise UserError(f"Kan {path} niet lezen: {error}") from error
        words = "|".join(re.escape(str(word)) for word in data.get("number_words") or ["een"])
        number = rf"(?:\d{{1,4}}(?:[.,]\d{{1,2}})?|{words})"  # bounded: two numbers in a row never split one long run
        sections: dict[str, SectionContent] = {}
        known = set(section_ids)
        for section_id, spec in (data.get("sections") or {}).items():
            if section_id not in known:
                raise UserError(f"Onbekende sectie '{section_id}' in {path}. Kies uit: {', '.join(sorted(known))}.")
            unknown = set(spec) - _KEYS
            if unknown:
                raise UserError(f"Onbekende sleutel {sorted(unknown)} bij '{section_id}' in {path}.")

            def patterns(key: str, spec: dict[str, Any] = spec, section_id: str = section_id) -> AnyOf:
                return AnyOf(_compile(spec.get(key) or (), f"{section_id}.{key}", number))

            sections[section_id] = SectionContent(
                tells=patterns("tells"), always=patterns("always"), unless=patterns("unless"), unless_heading=patterns("unless_heading"),
                under_heading=patterns("under_heading"),
                regions=frozenset(spec.get("regions") or ("content",)),
                when_title=re.compile(pattern_text(spec["when_title"]), re.IGNORECASE) if spec.get("when_title") else None,
                tells_when_title=patterns("tells_when_title") if spec.get("tells_when_title") else None,
                link_hrefs=patterns("link_hrefs") if spec.get("link_hrefs") else None,
                link_texts=patterns("link_texts") if spec.get("link_texts") else None,
            )
        return cls(sections=sections)


def _text_blocks(blocks: Iterable[Block], regions: frozenset[str], whole: bool = False) -> list[Block]:
    """The blocks that carry text a reader reads (no furniture); headings and buttons only for a ``whole`` section."""
    return [block for block in blocks
            if block.region in regions and not block.furniture and (whole or block.kind not in ("heading", "button"))]


def _link_evidence(links: Iterable[HtmlElement], content: SectionContent) -> str:
    """The first link that tells the section by its address or text ("tel:", "Neem contact op")."""
    for link in links:
        href, label = link.get("href") or "", clean(link.text_content())
        if (content.link_hrefs is not None and content.link_hrefs.search(href)) or (
                content.link_texts is not None and label and content.link_texts.search(label)):
            return label or href
    return ""


def told_sections(layer: TextLayer, bodies: Mapping[str, list[Block]], title: str, rules: ContentRules,
                  links: Iterable[HtmlElement] = ()) -> dict[str, list[str]]:
    """Per section the sentences that tell it: under its own heading (``bodies``) or anywhere in the text."""
    told: dict[str, list[str]] = {}
    links = list(links)
    for section_id, content in rules.sections.items():
        about_itself = content.is_about(title)
        evidence: list[str] = []
        for sentence, _ in layer.each_sentence(_text_blocks(bodies.get(section_id, ()), content.regions, whole=True)):
            if content.under_heading.search(sentence):
                evidence.append(sentence)
                break
        for sentence, block in layer.each_sentence(_text_blocks(layer.blocks, content.regions)):
            if len(evidence) >= MAX_EVIDENCE:
                break
            if sentence not in evidence and content.tells_in(sentence, block.section, about_itself):
                evidence.append(sentence)
        if not evidence and (content.link_hrefs is not None or content.link_texts is not None):
            found = _link_evidence(links, content)
            if found:
                evidence.append(found)
        if evidence:
            told[section_id] = [sentence[:300] for sentence in evidence]
    return told
