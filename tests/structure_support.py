"""Shared helpers for the structure and norm tests: parse a snippet, detect, build PageFacts."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from audit.channels import ChannelResult
from audit.facts import PageFacts
from audit.structure import SectionsResult, StructureResources, load_structure_resources
from wmebv.core.page import ParsedPage, RegionRules, parse_html
from wmebv.core.paths import rules_dir


@lru_cache(maxsize=1)
def resources() -> StructureResources:
    """The structure resources from the shipped rules (loaded once per test session)."""
    return load_structure_resources(rules_dir(), {})


@lru_cache(maxsize=1)
def region_rules() -> RegionRules:
    """The page region rules."""
    return RegionRules.load()


def page(html: str, url: str = "https://www.voorbeeldstad.nl/product") -> ParsedPage:
    """A parsed page; a fragment without <html> is wrapped in a document body."""
    if "<html" not in html:
        html = f"<html><body>{html}</body></html>"
    return ParsedPage(url, parse_html(html), region_rules())


def detect(html: str, url: str = "https://www.voorbeeldstad.nl/product") -> SectionsResult:
    """Detect the sections of an HTML snippet."""
    return resources().detect(page(html, url))


def facts(html: str, upl: dict[str, Any] | None = None, today: date = date(2026, 11, 22),
          channels: ChannelResult | None = None, **kwargs: Any) -> PageFacts:
    """PageFacts for a snippet with its sections detected; ``kwargs`` sets other facts (verdict, link_status, ...)."""
    parsed = page(html)
    return PageFacts(url=parsed.url, parsed=parsed, title=parsed.title, upl=upl, today=today,
                     channels=channels, sections=resources().detect(parsed), **kwargs)
