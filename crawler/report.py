"""The coverage report of a crawl: what was found, fetched, skipped and failed, with the reasons (Dutch)."""

from __future__ import annotations

from typing import Any

from crawler.reasons import DOCUMENT, PAGE, reason_label
from wmebv.core.dutch import datetime_nl
from wmebv.core.labels import label
from wmebv.core.store import Store

STATE_LABELS = {"fetched": "Opgehaald, met een opmerking", "skipped": "Overgeslagen", "failed": "Mislukt",
                "queued": "Nog in de wachtrij"}


def crawl_counts(store: Store, crawl_id: int) -> dict[str, int]:
    """The counts of a crawl for ``crawls`` and the summary, computed from the frontier and pages."""
    coverage = store.frontier.coverage(crawl_id)
    by_state: dict[str, int] = {}
    documents = 0
    for row in coverage:
        by_state[row["state"]] = by_state.get(row["state"], 0) + row["urls"]
        if row["state"] == "fetched" and row["reason"] == DOCUMENT:
            documents += row["urls"]
    return {
        "urls_found": sum(by_state.values()),
        "pages_fetched": store.pages.count(crawl_id),
        "product_pages": store.pages.count(crawl_id, products_only=True),
        "documents": documents,
        "skipped": by_state.get("skipped", 0),
        "failed": by_state.get("failed", 0),
        "queued": by_state.get("queued", 0),
    }


def format_coverage(store: Store, crawl_id: int, examples: int = 5) -> str:
    """The coverage report of one crawl in Dutch: counts, then per state and reason with example URLs."""
    crawl = store.crawls.get(crawl_id)
    counts = crawl_counts(store, crawl_id)
    lines = [
        f"Dekking van crawl {crawl_id} ({crawl['start_url']}, gestart {datetime_nl(crawl['started_at'])}, "
        f"{label('crawl_status', crawl['status'])})",
        f"  Gevonden adressen:    {counts['urls_found']}",
        f"  Opgehaalde pagina's:  {counts['pages_fetched']}",
        f"  Productpagina's:      {counts['product_pages']}",
        f"  Documenten:           {counts['documents']}",
        f"  Overgeslagen:         {counts['skipped']}",
        f"  Mislukt:              {counts['failed']}",
    ]
    if counts["queued"]:
        lines.append(f"  Nog niet opgehaald:   {counts['queued']} (ga verder met --resume)")
    rows: list[dict[str, Any]] = store.frontier.coverage(crawl_id)
    for state in ("fetched", "skipped", "failed", "queued"):
        # A fetched page or document is the normal case; a fetched URL with another reason has a remark.
        state_rows = [row for row in rows if row["state"] == state and (state != "fetched" or row["reason"] not in (PAGE, DOCUMENT))]
        if not state_rows:
            continue
        lines.append("")
        lines.append(f"{STATE_LABELS[state]}, per reden:")
        for row in state_rows:
            lines.append(f"  {reason_label(row['reason'])}: {row['urls']}")
            for url in store.frontier.coverage_urls(crawl_id, state, row["reason"], examples):
                lines.append(f"      {url}")
            if row["urls"] > examples:
                lines.append(f"      ... en nog {row['urls'] - examples} (alle adressen staan in de tabel 'urls')")
    return "\n".join(lines)
