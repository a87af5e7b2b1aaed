"""The sample municipality's content and manifest: counts, coverage and a consistent truth."""

from __future__ import annotations

import collections
import io
import zipfile

import pytest
from lxml import etree

from wmebv.sample.content import DIGITAL_KINDS
from wmebv.sample.site import build_site
from wmebv.sample.upl import load_upl

BASE = "http://127.0.0.1:8123"
SC_NS = {"p": "http://standaarden.overheid.nl/product/terms/", "dcterms": "http://purl.org/dc/terms/"}


@pytest.fixture(scope="module")
def site():
    """The rendered sample site for a fixed base URL."""
    return build_site(BASE)


@pytest.fixture(scope="module")
def manifest(site):
    """The manifest of the sample site."""
    return site.manifest()


@pytest.fixture(scope="module")
def products(manifest):
    """Manifest entries of product pages."""
    return [entry for entry in manifest["pages"] if entry["is_product"]]


def test_sizes(manifest, products):
    html_other = [e for e in manifest["pages"] if e["kind"] == "html" and not e["is_product"]]
    assert len(products) >= 150
    assert len({e["cluster"] for e in products}) >= 6
    assert len(html_other) >= 40
    assert len({e["template"] for e in products}) >= 3
    assert {"pdf", "doc", "xml", "txt"} <= {e["kind"] for e in manifest["pages"]}


def test_manifest_schema(manifest):
    keys = {"path", "kind", "is_product", "cluster", "upl_name", "upl_uri", "channel_status",
            "channel_kinds", "auth", "sections", "b1_ok", "template", "in_sitemap",
            "robots_disallowed", "sc_claim", "expected_findings", "notes"}
    paths = [e["path"] for e in manifest["pages"]]
    assert len(paths) == len(set(paths))
    for entry in manifest["pages"]:
        assert keys <= set(entry), entry["path"]
        assert entry["kind"] in {"html", "pdf", "doc", "xml", "txt"}


def test_every_manifest_path_is_rendered(site, manifest):
    assert {e["path"] for e in manifest["pages"]} == set(site.site)


def test_upl_names_valid(products):
    upl = load_upl()
    for entry in products:
        assert entry["upl_name"] in upl, entry["path"]
        assert upl[entry["upl_name"]].uri == entry["upl_uri"]
        assert upl[entry["upl_name"]].gemeente, entry["upl_name"]


def test_truth_is_consistent(products):
    for e in products:
        kinds = set(e["channel_kinds"])
        findings = set(e["expected_findings"])
        where = f"{e['path']}: {e['channel_status']} {sorted(kinds)}"
        if e["channel_status"] == "digital":
            assert kinds & DIGITAL_KINDS, where
        else:
            assert not kinds & DIGITAL_KINDS, where
            assert not e["auth"] or e["channel_status"] == "in_person_only", where
        if e["channel_status"] == "paper_only":
            assert "paper_form" in kinds, where
        if e["channel_status"] == "none":
            assert not kinds & {"paper_form", "appointment", "in_person"}, where
        if "kanaal.alleen-papier" in findings:
            assert e["channel_status"] == "paper_only", where
        if "kanaal.alleen-contactformulier" in findings:
            assert kinds & DIGITAL_KINDS == {"contact_form"}, where
        if "kanaal.sc-claim-onjuist" in findings:
            assert e["sc_claim"] is not None, where
        if "taal.niet-b1" in findings:
            assert e["b1_ok"] is False, where
        for section in ("kosten", "termijn", "contact", "bezwaar"):
            if f"norm.geen-{section}" in findings:
                assert section not in e["sections"], where


def test_generated_truth_follows_sections(site):
    for product in site.products:
        if product.source != "variants.yml":
            continue
        findings = set(product.truth.expected_findings)
        for section in ("kosten", "termijn"):
            assert (section not in product.sections) == (f"norm.geen-{section}" in findings), product.path
        # norm.geen-contact: no contact section and no phone number, e-mail address or contact form
        # anywhere in the text ("Bel ons op 14 099" under Aanvragen is a contact point too).
        text = " ".join(product.sections.values())
        contact_point = "contact" in product.sections or any(mark in text for mark in ("14 099", "@", "](/contact)"))
        assert (not contact_point) == ("norm.geen-contact" in findings), product.path
        assert product.truth.b1_ok == ("taal.niet-b1" not in findings), product.path


