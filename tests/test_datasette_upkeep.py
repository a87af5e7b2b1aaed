"""Datasette keeps the inventory up to date: 'Wat is er veranderd', settled findings and the line to settle one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from fixtures_db import DatasetteServer, build_audited_db, real_rules
from wmebv.core.decisions import decision_line
from wmebv.core.store import Store

RULES = {rule_id: row["title"] for rule_id, row in real_rules().items()}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_audited_db(tmp_path_factory.mktemp("upkeep") / "voorbeeldstad.db")


@pytest.fixture(scope="module")
def server(database: Path) -> Iterator[DatasetteServer]:
    with DatasetteServer(database) as running:
        yield running


def _rows(server: DatasetteServer, name: str, query: str = "") -> list[dict[str, Any]]:
    status, _, body = server.get(f"/wmebv/{name}.json?_shape=array&_size=max{query}")
    assert status == 200, body[:300]
    return json.loads(body)


def _page_id(server: DatasetteServer, product: str) -> int:
    return next(row["Pagina"] for row in _rows(server, "inventaris") if row["Product"] == product)


def test_what_changed_lists_the_new_products_and_the_fixed_findings(server: DatasetteServer) -> None:
    rows = _rows(server, "wat_is_er_veranderd")
    new = {row["Product"] for row in rows if row["Wat"] == "nieuwe productpagina"}
    assert new == {"Standplaats op de markt", "Urgentieverklaring aanvragen"}
    fixed = sorted(row["Product"] for row in rows if row["Wat"] == "bevinding opgelost")
    assert fixed == ["Evenementenvergunning aanvragen", "Huishoudelijke hulp (Wmo)"]  # the old crawl's extra 'no term'
    assert all(row["Vergeleken met crawl"] == 1 for row in rows)
    # The settled finding is neither fixed nor new: it is counted as settled.
    assert not any(row["Product"] == "Uittreksel BRP aanvragen" for row in rows)
    per_cluster = {row["Cluster"]: row for row in _rows(server, "veranderd_per_cluster")}
    assert per_cluster["burgerzaken"]["Afgehandeld"] == 1
    assert per_cluster["ondernemen"]["Veranderde productpagina's"] == 1
    only = _rows(server, "wat_is_er_veranderd", "&Cluster=wonen")
    assert {row["Cluster"] for row in only} == {"wonen"}


def test_a_settled_finding_is_off_the_worklist_and_counted(server: DatasetteServer) -> None:
    worklist = _rows(server, "werklijst_redactie")
    assert not any(row["Product"] == "Uittreksel BRP aanvragen" and row["Regel"] == RULES["norm.geen-termijn"] for row in worklist)
    review = [row for row in worklist if row["Sinds"] == "opnieuw bekijken"]
    assert [(row["Product"], row["Regel"]) for row in review] == [("Kwijtschelding gemeentelijke belastingen", RULES["taal.niet-b1"])]
    per_cluster = {row["Cluster"]: row for row in _rows(server, "per_cluster")}
    assert per_cluster["burgerzaken"]["Afgehandeld"] == 1
    status, _, html = server.get("/")
    assert "1 bevinding is afgehandeld door de webredactie" in html and "/wmebv/wat_is_er_veranderd" in html


def test_the_page_detail_offers_the_exact_line_to_add(server: DatasetteServer, database: Path) -> None:
    page = _page_id(server, "Kwijtschelding gemeentelijke belastingen")
    with Store(database) as store:
        findings = list(store.database.db.query(
            "select f.id, f.fingerprint, a.text_fingerprint from findings f join page_audits a on a.page_id = f.page_id "
            "where f.page_id = :p", {"p": page}))
    status, _, html = server.get(f"/pagina/{page}")
    assert status == 200
    text = unescape(html)
    for finding in findings:
        assert decision_line(finding["fingerprint"], finding["text_fingerprint"]) in text
    assert "Opnieuw bekijken." in text and "Vaste juridische tekst" in text and "besluiten.yml:5" in text
    settled_page = _page_id(server, "Uittreksel BRP aanvragen")
    status, _, html = server.get(f"/pagina/{settled_page}")
    assert "Afgehandeld door de webredactie (1)" in html and "Staat op de pagina van de Rijksoverheid" in html
    assert "20 februari 2026" in html
