"""`wmebv export`: the inventory and worklists as an Excel workbook (one sheet per user group) or CSV.

Excel: ``Inventaris`` for the informatieconsulenten, ``Cluster`` for the cluster session and
``Werklijst redactie`` for the web editors, with Dutch headers, a frozen header row, an autofilter
and sensible widths. CSV: the inventory, separated by semicolons with a byte-order mark, so Dutch
Excel opens it in columns. Crawled text is untrusted: it is always written as text, never as a
formula.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wmebv.core.errors import UserError
from wmebv.core.store import Store

SEVERITY_RANK = {"hoog": 1, "midden": 2, "laag": 3}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

Row = dict[str, Any]
Column = tuple[str, Callable[[Row], Any], int]  # header, value of a row, width in characters


def _label(labels: dict[tuple[str, str], str], field: str, code: Any) -> str:
    """The Dutch word for a code, or the code itself."""
    return labels.get((field, str(code)), "" if code is None else str(code))


def _sections(labels: dict[tuple[str, str], str], value: Any) -> str:
    """A stored list of section ids as their Dutch names, comma separated."""
    if not value:
        return ""
    try:
        items = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return str(value)
    if not isinstance(items, list):
        return str(value)
    return ", ".join(_label(labels, "section", item) for item in items)


def _yes_no(value: Any) -> str:
    """1/0 as ja/nee (empty when unknown)."""
    return {1: "ja", 0: "nee"}.get(value, "") if value is not None else ""


def inventory_columns(labels: dict[tuple[str, str], str]) -> list[Column]:
    """The Inventaris sheet (and the CSV) for the informatieconsulenten."""
    return [
        ("Pagina", lambda r: r["page_id"], 8),
        ("Cluster", lambda r: r["cluster"], 16),
        ("Product", lambda r: r["title"], 40),
        ("UPL-naam", lambda r: r["upl_name"], 28),
        ("Digitaal kanaal", lambda r: _label(labels, "channel_status", r["channel_status"]) if r["channel_status"] else "niet gecontroleerd", 18),
        ("Soort kanaal", lambda r: _label(labels, "channel_kind", r["channel_kind"]), 18),
        ("Inloggen", lambda r: r["auth"], 12),
        ("WMEBV", lambda r: _label(labels, "wmebv_status", r["wmebv_status"]), 16),
        ("Wat te doen", lambda r: r["wmebv_action"], 30),
        ("Claim in SC", lambda r: _label(labels, "online_aanvragen", r["sc_online_aanvragen"]) if r["sc_online_aanvragen"] else "", 14),
        ("B1", lambda r: _yes_no(r["b1_ok"]), 6),
        ("Ontbreekt", lambda r: _sections(labels, r["sections_missing"]), 30),
        ("Kapotte links", lambda r: r["dead_links"], 10),
        ("Bevindingen", lambda r: r["open_findings"], 12),
        ("Link naar kanaal", lambda r: r["channel_url"], 36),
        ("Adres", lambda r: r["url"], 45),
        ("Gewenst kanaal (invullen)", lambda r: "", 24),
        ("Opmerking (invullen)", lambda r: "", 30),
    ]


def finding_columns(labels: dict[tuple[str, str], str], *, for_editors: bool) -> list[Column]:
    """The Cluster sheet (for_editors=False) or the Werklijst redactie sheet (for_editors=True)."""
    columns: list[Column] = [
        ("Pagina", lambda r: r["page_id"], 8),
        ("Cluster", lambda r: r["cluster"], 16),
        ("Product", lambda r: r["title"], 36),
        ("Ernst", lambda r: r["severity"], 8),
        ("Soort", lambda r: _label(labels, "family", r["family"]), 16),
        ("Regel", lambda r: r["rule_title"], 28),
        ("Wat is er aan de hand", lambda r: r["message"], 40),
        ("Gevonden tekst", lambda r: r["evidence"], 60),
        ("Wat kunt u doen", lambda r: r["suggestion"], 40),
    ]
    if for_editors:
        columns += [
            ("Zo lost u het op", lambda r: r["fix"] if r["fix"] != r["suggestion"] else "", 40),
            ("Waarom", lambda r: r["why"], 40),
            ("Code", lambda r: r["rule_id"], 26),
            ("Adres", lambda r: r["url"], 45),
            ("Klaar (invullen)", lambda r: "", 14),
        ]
    else:
        columns += [("Adres", lambda r: r["url"], 45), ("Besluit (invullen)", lambda r: "", 30)]
    return columns


def _as_text(value: Any) -> Any:
    """Crawled text as a plain cell value: control characters removed; numbers stay numbers."""
    if isinstance(value, str):
        return ILLEGAL_XML.sub("", value)
    return value


def _csv_safe(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run as a formula."""
    value = _as_text(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(path: Path, rows: list[Row], columns: list[Column]) -> None:
    """Write rows as a semicolon-separated CSV with a byte-order mark (opens in columns in Dutch Excel)."""
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([header for header, _, _ in columns])
        for row in rows:
            writer.writerow([_csv_safe(value(row)) for _, value, _ in columns])


def _add_sheet(workbook: Any, title: str, rows: list[Row], columns: list[Column]) -> None:
    """One sheet: bold header, frozen header row, autofilter, widths, wrapped long text, links."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    sheet.append([header for header, _, _ in columns])
    header_fill = PatternFill("solid", fgColor="1F5E9C")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in rows:
        sheet.append([None] * len(columns))
        for index, (header, value, width) in enumerate(columns, start=1):
            cell = sheet.cell(row=sheet.max_row, column=index)
            content = _as_text(value(row))
            cell.value = content
            if isinstance(content, str):
                cell.data_type = "s"  # never a formula, whatever the crawled text starts with
                if header in ("Adres", "Link naar kanaal") and re.match(r"^https?://", content):
                    cell.hyperlink = content
                    cell.style = "Hyperlink"
            cell.alignment = Alignment(vertical="top", wrap_text=width >= 30)
    for index, (header, _, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(width, len(header) + 2)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(sheet.max_row, 1)}"
    sheet.row_dimensions[1].height = 30


def write_xlsx(path: Path, sheets: list[tuple[str, list[Row], list[Column]]]) -> None:
    """Write the sheets into one Excel workbook."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows, columns in sheets:
        _add_sheet(workbook, title, rows, columns)
    workbook.save(path)


def _resolve_crawl(store: Store, crawl_id: int | None) -> dict[str, Any]:
    """The requested crawl, or the newest audited one; a clear error when there is none."""
    if crawl_id is not None:
        return store.crawls.get(crawl_id)
    crawl = store.publication.latest_audited_crawl()
    if crawl is None:
        raise UserError(
            f"Er staan nog geen gecontroleerde pagina's in {store.path}. Draai eerst 'wmebv crawl' of 'wmebv audit'."
        )
    return crawl


def _resolve_cluster(store: Store, crawl_id: int, cluster: str | None) -> str | None:
    """The cluster name as stored, or a clear error that lists the known clusters."""
    if not cluster:
        return None
    wanted = cluster.strip().lower()
    known = store.publication.known_clusters(crawl_id)
    if wanted not in known:
        listed = ", ".join(known) if known else "(geen)"
        raise UserError(f"Het cluster '{cluster}' bestaat niet in crawl {crawl_id}. Bekende clusters: {listed}.")
    return wanted


def export_results(db_path: Path, crawl_id: int | None = None, cluster: str | None = None, fmt: str = "xlsx",
                   out: Path | None = None) -> Path:
    """Write the inventory and worklists of one crawl (optionally one cluster) and return the file written."""
    if fmt not in ("xlsx", "csv"):
        raise UserError(f"Onbekend formaat '{fmt}'. Kies xlsx of csv.")
    with Store(db_path, create=False) as store:
        crawl = _resolve_crawl(store, crawl_id)
        chosen = _resolve_cluster(store, crawl["id"], cluster)
        labels = store.publication.labels()
        inventory = store.publication.export_inventory(crawl["id"], chosen)
        worklist = store.publication.export_worklist(crawl["id"], chosen) if fmt == "xlsx" else []
    name = f"wmebv-{chosen or 'alle-clusters'}-crawl{crawl['id']}.{fmt}"
    target = Path(out) if out else Path.cwd() / name
    if target.exists() and target.is_dir():
        target = target / name
    if not target.parent.exists():
        raise UserError(f"De map {target.parent} bestaat niet. Maak de map eerst of kies een ander --out.")
    try:
        if fmt == "csv":
            write_csv(target, inventory, inventory_columns(labels))
        else:
            by_product = sorted(worklist, key=lambda r: (r["cluster"] or "", r["title"] or "", r["page_id"],
                                                         SEVERITY_RANK.get(r["severity"], 4)))
            write_xlsx(target, [
                ("Inventaris", inventory, inventory_columns(labels)),
                ("Cluster", by_product, finding_columns(labels, for_editors=False)),
                ("Werklijst redactie", worklist, finding_columns(labels, for_editors=True)),
            ])
    except PermissionError as error:
        raise UserError(f"Kan {target} niet schrijven. Is het bestand nog open in Excel? Sluit het en probeer opnieuw.") from error
    return target
