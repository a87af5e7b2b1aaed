"""The changes between two crawls as plain Dutch text, for `wmebv changes`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from wmebv.core.labels import label
from wmebv.publish.changes import PRODUCT_KINDS, ChangeReport

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
COLUMNS = (("fixed", "opgelost"), ("new", "nieuw"), ("still_open", "nog open"), ("settled", "afgehandeld"),
           ("gone", "weg met pagina"))
FINDING_HEADINGS = {"bevinding-opgelost": "Opgeloste bevindingen", "bevinding-nieuw": "Nieuwe bevindingen"}
MARKS = {"product-nieuw": "+", "product-weg": "-", "bevinding-nieuw": "+", "bevinding-opgelost": "✔"}


def dutch_date(value: str | None) -> str:
    """An ISO timestamp as a Dutch date: '3 februari 2026'."""
    if not value:
        return "onbekende datum"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def format_changes(report: ChangeReport, *, limit: int | None = 20, cluster: str | None = None) -> str:
    """The report: product pages first, then the findings per cluster and per rule, then the findings themselves."""
    old, new = report.from_crawl, report.to_crawl
    where = f", cluster {cluster}" if cluster else ""
    lines = [f"Wat is er veranderd op {new['site']}{where}?",
             f"Crawl {old['id']} ({dutch_date(old['started_at'])}) vergeleken met crawl {new['id']} ({dutch_date(new['started_at'])}).",
             ""]
    products = [change for change in report.changes if change.kind in PRODUCT_KINDS]
    lines.append("Productpagina's")
    if not products:
        lines.append("  Geen veranderingen op de productpagina's.")
    for kind in PRODUCT_KINDS:
        changes = report.of_kind(kind)
        if not changes:
            continue
        lines.append(f"  {_first_upper(label('change', kind))} ({len(changes)})")
        for change in changes:
            lines.append(f"    {MARKS.get(kind, '*')} {change.title} [{change.cluster}]")
            lines.append(f"      {change.url}")
            if change.detail and kind != "product-verhuisd":
                lines.append(f"      {change.detail}")
            elif kind == "product-verhuisd":
                lines.append(f"      was: {change.old_url}")
    totals = report.totals()
    lines += ["", "Bevindingen: " + ", ".join(f"{totals[key]} {name}" for key, name in COLUMNS) + "."]
    if any(totals.values()):
        lines += ["", *_table("Per cluster", report.per("cluster"), "cluster"), "", *_table("Per regel", report.per("rule_id"), "rule_id")]
    for kind, heading in FINDING_HEADINGS.items():
        changes = report.of_kind(kind)
        if not changes:
            continue
        lines += ["", f"{heading} ({len(changes)})"]
        shown = changes if limit is None else changes[:limit]
        for change in shown:
            evidence = f': "{_short(change.evidence)}"' if change.evidence else ""
            lines.append(f"  {MARKS[kind]} [{change.severity}] {change.rule_id}, {change.title}{evidence}")
        if len(shown) < len(changes):
            lines.append(f"  ... en nog {len(changes) - len(shown)}. Alles zien: voeg --all toe, of open 'Wat is er veranderd' "
                         "in Datasette of in de Excel-export.")
    return "\n".join(lines)


def _table(title: str, rows: list[dict[str, Any]], key: str) -> list[str]:
    """A small aligned table of finding counts."""
    width = max([len(title)] + [len(str(row[key])) for row in rows])
    header = f"{title:<{width}}  " + "  ".join(name for _, name in COLUMNS)
    lines = [header]
    for row in rows:
        cells = "  ".join(f"{row[field]:>{len(name)}}" for field, name in COLUMNS)
        lines.append(f"{str(row[key]):<{width}}  {cells}")
    return lines


def _first_upper(text: str) -> str:
    """The text with its first letter as a capital ('nu op B1' -> 'Nu op B1')."""
    return text[:1].upper() + text[1:]


def _short(text: str, size: int = 90) -> str:
    """A piece of evidence on one line, shortened."""
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 1] + "…"
