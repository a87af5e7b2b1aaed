"""One check that every place a user reads a figure gives the same number: front page, overview, worklists, export.

The figures are defined once, as flags of the ``inventory`` view (digital, B1, complete). This
module reads them from the database, then from each place a user sees them, and compares.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

from openpyxl import load_workbook

from fixtures_db import DatasetteServer
from wmebv.core.store import Store
from wmebv.publish.export import export_results


def figures_in_the_store(db: Path) -> dict[str, int]:
    """The figures of the shown crawl, counted straight from the inventory view and the findings."""
    with Store(db, create=False) as store:
        crawl = store.publication.shown_crawl()["id"]
        row = store.database.db.execute(
            "select count(*), sum(is_digital), sum(is_b1), sum(is_complete) from inventory where crawl_id = :crawl",
            {"crawl": crawl}).fetchone()
        findings = store.database.db.execute("select count(*) from findings where crawl_id = :crawl",
                                             {"crawl": crawl}).fetchone()[0]
    products, digital, b1, complete = (int(value or 0) for value in row)
    return {"products": products, "digital": digital, "b1": b1, "complete": complete, "findings": findings}


def _total(server: DatasetteServer, name: str) -> int:
    """The number of rows a worklist says it has (Datasette's count, as shown above the list)."""
    return int(json.loads(server.get(f"/wmebv/{name}.json?_size=0")[2])["filtered_table_rows_count"])


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def check_figures_agree(db: Path, server: DatasetteServer, tmp_path: Path) -> dict[str, int]:
    """Assert that the front page, overview, worklists and export agree with the store; returns the figures."""
    figures = figures_in_the_store(db)
    products = figures["products"]
    assert products > 0 and 0 < figures["complete"] < products, figures  # a check that can fail

    front = unescape(server.get("/")[2])
    assert f'<span class="getal">{products}</span> productpagina' in front or \
        f'<span class="getal">{products:,}'.replace(",", ".") in front
    for key, words in (("digital", "met een digitaal kanaal"), ("b1", "op taalniveau B1"),
                       ("complete", "met alle verplichte onderdelen")):
        assert f'{_percent(figures[key], products)}%</span> {words}' in front, (key, figures)

    overview = unescape(server.get("/overzicht")[2])
    table = overview.split("<h2>De cijfers als tabel</h2>", 1)[1].split("</table>", 1)[0]
    cells = [re.findall(r"<td>(?:<a [^>]*>)?([^<(]*)", row) for row in table.split("<tr>")[2:]]
    sums = [sum(int(row[index].strip()) for row in cells) for index in range(1, 6)]
    assert sums == [products, figures["digital"], figures["b1"], figures["complete"], figures["findings"]], sums

    worklists = {
        "inventaris": products,
        "zonder_digitaal_kanaal": products - figures["digital"],
        "niet_b1": products - figures["b1"],
        "ontbrekende_onderdelen": products - figures["complete"],
        "werklijst_redactie": figures["findings"],
    }
    for name, expected in worklists.items():
        assert _total(server, name) == expected, name
    per_cluster = json.loads(server.get("/wmebv/per_cluster.json?_shape=array")[2])
    assert sum(row["Compleet"] for row in per_cluster) == figures["complete"]
    per_rule = json.loads(server.get("/wmebv/per_regel.json?_shape=array&_size=max")[2])
    assert sum(row["Bevindingen"] for row in per_rule) == figures["findings"]

    result = export_results(db, fmt="xlsx", out=tmp_path / "cijfers.xlsx")
    sheets = {"Inventaris": "inventaris", "Zonder digitaal kanaal": "zonder_digitaal_kanaal",
              "Niet op B1": "niet_b1", "Ontbrekende onderdelen": "ontbrekende_onderdelen",
              "Werklijst redactie": "werklijst_redactie"}
    for sheet, name in sheets.items():
        assert result.rows[sheet] == worklists[name], sheet
    overview_sheet = list(load_workbook(result.path, read_only=True)["Overzicht"].iter_rows(values_only=True))
    header = overview_sheet[0]
    assert sum(row[header.index("Compleet")] for row in overview_sheet[1:]) == figures["complete"]
    assert sum(row[header.index("Digitaal kanaal")] for row in overview_sheet[1:]) == figures["digital"]

    incomplete = json.loads(server.get("/wmebv/ontbrekende_onderdelen.json?_shape=array&_size=1")[2])[0]["Pagina"]
    assert "Niet compleet" in server.get(f"/pagina/{incomplete}")[2]
    return figures
