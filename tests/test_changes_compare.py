"""How two crawls are matched: product pages by address, redirect and UPL product; findings by fingerprint."""

from __future__ import annotations

from typing import Any

from wmebv.core.store import finding_fingerprint
from wmebv.publish.changes import compare_findings, match_products, product_changes

UPL = "http://standaarden.overheid.nl/owms/terms/"


def _page(url: str, upl: str | None = None, title: str = "Product", **state: Any) -> dict[str, Any]:
    row = {"page_id": 1, "url": url, "title": title, "cluster": "wonen", "upl_uri": upl and UPL + upl, "upl_name": upl,
           "channel_status": "digital", "channel_kind": "webform", "is_digital": 1, "b1_ok": 1, "b1_level": "B1", "is_b1": 1,
           "is_complete": 1, "sections_missing": "[]", "text_fingerprint": "a" * 16, "dead_links": None}
    row.update(state)
    return row


def _finding(url: str, rule: str, evidence: str = "", settled: int = 0) -> dict[str, Any]:
    return {"fingerprint": finding_fingerprint(rule, url, evidence), "url": url, "rule_id": rule, "severity": "laag",
            "evidence": evidence, "page_id": 1, "cluster": "wonen", "title": "Product", "settled": settled}


def _urls(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[tuple[str, str]]:
    return sorted((before["url"], after["url"]) for before, after in pairs)


def test_same_address_redirect_and_the_one_page_of_a_upl_product() -> None:
    old = {url: _page(url, upl) for url, upl in (("/a", "x"), ("/b", "y"), ("/c", "z"), ("/d", None))}
    new = {url: _page(url, upl) for url, upl in (("/a", "x"), ("/b2", "y"), ("/c3", "z"), ("/e", None))}
    pairs, gone, added = match_products(old, new, {"/b": "/tussen", "/tussen": "/b2"})
    assert _urls(pairs) == [("/a", "/a"), ("/b", "/b2"), ("/c", "/c3")]
    assert [row["url"] for row in gone] == ["/d"] and [row["url"] for row in added] == ["/e"]


def test_two_pages_of_one_upl_product_move_only_by_their_title() -> None:
    old = {"/p1": _page("/p1", "x", "Parkeren Noord"), "/p2": _page("/p2", "x", "Parkeren Zuid")}
    new = {"/n1": _page("/n1", "x", "Parkeren Zuid"), "/n2": _page("/n2", "x", "Parkeren Oost")}
    pairs, gone, added = match_products(old, new, {})
    assert _urls(pairs) == [("/p2", "/n1")]  # same title; Noord and Oost are different pages
    assert [row["url"] for row in gone] == ["/p1"] and [row["url"] for row in added] == ["/n2"]


def test_a_page_changes_channel_b1_sections_and_text() -> None:
    before = _page("/a", "x", channel_status="paper_only", channel_kind="paper_form", is_digital=0, b1_ok=0, b1_level="C1",
                   is_b1=0, is_complete=0, sections_missing='["kosten"]', text_fingerprint="b" * 16)
    kinds = [change.kind for change in product_changes(before, _page("/a", "x"))]
    assert kinds == ["digitaal-geworden", "b1-gehaald", "compleet-geworden", "tekst-gewijzigd"]
    dead = _page("/a", "x", channel_status="none", channel_kind=None, dead_links="http://loket/formulier/")
    changes = product_changes(_page("/a", "x"), dead)
    assert [change.kind for change in changes] == ["formulierlink-dood"]
    assert "http://loket/formulier/ werkt niet meer" in changes[0].detail
    assert "Toegevoegd: 'Kosten'" in product_changes(before, _page("/a", "x"))[2].detail
    unmeasured = _page("/a", "x", channel_status=None, text_fingerprint=None)
    assert product_changes(unmeasured, _page("/a", "x")) == []  # no channel or text known before: nothing is claimed
    lost = product_changes(_page("/a", "x"), _page("/a", "x", is_complete=0, sections_missing='["bezwaar"]'))
    assert [(change.kind, change.detail) for change in lost] == [("niet-meer-compleet", "Ontbreekt nu: 'Bezwaar maken'.")]


def test_findings_fixed_new_open_settled_and_gone() -> None:
    old = [_finding("/a", "taal.lange-zin", "Een zin."), _finding("/a", "taal.lange-zin", "Een zin."),
           _finding("/a", "norm.geen-termijn"), _finding("/weg", "norm.geen-kosten"),
           _finding("/oud", "taal.ambtelijk-woord", "Indien u wilt."), _finding("/a", "norm.een-kanaal", settled=1)]
    new = [_finding("/a", "taal.lange-zin", "Een zin."), _finding("/a", "norm.geen-kosten"),
           _finding("/nieuw", "taal.ambtelijk-woord", "Indien u wilt."), _finding("/a", "norm.een-kanaal", settled=1)]
    changes, counts = compare_findings(old, new, {"/oud": "/nieuw"}, {"/a": 5, "/nieuw": 6}, {"/weg"})
    assert sorted((c.kind, c.rule_id) for c in changes) == [
        ("bevinding-nieuw", "norm.geen-kosten"), ("bevinding-opgelost", "norm.geen-termijn"),
        ("bevinding-opgelost", "taal.lange-zin")]  # one of the two identical sentences was rewritten
    totals = {name: sum(getattr(count, name) for count in counts) for name in ("fixed", "new", "still_open", "settled", "gone")}
    assert totals == {"fixed": 2, "new": 1, "still_open": 2, "settled": 1, "gone": 1}  # the moved page keeps its finding
    assert {c.page_id for c in changes if c.kind == "bevinding-opgelost"} == {5}  # a link to the page as it is now
