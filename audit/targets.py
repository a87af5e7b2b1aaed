"""Read what ``wmebv check`` is given: a saved HTML file, a URL, or a plain-text/Markdown draft."""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from wmebv.core.drafts import draft_to_html
from wmebv.core.errors import UserError

DRAFT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
USER_AGENT = "wmebv-audit/0.1 (controle van een pagina)"


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


def fetch_url(url: str, timeout: float = 20.0) -> Target:
    """Download one page; an unreachable address or a non-HTML answer is a UserError."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked by caller
            content_type = response.headers.get("Content-Type", "")
            body = response.read(5_000_000)
            final_url = response.geturl()
    except urllib.error.HTTPError as error:
        raise UserError(f"De pagina {url} gaf een fout (HTTP {error.code}). Controleer het adres.") from error
    except (urllib.error.URLError, socket.timeout, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise UserError(f"De pagina {url} is niet bereikbaar ({reason}). Controleer het adres en uw internetverbinding.") from error
    except ValueError as error:  # urllib refuses a malformed address such as "http://[::1"
        raise UserError(f"'{url}' is geen geldig webadres ({error}). Controleer het adres.") from error
    if content_type and "html" not in content_type.lower():
        raise UserError(f"{url} is geen HTML-pagina (het is {content_type.split(';')[0]}). wmebv controleert alleen webpagina's.")
    charset = "utf-8"
    match = re.search(r"charset=([\w-]+)", content_type)
    if match:
        charset = match.group(1)
    try:
        html = body.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know ("charset=bogus"): read it as UTF-8
        html = body.decode("utf-8", errors="replace")
    return Target(url=final_url, html=html)


def read_target(target: str) -> Target:
    """A URL (http or https) or a file path."""
    if re.match(r"^https?://", target, re.IGNORECASE):
        try:
            urllib.parse.urlsplit(target).hostname  # noqa: B018 - raises on a malformed address
        except ValueError as error:
            raise UserError(f"'{target}' is geen geldig webadres ({error}). Controleer het adres.") from error
        return fetch_url(target)
    if re.match(r"^[a-z][a-z0-9+.-]*://", target, re.IGNORECASE):
        raise UserError(f"wmebv kan alleen http- en https-adressen controleren, niet {target}.")
    return read_file(Path(target))
