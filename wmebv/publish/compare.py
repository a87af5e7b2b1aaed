"""`wmebv compare`: the inventories of many municipalities side by side, per UPL product.

Reads the crawl the worklists show (the newest finished and audited one) of every wmebv database in one or more folders (a run of
``wmebv crawl --sites``, or the databases collected from Scrapyd nodes) and writes a comparison
database: per municipality and UPL product its best page (digital first, then complete, then on
B1), the channel, the form platform, B1 and completeness. The figures users compare are views in
that database (``wmebv.core.store.comparison``), served in Dutch by Datasette.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wmebv.core.errors import UserError
from wmebv.core.labels import label
from wmebv.core.store import Store
from wmebv.core.store.comparison import ComparisonDatabase, SiteInventory, comparison_kind

Echo = Callable[[str], None]
DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
# "Open Formulieren (inloggen met DigiD)" and "... (inloggen met eHerkenning)" are one platform.
PLATFORM_DETAIL = re.compile(r"\s*\([^)]*\)$")


@dataclass
class ComparisonReport:
    """What a comparison took in: municipalities compared, databases left out and why, UPL products."""

    path: Path
    compared: list[str] = field(default_factory=list)
    left_out: list[tuple[str, str]] = field(default_factory=list)
    products: int = 0

    def format_nl(self, *, saved: bool = True) -> str:
        """The Dutch summary after ``wmebv compare`` (``saved=False``: the file is temporary, say nothing of it)."""
        count = len(self.compared)
        lines = [f"{count} {'gemeente' if count == 1 else 'gemeenten'} vergeleken op {self.products} producten (UPL)."
                 + (f" Geschreven: {self.path}" if saved else "")]
        if self.left_out:
            lines.append("Niet vergeleken:")
            lines.extend(f"  - {name}: {reason}" for name, reason in self.left_out)
        if saved:
            lines.append(f"Bekijk de vergelijking met: wmebv serve --db {self.path}")
        return "\n".join(lines)


def platform_of(row: dict[str, Any]) -> str | None:
    """The platform a municipality uses for a product: the form platform, else the kind of digital channel."""
    if row.get("channel_status") != "digital":
        return None
    name = PLATFORM_DETAIL.sub("", str(row.get("platform") or "")).strip()
    if name and name not in ("form_hosts", "document"):
        return name
    kind = row.get("channel_kind") or ""
    return "eigen webformulier" if kind == "webform" else label("channel_kind", kind) if kind else "onbekend"


def best_pages(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per UPL product the page to show as this municipality's: digital first, then complete, then B1.

    Digital, B1 and complete are the inventory's own figures (``is_digital``, ``is_b1``, ``is_complete``).
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["upl_uri"], []).append(row)
    chosen = []
    for uri, pages in groups.items():
        best = min(pages, key=lambda r: (not r.get("is_digital"), not r.get("is_complete"), not r.get("is_b1"), len(r["url"]), r["url"]))
        chosen.append({
            "upl_uri": uri, "upl_name": best.get("upl_name"), "cluster": best.get("cluster"), "pages": len(pages),
            "url": best["url"], "title": best.get("title"), "channel_status": best.get("channel_status"),
            "channel_kind": best.get("channel_kind"), "platform": platform_of(best), "auth": best.get("auth") or None,
            "b1_ok": int(bool(best.get("is_b1"))), "complete": int(bool(best.get("is_complete"))),
            "missing_sections": best.get("missing_sections"),
            "wmebv_status": label("wmebv_status", best["wmebv_status"]) if best.get("wmebv_status") else None,
        })
    return chosen


def find_databases(folders: list[Path], skip: Path | None = None) -> list[Path]:
    """The SQLite files in the folders (not in subfolders), sorted, without ``skip`` and earlier comparisons."""
    found: list[Path] = []
    for folder in folders:
        if not folder.is_dir():
            raise UserError(f"De map {folder} bestaat niet. Geef de map met de databases, bijvoorbeeld die van 'wmebv crawl --sites ... --out MAP'.")
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in DATABASE_SUFFIXES or not path.is_file():
                continue
            if (skip is not None and path.resolve() == skip.resolve()) or comparison_kind(path):
                continue
            found.append(path)
    return found


def read_municipality(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One municipality's row and its products, from its own database (opened read-only)."""
    with Store(path, create=False, readonly=True) as store:
        inventory = SiteInventory(store.database)
        crawl = inventory.shown_crawl()
        if crawl is None:
            raise UserError("deze database heeft nog geen crawl die klaar en gecontroleerd is")
        pages = inventory.product_pages(int(crawl["id"]))
    row = {
        "name": crawl.get("site_name") or path.stem, "db_file": str(path), "site": crawl.get("site"),
        "start_url": crawl.get("start_url"), "crawl_id": crawl["id"], "crawled_at": crawl.get("started_at"),
        "crawl_status": crawl.get("status"), "pages": crawl.get("pages_fetched"), "product_pages": crawl.get("product_pages"),
    }
    return row, best_pages(pages)


def build_comparison(folders: list[Path], out: Path, echo: Echo = print) -> ComparisonReport:
    """Compare the municipalities whose databases are in ``folders``; write the comparison to ``out``."""
    databases = find_databases(folders, skip=out)
    if not databases:
        raise UserError(f"In {', '.join(str(f) for f in folders)} staan geen databases van wmebv (.db). "
                        "Maak ze met 'wmebv crawl --sites LIJST.csv --out MAP'.")
    report = ComparisonReport(out)
    comparison = ComparisonDatabase(out)
    names: set[str] = set()
    uris: set[str] = set()
    try:
        for path in databases:
            try:
                row, products = read_municipality(path)
            except UserError as error:
                reason = str(error).rstrip(".")
                report.left_out.append((path.name, reason))
                comparison.add_municipality({"name": path.stem, "db_file": str(path), "problem": reason}, [])
                continue
            if row["name"] in names:  # the same municipality twice (two databases): keep them apart
                row["name"] = f"{row['name']} ({path.name})"
            names.add(row["name"])
            uris.update(product["upl_uri"] for product in products)
            comparison.add_municipality(row, products)
            report.compared.append(row["name"])
        comparison.close([str(path) for path in databases])
    except BaseException:
        comparison.abandon()
        raise
    report.products = len(uris)
    echo(report.format_nl())
    return report
