"""`wmebv export`: the worklists as one Excel workbook (a sheet per worklist) or the inventory as CSV.

Every sheet is a worklist view of the store (``wmebv/core/store/views_0007.py``), the same rows in
the same order as in Datasette, with a column or two for the user to fill in. The workbook is
written in openpyxl's write-only mode, row by row from the database cursor: time grows linearly
with the number of rows and memory stays flat (``tests/benchmarks/export_size.py``).

Crawled text is untrusted: it is always written as text, never as a formula.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wmebv.core.errors import UserError
from wmebv.core.store import Store
from wmebv.publish.csvsafe import csv_safe

ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
LINK_COLUMNS = {"Adres", "Oud adres", "Link naar kanaal", "Gevonden link", "Aanvraagadres in SC"}
# Widths in characters; a column of long text wraps. Columns not named here get DEFAULT_WIDTH.
WIDTHS = {
    "Pagina": 8, "Cluster": 16, "Product": 36, "Ernst": 8, "Soort": 18, "Regel": 30, "Kanaal": 16,
    "Soort kanaal": 18, "Inloggen": 10, "WMEBV": 18, "B1": 6, "Compleet": 9, "Crawl": 7, "Sinds": 10,
    "UPL-naam": 28, "Adres": 45, "Oud adres": 45, "Wat": 22, "Link naar kanaal": 36, "Gevonden link": 36, "Aanvraagadres in SC": 36,
}
LONG_TEXT = {
    "Wat te doen": 40, "Wat is er aan de hand": 40, "Gevonden tekst": 60, "Wat kunt u doen": 45,
    "Zo lost u het op": 40, "Waarom": 40, "Voorbeeldzin": 60, "Wat ontbreekt": 40, "Niet op de pagina": 30,
    "Opbouw": 40, "Uitleg": 40, "Oordeel": 30, "Toelichting": 40,
}
DEFAULT_WIDTH = 14
# openpyxl keeps a sheet's links until the sheet is done, and Excel refuses more than 65,530 per
# sheet: addresses after this row are plain text, so memory stays flat however long the sheet is.
MAX_LINKS_PER_SHEET = 5_000


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook: a worklist view and the columns the user fills in."""

    title: str
    view: str
    fill_in: tuple[str, ...] = ()
    one_cluster_only: bool = False  # only in the export of one cluster (else the same rows as another sheet)


SHEETS = (
    Sheet("Overzicht", "per_cluster"),
    Sheet("Inventaris", "inventaris", ("Gewenst kanaal (invullen)", "Opmerking (invullen)")),
    Sheet("Zonder digitaal kanaal", "zonder_digitaal_kanaal", ("Besluit (invullen)",)),
    Sheet("Claim en werkelijkheid", "claim_en_werkelijkheid", ("Aangepast in SC (invullen)",)),
    Sheet("Cluster", "mijn_cluster", ("Besluit (invullen)",), one_cluster_only=True),
    Sheet("Ontbrekende onderdelen", "ontbrekende_onderdelen", ("Klaar (invullen)",)),
    Sheet("Niet op B1", "niet_b1", ("Klaar (invullen)",)),
    Sheet("Werklijst redactie", "werklijst_redactie", ("Klaar (invullen)",)),
    Sheet("Regels", "regels"),
    # From a site's second crawl on: the comparison with the finished crawl before it.
    Sheet("Wat is er veranderd", "wat_is_er_veranderd"),
    Sheet("Veranderd per regel", "veranderd_per_regel"),
)
CSV_SHEET = SHEETS[1]


@dataclass
class ExportResult:
    """What was written: the file, the crawl, and the number of rows per sheet."""

    path: Path
    crawl: dict[str, Any]
    rows: dict[str, int] = field(default_factory=dict)
    newer_unfinished: dict[str, Any] | None = None


def _as_text(value: Any) -> Any:
    """Crawled text as a plain cell value: control characters removed; numbers stay numbers."""
    if isinstance(value, str):
        return ILLEGAL_XML.sub("", value)
    return value


