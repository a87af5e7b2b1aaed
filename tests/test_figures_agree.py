"""Every place a user reads a figure gives the same number (fixture database; the sample: test_datasette_sample)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from figures_support import check_figures_agree
from fixtures_db import DatasetteServer, build_audited_db


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_audited_db(tmp_path_factory.mktemp("cijfers") / "voorbeeldstad.db")


@pytest.fixture(scope="module")
def server(db: Path) -> Iterator[DatasetteServer]:
    with DatasetteServer(db) as running:
        yield running


def test_front_page_overview_worklists_and_export_agree(db: Path, server: DatasetteServer, tmp_path: Path) -> None:
    figures = check_figures_agree(db, server, tmp_path)
    assert figures["products"] == 14
