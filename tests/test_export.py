"""`wmebv export`: Excel with a sheet per worklist (the same views as Datasette), CSV for the inventory, clear errors."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fixtures_db import XSS_SCRIPT, build_audited_db, wmebv_command, wmebv_env
from wmebv.core.errors import UserError
from wmebv.core.store import Store
from wmebv.publish.export import SHEETS, export_results

ALL_SHEETS = [sheet.title for sheet in SHEETS]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_audited_db(tmp_path_factory.mktemp("export") / "voorbeeldstad.db")


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return list(load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True))


def test_xlsx_of_a_cluster_has_a_sheet_per_worklist(db: Path, tmp_path: Path) -> None:
    result = export_results(db, cluster="vergunningen", fmt="xlsx", out=tmp_path / "v.xlsx")
    workbook = load_workbook(result.path)
    assert workbook.sheetnames == ALL_SHEETS
    inventory = workbook["Inventaris"]
    headers = [cell.value for cell in inventory[1]]
    assert headers[:4] == ["Pagina", "Cluster", "Product", "Kanaal"]
    assert "Gewenst kanaal (invullen)" in headers and not any(str(h).startswith("_") for h in headers)
    assert inventory.freeze_panes == "A2"
    assert inventory.auto_filter.ref == f"A1:{inventory.cell(1, len(headers)).column_letter}{inventory.max_row}"
    assert inventory.column_dimensions["C"].width >= 30
    values = [[cell.value for cell in row] for row in inventory.iter_rows(min_row=2)]
    assert {row[1] for row in values} == {"vergunningen"} and len(values) == 3
    assert "alleen op papier" in {row[3] for row in values}  # codes are written as Dutch words
    assert result.rows["Inventaris"] == 3
    worklist = workbook["Werklijst redactie"]
    severities = [row[3] for row in worklist.iter_rows(min_row=2, values_only=True)]
    assert severities == sorted(severities, key={"hoog": 1, "midden": 2, "laag": 3}.get)
    assert "Wat kunt u doen" in [cell.value for cell in worklist[1]]
    assert "Zo lost u het op" in [cell.value for cell in workbook["Regels"][1]]


def test_xlsx_of_all_clusters_leaves_out_the_cluster_sheet(db: Path, tmp_path: Path) -> None:
    """Without --cluster the session's sheet would repeat the editors' sheet row for row."""
    result = export_results(db, fmt="xlsx", out=tmp_path / "alles.xlsx")
    assert load_workbook(result.path).sheetnames == [title for title in ALL_SHEETS if title != "Cluster"]


def test_sheets_hold_the_rows_of_the_views_in_their_order(db: Path, tmp_path: Path) -> None:
    result = export_results(db, fmt="xlsx", out=tmp_path / "alles.xlsx")
    with Store(db) as store:
        crawl = store.publication.shown_crawl()["id"]
        for sheet in SHEETS:
            if sheet.one_cluster_only:
                continue
            # an empty text is an empty cell in Excel
            expected = [tuple(None if value == "" else value for value in row)
                        for row in store.publication.worklist_rows(sheet.view, crawl)]
            written = [row[: len(expected[0])] if expected else row for row in _rows(result.path, sheet.title)[1:]]
            assert written == expected, sheet.title


def test_crawled_text_is_never_a_formula(db: Path, tmp_path: Path) -> None:
    with Store(db) as store:
        crawl = store.publication.shown_crawl()["id"]
        page = store.pages.save(crawl, {"url": "http://127.0.0.1:8000/formule", "title": "=HYPERLINK(\"http://x\")",
                                       "html": "", "is_product": 1, "cluster": "wonen"})
        store.results.save_audit(crawl, page, {"url": "http://127.0.0.1:8000/formule", "channel_status": "none"}, [],
                         [{"rule_id": "taal.lange-zin", "family": "taal", "severity": "laag", "message": "m",
                           "evidence": "=1+1", "suggestion": "", "location": ""}])
    try:
        path = export_results(db, cluster="wonen", fmt="xlsx", out=tmp_path / "w.xlsx").path
        workbook = load_workbook(path)
        cells = [cell for sheet in ("Inventaris", "Werklijst redactie") for row in workbook[sheet].iter_rows(min_row=2)
                 for cell in row if cell.value in ('=HYPERLINK("http://x")', "=1+1")]
        assert len(cells) >= 3 and all(cell.data_type == "s" for cell in cells)
        csv_path = export_results(db, cluster="wonen", fmt="csv", out=tmp_path / "w.csv").path
        assert "'=HYPERLINK" in csv_path.read_text(encoding="utf-8-sig")
    finally:
        with Store(db) as store:
            store.database.db.execute("delete from findings where page_id = :id", {"id": page})
            store.database.db.execute("delete from page_audits where page_id = :id", {"id": page})
            store.database.db.execute("delete from pages where id = :id", {"id": page})


def test_xss_text_stays_text_in_excel(db: Path, tmp_path: Path) -> None:
    path = export_results(db, fmt="xlsx", out=tmp_path / "alles.xlsx").path
    titles = [row[2] for row in _rows(path, "Inventaris")[1:]]
    assert any(XSS_SCRIPT in (title or "") for title in titles)


def test_csv_is_the_inventory_with_dutch_headers(db: Path, tmp_path: Path) -> None:
    path = export_results(db, fmt="csv", out=tmp_path / "inventaris.csv").path
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel recognises UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert len(rows) == 14
    assert rows[0]["Pagina"] and "Kanaal" in rows[0] and "_crawl" not in rows[0]


def test_default_file_name_in_the_working_directory(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = export_results(db, cluster="Burgerzaken", fmt="xlsx").path
    assert path == tmp_path / "wmebv-burgerzaken-crawl2.xlsx" and path.exists()
    assert not list(tmp_path.glob(".*bezig"))  # the partial file is gone


def test_an_existing_file_is_not_replaced_without_overwrite(db: Path, tmp_path: Path) -> None:
    """A workbook may hold what someone filled in: it is only replaced when asked."""
    out = tmp_path / "ingevuld.xlsx"
    out.write_bytes(b"wat de clustersessie invulde")
    with pytest.raises(UserError, match="bestaat al"):
        export_results(db, fmt="xlsx", out=out)
    assert out.read_bytes() == b"wat de clustersessie invulde"
    export_results(db, fmt="xlsx", out=out, overwrite=True)
    assert load_workbook(out).sheetnames[0] == "Overzicht"


def test_unknown_cluster_lists_the_known_ones(db: Path, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Bekende clusters: belastingen, burgerzaken"):
        export_results(db, cluster="sport", fmt="xlsx", out=tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_older_crawl_can_be_exported(db: Path, tmp_path: Path) -> None:
    path = export_results(db, crawl_id=1, fmt="csv", out=tmp_path / "oud.csv").path
    assert len(path.read_text(encoding="utf-8-sig").strip().splitlines()) == 1 + 12


def test_database_without_a_finished_audited_crawl_is_a_clear_error(tmp_path: Path) -> None:
    Store(tmp_path / "leeg.db").close()
    with pytest.raises(UserError, match="nog geen afgemaakte, gecontroleerde crawl"):
        export_results(tmp_path / "leeg.db", fmt="xlsx", out=tmp_path / "x.xlsx")


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="bestaat niet"):
        export_results(tmp_path / "weg.db", fmt="xlsx", out=tmp_path / "x.xlsx")


def test_cli_export_command(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli.xlsx"
    result = subprocess.run([*wmebv_command(), "export", "--db", str(db), "--cluster", "burgerzaken", "--format", "xlsx",
                             "--out", str(out)], capture_output=True, text=True, timeout=120, env=wmebv_env())
    assert result.returncode == 0, result.stderr
    assert out.exists() and "Geschreven" in result.stdout
    assert "Crawl 2 van 2 maart 2026" in result.stdout and "Inventaris: 3" in result.stdout
    result = subprocess.run([*wmebv_command(), "export", "--db", str(db), "--cluster", "sport"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, env=wmebv_env())
    assert result.returncode == 1
    assert "Bekende clusters" in result.stderr and "Traceback" not in result.stderr
