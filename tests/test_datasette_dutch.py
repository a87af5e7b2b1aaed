"""Every page a user reads in Datasette is Dutch: no English label of Datasette, no code, no raw JSON.

Walks every worklist (with a filter, a second page, and every column), our own pages, a table, a
row, the database page and an error page, and fails on English words (tests/english_words.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
import yaml

from english_words import english_words_in
from fixtures_db import DatasetteServer, build_audited_db

REPO = Path(__file__).resolve().parent.parent
TABLES = yaml.safe_load((REPO / "datasette" / "metadata.yml").read_text(encoding="utf-8"))["databases"]["wmebv"]["tables"]
WORKLISTS = sorted(name for name, about in TABLES.items() if about.get("group"))
# What a user must never see: a rule id, a section or status code, a JSON list.
CODES = re.compile(r"\b(?:taal|kanaal|structuur|norm)\.[a-z][a-z-]+|\bwat_is_het\b|\bactie-nodig\b|\[\"|\bpaper_only\b")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatasetteServer]:
    db = build_audited_db(tmp_path_factory.mktemp("nederlands") / "voorbeeldstad.db")
    with DatasetteServer(db) as running:
        yield running


def visible_text(html: str) -> str:
    """What a reader sees: no scripts, styles, tags, attributes or comments."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    html = re.sub(r"<!--.*?-->", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]*>", " ", html))


def our_pages(server: DatasetteServer) -> list[str]:
    """Every worklist (filtered, a later page, every column, an older crawl) and our own pages."""
    page = json.loads(server.get("/wmebv/inventaris.json?_shape=array&_size=1")[2])[0]["Pagina"]
    addresses = ["/", "/overzicht", "/help", "/taalniveau", f"/pagina/{page}", "/pagina/999999"]
    for name in WORKLISTS:
        addresses += [f"/wmebv/{name}", f"/wmebv/{name}?_size=3&_next=3", f"/wmebv/{name}?_alle_kolommen=1",
                      f"/wmebv/{name}?Cluster=vergunningen", f"/wmebv/{name}?_crawl=1"]
    return addresses


def datasette_pages(server: DatasetteServer) -> list[str]:
    """Datasette's own pages: the database page, tables, a row, an error."""
    finding = json.loads(server.get("/wmebv/findings.json?_shape=array&_size=1")[2])[0]["id"]
    return ["/wmebv", "/wmebv/findings", "/wmebv/findings?severity=hoog&_facet=family&_size=5",
            "/wmebv/crawls", "/wmebv/rules", f"/wmebv/findings/{finding}", "/wmebv/bestaat-niet"]


def chrome(html: str) -> str:
    """A table page without its data: the rows, the column names (in lists and filters) and the table names."""
    for pattern in (r"<table\b.*?</table>", r"<select\b.*?</select>", r"<dl\b.*?</dl>", r"<small>.*?</small>",
                    r'<p class="facet-info-name">.*?</p>', r'<ul class="tight-bullets">.*?</ul>',
                    r'<p class="aantal">.*?</p>', r"<h1\b.*?</h1>", r"<title>.*?</title>"):
        html = re.sub(pattern, " ", html, flags=re.S)
    return html


@pytest.mark.parametrize("kind", ["worklists and our pages", "Datasette's pages"])
def test_every_page_a_user_reads_is_dutch(server: DatasetteServer, kind: str) -> None:
    """Worklists and our pages: every word. Datasette's table pages: every word but the data itself."""
    ours = kind.startswith("worklists")
    problems = {}
    for address in (our_pages(server) if ours else datasette_pages(server)):
        status, _, html = server.get(address)
        assert status in (200, 404), (address, status)
        text = visible_text(html if ours else chrome(html))
        found = english_words_in(text) + (sorted(set(CODES.findall(text))) if ours else [])
        if found:
            problems[address] = found
    assert not problems, problems


def test_the_check_finds_english() -> None:
    """The walk above can fail: Datasette's own labels are caught."""
    assert english_words_in("2,055 rows where severity = hoog") == ["rows"]
    assert english_words_in("Apply") == ["Apply"] and english_words_in("View and edit SQL") == ["View and edit"]
    assert english_words_in("Lees 'Read this page in English' en https://x.nl/page") == []
