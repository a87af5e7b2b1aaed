"""Settled findings: `wmebv audit` applies the webredactie's decisions; a changed page text brings them back."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from audit.engine import audit_database
from audit.linkcheck import THIS_MACHINE
from wmebv.app.cli import main
from wmebv.core.decisions import decision_line
from wmebv.core.store import Store
from wmebv.publish.summaries import publish_crawl

BASE = "http://127.0.0.1:9/"
REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 3, 1)
OFFICIAL = "Indien u een parkeervergunning wenst, kunt u deze online aanvragen."
TEXT = ("<h1>Parkeervergunning aanvragen</h1><p>{extra}Woont u in het centrum? Dan heeft u een vergunning nodig om uw auto "
        "in de straat te zetten.</p><h2>Aanvragen</h2><p>" + OFFICIAL + "</p>"
        "<p><a class='btn' href='http://localhost:9/parkeren/'>Vraag aan</a></p>"
        "<h2>Kosten</h2><p>Een vergunning kost 50 euro per jaar.</p>")


def _crawl(store: Store, extra: str = "") -> int:
    """One finished crawl with one product page and one other page."""
    crawl = store.crawls.start("test", BASE, {})
    store.pages.save(crawl, {"url": BASE + "parkeren", "title": "Parkeervergunning", "http_status": 200, "is_product": 1,
                             "cluster": "openbare-ruimte", "html": f"<html><body><main>{TEXT.format(extra=extra)}</main></body></html>",
                             "upl_name": "parkeervergunning", "upl_uri": "http://standaarden.overheid.nl/owms/terms/parkeervergunning"})
    store.pages.save(crawl, {"url": BASE + "nieuws", "title": "Nieuws", "http_status": 200, "is_product": 0,
                             "html": "<html><body><main><h1>Nieuws</h1><p>Het stadhuis is dicht op maandag.</p></main></body></html>"})
    store.crawls.finish(crawl, "finished", {})
    return crawl


def _audit(db: Path, crawl: int, decisions: Path | None = None) -> Any:
    summary = audit_database(db, crawl, None, False, lambda line: None, today=TODAY, decisions_path=decisions)
    with Store(db) as store:
        publish_crawl(store, crawl)
    return summary


def _worklist_rows(db: Path) -> list[dict[str, Any]]:
    """Every row of every worklist (the views metadata.yml gives a user group) for the crawl they show."""
    tables = yaml.safe_load((REPO / "datasette" / "metadata.yml").read_text(encoding="utf-8"))["databases"]["wmebv"]["tables"]
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    rows: list[dict[str, Any]] = []
    for name, about in tables.items():
        if about.get("group"):
            columns = [row[1] for row in connection.execute(f"pragma table_info([{name}])")]
            sql = f"select * from [{name}]" + (" where _crawl = (select crawl_id from shown_crawl)" if "_crawl" in columns else "")
            rows += [dict(row) for row in connection.execute(sql)]
    connection.close()
    assert rows, "no worklist rows at all"
    return rows


@pytest.fixture
def audited(tmp_path: Path) -> tuple[Path, int, dict[str, Any]]:
    """A database with one audited crawl, and the finding on the officialese sentence."""
    db = tmp_path / "stad.db"
    with Store(db) as store:
        crawl = _crawl(store)
    _audit(db, crawl)
    with Store(db) as store:
        rows = store.database.db.query(
            "select f.*, a.text_fingerprint from findings f join page_audits a on a.page_id = f.page_id "
            "where f.crawl_id = :c and f.rule_id = 'taal.ambtelijk-woord' and f.evidence like '%Indien%'", {"c": crawl})
        finding = next(iter(rows))
    return db, crawl, finding


def _settle(folder: Path, finding: dict[str, Any]) -> Path:
    """besluiten.yml with the line Datasette offers for this finding, filled in."""
    line = decision_line(finding["fingerprint"], finding["text_fingerprint"])
    line = line.replace('reden: ""', 'reden: "Dit woord kennen onze lezers"').replace('door: ""', 'door: "Webredactie"')
    path = folder / "besluiten.yml"
    path.write_text(f"# Besluiten van de webredactie\n{line}\n", encoding="utf-8")
    return path


def test_a_settled_finding_leaves_every_worklist_and_is_counted(audited: tuple[Path, int, dict[str, Any]], tmp_path: Path) -> None:
    db, crawl, finding = audited
    assert any(finding["evidence"] in row.values() for row in _worklist_rows(db))
    with Store(db) as store:
        before = store.publication.inventory(crawl)[0]["open_findings"]
    summary = _audit(db, crawl, _settle(tmp_path, finding))
    assert summary.decisions == {"geaccepteerd": 1}
    assert "Besluiten van de webredactie" in summary.format_nl() and "1 geaccepteerd" in summary.format_nl()
    assert not any(finding["evidence"] in row.values() for row in _worklist_rows(db))
    with Store(db) as store:
        db_ = store.database.db
        assert store.publication.inventory(crawl)[0]["open_findings"] == before - 1
        settled = list(db_.query("select * from settled_findings where crawl_id = :c", {"c": crawl}))
        assert [row["fingerprint"] for row in settled] == [finding["fingerprint"]]
        assert settled[0]["decided_by"] == "Webredactie" and settled[0]["decision_source"].endswith("besluiten.yml:2")
        assert settled[0]["first_seen_crawl"] == crawl
        clusters = {row["cluster"]: row for row in store.publication.cluster_summary(crawl)}
        assert clusters["openbare-ruimte"]["settled_findings"] == 1
        rule = next(db_.query("select * from rule_summary where crawl_id = :c and rule_id = 'taal.ambtelijk-woord'", {"c": crawl}))
        assert rule["settled"] == 1
        assert "besluiten.yml" in store.crawls.get(crawl)["decisions"]
    # Without the file the finding is open again: the audit stays idempotent and the decisions are data.
    _audit(db, crawl)
    assert any(finding["evidence"] in row.values() for row in _worklist_rows(db))


def test_a_changed_page_text_brings_the_finding_back_for_review(audited: tuple[Path, int, dict[str, Any]], tmp_path: Path) -> None:
    db, _, finding = audited
    decisions = _settle(tmp_path, finding)
    with Store(db) as store:
        same = _crawl(store)
        changed = _crawl(store, extra="Let op: vanaf 1 april gelden nieuwe regels. ")
    assert _audit(db, same, decisions).decisions == {"geaccepteerd": 1}  # same text in a new crawl: still settled
    summary = _audit(db, changed, decisions)
    assert summary.decisions == {"opnieuw-bekijken": 1}
    assert "Opnieuw bekijken: 1" in summary.format_nl()
    with Store(db) as store:
        back = list(store.database.db.query("select * from findings where crawl_id = :c and fingerprint = :f",
                                            {"c": changed, "f": finding["fingerprint"]}))
        assert len(back) == 1 and back[0]["decision"] == "opnieuw-bekijken"
        assert back[0]["decision_reason"] == "Dit woord kennen onze lezers"
        assert back[0]["first_seen_crawl"] < changed  # it keeps its history
        assert store.publication.cluster_summary(changed)[0]["review_findings"] == 1


def test_the_command_line_finds_besluiten_yml_beside_the_database(audited: tuple[Path, int, dict[str, Any]]) -> None:
    db, crawl, finding = audited
    _settle(db.parent, finding)
    result = CliRunner().invoke(main, ["audit", "--db", str(db), "--no-check-links", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "1 geaccepteerd" in result.output
    broken = db.parent / "kapot.yml"
    broken.write_text("- {bevinding: \"0123456789abcdef\", besluit: misschien, reden: r, door: d}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", "--db", str(db), "--decisions", str(broken), "--quiet"])
    assert result.exit_code != 0 and f"{broken}, regel 1: besluit moet" in result.output


def test_a_decision_that_matches_nothing_is_reported(audited: tuple[Path, int, dict[str, Any]], tmp_path: Path) -> None:
    db, crawl, finding = audited
    path = _settle(tmp_path, finding)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('- {bevinding: "00000000000000aa", besluit: geaccepteerd, reden: "Opgelost", door: "Webredactie"}\n')
    summary = _audit(db, crawl, path)
    assert summary.unused_decisions == [3]
    assert "1 besluiten horen bij geen bevinding meer (regel 3)" in summary.format_nl()


def test_the_audit_beside_the_crawl_applies_the_decisions(audited: tuple[Path, int, dict[str, Any]], tmp_path: Path) -> None:
    """`wmebv crawl` audits with the same decisions as `wmebv audit` (wmebv.app.live hands them to the auditor)."""
    from audit.engine import known_rule_ids
    from audit.resources import load_resources
    from wmebv.app.live import AuditBesideCrawl
    from wmebv.core.decisions import load_decisions

    db, _, finding = audited
    resources = load_resources(None)
    decisions = load_decisions(_settle(tmp_path, finding), known_rule_ids(resources))
    with Store(db) as store:
        crawl = _crawl(store)
    beside = AuditBesideCrawl(db, resources, today=TODAY, decisions=decisions)
    try:
        summary = beside.finish(crawl, check_links=False, only_hosts=THIS_MACHINE, echo=lambda line: None)
    finally:
        beside.close()
    assert summary.decisions == {"geaccepteerd": 1}
