"""Show crawled text safely: escape it first, then mark the found word; links only to http(s).

Everything that comes from a crawled page is untrusted. These helpers never return crawled text
as HTML: they escape it with markupsafe and add only our own ``<mark>`` and ``<a>`` tags. Dates
and numbers read as Dutch (``wmebv.core.dutch``: Dutch local time, '2 maart 2026', '2.055').
"""

from __future__ import annotations

import json
import re
from typing import Any

from datasette import hookimpl
from markupsafe import Markup, escape

from wmebv.core.dutch import date_nl, datetime_nl, number_nl

# Words quoted in a finding's message ('indien', "middels", ‘teneinde’) are the words it found.
QUOTED = re.compile(r"""['"‘’“”«]([^'"‘’“”«»]{1,40})['"‘’“”»]""")
GAP = re.compile(r"\s*(?:\.\.\.|…)\s*")
EVIDENCE_COLUMNS = {"evidence", "Gevonden tekst", "Voorbeeldzin"}
MESSAGE_COLUMNS = ("message", "Wat is er aan de hand")
PAGE_COLUMNS = {"Pagina", "page_id"}
# Long addresses in worklists become a short link; the full address is in the title and the CSV.
SHORT_LINK_COLUMNS = {"Adres": "op de website", "Gevonden link": "link", "Aanvraagadres in SC": "link",
                      "Link naar kanaal": "link"}
# Long text in a worklist is shortened to about this many characters; the page detail has it all.
SHORT_TEXT_CHARS = 220
LONG_TEXT_COLUMNS = {"Wat is er aan de hand", "Gevonden tekst", "Voorbeeldzin", "Wat kunt u doen", "Wat te doen",
                     "Wat ontbreekt", "Uitleg", "Waarom", "Zo lost u het op"}
DATE_COLUMNS = {"Datum"}
MOMENT_COLUMNS = {"started_at", "finished_at", "fetched_at", "audited_at", "applied_at"}
# Datasette's filter comparisons, in Dutch.
COMPARISONS = {
    "exact": "=", "not": "≠", "contains": "bevat", "endswith": "eindigt op", "startswith": "begint met",
    "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "like": "lijkt op (like)", "notlike": "lijkt niet op (not like)",
    "glob": "past in patroon (glob)", "in": "is een van", "notin": "is geen van", "arraycontains": "lijst bevat",
    "arraynotcontains": "lijst bevat niet", "date": "datum is", "isnull": "is leeg (null)",
    "notnull": "is niet leeg (null)", "isblank": "is leeg", "notblank": "is niet leeg",
}


def found_terms(message: Any) -> list[str]:
    """The words a finding's message quotes as found, longest first; "worden ... ingediend" gives both words."""
    terms: set[str] = set()
    for match in QUOTED.findall(str(message or "")):
        terms.update(part.strip() for part in GAP.split(match) if part.strip())
    return sorted(terms, key=len, reverse=True)


def mark_terms(text: Any, message: Any = None) -> Markup:
    """Escape ``text`` and wrap the words the message quotes as found in <mark>, never inside an entity.

    Only the message names what was found; a suggestion also quotes the word to write instead,
    which must not be marked.
    """
    escaped = str(escape("" if text is None else text))
    terms = [str(escape(term)) for term in found_terms(message)]
    if not terms:
        return Markup(escaped)
    words = "|".join(re.escape(term) for term in terms)
    pattern = re.compile(rf"(&#?\w+;)|(?<![\w&])({words})(?!\w)", re.IGNORECASE)

    def replace(match: re.Match[str]) -> str:
        if match.group(1):  # an entity such as &lt; stays whole
            return match.group(1)
        return f"<mark>{match.group(2)}</mark>"

    return Markup(pattern.sub(replace, escaped))


def shorten(text: str, limit: int = SHORT_TEXT_CHARS) -> tuple[str, bool]:
    """The text cut at a word boundary near ``limit`` characters, and whether it was cut."""
    if len(text) <= limit:
        return text, False
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + " …", True


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
    if status == "unverified":
        return f"niet gecontroleerd: {detail}" if detail else "niet gecontroleerd"
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
    """Filters for our templates (markeer, veilige_link, json_lijst, datum, datumtijd, getal, procent) and globals."""
    env.filters["markeer"] = mark_terms
    env.filters["veilige_link"] = safe_link
    env.filters["json_lijst"] = json_list
    env.filters["datum"] = date_nl
    env.filters["datumtijd"] = datetime_nl
    env.filters["getal"] = number_nl
    env.filters["procent"] = percentage
    env.globals["werkt_de_link"] = link_status
    env.globals["vergelijking"] = COMPARISONS


def _row_value(row: Any, key: str) -> Any:
    """A value from an sqlite3.Row or dict row, None when the column is absent."""
    try:
        return row[key]
    except (KeyError, IndexError, TypeError):
        return None


def _page_link(page_id: int, finding: Any) -> str:
    """The address of a page's detail, at the finding when there is one."""
    return f"/pagina/{page_id}" + (f"#bevinding-{int(finding)}" if isinstance(finding, int) else "")


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """Hide page HTML, link pages, mark the found word, shorten long text, and write dates in Dutch."""
    if table == "pages" and column == "html":
        return Markup('<span class="verborgen">(HTML niet getoond)</span>')
    raw = value.get("value") if isinstance(value, dict) else value
    if column in PAGE_COLUMNS and isinstance(raw, int):
        return Markup('<a href="{}" title="Alles over pagina {}">{}</a>').format(
            _page_link(raw, _row_value(row, "_bevinding")), raw, raw)
    if column in SHORT_LINK_COLUMNS and isinstance(value, str) and safe_link(value):
        return Markup('<a href="{}" title="{}" rel="noopener noreferrer nofollow">{}</a>').format(
            safe_link(value), value, SHORT_LINK_COLUMNS[column])
    if column in DATE_COLUMNS and isinstance(value, str):
        return date_nl(value)
    if column in MOMENT_COLUMNS and isinstance(value, str) and value:
        return Markup('<span title="{}">{}</span>').format(value, datetime_nl(value))
    if isinstance(value, str) and value and (column in EVIDENCE_COLUMNS or column in LONG_TEXT_COLUMNS):
        short, cut = shorten(value)
        if column in EVIDENCE_COLUMNS:
            message = next((_row_value(row, key) for key in MESSAGE_COLUMNS if _row_value(row, key)), None)
            shown = Markup('<span class="bewijs">') + mark_terms(short, message) + Markup("</span>")
        else:
            shown = Markup("{}").format(short)
        page = _row_value(row, "Pagina")
        if cut and isinstance(page, int):
            shown += Markup(' <a class="meer" href="{}" title="De hele tekst op de pagina van het product">lees verder</a>').format(
                _page_link(page, _row_value(row, "_bevinding")))
        return shown
    return None
