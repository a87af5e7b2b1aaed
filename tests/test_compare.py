"""`wmebv compare`: audited databases of 3 and of 342 municipalities, compared per UPL product, and published in Dutch."""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from wmebv.app.cli import main
from wmebv.core.errors import UserError
from wmebv.core.store import Store
from wmebv.publish.compare import best_pages, build_comparison, platform_of
from wmebv.publish.compare_serve import build_comparison_datasette

URI = "http://standaarden.overheid.nl/owms/terms/product-{}"
PLATFORMS = ["Open Formulieren (inloggen met DigiD)", "TriplEforms Direct Regelen", "", "Formdesk"]
PRODUCTS = 30
SECTION_RULE = "structuur.sectie-ontbreekt"


def offers(town: int, product: int) -> bool:
    """Whether municipality ``town`` has a page about ``product`` (a fixed, uneven pattern)."""
    return (town + product) % 3 != 0


def facts(town: int, product: int) -> dict[str, Any]:
    """The audit of municipality ``town``'s page about ``product``."""
    digital = (town * product) % 4 != 0
    return {"digital": digital, "platform": PLATFORMS[(town + product) % len(PLATFORMS)] if digital else None,
            "b1": product % 2 == 0, "complete": product % 5 != 0}


def make_site(path: Path, town: int) -> None:
    """An audited wmebv database of one fictional municipality, written through the store."""
    with Store(path) as store:
        store.results.save_rules([{"id": SECTION_RULE, "family": "structuur", "severity": "midden", "title": "Onderdeel ontbreekt",
                                   "message": "", "why": "", "fix": "", "kind": "sections_missing", "enabled": 1}])
        crawl = store.crawls.start(f"http://127.0.0.1:{9000 + town}", f"http://127.0.0.1:{9000 + town}/",
                                   {"site_name": f"Gemeente {town:03d}"})
        for product in range(PRODUCTS):
            if not offers(town, product):
                continue
            fact = facts(town, product)
            url = f"http://127.0.0.1:{9000 + town}/producten/{product}"
            page_id = store.pages.save(crawl, {"url": url, "title": f"Product {product}", "is_product": 1, "html": "<p>x</p>",
                                               "upl_name": f"product {product}", "upl_uri": URI.format(product),
                                               "cluster": "burgerzaken" if product % 2 else "vergunningen"})
            form = f"http://localhost:{9000 + town}/formulier-{product}"
            channels = ([{"kind": "webform", "url": form, "label": "Vraag aan", "digital": 1, "platform": fact["platform"],
                          "check_status": "ok"}] if fact["digital"] else [])
            store.results.save_audit(crawl, page_id, {
                "url": url, "is_product_page": 1, "channel_status": "digital" if fact["digital"] else "paper_only",
                "channel_kind": "webform" if fact["digital"] else "paper_form", "channel_url": form if fact["digital"] else None,
                "b1_ok": int(fact["b1"]), "sections_missing": "[]" if fact["complete"] else '["termijn"]',
                "wmebv_status": "voldoet" if fact["digital"] else "actie-nodig"}, channels,
                [] if fact["complete"] else [{"rule_id": SECTION_RULE, "family": "structuur", "severity": "midden",
                                              "message": "Ontbrekend deel: termijn", "evidence": "termijn"}])
        store.crawls.finish(crawl, "finished", {"pages_fetched": PRODUCTS, "product_pages": PRODUCTS})
        store.publication.publish(crawl)


def make_region(folder: Path, towns: int) -> Path:
    """A folder with the databases of ``towns`` municipalities."""
    folder.mkdir()
    for town in range(towns):
        make_site(folder / f"gemeente-{town:03d}.db", town)
    return folder


def expected(towns: int) -> dict[str, tuple[int, int, int, int]]:
    """Per UPL product: municipalities with a page, with a digital channel, on B1, complete."""
    result = {}
    for product in range(PRODUCTS):
        having = [facts(town, product) for town in range(towns) if offers(town, product)]
        result[URI.format(product)] = (len(having), sum(f["digital"] for f in having), sum(f["b1"] for f in having),
                                       sum(f["complete"] for f in having))
    return result


def query(datasette: Any, path: str) -> list[dict[str, Any]]:
    """The rows of a Datasette page as JSON (shape=objects)."""
    response = asyncio.run(datasette.client.get(path + ("&" if "?" in path else "?") + "_shape=objects"))
    assert response.status_code == 200, response.text
    return response.json()["rows"]


