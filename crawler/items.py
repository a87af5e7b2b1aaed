"""What the spider hands to the pipeline: plain dataclasses, one per kind of fact about the crawl."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class FoundUrls:
    """New frontier rows (queued, or skipped with a reason) found on a page, sitemap or feed."""

    rows: list[dict[str, Any]]


@dataclass
class UrlOutcome:
    """The final state of one URL: fetched, skipped or failed, with reason and HTTP status."""

    url: str
    state: str
    reason: str | None = None
    http_status: int | None = None
    content_type: str | None = None


@dataclass
class PageRecord:
    """A fetched HTML page with its inventory columns (the store compresses the HTML)."""

    page: dict[str, Any]
    document_links: list[str] = field(default_factory=list)


@dataclass
class DocumentRecord:
    """A document (PDF, Word, ODT) with its size; its body is not downloaded."""

    document: dict[str, Any]


@dataclass
class ScClaims:
    """The claims read from a Samenwerkende Catalogi feed."""

    claims: list[dict[str, Any]]


@dataclass
class StateValue:
    """One piece of crawl state remembered for a resumed run."""

    key: str
    value: str
