"""The published results of the real sample municipality: `wmebv demo`, then `wmebv serve` over HTTP.

The fixture database (tests/fixtures_db.py) is small and hand-made; this module checks what a user
sees on the database the demo really produces: every worklist has rows where the sample has data,
the SC claim list agrees with the sample's ground truth, and no raw code reaches the screen.
"""

from __future__ import annotations

import json
import re
import subprocess
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from figures_support import check_figures_agree
from fixtures_db import REPO, DatasetteServer, wmebv_command, wmebv_env
from wmebv.sample.site import manifest

pytestmark = pytest.mark.slow

METADATA = yaml.safe_load((REPO / "datasette" / "metadata.yml").read_text(encoding="utf-8"))["databases"]["wmebv"]
QUERIES = METADATA["queries"]
WORKLISTS = {name for name, about in METADATA["tables"].items() if about.get("group")}
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]
# Codes from the audit tables that must never be shown to a user as they are (in the visible text).
RAW_CODES = ["unchecked:", "ok: doorgestuurd", "ok: HTTP", "dead: HTTP", "error: HTTP", "actie-nodig",
             "niet-van-toepassing", " GMT", '["']
# A rule id (taal.ambtelijk-woord) or a section code (wat_is_het) on screen.
RAW_CODE_PATTERN = re.compile(r"\b(?:taal|kanaal|structuur|norm)\.[a-z][a-z-]+|\b[a-z]+_[a-z_]+\b")

