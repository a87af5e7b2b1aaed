"""Keeping it up to date, on the sample municipality: three crawls with the HTTP cache.

Crawl 1 and 2 see the site as it is (month 1): the second costs no full download. Then the
webredactie settles two findings. Crawl 3 sees month 2 (``wmebv sample serve --month 2``):
forms gained and lost, a dead form link, two moved pages, one gone, one new, texts better and
worse. ``wmebv changes`` must report exactly what ``content/maand-2.yml`` states by hand, and
only the pages that changed are downloaded again.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from audit.engine import audit_database
from audit.linkcheck import THIS_MACHINE
from crawler.options import CrawlOptions
from crawler.runner import run_crawl
from fixtures_db import DatasetteServer
from wmebv.app.cli import main
from wmebv.core.decisions import decision_line
from wmebv.core.labels import LABELS
from wmebv.core.store import Store
from wmebv.publish.export import export_results
from wmebv.publish.summaries import publish_crawl
from wmebv.sample.server import SampleServer
from wmebv.sample.site import build_site

pytestmark = pytest.mark.slow
TODAY = date(2026, 12, 1)
STABLE_PAGE = "/inwoners/paspoort-en-id-kaart/paspoort-aanvragen"  # not edited in month 2
EDITED_PAGE = "/producten/klacht-indienen"  # its text gets worse in month 2


class RequestLog:
    """The sample server's request log, read between two marks."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def mark(self) -> int:
        """The current end of the log."""
        return self.path.stat().st_size if self.path.exists() else 0

    def site_requests(self, start: int, end: int) -> list[tuple[str, str, int, int]]:
        """(method, path, status, body bytes) of the requests to the site host between two marks."""
        with self.path.open("rb") as handle:
            handle.seek(start)
            text = handle.read(end - start).decode("utf-8")
        rows = []
        for line in text.splitlines():
            _at, host, method, path, status, sent = line.split("\t")[:6]
            if host.startswith("127.0.0.1"):
                rows.append((method, path, int(status), int(sent)))
        return rows


