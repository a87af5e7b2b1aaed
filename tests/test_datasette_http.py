"""The published results over HTTP: a real `wmebv serve` on the fixture database.

Every canned query answers (HTML and JSON) with its Dutch columns, the front page, overview, help
and page detail render, crawled HTML is shown as text, and nothing can be written.
"""

from __future__ import annotations

import json
import urllib.parse
from html import unescape
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from fixtures_db import XSS_IMG, XSS_SCRIPT, DatasetteServer, build_audited_db

REPO = Path(__file__).resolve().parent.parent
METADATA = yaml.safe_load((REPO / "datasette" / "metadata.yml").read_text(encoding="utf-8"))
QUERIES = METADATA["databases"]["wmebv"]["queries"]

# query name -> (parameters, columns that must be there, must it have rows on the fixture?)
EXPECTED: dict[str, tuple[dict[str, str], list[str], bool]] = {
    "inventaris": ({}, ["Pagina", "Cluster", "Product", "Kanaal", "Soort kanaal", "WMEBV", "B1", "Ontbreekt", "Bevindingen", "Adres"], True),
    "zonder_digitaal_kanaal": ({"cluster": "vergunningen"}, ["Pagina", "Cluster", "Product", "Kanaal", "WMEBV geldt", "Claim in SC"], True),
    "mijn_cluster": ({"cluster": "vergunningen"}, ["Pagina", "Product", "Soort", "Ernst", "Regel", "Gevonden tekst", "Wat kunt u doen"], True),
    "werklijst_redactie": ({}, ["Pagina", "Cluster", "Product", "Ernst", "Regel", "Gevonden tekst", "Zo lost u het op", "Waarom"], True),
    "niet_b1": ({}, ["Pagina", "Cluster", "Product", "Niveau", "Taalbevindingen", "Voorbeeldzin"], True),
    "ontbrekende_onderdelen": ({}, ["Pagina", "Cluster", "Product", "Ontbreekt", "Aantal"], True),
    "claim_en_werkelijkheid": ({}, ["Pagina", "Product", "Claim in SC", "Gevonden op de pagina", "Oordeel"], True),
    "per_cluster": ({}, ["Cluster", "Producten", "Digitaal kanaal", "% digitaal", "% B1", "% compleet"], True),
    "per_regel": ({}, ["Code", "Regel", "Soort", "Ernst", "Pagina's", "Bevindingen"], True),
    "voortgang": ({"cluster": "burgerzaken"}, ["Cluster", "Crawl", "Datum", "% digitaal"], True),
    "laatste_crawl": ({}, ["crawl_id", "site", "started_at", "profile_name", "audited_pages"], True),
    "pagina": ({"id": "PAGE"}, ["id", "title", "url", "channel_status_label", "sections_missing"], True),
    "pagina_bevindingen": ({"id": "PAGE"}, ["family", "family_label", "severity", "rule_title", "evidence"], True),
    "pagina_kanalen": ({"id": "PAGE"}, ["kind", "kind_label", "url", "digital"], True),
    "onderdeel_namen": ({}, ["code", "label"], True),
    "oordeel_namen": ({}, ["code", "label"], True),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatasetteServer]:
    db = build_audited_db(tmp_path_factory.mktemp("datasette") / "voorbeeldstad.db")
    with DatasetteServer(db) as running:
        yield running


@pytest.fixture(scope="module")
def xss_page(server: DatasetteServer) -> int:
    """The id of the hostile page in the latest crawl."""
    status, _, body = server.get("/wmebv/inventaris.json?_shape=array&cluster=vergunningen")
    assert status == 200
    return next(row["Pagina"] for row in json.loads(body) if "script" in row["Product"])


def _query_path(name: str, params: dict[str, str], page_id: int, fmt: str = "") -> str:
    values = {key: (str(page_id) if value == "PAGE" else value) for key, value in params.items()}
    query = urllib.parse.urlencode(values)
    return f"/wmebv/{name}{fmt}" + (f"?{query}" if query else "")