def test_every_channel_situation_present(site, products):
    kinds = collections.Counter(k for e in products for k in e["channel_kinds"])
    for kind in ("webform", "embedded_form", "omgevingsloket", "mijn_portal", "mijnoverheid",
                 "email", "contact_form", "paper_form", "appointment", "phone", "in_person"):
        assert kinds[kind] >= 1, kind
    assert {e["channel_status"] for e in products} == {"digital", "paper_only", "in_person_only", "none", "unclear"}
    assert any(not e["channel_kinds"] for e in products), "een pagina zonder enig kanaal"
    assert any(set(e["channel_kinds"]) == {"phone"} for e in products)
    auths = {a for e in products for a in e["auth"]}
    assert {"digid", "eherkenning"} <= auths
    assert any(e["channel_kinds"] == ["webform"] and not e["auth"] for e in products)
    html = b"".join(site.site[e["path"]].body for e in products)
    for marker in (b"/TriplEforms/DirectRegelen/", b"/tas/public/xfg?unid=", b"formdesk.com",
                   b'id="openforms-root"', b"data-form-id=", b"omgevingswet.overheid.nl",
                   b"mijn.overheid.nl", b"/mijn/", b"mailto:", b"/auth/", b"/eherkenning/start"):
        assert marker in html, marker
    assert any("kanaal.dode-link" in e["expected_findings"] for e in products)
    assert site.dead_loket_paths
    names = {e["upl_name"] for e in products}
    assert {"paspoort", "identiteitskaart"} <= names


def test_page_variety(site, products):
    paths = [e["path"] for e in products]
    assert any(p.startswith("/producten/") for p in paths)
    assert any(p.startswith("/inwoners/") for p in paths)
    assert any(p.startswith("/ondernemen/") for p in paths)
    assert any(p.startswith("/pdc/product.aspx?id=") for p in paths)
    assert any(p.startswith("/loket/") and p.endswith(".html") for p in paths)
    assert any(not e["in_sitemap"] for e in products)
    assert sum(e.get("js_only", False) for e in products) >= 1
    legacy = [e for e in products if e["template"] == "legacy"]
    bodies = [site.site[e["path"]].body for e in legacy]
    assert all(b"<main" not in body and b'id="content"' in body for body in bodies)
    assert any(b'role="tablist"' in b for b in bodies) and any(b"<dl" in b for b in bodies)
    assert any(b'name="DCTERMS.identifier"' in b for b in bodies)
    accordion = b"".join(site.site[e["path"]].body for e in products if e["template"] == "accordion")
    assert b'aria-expanded="false"' in accordion and b"<details" in accordion
    everything = b"".join(site.site[e["path"]].body for e in products)
    assert b'hreflang="en"' in everything and b'class="feedback"' in everything
    assert b"Laatst gewijzigd" in everything


def test_js_only_page_is_near_empty(site, products):
    entry = next(e for e in products if e.get("js_only"))
    body = site.site[entry["path"]].body.decode()
    assert 'id="app"' in body and "<h2" not in body.split("<script", 1)[0].split("</header>", 1)[1]


def test_sc_feed(site, manifest):
    root = etree.fromstring(site.site["/samenwerkende-catalogi.xml"].body)
    assert root.tag == "{http://standaarden.overheid.nl/product/terms/}scproducten"
    by_url = {BASE + e["path"]: e for e in manifest["pages"] if e["is_product"]}
    records = root.findall("p:scproduct", SC_NS)
    assert len(records) >= 50
    wrong = 0
    for record in records:
        url = record.findtext(".//dcterms:identifier", namespaces=SC_NS)
        entry = by_url[url]
        claim = record.findtext(".//p:onlineAanvragen", namespaces=SC_NS)
        assert claim == entry["sc_claim"] in {"ja", "digid", "nee"}
        upn = record.find(".//p:uniformeProductnaam", SC_NS)
        assert upn.get("resourceIdentifier") == entry["upl_uri"]
        assert record.findtext(".//dcterms:title", namespaces=SC_NS)
        claims_online = claim != "nee"
        if "kanaal.sc-claim-onjuist" in entry["expected_findings"]:
            wrong += 1
        else:
            assert claims_online == (entry["channel_status"] == "digital"), url
    assert wrong >= 5
    assert b'type="application/xml" title="Samenwerkende Catalogi"' in site.site["/"].body


def test_files_are_valid(site, manifest):
    for entry in manifest["pages"]:
        body = site.site[entry["path"]].body
        if entry["kind"] == "pdf":
            assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
        if entry["kind"] == "doc":
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                assert "word/document.xml" in archive.namelist()


def test_deterministic():
    assert build_site(BASE).manifest() == build_site(BASE).manifest()
