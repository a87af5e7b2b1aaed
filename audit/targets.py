"""Read what ``wmebv check`` is given: a saved HTML file, a URL, or a plain-text/Markdown draft."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from wmebv.core.drafts import draft_to_html
from wmebv.core.errors import UserError
from wmebv.core.outbound.agent import PAGE_CHECK, user_agent
from wmebv.core.outbound.client import Limits, OutboundClient
from wmebv.core.outbound.failures import OutboundError
from wmebv.core.outbound.policy import OutboundPolicy

DRAFT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MAX_PAGE_BYTES = 10 * 1024 * 1024  # as the crawler


@dataclass(frozen=True)
class Target:
    """A page to check: its address, its HTML, and the draft text when it was a draft."""

    url: str
    html: str
    draft_text: str | None = None


def read_file(path: Path) -> Target:
    """A saved HTML page or a draft from disk."""
    if not path.exists():
        raise UserError(f"Het bestand {path} bestaat niet. Controleer de naam en de map.")
    if path.is_dir():
        raise UserError(f"{path} is een map. Geef een HTML-bestand, een .txt- of .md-bestand, of een URL.")
    raw = path.read_bytes()
    if b"\x00" in raw[:2048] or raw.startswith(b"%PDF"):
        raise UserError(f"{path} is geen HTML-pagina of tekst (het lijkt een pdf of ander binair bestand). "
                        "Geef een HTML-bestand, een .txt- of .md-bestand, of een URL.")
    text = raw.decode("utf-8", errors="replace")
    url = path.resolve().as_uri()
    if path.suffix.lower() in DRAFT_SUFFIXES or (path.suffix.lower() not in HTML_SUFFIXES and not text.lstrip().startswith("<")):
        if not text.strip():
            raise UserError(f"Het bestand {path} is leeg. Er is niets te controleren.")
        return Target(url=url, html=draft_to_html(text), draft_text=text)
    return Target(url=url, html=text)


def fetch_url(url: str, timeout: float = 20.0, policy: OutboundPolicy | None = None) -> Target:
    """Download one page under the outbound policy; an unreachable address or a non-HTML answer is a UserError.

    The address the user typed is trusted (it may be an intranet page); redirects to other
    servers are checked like every other outbound request.
    """
    policy = policy or OutboundPolicy.for_site([url])
    client = OutboundClient(policy, user_agent(PAGE_CHECK), Limits(timeout=timeout, max_seconds=timeout * 3, max_bytes=MAX_PAGE_BYTES))
    try:
        answer = client.fetch(url, accept="text/html,application/xhtml+xml")
    except OutboundError as error:
        if error.kind in ("scheme", "invalid", "internal"):
            raise UserError(f"De pagina {url} is niet opgehaald: {error}. Controleer het adres.") from error
        if error.kind == "too-large":
            raise UserError(f"De pagina {url} is te groot (meer dan {MAX_PAGE_BYTES // (1024 * 1024)} MB). "
                            "Sla de pagina op en controleer het bestand.") from error
        raise UserError(f"De pagina {url} is niet bereikbaar: {error}. Controleer het adres en uw internetverbinding.") from error
    if answer.status >= 400 or answer.location is not None:
        raise UserError(f"De pagina {url} gaf een fout (HTTP {answer.status}). Controleer het adres.")
    content_type = answer.header("Content-Type")
    if content_type and "html" not in content_type.lower():
        raise UserError(f"{url} is geen HTML-pagina (het is {content_type.split(';')[0]}). wmebv controleert alleen webpagina's.")
    charset = "utf-8"
    match = re.search(r"charset=([\w-]+)", content_type)
    if match:
        charset = match.group(1)
    try:
        html = answer.body.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know ("charset=bogus"): read it as UTF-8
        html = answer.body.decode("utf-8", errors="replace")
    return Target(url=answer.url, html=html)


def read_target(target: str) -> Target:
    """A URL (http or https) or a file path."""
    if re.match(r"^https?://", target, re.IGNORECASE):
        return fetch_url(target)
    if re.match(r"^[a-z][a-z0-9+.-]*://", target, re.IGNORECASE):
        raise UserError(f"wmebv kan alleen http- en https-adressen controleren, niet {target}.")
    return read_file(Path(target))
