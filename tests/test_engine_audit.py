"""`audit_database`: re-audit a stored crawl without crawling, idempotently, with link checks on 127.0.0.1."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from audit.engine import audit_database
from linkserver import html, serve
from wmebv.core.store import Store

TRICKY = Path(__file__).parent / "tricky"


def _page(base: str, slug: str, body: str, **extra: object) -> dict:
    """A stored product page."""
    return {"url": f"{base}/{slug}", "title": slug, "http_status": 200, "is_product": 1, "cluster": "vergunningen",
            "html": f"<html><body><main>{body}</main></body></html>", **extra}


@pytest.fixture
def crawled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A database with one crawl of four product pages; the forms live on a local server."""
    routes = {"/standplaats/": html("formulier"), "/kap-aanvraagformulier.pdf": (200, "application/pdf", b"%PDF-1.4", {})}
    with serve(routes) as (base, seen):
        db = tmp_path / "audit.db"
        with Store(db) as store:
            crawl = store.crawls.start("test", base, {})
            store.pages.save(crawl, _page(base, "standplaats", f"<h1>Standplaatsvergunning</h1><p><a class='btn' href='{base}/standplaats/'>Vraag aan</a></p>",
                                         upl_name="standplaatsvergunning", upl_uri="http://standaarden.overheid.nl/owms/terms/standplaatsvergunning"))
            store.pages.save(crawl, _page(base, "afvalpas", f"<h1>Afvalpas</h1><p><a class='btn' href='{base}/oud-formulier/'>Vraag een afvalpas aan</a></p>"))
            store.pages.save(crawl, _page(base, "kappen", "<h1>Kapvergunning aanvragen</h1><p>Download het <a href='/kap-aanvraagformulier.pdf'>aanvraagformulier</a> en stuur het op.</p>"))
            store.pages.save(crawl, {**_page(base, "paspoort", (TRICKY / "paspoort-toestemming-digid.html").read_text(encoding="utf-8")),
                                    "html": (TRICKY / "paspoort-toestemming-digid.html").read_text(encoding="utf-8")})
            store.pages.save(crawl, {**_page(base, "nieuws", "<h1>Nieuws</h1><p>Nieuws.</p>"), "is_product": 0})
            store.pages.save_sc_claims(crawl, [{"url": f"{base}/kappen", "online_aanvragen": "digid", "aanvraag_url": f"{base}/kap-weg/"}])
            store.crawls.finish(crawl, "finished", {})
        yield db, crawl, base, seen


def test_audit_results_and_findings(crawled) -> None:
    """Channel status per page, dead link and SC claim reported, inventory filled."""
    db, crawl, base, seen = crawled
    lines: list[str] = []
    summary = audit_database(db, crawl, None, True, lines.append, today=date(2026, 11, 22))
    assert summary.product_pages == 4 and summary.pages == 5
    assert "Controle van crawl" in summary.format_nl()
    with Store(db) as store:
        inventory = {row["url"].removeprefix(base): row for row in store.publication.inventory(crawl)}
        findings = {(row["url"].removeprefix(base), row["rule_id"]) for row in store.results.findings(crawl)}
        channels = store.database.db.query("select url, check_status, check_detail from channels where crawl_id = :c", {"c": crawl})
        checks = {row["url"]: row["check_status"] for row in channels}
    assert inventory["/standplaats"]["channel_status"] == "digital"
    assert inventory["/standplaats"]["wmebv_status"] == "voldoet"
    assert inventory["/afvalpas"]["channel_status"] == "none"  # the only form link is dead
    assert inventory["/kappen"]["channel_status"] == "paper_only"
    assert inventory["/paspoort"]["wmebv_status"] == "vrijgesteld"
    assert checks[f"{base}/oud-formulier/"] == "dead"
    assert ("/afvalpas", "kanaal.dode-link") in findings
    assert ("/kappen", "kanaal.alleen-papier") in findings
    assert ("/kappen", "kanaal.sc-claim-onjuist") in findings
    assert not any(url == "/paspoort" and rule.startswith("kanaal.") for url, rule in findings)
    for column in ("url", "title", "cluster", "upl_name", "channel_status", "channel_kind", "channel_url", "auth",
                   "wmebv_status", "b1_ok", "missing_sections", "open_findings", "dead_links", "unverified_links"):
        assert column in inventory["/standplaats"]
    assert inventory["/afvalpas"]["open_findings"] >= 1
    assert seen.count("/oud-formulier/") == 1
    assert not any("toestemming" in path for path in seen)  # other hosts are never requested in tests


