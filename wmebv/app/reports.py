"""What the commands print after their work: short Dutch summaries, with dates in Dutch local time."""

from __future__ import annotations

from typing import Any

from wmebv.core.dutch import date_nl, datetime_nl, number_nl
from wmebv.core.labels import label
from wmebv.publish.export import ExportResult


def crawl_line(crawl: dict[str, Any]) -> str:
    """One crawl as one line: number, site, start in Dutch time, status in words, counts."""
    return (
        f"Crawl {crawl['id']}: {crawl['site']}, gestart {datetime_nl(crawl['started_at'])}, "
        f"{label('crawl_status', crawl['status'])}. Pagina's: {number_nl(crawl['pages_fetched'] or 0)}, "
        f"productpagina's: {number_nl(crawl['product_pages'] or 0)}."
    )


def crawls_report(crawls: list[dict[str, Any]], shown: dict[str, Any] | None) -> str:
    """All crawls, newest first, and which one the worklists show."""
    if not crawls:
        return "Nog geen crawls in deze database."
    lines = [crawl_line(crawl) for crawl in crawls]
    if shown is None:
        lines.append("De werklijsten tonen nog niets: er is geen afgemaakte, gecontroleerde crawl.")
    else:
        lines.append(f"De werklijsten tonen crawl {shown['id']} ({date_nl(shown['started_at'])}).")
    return "\n".join(lines)


def export_summary(result: ExportResult) -> str:
    """Where the export went, which crawl it holds and how many rows each sheet has."""
    crawl = result.crawl
    sheets = ", ".join(f"{title}: {number_nl(count)}" for title, count in result.rows.items())
    lines = [
        f"Geschreven: {result.path}",
        f"Crawl {crawl['id']} van {date_nl(crawl['started_at'])}. Rijen per tabblad: {sheets}.",
    ]
    newer = result.newer_unfinished
    if newer:
        lines.append(
            f"Let op: de nieuwere crawl {newer['id']} ({date_nl(newer['started_at'])}) is "
            f"{label('crawl_status', newer['status'])} en staat er niet in."
        )
    return "\n".join(lines)
