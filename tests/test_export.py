"""`wmebv export`: Excel with one sheet per user group, CSV for the inventory, clear errors."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from wmebv.core.errors import UserError
from wmebv.publish.export import export_results
from wmebv.core.store import Store
from fixtures_db import REPO, XSS_SCRIPT, build_audited_db, wmebv_command, wmebv_env


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_audited_db(tmp_path_factory.mktemp("export") / "voorbeeldstad.db")


def test_xlsx_has_a_sheet_per_user_group(db: Path, tmp_path: Path) -> None:
    path = export_results(db, cluster="vergunningen", fmt="xlsx", out=tmp_path / "v.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Inventaris", "Cluster", "Werklijst redactie"]
    inventory = workbook["Inventaris"]
    headers = [cell.value for cell in inventory[1]]
    assert headers[:5] == ["Pagina", "Cluster", "Product", "UPL-naam", "Digitaal kanaal"]
    assert "Gewenst kanaal (invullen)" in headers
    assert inventory.freeze_panes == "A2"
    assert inventory.auto_filter.ref.startswith("A1:")
    assert inventory.column_dimensions["C"].width >= 30
    values = [[cell.value for cell in row] for row in inventory.iter_rows(min_row=2)]
    assert {row[1] for row in values} == {"vergunningen"}
    assert len(values) == 3
    assert "alleen op papier" in {row[4] for row in values}  # codes are written as Dutch words
    worklist = workbook["Werklijst redactie"]
    severities = [row[3] for row in worklist.iter_rows(min_row=2, values_only=True)]
    assert severities == sorted(severities, key={"hoog": 1, "midden": 2, "laag": 3}.get)
    assert "Zo lost u het op" in [cell.value for cell in worklist[1]]


def test_crawled_text_is_never_a_formula(db: Path, tmp_path: Path) -> None:
    with Store(db) as store:
        crawl = store.publication.latest_audited_crawl()["id"]
        page = store.pages.save(crawl, {"url": "http://127.0.0.1:8000/formule", "title": "=HYPERLINK(\"http://x\")",
                                       "html": "", "is_product": 1, "cluster": "wonen"})
        store.results.save_audit(crawl, page, {"url": "http://127.0.0.1:8000/formule", "channel_status": "none"}, [],
                         [{"rule_id": "taal.lange-zin", "family": "taal", "severity": "laag", "message": "m",
                           "evidence": "=1+1", "suggestion": "", "location": ""}])
    try:
        path = export_results(db, cluster="wonen", fmt="xlsx", out=tmp_path / "w.xlsx")
        sheet = load_workbook(path)["Inventaris"]
        cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value == '=HYPERLINK("http://x")']
        assert cells and all(cell.data_type == "s" for cell in cells)
        csv_path = export_results(db, cluster="wonen", fmt="csv", out=tmp_path / "w.csv")
        assert "'=HYPERLINK" in csv_path.read_text(encoding="utf-8-sig")
    finally:
        with Store(db) as store:
            store.database.db.execute("delete from findings where page_id = :id", {"id": page})
            store.database.db.execute("delete from page_audits where page_id = :id", {"id": page})
            store.database.db.execute("delete from pages where id = :id", {"id": page})


def test_xss_text_stays_text_in_excel(db: Path, tmp_path: Path) -> None:
    path = export_results(db, fmt="xlsx", out=tmp_path / "alles.xlsx")
    titles = [row[2] for row in load_workbook(path)["Inventaris"].iter_rows(min_row=2, values_only=True)]
    assert any(XSS_SCRIPT in (title or "") for title in titles)


def test_csv_is_the_inventory_with_dutch_headers(db: Path, tmp_path: Path) -> None:
    path = export_results(db, fmt="csv", out=tmp_path / "inventaris.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel recognises UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert len(rows) == 14
    assert rows[0]["Pagina"] and "Digitaal kanaal" in rows[0]


def test_default_file_name_in_the_working_directory(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = export_results(db, cluster="Burgerzaken", fmt="xlsx")
    assert path == tmp_path / "wmebv-burgerzaken-crawl2.xlsx" and path.exists()


def test_unknown_cluster_lists_the_known_ones(db: Path, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Bekende clusters: belastingen, burgerzaken"):
        export_results(db, cluster="sport", fmt="xlsx", out=tmp_path / "x.xlsx")


def test_older_crawl_can_be_exported(db: Path, tmp_path: Path) -> None:
    path = export_results(db, crawl_id=1, fmt="csv", out=tmp_path / "oud.csv")
    assert len(path.read_text(encoding="utf-8-sig").strip().splitlines()) == 1 + 12


def test_database_without_audit_is_a_clear_error(tmp_path: Path) -> None:
    Store(tmp_path / "leeg.db").close()
    with pytest.raises(UserError, match="nog geen gecontroleerde"):
        export_results(tmp_path / "leeg.db", fmt="xlsx", out=tmp_path / "x.xlsx")


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="bestaat niet"):
        export_results(tmp_path / "weg.db", fmt="xlsx", out=tmp_path / "x.xlsx")


def test_cli_export_command(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli.xlsx"
    result = subprocess.run([*wmebv_command(), "export", "--db", str(db), "--cluster", "burgerzaken", "--format", "xlsx",
                             "--out", str(out)], cwd=REPO, capture_output=True, text=True, timeout=120, env=wmebv_env())
    assert result.returncode == 0, result.stderr
    assert out.exists() and "Geschreven" in result.stdout
    result = subprocess.run([*wmebv_command(), "export", "--db", str(db), "--cluster", "sport"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, env=wmebv_env())
    assert result.returncode == 1
    assert "Bekende clusters" in result.stderr and "Traceback" not in result.stderr