def _settle(db: Path, crawl_id: int, base: str) -> Path:
    """besluiten.yml beside the database: one page + rule decision, one finding settled by its line."""
    with Store(db) as store:
        query = store.database.db.query
        finding = next(query("select f.fingerprint, a.text_fingerprint from findings f join page_audits a on a.page_id = f.page_id "
                             "where f.crawl_id = :c and f.url = :u and f.rule_id = 'norm.een-kanaal'",
                             {"c": crawl_id, "u": base + EDITED_PAGE}))
        stable_rule = next(query("select rule_id from findings where crawl_id = :c and url = :u order by rule_id limit 1",
                                 {"c": crawl_id, "u": base + STABLE_PAGE}))["rule_id"]
    line = decision_line(finding["fingerprint"], finding["text_fingerprint"])
    line = line.replace('reden: ""', 'reden: "Brief sturen mag ook"').replace('door: ""', 'door: "Webredactie"')
    path = db.parent / "besluiten.yml"
    path.write_text(
        "# Besluiten van de webredactie van Voorbeeldstad\n"
        f'- {{pagina: "{base}{STABLE_PAGE}", regel: {stable_rule}, besluit: niet-van-toepassing, '
        'reden: "Geldt niet voor dit product", door: "Webredactie"}\n'
        f"{line}\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def months(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Three crawls and audits of the sample: month 1, month 1 again, month 2; request log per phase."""
    folder = tmp_path_factory.mktemp("upkeep")
    db, log = folder / "voorbeeldstad.db", RequestLog(folder / "requests.tsv")
    phases: dict[str, list[tuple[str, str, int, int]]] = {}
    crawls: dict[str, int] = {}
    port, base, decisions = 0, "", None
    for name, month in (("first", 1), ("again", 1), ("month2", 2)):
        with SampleServer(port=port, month=month, max_age=0, request_log=log.path) as server:
            port, base = server.port, server.url
            options = CrawlOptions(start_url=server.url + "/", db_path=str(db), crawl_delay_cap=0.0, download_delay=0.0,
                                   quiet=True, progress_interval=60.0)
            start = log.mark()
            summary = run_crawl(options, echo=lambda line: None)
            phases[name] = log.site_requests(start, log.mark())
            assert summary.status == "finished"
            crawls[name] = summary.crawl_id
            audit = audit_database(db, summary.crawl_id, None, True, lambda line: None, today=TODAY, only_hosts=THIS_MACHINE,
                                   decisions_path=decisions)
            if name == "again":  # the webredactie settles two findings; the audit applies them
                decisions = _settle(db, summary.crawl_id, base)
                audit_database(db, summary.crawl_id, None, True, lambda line: None, today=TODAY, only_hosts=THIS_MACHINE,
                               decisions_path=decisions)
        with Store(db) as store:
            publish_crawl(store, summary.crawl_id)
    month1, month2 = build_site(base, month=1), build_site(base, month=2)
    changed = {path for path, resource in month2.site.items()
               if path not in month1.site or month1.site[path].body != resource.body}
    return {"db": db, "base": base, "phases": phases, "crawls": crawls, "changed": changed, "audit": audit,
            "manifest": month2.manifest(), "decisions": decisions}


def _expected(months: dict[str, Any]) -> dict[str, dict[str, set[str]]]:
    """Per page path: the change kinds and the rules of fixed and new findings the manifest states."""
    return {entry["path"]: {"changes": set(entry["changes"]), "fixed": set(entry["fixed"]), "new": set(entry["new"])}
            for entry in months["manifest"]["changes"]}


def _reported(rows: list[dict[str, Any]], base: str) -> dict[str, dict[str, set[str]]]:
    """The same shape from change rows (as the CLI, Datasette and the export give them)."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"changes": set(), "fixed": set(), "new": set()})
    for row in rows:
        path = row["url"].removeprefix(base)
        if row["kind"] == "bevinding-opgelost":
            found[path]["fixed"].add(row["rule_id"])
        elif row["kind"] == "bevinding-nieuw":
            found[path]["new"].add(row["rule_id"])
        else:
            found[path]["changes"].add(row["kind"])
    return dict(found)


def test_an_unchanged_site_costs_no_full_download(months: dict[str, Any]) -> None:
    first, again = months["phases"]["first"], months["phases"]["again"]
    downloads = [(method, path) for method, path, status, sent in again if status == 200 and sent]
    assert downloads == []
    assert Counter(status for *_, status, _ in again)[304] >= 240
    assert sum(sent for *_, sent in again) < 0.01 * sum(sent for *_, sent in first)


def test_month_two_downloads_each_changed_page_at_most_once(months: dict[str, Any]) -> None:
    downloads = Counter(path for method, path, status, sent in months["phases"]["month2"] if status == 200 and sent)
    assert downloads and max(downloads.values()) == 1
    assert set(downloads) <= months["changed"]
    products = {entry["path"] for entry in months["manifest"]["changes"] if "product-weg" not in entry["changes"]}
    edited_text = {path for path, kinds in ((e["path"], e["changes"]) for e in months["manifest"]["changes"]) if "tekst-gewijzigd" in kinds}
    assert edited_text <= set(downloads) and "/inwoners/wonen/huisnummer-aanvragen" not in downloads  # only its form died
    assert len(products) > 8


def test_wmebv_changes_reports_exactly_the_scripted_edits(months: dict[str, Any]) -> None:
    result = CliRunner().invoke(main, ["changes", "--db", str(months["db"]), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["from_crawl"]["id"], report["to_crawl"]["id"]) == (months["crawls"]["again"], months["crawls"]["month2"])
    assert _reported(report["changes"], months["base"]) == _expected(months)
    moved = {row["url"].removeprefix(months["base"]): row["old_url"].removeprefix(months["base"])
             for row in report["changes"] if row["kind"] == "product-verhuisd"}
    assert moved == {entry["path"]: entry["old_path"] for entry in months["manifest"]["changes"] if entry["old_path"]}
    totals = report["totals"]
    assert totals["fixed"] == sum(row["kind"] == "bevinding-opgelost" for row in report["changes"]) > 10
    assert totals["new"] == sum(row["kind"] == "bevinding-nieuw" for row in report["changes"]) > 10
    assert totals["still_open"] > 1500 and totals["settled"] == 1 and totals["gone"] > 0


def _from_labels(rows: list[dict[str, Any]], db: Path) -> list[dict[str, Any]]:
    """Rows as Datasette and the export show them (Dutch column names, labels, rule titles) in the CLI's shape."""
    kinds = {label: code for code, label in LABELS["change"].items()}
    with Store(db) as store:
        rules = {row["title"]: row["id"] for row in store.database.db.query("select id, title from rules")}
    return [{"kind": kinds[row["Wat"]], "rule_id": rules.get(row["Regel"], row["Regel"] or ""), "url": row["Adres"]}
            for row in rows]


def test_datasette_shows_exactly_the_scripted_edits(months: dict[str, Any]) -> None:
    with DatasetteServer(months["db"]) as server:
        status, _, body = server.get("/wmebv/wat_is_er_veranderd.json?_shape=array&_size=max")
        assert status == 200, body[:300]
        rows = json.loads(body)
        status, _, page = server.get(f"/pagina/{next(row['Pagina'] for row in rows if row['Wat'] == 'productpagina verhuisd')}")
    assert {row["Vergeleken met crawl"] for row in rows} == {months["crawls"]["again"]}
    assert _reported(_from_labels(rows, months["db"]), months["base"]) == _expected(months)
    assert status == 200 and ("Parkeervergunning" in page or "Hondenbelasting" in page)


def test_the_export_shows_exactly_the_scripted_edits(months: dict[str, Any], tmp_path: Path) -> None:
    path = export_results(months["db"], fmt="xlsx", out=tmp_path / "maand-2.xlsx").path
    sheet = list(load_workbook(path)["Wat is er veranderd"].iter_rows(values_only=True))
    rows = [dict(zip(sheet[0], row)) for row in sheet[1:]]
    assert _reported(_from_labels(rows, months["db"]), months["base"]) == _expected(months)


def test_the_text_report_names_each_change_in_dutch(months: dict[str, Any]) -> None:
    result = CliRunner().invoke(main, ["changes", "--db", str(months["db"]), "--all"])
    assert result.exit_code == 0, result.output
    text = result.output
    for heading in ("Nieuwe productpagina (1)", "Productpagina verdwenen (1)", "Productpagina verhuisd (2)",
                    "Nu een digitaal kanaal (2)", "Digitaal kanaal kwijt (1)", "Formulierlink werkt niet meer (1)",
                    "Nu op B1 (1)", "Niet meer op B1 (1)", "Nu compleet (1)", "Niet meer compleet (1)",
                    "Per cluster", "Per regel", "Opgeloste bevindingen", "Nieuwe bevindingen"):
        assert heading in text, heading
    assert "Subsidie voor een buurtinitiatief" in text and "was: " + months["base"] + "/loket/hondenbelasting.html" in text
    burgerzaken = CliRunner().invoke(main, ["changes", "--db", str(months["db"]), "--cluster", "burgerzaken"]).output
    assert "Trouwen of geregistreerd partnerschap" in burgerzaken and "Tapontheffing" not in burgerzaken


def test_explicit_crawls_and_mistakes(months: dict[str, Any]) -> None:
    db, crawls = str(months["db"]), months["crawls"]
    same = CliRunner().invoke(main, ["changes", "--db", db, "--from", str(crawls["first"]), "--to", str(crawls["again"]), "--json"])
    assert same.exit_code == 0 and json.loads(same.output)["changes"] == []
    backwards = CliRunner().invoke(main, ["changes", "--db", db, "--from", str(crawls["month2"]), "--to", str(crawls["first"])])
    assert backwards.exit_code != 0 and "eerdere crawl" in backwards.output
    missing = CliRunner().invoke(main, ["changes", "--db", db, "--from", "99"])
    assert missing.exit_code != 0 and "Crawl 99 staat niet in" in missing.output
    typo = CliRunner().invoke(main, ["changes", "--db", db, "--cluster", "burgerzakn"])
    assert typo.exit_code != 0 and "Bekende clusters: belastingen, burgerzaken" in typo.output


def test_settled_findings_stay_settled_until_the_text_changes(months: dict[str, Any]) -> None:
    base, crawl = months["base"], months["crawls"]["month2"]
    with Store(months["db"]) as store:
        query = store.database.db.query
        settled = {row["url"].removeprefix(base): row["decision"] for row in
                   query("select url, decision from settled_findings where crawl_id = :c", {"c": crawl})}
        review = [row["url"].removeprefix(base) for row in
                  query("select url from findings where crawl_id = :c and decision = 'opnieuw-bekijken'", {"c": crawl})]
        open_on_stable = list(query("select rule_id from findings where crawl_id = :c and url = :u", {"c": crawl, "u": base + STABLE_PAGE}))
    assert settled == {STABLE_PAGE: "niet-van-toepassing"}
    assert review == [EDITED_PAGE]
    assert months["audit"].decisions == {"niet-van-toepassing": 1, "opnieuw-bekijken": 1}
    assert "Opnieuw bekijken: 1" in months["audit"].format_nl()
    assert all(row["rule_id"] != settled for row in open_on_stable)
