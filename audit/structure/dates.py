"""Find the date a page was last changed: a "Laatst gewijzigd" line or a meta tag."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from lxml.html import HtmlElement

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class ModifiedPatterns:
    """How a last-modified date is written on a page (from ``rules/structure/norms.yml``)."""

    phrase_date: re.Pattern[str]
    meta_names: frozenset[str]
    months: tuple[str, ...]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ModifiedPatterns:
        """Build the patterns from the ``modified`` block of norms.yml."""
        months = tuple(str(month).lower() for month in data.get("months") or ())
        phrases = "|".join(f"(?:{phrase})" for phrase in data.get("phrases") or ["laatst gewijzigd"])
        written = (rf"(?P<day>\d{{1,2}})\s+(?P<month>{'|'.join(months) or 'januari'})\s+(?P<year>\d{{4}})"
                   r"|(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})"
                   r"|(?P<iso>\d{4}-\d{2}-\d{2})")
        return cls(
            phrase_date=re.compile(rf"(?:{phrases})\s*:?\s*(?:op\s+)?(?:\w+dag\s+)?(?:{written})", re.IGNORECASE),
            meta_names=frozenset(str(name).lower() for name in data.get("meta_names") or ()),
            months=months,
        )


def _safe_date(year: int, month: int, day: int) -> date | None:
    """A date, or None when the numbers are not a real date."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def date_in_text(text: str, patterns: ModifiedPatterns) -> tuple[date, str] | None:
    """The first "Laatst gewijzigd <date>" in the text, with the words found."""
    match = patterns.phrase_date.search(text)
    if not match:
        return None
    if match.group("iso"):
        year, month, day = (int(part) for part in match.group("iso").split("-"))
    elif match.group("y"):
        year, month, day = int(match.group("y")), int(match.group("m")), int(match.group("d"))
    else:
        year, day = int(match.group("year")), int(match.group("day"))
        month = patterns.months.index(match.group("month").lower()) + 1
    found = _safe_date(year, month, day)
    return (found, match.group(0)) if found else None


def date_in_meta(root: HtmlElement, patterns: ModifiedPatterns) -> tuple[date, str] | None:
    """The last-modified date from a meta tag such as DCTERMS.modified."""
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        if name in patterns.meta_names:
            match = _ISO.search(meta.get("content") or "")
            found = _safe_date(*(int(part) for part in match.groups())) if match else None
            if found:
                return found, f'<meta name="{meta.get("name") or meta.get("property")}" content="{meta.get("content")}">'
    return None


def page_modified(root: HtmlElement, text: str, patterns: ModifiedPatterns) -> tuple[date, str] | None:
    """The last-modified date shown on the page (text first, then meta tags), with its evidence."""
    return date_in_text(text, patterns) or date_in_meta(root, patterns)
