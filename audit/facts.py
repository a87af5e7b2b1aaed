"""What the analysers learn about one page, handed to the rule checks as one object.

The engine parses a page once, runs each analyser (channels, sections, language) and collects
their results here; rule checks are pure functions of ``(facts, params)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the analysers' results; their modules import Finding from here
    from audit.channels.model import ChannelResult
    from audit.language.result import LanguageResult
    from audit.structure.sections import SectionsResult
    from audit.structure.site import SiteStructureReport
    from audit.verdict import Verdict
    from wmebv.core.page import ParsedPage


@dataclass
class PageFacts:
    """Everything the rule checks may look at for one page."""

    url: str
    parsed: ParsedPage | None = None  # None for the site-level checks, which judge a page by its stored order
    title: str = ""
    is_product: bool = True
    upl: dict[str, Any] | None = None  # grouped UPL entry: name, uri, flags (aanvraag, melding, sdg, ...)
    cluster: str | None = None
    sc_claim: dict[str, Any] | None = None  # the site's own SC claim for this page, if any
    last_modified: date | None = None
    today: date = field(default_factory=date.today)
    channels: ChannelResult | None = None
    sections: SectionsResult | None = None
    language: LanguageResult | None = None
    verdict: Verdict | None = None
    link_status: Mapping[str, str] = field(default_factory=dict)  # URL -> ok, dead, error, ... (the link check)
    link_detail: Mapping[str, str] = field(default_factory=dict)  # URL -> what the link check saw, in Dutch
    site_structure: SiteStructureReport | None = None  # the site's dominant structure, once the crawl is audited


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
    # What a check found, for the rule's texts: which case, and the values of its placeholders.
    case: str = field(default="", compare=False)
    values: Mapping[str, object] = field(default_factory=dict, compare=False)

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
