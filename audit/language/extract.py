"""Where the running text of a page is when the page has no content region: readability's guess."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
import yaml
from lxml.html import HtmlElement


@dataclass(frozen=True)
class ExtractionRules:
    """Language-only choices about the page text (``rules/language/extraction.yml``).

    How a page is cut into blocks is shared by all analysers: ``rules/text/blocks.yml``.
    """

    use_readability_fallback: bool

    @classmethod
    def load(cls, path: Path) -> ExtractionRules:
        """Read the extraction rules from YAML."""
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(use_readability_fallback=bool(data["use_readability_fallback"]))


def readability_element(body: HtmlElement) -> HtmlElement | None:
    """The main text as readability-lxml finds it, for pages without a usable content region."""
    from readability import Document  # imported here: only pages without <main> need it

    try:
        summary = Document(lxml.html.tostring(body, encoding="unicode")).summary(html_partial=True)
        return lxml.html.fragment_fromstring(summary, create_parent="div") if summary.strip() else None
    except Exception:  # noqa: BLE001 - readability and lxml raise bare errors on odd pages (control bytes, ...); then we keep the body
        return None
