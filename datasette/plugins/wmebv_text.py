"""Show crawled text safely: escape it first, then mark the problem word; links only to http(s).

Everything that comes from a crawled page is untrusted. These helpers never return crawled text
as HTML: they escape it with markupsafe and add only our own ``<mark>`` and ``<a>`` tags.
"""

from __future__ import annotations

import json
import re
from email.utils import parsedate_to_datetime
from typing import Any

from datasette import hookimpl
from markupsafe import Markup, escape

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]
# Words quoted in a message or suggestion ('indien', "middels", ‘teneinde’) are the problem words.
QUOTED = re.compile(r"""['"‘’“”«]([^'"‘’“”«»]{2,40})['"‘’“”»]""")
EVIDENCE_COLUMNS = {"evidence", "Gevonden tekst", "Voorbeeldzin"}
HINT_COLUMNS = ("suggestion", "message", "Wat kunt u doen", "Wat is er aan de hand")
PAGE_COLUMNS = {"Pagina", "page_id"}
# Long addresses in worklists become a short link; the full address is in the title and the CSV.
SHORT_LINK_COLUMNS = {"Adres": "op de website", "Gevonden link": "link", "Aanvraagadres in SC": "link"}


def problem_terms(*hints: Any) -> list[str]:
    """The quoted words in a finding's message or suggestion, longest first."""
    terms: set[str] = set()
    for hint in hints:
        if hint:
            terms.update(match.strip() for match in QUOTED.findall(str(hint)) if match.strip())
    return sorted(terms, key=len, reverse=True)


def mark_terms(text: Any, *hints: Any) -> Markup:
    """Escape ``text`` and wrap the problem words from ``hints`` in <mark>, never inside an entity."""
    escaped = str(escape("" if text is None else text))
    terms = [str(escape(term)) for term in problem_terms(*hints)]
    if not terms:
        return Markup(escaped)
    words = "|".join(re.escape(term) for term in terms)
    pattern = re.compile(rf"(&#?\w+;)|(?<![\w&])({words})(?!\w)", re.IGNORECASE)

    def replace(match: re.Match[str]) -> str:
        if match.group(1):  # an entity such as &lt; stays whole
            return match.group(1)
        return f"<mark>{match.group(2)}</mark>"

    return Markup(pattern.sub(replace, escaped))


def safe_link(url: Any) -> str | None:
    """The URL when it is a plain http(s) address, otherwise None (no javascript: or data: links)."""
    text = str(url or "").strip()
    return text if re.match(r"^https?://", text, re.IGNORECASE) else None


def json_list(value: Any) -> list[Any]:
    """A JSON list stored as text (or a comma-separated string) as a Python list."""
    if isinstance(value, list):
        return value
    if not value:
        return []
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return [part.strip() for part in str(value).split(",") if part.strip()]
    return parsed if isinstance(parsed, list) else [parsed]


def dutch_date(value: Any) -> str:
    """An ISO date or an HTTP date ('Tue, 10 Mar 2026 09:00:00 GMT') as '10 maart 2026' (empty when missing)."""
    text = str(value or "").strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return f"{day} {MONTHS[month - 1]} {year}" if 1 <= month <= 12 else text
    try:  # the Last-Modified header of a server is an HTTP (RFC 2822) date
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return text
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}" if moment else text


def link_status(status: Any, detail: Any = "", url: Any = "") -> str:
    """Whether a channel link works, in plain Dutch: 'werkt', 'werkt niet (404)', 'niet gecontroleerd'."""
    status = str(status or "").strip().lower()
    detail = str(detail or "").strip()
    if status == "ok":
        return "werkt (doorgestuurd naar inloggen)" if "inlog" in detail.lower() else "werkt"
    if status in ("dead", "error"):
        code = re.match(r"^HTTP (\d{3})", detail)
        if code:
            reason = "fout op de server" if status == "error" or code.group(1).startswith("5") else ""
            return f"werkt niet ({code.group(1)}{', ' + reason if reason else ''})"
        return f"werkt niet: {detail}" if detail else "werkt niet"
    if status == "unchecked" or (not status and url):
        return "niet gecontroleerd"
    return "geen link" if not url else "niet gecontroleerd"


def percentage(part: Any, whole: Any) -> int:
    """Whole-number percentage, 0 when there is nothing to divide by."""
    try:
        return round(100 * float(part or 0) / float(whole)) if whole else 0
    except (TypeError, ValueError):
        return 0


@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    """Filters for our templates: markeer, veilige_link, json_lijst, datum, procent; and werkt_de_link()."""
    env.filters["markeer"] = mark_terms
    env.filters["veilige_link"] = safe_link
    env.filters["json_lijst"] = json_list
    env.filters["datum"] = dutch_date
    env.filters["procent"] = percentage
    env.globals["werkt_de_link"] = link_status


def _row_value(row: Any, key: str) -> Any:
    """A value from an sqlite3.Row or dict row, None when the column is absent."""
    try:
        return row[key]
    except (KeyError, IndexError, TypeError):
        return None


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """Hide page HTML, link page numbers to the page view, and mark problem words in evidence."""
    if table == "pages" and column == "html":
        return Markup('<span class="verborgen">(HTML niet getoond)</span>')
    raw = value.get("value") if isinstance(value, dict) else value
    if column in PAGE_COLUMNS and isinstance(raw, int):
        return Markup(f'<a href="/pagina/{raw}" title="Bekijk pagina {raw}">{raw}</a>')
    if column in SHORT_LINK_COLUMNS and isinstance(value, str) and safe_link(value):
        return Markup('<a href="{}" title="{}" rel="noopener noreferrer nofollow">{}</a>').format(
            safe_link(value), value, SHORT_LINK_COLUMNS[column]
        )
    if column in EVIDENCE_COLUMNS and isinstance(value, str) and value:
        hints = [_row_value(row, key) for key in HINT_COLUMNS]
        return Markup('<span class="bewijs">') + mark_terms(value, *hints) + Markup("</span>")
    return None