# worklist or canned query -> parameters (PAGE: a product page with findings and channels); minimum rows
EXPECTED_ROWS: dict[str, tuple[dict[str, str], int]] = {
    "inventaris": ({}, 175),
    "zonder_digitaal_kanaal": ({}, 1),
    "mijn_cluster": ({"Cluster": "burgerzaken"}, 1),
    "werklijst_redactie": ({}, 1000),
    "niet_b1": ({}, 1),
    "ontbrekende_onderdelen": ({}, 1),
    "claim_en_werkelijkheid": ({}, 1),
    "per_cluster": ({}, 5),
    "per_regel": ({}, 10),
    "regels": ({}, 10),
    "voortgang": ({}, 5),
    "getoonde_crawl": ({}, 1),
    "onafgemaakte_crawl": ({}, 0),
    "cijfers_per_cluster": ({}, 5),
    "cijfers_per_regel": ({}, 10),
    "keuzelijsten": ({"crawl": ""}, 10),
    "pagina": ({"id": "PAGE"}, 1),
    "pagina_bevindingen": ({"id": "PAGE"}, 1),
    "pagina_kanalen": ({"id": "PAGE"}, 1),
    "onderdeel_namen": ({}, 8),
    "pagina_besluiten": ({"id": "PAGE"}, 1),
    # The demo has one crawl: nothing to compare yet (tests/test_upkeep_sample.py has two months).
    "wat_is_er_veranderd": ({}, 0),
    "veranderd_per_cluster": ({}, 0),
    "veranderd_per_regel": ({}, 0),
}


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database `wmebv demo` leaves behind (built once for this module)."""
    db = tmp_path_factory.mktemp("sample") / "voorbeeldstad.db"
    result = subprocess.run([*wmebv_command(), "demo", "--no-serve", "--port", "0", "--db", str(db)],
                            env=wmebv_env(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return db


@pytest.fixture(scope="module")
def server(sample_db: Path) -> Iterator[DatasetteServer]:
    with DatasetteServer(sample_db) as running:
        yield running


def _rows(server: DatasetteServer, name: str, **params: Any) -> list[dict[str, Any]]:
    """Every row of a worklist or canned query (a worklist in pages of 1,000)."""
    rows: list[dict[str, Any]] = []
    while True:
        query = urllib.parse.urlencode({"_shape": "objects", "_size": "max", **params})
        status, _, body = server.get(f"/wmebv/{name}.json?{query}")
        assert status == 200, body[:500]
        data = json.loads(body)
        rows.extend(data["rows"])
        if not data.get("next"):
            return rows
        params = {**params, "_next": data["next"]}


def _visible_text(html: str) -> str:
    """The text a reader sees: without tags and their attributes (option values hold codes on purpose).

    What a user copies into a file is shown in <code> and is the code itself on purpose (the line
    for besluiten.yml on the page detail), so it is left out too.
    """
    return re.sub(r"<[^>]*>", " ", re.sub(r"<code>.*?</code>", " ", html, flags=re.S))


def _assert_no_raw_codes(html: str, where: object) -> None:
    text = _visible_text(html)
    for code in RAW_CODES:
        assert code not in text, f"{where} shows the raw code {code!r}"
    assert not RAW_CODE_PATTERN.findall(text), f"{where} shows codes: {sorted(set(RAW_CODE_PATTERN.findall(text)))}"


@pytest.fixture(scope="module")
def busy_page(server: DatasetteServer) -> int:
    """A product page with both findings and channels."""
    return next(row["Pagina"] for row in _rows(server, "inventaris") if row["Bevindingen"] and row["Soort kanaal"])


def test_every_worklist_and_canned_query_is_checked_on_the_sample() -> None:
    assert set(EXPECTED_ROWS) == set(QUERIES) | WORKLISTS


@pytest.mark.parametrize("name", sorted(EXPECTED_ROWS))
def test_canned_query_has_rows_on_the_sample(server: DatasetteServer, busy_page: int, name: str) -> None:
    params, minimum = EXPECTED_ROWS[name]
    values = {key: (str(busy_page) if value == "PAGE" else value) for key, value in params.items()}
    status, _, html = server.get(f"/wmebv/{name}?{urllib.parse.urlencode(values)}")
    assert status == 200
    rows = _rows(server, name, **values)
    assert len(rows) >= minimum, f"{name}: {len(rows)} rows"
    if name in WORKLISTS:
        _assert_no_raw_codes(html, name)


def test_inventory_has_every_product_with_dutch_verdicts(server: DatasetteServer) -> None:
    rows = _rows(server, "inventaris")
    assert len(rows) == 175
    verdicts = {row["WMEBV"] for row in rows}
    assert "actie nodig" in verdicts and "voldoet" in verdicts
    assert not verdicts & {"actie-nodig", "niet-van-toepassing"}
    # the code still filters: the drop-down sends it, and the Dutch word works too
    chosen = _rows(server, "inventaris", WMEBV="actie nodig")
    assert chosen and {row["WMEBV"] for row in chosen} == {"actie nodig"}
    assert [row["WMEBV"] for row in rows[: len(chosen)]] == ["actie nodig"] * len(chosen)  # what needs action first
    html = server.get("/wmebv/inventaris")[2]
    assert "<option>actie nodig</option>" in html


def test_products_without_a_digital_channel(server: DatasetteServer) -> None:
    rows = _rows(server, "zonder_digitaal_kanaal")
    assert rows and all(row["Kanaal"] != "digitaal" for row in rows)
    assert any(row["WMEBV"].startswith("vrijgesteld") for row in rows)


def test_claim_list_matches_the_samples_wrong_sc_claims(server: DatasetteServer) -> None:
    truth = {page["path"] for page in manifest("http://127.0.0.1:1")["pages"]
             if page["is_product"] and "kanaal.sc-claim-onjuist" in page["expected_findings"]}
    rows = _rows(server, "claim_en_werkelijkheid")
    wrong = {"/" + row["Adres"].split("/", 3)[3] for row in rows if row["Oordeel"].startswith("Klopt niet")}
    assert wrong == truth
    assert all(row["Uitleg"] for row in rows if row["Oordeel"].startswith("Klopt niet"))
    # the disagreements come first, the products SC says nothing about after them
    verdicts = [row["Oordeel"] for row in rows]
    silent = [verdict == "SC zegt niets over dit product" for verdict in verdicts]
    assert silent == sorted(silent)


def test_front_page_shows_crawl_date_and_profile(server: DatasetteServer) -> None:
    crawl = _rows(server, "getoonde_crawl")[0]
    year, month, day = (int(part) for part in crawl["started_at"][:10].split("-"))
    html = server.get("/")[2]
    assert f"{day} {MONTHS[month - 1]} {year}" in html or f"{day + 1} {MONTHS[month - 1]} {year}" in html
    assert f"<dt>Normprofiel</dt><dd>{crawl['profile_name'] or 'standaardprofiel van wmebv'}</dd>" in html
    assert "waarvan 175 productpagina&#39;s" in html or "waarvan 175 productpagina's" in html


def test_page_with_a_dead_form_link_says_it_does_not_work(server: DatasetteServer) -> None:
    dead = _rows(server, "channels", check_status="dead", digital="1")
    assert dead
    html = server.get(f"/pagina/{dead[0]['page_id']}")[2]
    assert "werkt niet (404)" in html
    assert "Formulierlink werkt niet" in html
    _assert_no_raw_codes(html, dead[0]["page_id"])


def test_page_detail_speaks_dutch(server: DatasetteServer) -> None:
    """Link checks, dates and the sections card in words, for pages with every kind of link result."""
    pages = {row["page_id"] for row in _rows(server, "channels", check_status="ok")}
    pages |= {row["page_id"] for row in _rows(server, "channels", check_status="unchecked")}
    seen_redirect = seen_unchecked = False
    for page_id in sorted(pages)[:40]:
        html = server.get(f"/pagina/{page_id}")[2]
        _assert_no_raw_codes(html, page_id)
        seen_redirect |= "werkt (doorgestuurd naar inloggen)" in html
        seen_unchecked |= "niet gecontroleerd" in html
        assert "Samenwerkende Catalogi zegt: online aanvragen =" not in html
    assert seen_redirect and seen_unchecked


def test_sections_card_agrees_with_the_figures(server: DatasetteServer) -> None:
    """A missing section that is not required is no finding: the page is complete, and the card says so."""
    for row in _rows(server, "inventaris"):
        if row["Niet op de pagina"] and row["Compleet"] == "ja":
            html = server.get(f"/pagina/{row['Pagina']}")[2]
            assert "(niet verplicht)" in html and "Dit is geen bevinding." in html
            assert "Niet compleet" not in html
            break
    else:
        pytest.fail("the sample has no page that only lacks optional sections")


def test_sections_card_names_a_section_without_its_own_heading(server: DatasetteServer) -> None:
    """A required section the page tells without its own heading is a finding, and the card names it."""
    for row in _rows(server, "inventaris"):
        findings = _rows(server, "pagina_bevindingen", id=str(row["Pagina"]))
        if any("eigen kop" in (finding["message"] or "") for finding in findings):
            assert row["Compleet"] == "nee"  # a required section without its own heading: not complete
            html = server.get(f"/pagina/{row['Pagina']}")[2]
            card = html.split("<h2>Vaste onderdelen</h2>", 1)[1].split("</div>", 1)[0]
            assert "Niet compleet" in card and "maar niet onder een eigen kop" in card
            assert "staat op de pagina, maar niet onder een eigen kop</li>" in html
            break
    else:
        pytest.fail("the sample has no page that tells a required section without its own heading")


def test_figures_agree_everywhere_on_the_sample(sample_db: Path, server: DatasetteServer, tmp_path: Path) -> None:
    figures = check_figures_agree(sample_db, server, tmp_path)
    assert figures["products"] == 175


def test_rule_chart_labels_fit(server: DatasetteServer) -> None:
    html = server.get("/overzicht")[2]
    chart = html.split('id="regels-titel"', 1)[1].split("</svg>", 1)[0]
    for rule in _rows(server, "per_regel"):
        assert f"<title>{rule['Regel']}</title>" in chart.replace("&#39;", "'")
    lines = [part.split(">", 1)[1] for part in chart.split("<tspan")[1:]]
    assert lines and max(len(line.split("</tspan>")[0]) for line in lines) <= 45


def test_csv_downloads_as_a_file(server: DatasetteServer) -> None:
    html = server.get("/wmebv/inventaris")[2]
    assert "_dl=1" in html
    status, _, body = server.get("/wmebv/inventaris.csv?_stream=on&_size=max&_nocol=_crawl&_nocol=_volgorde")
    assert status == 200
    assert len(body.strip().splitlines()) == 176
    assert body.splitlines()[0].startswith("Pagina,Cluster,Product")


def test_excel_export_of_a_cluster(sample_db: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "b.xlsx"
    result = subprocess.run([*wmebv_command(), "export", "--db", str(sample_db), "--cluster", "burgerzaken",
                             "--format", "xlsx", "--out", str(out)], env=wmebv_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames[:2] == ["Overzicht", "Inventaris"] and "Cluster" in workbook.sheetnames
    inventory = list(workbook["Inventaris"].iter_rows(values_only=True))
    header = inventory[0]
    assert header[:3] == ("Pagina", "Cluster", "Product") and "WMEBV" in header and "Wat te doen" in header
    assert len(inventory) - 1 == 27 and {row[1] for row in inventory[1:]} == {"burgerzaken"}
    assert not {row[header.index("WMEBV")] for row in inventory[1:]} & {"actie-nodig", "niet-van-toepassing"}
    for sheet in ("Cluster", "Werklijst redactie"):
        rows = list(workbook[sheet].iter_rows(values_only=True))
        assert rows[0][:4] == ("Pagina", "Cluster", "Product", "Ernst") and len(rows) > 1
