"""A page's text fingerprint: whether its main text changed materially between two crawls.

The fingerprint is taken over the text a reader calls the page's text (headings and sentences of
the main content, as the language analysis reads them), not over the raw HTML: a new menu item, a
changed "last modified" line or a re-ordered attribute in the template does not count as a change,
a rewritten sentence does. Case and runs of white space are ignored.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The text as the fingerprint sees it: case-folded, white space collapsed, trimmed."""
    return _SPACE.sub(" ", text).strip().casefold()


def text_fingerprint(parts: Iterable[str]) -> str:
    """A short stable id of a page's main text (16 hex digits); empty parts are left out."""
    lines = [line for line in (normalise_text(part) for part in parts) if line]
    return hashlib.sha1("\n".join(lines).encode("utf-8")).hexdigest()[:16]
