"""What the analysers learn about one page, handed to the rule checks as one object.

The engine parses a page once, runs each analyser (channels, sections, language) and collects
their results here; rule checks are pure functions of ``(facts, params)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lxml.html import HtmlElement


@dataclass
class PageFacts:
    """Everything the rule checks may look at for one page."""

    url: str
    root: HtmlElement
    title: str = ""
    is_product: bool = True
    upl: dict[str, Any] | None = None  # grouped UPL entry: name, uri, flags (aanvraag, melding, sdg, ...)
    cluster: str | None = None
    sc_claim: dict[str, Any] | None = None  # the site's own SC claim for this page, if any
    last_modified: date | None = None
    today: date = field(default_factory=date.today)
    channels: Any = None  # audit.channels result
    sections: Any = None  # audit.structure result
    language: Any = None  # audit.language result
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    """One problem on one page, with the evidence and what to do about it."""

    rule_id: str
    message: str
    evidence: str = ""
    suggestion: str = ""
    location: str = ""
    severity: str = ""
    family: str = ""

    def to_dict(self) -> dict[str, str]:
        """The finding as a plain dict for JSON and the store."""
        return {
            "rule_id": self.rule_id,
            "family": self.family,
            "severity": self.severity,
            "message": self.message,
            "evidence": self.evidence,
            "suggestion": self.suggestion,
            "location": self.location,
        }