def test_audit_is_idempotent_and_keeps_first_seen(crawled) -> None:
    """Running twice gives the same findings; a finding keeps the crawl in which it was first seen."""
    db, crawl, base, _ = crawled
    audit_database(db, crawl, None, True, lambda line: None, today=date(2026, 11, 22))
    with Store(db) as store:
        first = sorted((r["url"], r["rule_id"], r["evidence"]) for r in store.results.findings(crawl))
        crawl2 = store.crawls.start("test", base, {})
        for row in store.pages.iterate(crawl):
            store.pages.save(crawl2, {k: row[k] for k in ("url", "title", "is_product", "cluster", "upl_name", "upl_uri", "html")})
        store.crawls.finish(crawl2, "finished", {})
    audit_database(db, crawl, None, True, lambda line: None, today=date(2026, 11, 22))
    audit_database(db, crawl2, None, False, lambda line: None, today=date(2026, 11, 22))
    with Store(db) as store:
        again = sorted((r["url"], r["rule_id"], r["evidence"]) for r in store.results.findings(crawl))
        later = store.results.findings(crawl2)
        profile = json.loads(store.crawls.get(crawl)["profile"])
        rules = {row["id"] for row in store.database.db.query("select id from rules")}
    assert again == first
    assert later and all(row["first_seen_crawl"] == crawl and row["last_seen_crawl"] == crawl2
                         for row in later if (row["url"], row["rule_id"], row["evidence"]) in {(u, r, e) for u, r, e in first})
    assert profile["name"] == "standaard"
    assert {"kanaal.geen-digitaal-kanaal", "kanaal.dode-link", "kanaal.sc-claim-onjuist"} <= rules


def test_profile_switches_a_rule_off(crawled, tmp_path: Path) -> None:
    """A profile can switch a rule off and change a severity."""
    db, crawl, _, _ = crawled
    profile = tmp_path / "profiel.yml"
    profile.write_text("name: Heidedorp\nrules:\n  kanaal.alleen-papier: {enabled: false}\n"
                       "  kanaal.dode-link: {severity: midden}\n", encoding="utf-8")
    audit_database(db, crawl, profile, True, lambda line: None)
    with Store(db) as store:
        rows = store.results.findings(crawl)
    assert not any(row["rule_id"] == "kanaal.alleen-papier" for row in rows)
    assert {row["severity"] for row in rows if row["rule_id"] == "kanaal.dode-link"} == {"midden"}


