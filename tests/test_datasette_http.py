"""The published results over HTTP: a real `wmebv serve` on the fixture database.

Every canned query answers (HTML and JSON) with its Dutch columns, the front page, overview, help
and page detail render, crawled HTML is shown as text, and nothing can be written.
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
import yaml

from fixtures_db import DatasetteServer, build_audited_db
from wmebv.core.store import Store

REPO = Path(__file__).resolve().parent.parent
METADATA = yaml.safe_load((REPO / "datasette" / "metadata.yml").read_text(encoding="utf-8"))
QUERIES = METADATA["databases"]["wmebv"]["queries"]
TABLES = METADATA["databases"]["wmebv"]["tables"]
WORKLISTS = {name: about for name, about in TABLES.items() if about.get("group")}

# worklist view -> (filter, columns that must be there, must it have rows on the fixture?)
EXPECTED_WORKLISTS: dict[str, tuple[dict[str, str], list[str], bool]] = {
    "inventaris": ({}, ["Pagina", "Cluster", "Product", "Kanaal", "Soort kanaal", "WMEBV", "Wat te doen", "B1", "Compleet", "Bevindingen", "Adres"], True),
    "zonder_digitaal_kanaal": ({"Cluster": "vergunningen"}, ["Pagina", "Cluster", "Product", "Kanaal", "WMEBV geldt", "Claim in SC", "Wat te doen"], True),
    "mijn_cluster": ({"Cluster": "vergunningen"}, ["Pagina", "Product", "Soort", "Ernst", "Regel", "Gevonden tekst", "Wat kunt u doen"], True),
    "werklijst_redactie": ({}, ["Pagina", "Cluster", "Product", "Ernst", "Regel", "Gevonden tekst", "Wat kunt u doen"], True),
    "niet_b1": ({}, ["Pagina", "Cluster", "Product", "Niveau", "Taalbevindingen", "Voorbeeldzin", "Wat kunt u doen"], True),
    "ontbrekende_onderdelen": ({}, ["Pagina", "Cluster", "Product", "Wat ontbreekt", "Wat kunt u doen", "Niet op de pagina"], True),
    "claim_en_werkelijkheid": ({}, ["Pagina", "Product", "Claim in SC", "Gevonden op de pagina", "Oordeel", "Wat kunt u doen"], True),
    "per_cluster": ({}, ["Cluster", "Producten", "Digitaal kanaal", "% digitaal", "% B1", "% compleet"], True),
    "per_regel": ({}, ["Regel", "Soort", "Ernst", "Pagina's", "Bevindingen"], True),
    "regels": ({}, ["Regel", "Waarom", "Zo lost u het op"], True),
    "voortgang": ({"Cluster": "burgerzaken"}, ["Cluster", "Crawl", "Datum", "% digitaal"], True),
    "wat_is_er_veranderd": ({}, ["Wat", "Cluster", "Pagina", "Product", "Toelichting", "Regel", "Adres", "Oud adres"], True),
    "veranderd_per_cluster": ({}, ["Cluster", "Veranderde productpagina's", "Opgelost", "Nieuw", "Nog open", "Afgehandeld"], True),
    "veranderd_per_regel": ({"Cluster": "burgerzaken"}, ["Regel", "Cluster", "Opgelost", "Nieuw", "Nog open", "Afgehandeld"], True),
}
# canned query -> (parameters, columns): the data behind our own pages
EXPECTED_QUERIES: dict[str, tuple[dict[str, str], list[str]]] = {
    "getoonde_crawl": ({}, ["crawl_id", "site", "started_at", "profile_name", "audited_pages"]),
    "onafgemaakte_crawl": ({}, ["crawl_id", "started_at", "status_label"]),
    "cijfers_per_cluster": ({}, ["Cluster", "Producten", "Digitaal kanaal", "Op B1", "Compleet"]),
    "cijfers_per_regel": ({}, ["Regel", "Pagina's"]),
    "keuzelijsten": ({"crawl": ""}, ["kolom", "waarde"]),
    "pagina": ({"id": "PAGE"}, ["id", "title", "url", "channel_status_label", "sections_missing", "is_complete"]),
    "pagina_bevindingen": ({"id": "PAGE"}, ["family", "family_label", "severity", "rule_title", "evidence"]),
    "pagina_kanalen": ({"id": "PAGE"}, ["kind", "kind_label", "url", "digital"]),
    "pagina_besluiten": ({"id": "PAGE"}, ["id", "settled", "rule_id", "decision", "line"]),
    "onderdeel_namen": ({}, ["code", "label"]),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatasetteServer]:
    db = build_audited_db(tmp_path_factory.mktemp("datasette") / "voorbeeldstad.db")
    with DatasetteServer(db) as running:
        yield running


def _array(server: DatasetteServer, path: str, **params: str) -> list[dict[str, object]]:
    query = urllib.parse.urlencode({"_shape": "array", "_size": "max", **params})
    status, _, body = server.get(f"{path}.json?{query}")
    assert status == 200, body[:500]
    return json.loads(body)


@pytest.fixture(scope="module")
def xss_page(server: DatasetteServer) -> int:
    """The id of the hostile page in the latest crawl."""
    return next(int(row["Pagina"]) for row in _array(server, "/wmebv/inventaris", Cluster="vergunningen")
                if "script" in str(row["Product"]))


def _path(name: str, params: dict[str, str], page_id: int, fmt: str = "") -> str:
    values = {key: (str(page_id) if value == "PAGE" else value) for key, value in params.items()}
    query = urllib.parse.urlencode(values)
    return f"/wmebv/{name}{fmt}" + (f"?{query}" if query else "")


def test_every_worklist_and_canned_query_has_an_expectation() -> None:
    assert set(EXPECTED_WORKLISTS) == set(WORKLISTS)
    assert set(EXPECTED_QUERIES) == set(QUERIES)


@pytest.mark.parametrize("name", sorted(EXPECTED_WORKLISTS))
def test_worklist_answers_in_html_and_json(server: DatasetteServer, xss_page: int, name: str) -> None:
    params, columns, has_rows = EXPECTED_WORKLISTS[name]
    status, content_type, html = server.get(_path(name, params, xss_page))
    assert status == 200, html[:500]
    assert "text/html" in content_type
    assert WORKLISTS[name]["title"].split(":")[0].replace("'", "&#39;") in html
    data = json.loads(server.get(_path(name, params, xss_page, ".json") + ("&" if params else "?") + "_shape=objects")[2])
    assert set(columns) <= set(data["columns"]), data["columns"]
    if has_rows:
        assert data["rows"], f"{name} gave no rows on the fixture"


@pytest.mark.parametrize("name", sorted(EXPECTED_QUERIES))
def test_canned_query_answers_in_json(server: DatasetteServer, xss_page: int, name: str) -> None:
    params, columns = EXPECTED_QUERIES[name]
    status, _, body = server.get(_path(name, params, xss_page, ".json") + ("&" if params else "?") + "_shape=objects")
    assert status == 200, body[:500]
    data = json.loads(body)
    assert set(columns) <= set(data["columns"]), data["columns"]


@pytest.mark.parametrize("name", ["inventaris", "werklijst_redactie", "per_cluster"])
def test_worklist_downloads_as_csv_with_every_row_and_no_technical_column(server: DatasetteServer, name: str) -> None:
    html = unescape(server.get(f"/wmebv/{name}")[2])
    link = re.search(r'href="([^"]+\.csv[^"]*)">CSV \(voor Excel\)', html)
    assert link, "the worklist has no CSV link"
    assert "_stream=on" in link.group(1) and "_nocol=_crawl" in link.group(1)
    status, content_type, body = server.get(link.group(1))
    assert status == 200
    header = body.splitlines()[0]
    assert header.split(",")[0] in {"Pagina", "Cluster", "Regel"} and "_crawl" not in header and "_volgorde" not in header
    total = json.loads(server.get(f"/wmebv/{name}.json?_size=0")[2])["filtered_table_rows_count"]
    assert len(list(csv.reader(io.StringIO(body)))) - 1 == total


def test_tables_download_as_csv_with_every_row(server: DatasetteServer) -> None:
    status, _, body = server.get("/wmebv/findings.csv?_stream=on&_size=max")
    assert status == 200
    assert len(body.strip().splitlines()) - 1 >= 20


def test_worklists_show_the_newest_finished_crawl(server: DatasetteServer) -> None:
    rows = _array(server, "/wmebv/inventaris")
    assert len(rows) == 14  # the latest crawl has 14 products, the older one 12
    assert {row["Cluster"] for row in _array(server, "/wmebv/inventaris", Cluster="burgerzaken")} == {"burgerzaken"}
    older = _array(server, "/wmebv/inventaris", _crawl="1")
    assert len(older) == 12
    html = server.get("/wmebv/inventaris?_crawl=1")[2]
    assert "U ziet crawl 1" in html


def test_worklist_is_ordered_by_severity_then_cluster(server: DatasetteServer) -> None:
    rows = _array(server, "/wmebv/werklijst_redactie")
    rank = {"hoog": 1, "midden": 2, "laag": 3}
    keys = [(rank[str(row["Ernst"])], str(row["Cluster"])) for row in rows]
    assert keys == sorted(keys) and len({key[0] for key in keys}) == 3
    only = _array(server, "/wmebv/werklijst_redactie", Regel="Ambtelijk woord")
    assert only and {row["Regel"] for row in only} == {"Ambtelijk woord"}
    assert "taal.ambtelijk-woord" not in server.get("/wmebv/werklijst_redactie")[2]  # no codes on screen


def test_worklist_pages_show_the_total_and_the_next_page(server: DatasetteServer) -> None:
    html = unescape(server.get("/wmebv/werklijst_redactie?_size=5")[2])
    total = json.loads(server.get("/wmebv/werklijst_redactie.json?_size=0")[2])["filtered_table_rows_count"]
    assert f"{total} rijen: u ziet 1 tot en met 5" in html
    assert "volgende 5" in html and "vorige 5" not in html
    second = unescape(server.get("/wmebv/werklijst_redactie?_size=5&_next=5")[2])
    assert "u ziet 6 tot en met 10" in second and "vorige 5" in second


def test_worklist_drop_downs_offer_clusters_and_rules(server: DatasetteServer) -> None:
    html = unescape(server.get("/wmebv/werklijst_redactie")[2])
    assert '<select id="keuze-1" name="Cluster">' in html
    assert "<option>vergunningen</option>" in html and "<option>Ambtelijk woord</option>" in html
    assert "<option>hoog</option>" in html
    chosen = unescape(server.get("/wmebv/werklijst_redactie?Cluster=wonen")[2])
    assert "<option selected>wonen</option>" in chosen


def test_claim_versus_reality_lists_only_disagreements(server: DatasetteServer) -> None:
    rows = _array(server, "/wmebv/claim_en_werkelijkheid")
    verdicts = {row["Product"]: row["Oordeel"] for row in rows}
    assert str(verdicts["Evenementenvergunning aanvragen"]).startswith("Klopt niet: SC zegt online")
    assert "Verhuizing doorgeven" not in verdicts  # SC says digid and the page has a DigiD form
    assert all(verdict != "Klopt" for verdict in verdicts.values())
    assert all(row["Wat kunt u doen"] for row in rows)


def test_front_page_explains_the_data(server: DatasetteServer) -> None:
    status, _, html = server.get("/")
    assert status == 200
    assert "2 maart 2026" in html  # when the latest audited crawl ran
    assert "Voorbeeldstad 2026" in html  # the norm profile
    for group in ("Informatieconsulenten", "Clustersessie", "Webredactie"):
        assert group in html
    for query in ("inventaris", "werklijst_redactie", "mijn_cluster", "zonder_digitaal_kanaal"):
        assert f"/wmebv/{query}" in html
    assert '<select id="cluster" name="Cluster">' in html and '<option value="vergunningen">' in html
    assert "/help" in html


def test_database_page_is_dutch(server: DatasetteServer) -> None:
    """The /wmebv page lists the worklists with what they are for and the tables by their Dutch names."""
    status, _, page = server.get("/wmebv")
    assert status == 200
    html = unescape(page)
    for dutch in ("Werklijsten", "Tabellen", "Pagina's", "Bevindingen", "rijen", "/help"):
        assert dutch in html, dutch
    assert 'href="/wmebv/inventaris"' in html and WORKLISTS["inventaris"]["title"] in html
    for english in ("Custom SQL query", "Queries</h2>", "Tables</h2>", " rows</p>", "Run SQL", "Views</h2>"):
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
    rows = _array(server, "/wmebv/inventaris", Cluster="vergunningen")
    page = next(row["Pagina"] for row in rows if row["Product"] == "Evenementenvergunning aanvragen")
    status, _, html = server.get(f"/pagina/{page}")
    assert status == 200
    assert "Digitaal kanaal (WMEBV)" in html and "Taal (B1)" in html and "Opbouw van de pagina" in html
    assert html.index("Digitaal kanaal (WMEBV)") < html.index("Taal (B1)")
    assert "<mark>Teneinde</mark>" not in html  # only quoted words are marked, and this hint quotes none
    assert "papieren formulier" in html  # the channel found
    assert "Niet compleet" in html and "Bezwaar maken: staat niet op de pagina" in html
    assert "Kosten: staat op de pagina" in html
    assert 'href="http://127.0.0.1:8000/vergunningen/evenementenvergunning"' in html


def test_page_detail_marks_the_problem_word(server: DatasetteServer) -> None:
    rows = _array(server, "/wmebv/inventaris", Cluster="burgerzaken")
    page = next(row["Pagina"] for row in rows if row["Product"] == "Uittreksel BRP aanvragen")
    html = server.get(f"/pagina/{page}")[2]
    assert "<mark>Indien</mark> u een uittreksel wenst" in html


def test_unknown_page_is_a_dutch_404(server: DatasetteServer) -> None:
    status, _, html = server.get("/pagina/999999")
    assert status == 404
    assert "Pagina niet gevonden" in html


@pytest.mark.parametrize(
    "path",
    ["/pagina/PAGE", "/wmebv/werklijst_redactie", "/wmebv/inventaris", "/wmebv/mijn_cluster?Cluster=vergunningen",
     "/wmebv/pages", "/wmebv/findings", "/wmebv/channels", "/wmebv/pagina_kanalen?id=PAGE", "/wmebv/pagina_bevindingen?id=PAGE",
     "/wmebv/niet_b1?Cluster=vergunningen", "/wmebv/findings/FINDING"],
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


def test_internal_tables_are_hidden_and_crawl_state_is_denied(server: DatasetteServer) -> None:
    tables = {table["name"]: table for table in json.loads(server.get("/wmebv.json")[2])["tables"]}
    for name in ("_wmebv_migrations", "urls", "labels"):
        assert tables[name]["hidden"], name
    for name in ("findings", "pages", "page_audits", "channels", "rules", "sc_claims", "crawls"):
        assert not tables[name]["hidden"], name
    assert "crawl_state" not in tables  # the site's raw robots.txt: denied, not merely hidden
    assert server.get("/wmebv/crawl_state")[0] == 403
    assert server.get("/wmebv/crawl_state.csv")[0] == 403


def test_published_read_only_without_own_sql_or_download(server: DatasetteServer) -> None:
    databases = json.loads(server.get("/-/databases.json")[2])
    assert [db["name"] for db in databases] == ["wmebv"]
    sql = urllib.parse.quote("select robots_txt from crawl_state")
    assert server.get(f"/wmebv.json?sql={sql}")[0] == 403  # own SQL is opt-in (wmebv serve --allow-sql)
    assert server.get("/wmebv.db")[0] == 403  # so is the download of the whole file
    assert all(not query.get("write") for query in QUERIES.values())
    count = json.loads(server.get("/wmebv/findings.json?_size=0")[2])["filtered_table_rows_count"]
    assert count > 0


def test_opt_in_sql_still_reads_no_crawl_state_and_no_html_unless_asked(tmp_path: Path) -> None:
    db = build_audited_db(tmp_path / "open.db")
    with Store(db) as store:
        store.frontier.set_state(1, "robots_txt", "User-agent: *\nDisallow: /geheim-intern/")
    queries = {"delete": "delete from findings", "robots": "select key, value from crawl_state",
               "html": "select id, html from pages where html is not null limit 1"}
    with DatasetteServer(db, flags=("--allow-sql",)) as running:
        answers = {name: running.get(f"/wmebv.json?_shape=array&sql={urllib.parse.quote(sql)}") for name, sql in queries.items()}
    assert answers["delete"][0] == 400  # read-only
    assert answers["robots"][0] == 200 and all(row["value"] is None for row in json.loads(answers["robots"][2]))
    assert "geheim-intern" not in answers["robots"][2]
    assert json.loads(answers["html"][2]) == []  # the HTML reads as empty
    with DatasetteServer(db, flags=("--allow-sql", "--allow-html")) as running:
        html = running.get(f"/wmebv.json?_shape=array&sql={urllib.parse.quote(queries['html'])}")
        robots = running.get(f"/wmebv.json?_shape=array&sql={urllib.parse.quote(queries['robots'])}")
        download = running.get("/wmebv.db")
    assert html[0] == 200 and json.loads(html[2])
    assert "geheim-intern" not in robots[2]  # the crawl state stays out, whatever the flags
    assert download[0] == 403  # never the whole file: it holds the crawl state


def test_settings_keep_csv_export_on(server: DatasetteServer) -> None:
    settings = json.loads(server.get("/-/settings.json")[2])
    assert settings["allow_csv_stream"] is True
    assert settings["allow_facet"] is True
    assert settings["suggest_facets"] is False  # suggested facets are slow on 50,000 pages


def test_hostile_channel_link_is_not_clickable(server: DatasetteServer, xss_page: int) -> None:
    html = server.get(f"/pagina/{xss_page}")[2]
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html  # shown as text