def _csv_safe(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run as a formula."""
    return csv_safe(_as_text(value))


def write_csv(path: Path, headers: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """Write rows as a semicolon-separated CSV with a byte-order mark (opens in columns in Dutch Excel)."""
    count = 0
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_csv_safe(value) for value in row])
            count += 1
    return count


class SheetWriter:
    """Writes one sheet of a write-only workbook: styled header, widths, frozen header row, filter."""

    def __init__(self, workbook: Any, title: str, headers: list[str]) -> None:
        """Create the sheet and set what must be set before the first row (widths, frozen header)."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        self.sheet = workbook.create_sheet(title)
        self.headers = headers
        self.rows = 0
        self._cell = WriteOnlyCell
        self._long = [header in LONG_TEXT for header in headers]
        self._link = [header in LINK_COLUMNS for header in headers]
        for index, header in enumerate(headers, start=1):
            width = LONG_TEXT.get(header) or WIDTHS.get(header) or DEFAULT_WIDTH
            self.sheet.column_dimensions[get_column_letter(index)].width = max(width, min(len(header) + 2, 30))
        self.sheet.freeze_panes = "A2"
        header = self._styled(font=Font(bold=True, color="FFFFFF"), fill=PatternFill("solid", fgColor="1F5E9C"),
                              alignment=Alignment(vertical="center", wrap_text=True))
        # Setting a style on a cell costs more than writing it: each kind is made once and shared.
        # Only long text gets a style (wrapped); short text is plain, which keeps 100,000 rows fast.
        self._wrapped = self._styled(alignment=Alignment(vertical="top", wrap_text=True))
        self._top = self._styled(alignment=Alignment(vertical="top"))
        self._hyperlink = self._styled(style="Hyperlink")
        self.sheet.append([self._text(name, header) for name in headers])

    def _styled(self, **style: Any) -> Any:
        """The style of a cell with these attributes, to copy onto other cells."""
        cell = self._cell(self.sheet)
        for name, value in style.items():
            setattr(cell, name, value)
        return cell._style  # type: ignore[attr-defined]  # openpyxl's private style, shared on purpose

    def _text(self, value: str, style: Any) -> Any:
        """A text cell (never a formula) in a prepared style."""
        cell = self._cell(self.sheet, value=value)
        cell.data_type = "s"  # never a formula, whatever the crawled text starts with
        cell._style = style  # type: ignore[attr-defined]  # shared: openpyxl only reads it when it writes the cell
        return cell

    def append(self, values: Iterable[Any]) -> None:
        """Add one row; text is always text (never a formula), long text wraps, addresses are links."""
        cells = []
        links = self.rows < MAX_LINKS_PER_SHEET
        for index, value in enumerate(values):
            value = _as_text(value)
            if not isinstance(value, str) or not value:
                cells.append(value)
            elif self._long[index]:
                cells.append(self._text(value, self._wrapped))
            elif links and self._link[index] and value.startswith(("http://", "https://")):
                cell = self._text(value, self._hyperlink)
                cell.hyperlink = value
                cells.append(cell)
            elif value.startswith("="):
                cells.append(self._text(value, self._top))  # never a formula
            else:
                cells.append(value)
        self.sheet.append(cells)
        self.rows += 1

    def close(self) -> None:
        """Put the filter on the header row over every written row."""
        from openpyxl.utils import get_column_letter

        self.sheet.auto_filter.ref = f"A1:{get_column_letter(len(self.headers))}{self.rows + 1}"


def write_xlsx(path: Path, sheets: Iterable[tuple[str, list[str], Iterator[tuple[Any, ...]]]]) -> dict[str, int]:
    """Write (title, headers, rows) sheets into one workbook, row by row; returns the rows per sheet."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    counts: dict[str, int] = {}
    for title, headers, rows in sheets:
        writer = SheetWriter(workbook, title, headers)
        for row in rows:
            writer.append(row)
        writer.close()
        counts[title] = writer.rows
    workbook.save(path)
    return counts


def _with_fill_in(rows: Iterator[tuple[Any, ...]], extra: int) -> Iterator[tuple[Any, ...]]:
    """Each row with ``extra`` empty cells for the user to fill in."""
    blank = (None,) * extra
    for row in rows:
        yield tuple(row) + blank


def _resolve_crawl(store: Store, crawl_id: int | None) -> dict[str, Any]:
    """The requested crawl, or the one the worklists show; a clear error when there is none."""
    if crawl_id is not None:
        return store.crawls.get(crawl_id)
    crawl = store.publication.shown_crawl()
    if crawl is None:
        unfinished = store.publication.unfinished_after(None)
        hint = (f" Crawl {unfinished['id']} is niet afgemaakt: ga verder met 'wmebv crawl --db {store.path} --resume'."
                if unfinished else " Draai eerst 'wmebv crawl' of 'wmebv audit'.")
        raise UserError(f"Er staat nog geen afgemaakte, gecontroleerde crawl in {store.path}.{hint}")
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


def _target(out: Path | None, name: str, overwrite: bool) -> Path:
    """Where to write: --out (a file, or a folder to put the file in), else the current folder.

    An existing file is only replaced with ``overwrite``: it may hold what a user filled in.
    """
    target = Path(out) if out else Path.cwd() / name
    if target.exists() and target.is_dir():
        target = target / name
    if not target.parent.exists():
        raise UserError(f"De map {target.parent} bestaat niet. Maak de map eerst of kies een ander --out.")
    if target.exists() and not overwrite:
        raise UserError(
            f"Het bestand {target} bestaat al. Misschien heeft iemand er iets in ingevuld. "
            "Kies een andere naam met --out, of vervang het met --overwrite."
        )
    return target


@contextmanager
def _replace_when_done(target: Path) -> Iterator[Path]:
    """A temporary file beside ``target`` that replaces it only when it was written completely."""
    partial = target.with_name(f".{target.name}.bezig")
    try:
        yield partial
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def export_results(db_path: Path, crawl_id: int | None = None, cluster: str | None = None, fmt: str = "xlsx",
                   out: Path | None = None, overwrite: bool = False) -> ExportResult:
    """Write the worklists of one crawl (optionally one cluster) to Excel, or its inventory to CSV."""
    if fmt not in ("xlsx", "csv"):
        raise UserError(f"Onbekend formaat '{fmt}'. Kies xlsx of csv.")
    with Store(db_path, create=False) as store:
        crawl = _resolve_crawl(store, crawl_id)
        chosen = _resolve_cluster(store, crawl["id"], cluster)
        target = _target(out, f"wmebv-{chosen or 'alle-clusters'}-crawl{crawl['id']}.{fmt}", overwrite)
        result = ExportResult(target, crawl, newer_unfinished=store.publication.unfinished_after(crawl["id"]))
        publication = store.publication
        try:
            with _replace_when_done(target) as partial:
                if fmt == "csv":
                    rows = publication.worklist_rows(CSV_SHEET.view, crawl["id"], chosen)
                    result.rows[CSV_SHEET.title] = write_csv(partial, publication.worklist_columns(CSV_SHEET.view), rows)
                else:
                    sheets = (
                        (sheet.title, publication.worklist_columns(sheet.view) + list(sheet.fill_in),
                         _with_fill_in(publication.worklist_rows(sheet.view, crawl["id"], chosen), len(sheet.fill_in)))
                        for sheet in SHEETS
                        if chosen or not sheet.one_cluster_only
                    )
                    result.rows = write_xlsx(partial, sheets)
        except PermissionError as error:
            raise UserError(f"Kan {target} niet schrijven. Is het bestand nog open in Excel? Sluit het en probeer opnieuw.") from error
    return result