def test_every_canned_query_has_an_expectation() -> None:
    assert set(EXPECTED) == set(QUERIES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_canned_query_answers_in_html_and_json(server: DatasetteServer, xss_page: int, name: str) -> None:
    params, columns, has_rows = EXPECTED[name]
    status, content_type, html = server.get(_query_path(name, params, xss_page))
    assert status == 200, html[:500]
    assert "text/html" in content_type
    assert QUERIES[name]["title"].split(":")[0].replace("'", "&#39;") in html
    status, content_type, body = server.get(_query_path(name, params, xss_page, ".json") + ("&" if params else "?") + "_shape=objects")
    assert status == 200, body[:500]
    data = json.loads(body)
    assert set(columns) <= set(data["columns"]), data["columns"]
    if has_rows:
        assert data["rows"], f"{name} gave no rows on the fixture"


@pytest.mark.parametrize("name", ["inventaris", "werklijst_redactie", "per_cluster"])
def test_canned_query_downloads_as_csv(server: DatasetteServer, name: str) -> None:
    status, content_type, body = server.get(f"/wmebv/{name}.csv")
    assert status == 200
    assert "text/plain" in content_type or "text/csv" in content_type
    header = body.splitlines()[0]
    assert header.split(",")[0] in {"Pagina", "Cluster"}


def test_tables_download_as_csv_with_every_row(server: DatasetteServer) -> None:
    status, _, body = server.get("/wmebv/findings.csv?_stream=on&_size=max")
    assert status == 200
    assert len(body.strip().splitlines()) - 1 >= 20


def test_worklists_default_to_the_latest_crawl(server: DatasetteServer) -> None:
    status, _, body = server.get("/wmebv/inventaris.json?_shape=array")
    rows = json.loads(body)
    # the latest crawl has 14 products, the older one 12
    assert len(rows) == 14
    status, _, body = server.get("/wmebv/inventaris.json?_shape=array&cluster=Burgerzaken")
    assert {row["Cluster"] for row in json.loads(body)} == {"burgerzaken"}


def test_worklist_is_ordered_by_severity_then_page(server: DatasetteServer) -> None:
    rows = json.loads(server.get("/wmebv/werklijst_redactie.json?_shape=array")[2])
    rank = {"hoog": 1, "midden": 2, "laag": 3}
    keys = [(rank[row["Ernst"]], row["Pagina"]) for row in rows]
    assert keys == sorted(keys)
    only = json.loads(server.get("/wmebv/werklijst_redactie.json?_shape=array&rule=taal.ambtelijk-woord")[2])
    assert only and {row["Code"] for row in only} == {"taal.ambtelijk-woord"}


def test_claim_versus_reality_lists_only_disagreements(server: DatasetteServer) -> None:
    rows = json.loads(server.get("/wmebv/claim_en_werkelijkheid.json?_shape=array")[2])
    verdicts = {row["Product"]: row["Oordeel"] for row in rows}
    assert verdicts["Evenementenvergunning aanvragen"].startswith("Klopt niet: SC zegt online")
    assert "Verhuizing doorgeven" not in verdicts  # SC says digid and the page has a DigiD form
    assert all(verdict != "Klopt" for verdict in verdicts.values())


def test_front_page_explains_the_data(server: DatasetteServer) -> None:
    status, _, html = server.get("/")
    assert status == 200
    assert "2 maart 2026" in html  # when the latest audited crawl ran
    assert "Voorbeeldstad 2026" in html  # the norm profile
    for group in ("Informatieconsulenten", "Clustersessie", "Webredactie"):
        assert group in html
    for query in ("inventaris", "werklijst_redactie", "mijn_cluster", "zonder_digitaal_kanaal"):
        assert f"/wmebv/{query}" in html
    assert '<option value="vergunningen">' in html
    assert "/help" in html


def test_database_page_is_dutch(server: DatasetteServer) -> None:
    """The /wmebv page lists the worklists with what they are for and the tables by their Dutch names."""
    status, _, page = server.get("/wmebv")
    assert status == 200
    html = unescape(page)
    for dutch in ("Werklijsten", "Tabellen", "Pagina's", "Bevindingen", "rijen", "/help"):
        assert dutch in html, dutch
    assert f'href="/wmebv/inventaris"' in html and QUERIES["inventaris"]["title"] in html
    for english in ("Custom SQL query", "Queries</h2>", "Tables</h2>", " rows</p>", "Run SQL"):
        assert english not in html, english


def test_help_page_explains_filters_facets_and_export(server: DatasetteServer) -> None:
    status, _, html = server.get("/help")
    assert status == 200
    for word in ("Filteren", "Facetten", "CSV", "wmebv export"):
        assert word in html


def test_overview_draws_accessible_svg_charts(server: DatasetteServer) -> None:
    status, _, html = server.get("/overzicht")
    assert status == 200
    assert html.count('<svg class="staafdiagram" role="img"') == 4
    assert "<title id=\"digitaal-titel\">" in html and "<desc id=\"digitaal-uitleg\">" in html
    assert "100% (2 van 2)" in html  # the number is written beside the bar, not only its colour
    assert "http://" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org/2000/svg", "")


def test_page_detail_groups_findings_and_shows_channels_and_sections(server: DatasetteServer) -> None:
    rows = json.loads(server.get("/wmebv/inventaris.json?_shape=array&cluster=vergunningen")[2])
    page = next(row["Pagina"] for row in rows if row["Product"] == "Evenementenvergunning aanvragen")
    status, _, html = server.get(f"/pagina/{page}")
    assert status == 200
    assert "Digitaal kanaal (WMEBV)" in html and "Taal (B1)" in html and "Opbouw van de pagina" in html
    assert html.index("Digitaal kanaal (WMEBV)") < html.index("Taal (B1)")
    assert "<mark>Teneinde</mark>" not in html  # only quoted words are marked, and this hint quotes none
    assert "papieren formulier" in html  # the channel found
    assert "Bezwaar maken: ontbreekt" in html and "Kosten: staat op de pagina" in html
    assert 'href="http://127.0.0.1:8000/vergunningen/evenementenvergunning"' in html


def test_page_detail_marks_the_problem_word(server: DatasetteServer) -> None:
    rows = json.loads(server.get("/wmebv/inventaris.json?_shape=array&cluster=burgerzaken")[2])
    page = next(row["Pagina"] for row in rows if row["Product"] == "Uittreksel BRP aanvragen")
    html = server.get(f"/pagina/{page}")[2]
    assert "<mark>Indien</mark> u een uittreksel wenst" in html


def test_unknown_page_is_a_dutch_404(server: DatasetteServer) -> None:
    status, _, html = server.get("/pagina/999999")
    assert status == 404
    assert "Pagina niet gevonden" in html


@pytest.mark.parametrize(
    "path",
    ["/pagina/PAGE", "/wmebv/werklijst_redactie", "/wmebv/inventaris", "/wmebv/mijn_cluster?cluster=vergunningen",
     "/wmebv/pages", "/wmebv/findings", "/wmebv/channels", "/wmebv/pagina_kanalen?id=PAGE", "/wmebv/pagina_bevindingen?id=PAGE",
     "/wmebv/niet_b1?cluster=vergunningen", "/wmebv/findings/FINDING"],
)
def test_crawled_html_is_shown_as_text(server: DatasetteServer, xss_page: int, path: str) -> None:
    if "FINDING" in path:
        findings = json.loads(server.get(f"/wmebv/pagina_bevindingen.json?_shape=array&id={xss_page}")[2])
        path = path.replace("FINDING", str(findings[0]["id"]))
    status, _, html = server.get(path.replace("PAGE", str(xss_page)))
    assert status == 200
    assert "<script>alert(1)" not in html
    assert "onerror=alert(1)>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "&lt;img src=x onerror=alert(1)&gt;" in html


def test_page_html_is_never_shown(server: DatasetteServer, xss_page: int) -> None:
    html = server.get("/wmebv/pages")[2]
    assert "(HTML niet getoond)" in html
    assert "&lt;Binary" not in html


def test_internal_tables_are_hidden(server: DatasetteServer) -> None:
    tables = {table["name"]: table for table in json.loads(server.get("/wmebv.json")[2])["tables"]}
    for name in ("_wmebv_migrations", "urls", "crawl_state", "labels"):
        assert tables[name]["hidden"], name
    for name in ("findings", "pages", "page_audits", "channels", "rules", "sc_claims", "crawls"):
        assert not tables[name]["hidden"], name


def test_published_read_only(server: DatasetteServer) -> None:
    databases = json.loads(server.get("/-/databases.json")[2])
    assert [(db["name"], db["is_mutable"]) for db in databases] == [("wmebv", False)]
    sql = urllib.parse.quote("delete from findings")
    status, _, body = server.get(f"/wmebv.json?sql={sql}")
    assert status == 400
    assert all(not query.get("write") for query in QUERIES.values())
    count = json.loads(server.get("/wmebv/findings.json?_size=0")[2])["filtered_table_rows_count"]
    assert count > 0


def test_settings_keep_csv_export_on(server: DatasetteServer) -> None:
    settings = json.loads(server.get("/-/settings.json")[2])
    assert settings["allow_csv_stream"] is True
    assert settings["allow_facet"] is True
    assert settings["suggest_facets"] is False  # suggested facets are slow on 50,000 pages


def test_hostile_channel_link_is_not_clickable(server: DatasetteServer, xss_page: int) -> None:
    html = server.get(f"/pagina/{xss_page}")[2]
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html  # shown as text
