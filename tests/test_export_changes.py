"""The Excel export's sheets 'Wat is er veranderd' and 'Veranderd per regel': the same rows as Datasette and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from fixtures_db import build_audited_db
from wmebv.core.store import Store
from wmebv.publish.changes import compare, publish_changes
from wmebv.publish.export import export_results


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_audited_db(tmp_path_factory.mktemp("export-changes") / "voorbeeldstad.db")
    with Store(path) as store:
        publish_changes(store, 2)  # what 'wmebv audit' and 'wmebv crawl' do after the audit
    return path


def _sheet(path: Path, title: str) -> list[dict[str, object]]:
    rows = list(load_workbook(path)[title].iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_the_sheet_holds_the_comparison_with_the_previous_crawl(db: Path, tmp_path: Path) -> None:
    rows = _sheet(export_results(db, fmt="xlsx", out=tmp_path / "alles.xlsx").path, "Wat is er veranderd")
    with Store(db) as store:
        report = compare(store, 1, 2)
    assert [(row["Product"], row["Adres"]) for row in rows] == [(change.title, change.url) for change in report.changes]
    assert [row["Wat"] for row in rows] == ["nieuwe productpagina"] * 2 + ["bevinding opgelost"] * 2 + ["nieuwe bevinding"] * 2
    assert {row["Vergeleken met crawl"] for row in rows} == {1}


def test_the_counts_per_rule_include_what_was_settled(db: Path, tmp_path: Path) -> None:
    counts = _sheet(export_results(db, fmt="xlsx", out=tmp_path / "regels.xlsx").path, "Veranderd per regel")
    assert [row["Cluster"] for row in counts if row["Afgehandeld"]] == ["burgerzaken"]
    assert sum(row["Opgelost"] for row in counts) == 2 and sum(row["Nieuw"] for row in counts) == 2


def test_one_cluster_and_a_first_crawl(db: Path, tmp_path: Path) -> None:
    one = export_results(db, cluster="ondernemen", fmt="xlsx", out=tmp_path / "ondernemen.xlsx").path
    assert {row["Cluster"] for row in _sheet(one, "Wat is er veranderd")} == {"ondernemen"}
    first = export_results(db, crawl_id=1, fmt="xlsx", out=tmp_path / "eerste.xlsx").path
    assert _sheet(first, "Wat is er veranderd") == []  # nothing before the first crawl