@pytest.mark.parametrize("towns", [3, 342])
def test_counts_per_product_and_place_per_municipality(tmp_path: Path, towns: int) -> None:
    folder = make_region(tmp_path / "regio", towns)
    out = tmp_path / "vergelijking.db"
    report = build_comparison([folder], out, echo=lambda line: None)
    assert len(report.compared) == towns and not report.left_out and report.products == PRODUCTS
    with sqlite3.connect(out) as db:
        rows = db.execute("select upl_uri, municipalities, digital, b1, complete, compared from product_comparison").fetchall()
        ranking = db.execute("select name, share_digital, rank_digital, compared from municipality_ranking").fetchall()
        platforms = dict(db.execute("select platform, count(*) from products group by platform").fetchall())
    assert {uri: (n, digital, b1, complete) for uri, n, digital, b1, complete, _ in rows} == expected(towns)
    assert {compared for *_, compared in rows} == {towns}
    ranked = sorted(ranking, key=lambda row: row[2])
    assert ranked[0][2] == 1 and all(a[1] >= b[1] for a, b in zip(ranked, ranked[1:])) and ranking[0][3] == towns
    assert "Open Formulieren" in platforms and "eigen webformulier" in platforms and None in platforms  # details folded

    datasette = build_comparison_datasette(out)
    per_product = query(datasette, "/vergelijking/per_product.json?cluster=&zoek=")
    assert len(per_product) == PRODUCTS and per_product[0]["Gemeenten met een pagina"] == max(v[0] for v in expected(towns).values())
    one = query(datasette, f"/vergelijking/product.json?product={URI.format(7)}")
    assert len(one) == expected(towns)[URI.format(7)][0]
    assert [row["Kanaal"] for row in one] == sorted((row["Kanaal"] for row in one), key=lambda k: k != "digitaal")
    assert all(row["Adres"].startswith("http://127.0.0.1:") for row in one)
    places = query(datasette, "/vergelijking/per_gemeente.json")
    assert len(places) == towns and places[0]["Plaats digitaal"] == f"1 van {towns}"
    learn = query(datasette, "/vergelijking/leren_van_anderen.json?gemeente=Gemeente+000")
    own = {URI.format(p) for p in range(PRODUCTS) if offers(0, p) and not facts(0, p)["digital"]}
    assert {row["UPL-code"] for row in learn} == {uri for uri in own if expected(towns)[uri][1] > 0}
    assert all(row["Goed voorbeeld"] != "Gemeente 000" and row["Adres"] for row in learn)
    start = asyncio.run(datasette.client.get("/"))
    assert start.status_code == 200 and "Gemeenten vergeleken" in start.text and f"{towns}</span> gemeenten" in start.text
    assert "/vergelijking/product?product=" in asyncio.run(datasette.client.get("/vergelijking/per_product?cluster=&zoek=")).text


def test_best_page_per_product_and_platform_names() -> None:
    rows = [
        {"upl_uri": "u", "url": "http://a/papier", "channel_status": "paper_only", "is_digital": 0, "is_complete": 1, "is_b1": 1},
        {"upl_uri": "u", "url": "http://a/digitaal-lang", "channel_status": "digital", "channel_kind": "email",
         "is_digital": 1, "is_complete": 0, "is_b1": 1, "platform": ""},
        {"upl_uri": "u", "url": "http://a/digitaal", "channel_status": "digital", "channel_kind": "webform",
         "is_digital": 1, "is_complete": 1, "is_b1": 0, "platform": "Open Formulieren (inloggen met eHerkenning)"},
    ]
    [best] = best_pages(rows)
    assert (best["url"], best["pages"], best["complete"], best["platform"]) == ("http://a/digitaal", 3, 1, "Open Formulieren")
    assert platform_of(rows[1]) == "e-mail" and platform_of(rows[0]) is None


def test_databases_without_results_are_named_not_compared(tmp_path: Path) -> None:
    folder = make_region(tmp_path / "regio", 2)
    with Store(folder / "leeg.db"):
        pass
    (folder / "kapot.db").write_bytes(b"geen database")
    report = build_comparison([folder], tmp_path / "vergelijking.db", echo=lambda line: None)
    assert len(report.compared) == 2
    assert {name for name, _ in report.left_out} == {"leeg.db", "kapot.db"}
    assert "Niet vergeleken" in report.format_nl()
    again = build_comparison([folder], folder / "vergelijking.db", echo=lambda line: None)  # the output in the folder
    assert len(again.compared) == 2 and len(build_comparison([folder], folder / "vergelijking.db", echo=print).compared) == 2


def test_compare_never_overwrites_a_database_of_a_municipality(tmp_path: Path) -> None:
    folder = make_region(tmp_path / "regio", 2)
    with pytest.raises(UserError, match="geen vergelijking"):
        build_comparison([folder], folder / "gemeente-000.db", echo=lambda line: None)
    result = CliRunner().invoke(main, ["compare", str(tmp_path / "bestaat-niet"), "--db", str(tmp_path / "v.db")])
    assert result.exit_code == 1 and "bestaat niet" in result.output


def test_compare_command_and_serving_the_comparison(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_region(tmp_path / "regio", 3)
    result = CliRunner().invoke(main, ["compare", str(folder), "--db", str(tmp_path / "v.db")])
    assert result.exit_code == 0, result.output
    assert "3 gemeenten vergeleken" in result.output and "wmebv serve --db" in result.output
    served: list[Path] = []
    monkeypatch.setattr("wmebv.publish.compare_serve.serve_comparison", lambda db, **kwargs: served.append(db))
    assert CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "v.db"), "--port", "0"]).exit_code == 0
    assert CliRunner().invoke(main, ["serve", "--dir", str(folder), "--port", "0"]).exit_code == 0
    assert served[0] == tmp_path / "v.db" and served[1].name == "vergelijking.db"
    both = CliRunner().invoke(main, ["serve", "--dir", str(folder), "--db", str(tmp_path / "v.db")])
    assert both.exit_code == 1 and "niet allebei" in both.output


def test_counts_stay_counts() -> None:
    """The comparison helpers count what they are given (a guard for the expected() above)."""
    assert sum(expected(3)[URI.format(p)][0] for p in range(PRODUCTS)) == sum(
        1 for town in range(3) for p in range(PRODUCTS) if offers(town, p))
    assert Counter(facts(1, p)["digital"] for p in range(PRODUCTS))[True] > 0