def test_site_structure_is_the_norm(tmp_path: Path) -> None:
    """The audit names the site's usual structure, stores it with the crawl and flags the page that deviates."""
    usual = "<h1>{t}</h1><p>Dit is een product van de gemeente voor inwoners.</p><h2>Hoe vraag ik het aan?</h2><p>Online.</p>" \
            "<h2>Wat kost het?</h2><p>Het kost € 10.</p><h2>Hoe lang duurt het?</h2><p>U krijgt binnen 8 weken een besluit.</p>"
    db = tmp_path / "site.db"
    base = "http://127.0.0.1:9"
    with Store(db) as store:
        crawl = store.crawls.start("test", base, {})
        for slug in ("een", "twee", "drie", "vier"):
            store.pages.save(crawl, _page(base, slug, usual.format(t=slug.title())))
        odd = "<h1>Vijf</h1><p>Dit is een product van de gemeente voor inwoners.</p><h2>Hoe vraag ik het aan?</h2><p>Online.</p>"
        store.pages.save(crawl, _page(base, "vijf", odd))
        store.crawls.finish(crawl, "finished", {})
    summary = audit_database(db, crawl, None, False, lambda line: None, today=date(2026, 11, 22))
    assert "Gebruikelijke opbouw" in summary.format_nl()
    with Store(db) as store:
        report = json.loads(store.crawls.get(crawl)["site_structure"])
        deviating = {row["url"].removeprefix(base) for row in store.results.findings(crawl) if row["rule_id"] == "structuur.afwijkend-patroon"}
    assert report["dominant"][:2] == ["wat_is_het", "aanvragen"] and "kosten" in report["dominant"]
    assert [item["url"].removeprefix(base) for item in report["deviations"]] == ["/vijf"]
    assert deviating == {"/vijf"}


def _link_results(db: Path, crawl: int) -> dict[str, tuple[str, str]]:
    """Per channel link of the crawl: (check status, Dutch detail)."""
    with Store(db) as store:
        rows = store.database.db.query("select url, check_status, check_detail from channels where crawl_id = :c and url is not null",
                                       {"c": crawl})
        return {row["url"]: (row["check_status"], row["check_detail"]) for row in rows if row["check_status"]}


def test_a_second_audit_the_same_day_asks_no_link_again(crawled) -> None:
    """Re-running the audit (after settling findings, say) reuses the day's answers; --recheck-links asks again."""
    db, crawl, base, seen = crawled
    first = audit_database(db, crawl, None, True, lambda line: None, today=date(2026, 11, 22))
    asked = len(seen)
    results = _link_results(db, crawl)
    assert asked >= 2 and results[f"{base}/oud-formulier/"][0] == "dead"

    second = audit_database(db, crawl, None, True, lambda line: None, today=date(2026, 11, 22))
    assert len(seen) == asked, seen[asked:]  # nothing asked again
    assert _link_results(db, crawl) == results
    assert (second.links_checked, second.links_broken) == (first.links_checked, first.links_broken)
    assert any("niet opnieuw gevraagd" in note for note in second.notes)
    with Store(db) as store:
        inventory = {row["url"].removeprefix(base): row for row in store.publication.inventory(crawl)}
    assert inventory["/afvalpas"]["channel_status"] == "none" and inventory["/standplaats"]["channel_status"] == "digital"

    audit_database(db, crawl, None, True, lambda line: None, today=date(2026, 11, 22), recheck_links=True)
    assert seen[asked:].count("/oud-formulier/") == 1 and seen[asked:].count("/standplaats/") == 1


def test_an_old_answer_or_one_of_another_crawl_is_asked_again(crawled) -> None:
    """An answer older than reuse_hours does not count, nor one an audit of another crawl got."""
    db, crawl, base, seen = crawled
    audit_database(db, crawl, None, True, lambda line: None, today=date(2026, 11, 22))
    asked = len(seen)
    with Store(db) as store:
        store.database.db.execute("update link_checks set checked_at = '2026-01-01T00:00:00+00:00'")
        store.database.db.conn.commit()
    audit_database(db, crawl, None, True, lambda line: None, today=date(2026, 11, 22))
    assert seen[asked:].count("/oud-formulier/") == 1
    asked = len(seen)
    with Store(db) as store:
        other = store.crawls.start("test", base, {})
        store.database.db.execute("update link_checks set crawl_id = ?, checked_at = ?", [other, "2099-01-01T00:00:00+00:00"])
        store.database.db.conn.commit()
    audit_database(db, crawl, None, True, lambda line: None, today=date(2026, 11, 22))
    assert seen[asked:].count("/oud-formulier/") == 1
