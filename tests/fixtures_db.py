"""A small, realistic audited database built through the Store API (for the Datasette and export tests).

Two crawls of a fictional municipality: an older one and the latest, each with product pages in
several clusters, SC claims, detected channels and findings. One page is hostile: its title,
evidence and HTML carry ``<script>alert(1)</script>`` and ``<img src=x onerror=alert(1)>``, so the
tests can prove that crawled text is always shown as text.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from wmebv.core.store import Store
from wmebv.publish.changes import publish_changes

SITE = "http://127.0.0.1:8000/"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_TITLE = f"Vergunning {XSS_SCRIPT} aanvragen"
SECTIONS = ["wat_is_het", "aanvragen", "voorwaarden", "meenemen", "kosten", "termijn", "bezwaar", "contact"]

@functools.lru_cache(maxsize=1)
def real_rules() -> dict[str, dict[str, Any]]:
    """The project's own rules (rules/checks/*.yml) by id, so the fixture cannot drift from them."""
    from audit.checks import all_kinds
    from audit.rules import load_rules
    from wmebv.core.paths import rules_dir

    return {rule.id: rule.to_row() for rule in load_rules(rules_dir(), all_kinds())}

# (slug, cluster, title, channel_status, channel_kind, auth, b1_ok, missing sections, sc claim, findings);
# a finding is (rule, evidence, suggestion) and optionally its own message (else the rule's message)
PRODUCTS: list[tuple[str, str, str, str, str, str, bool, list[str], str | None, list[tuple[str, ...]]]] = [
    ("paspoort", "burgerzaken", "Paspoort aanvragen", "in_person_only", "appointment", "", True, [], "nee", []),
    ("verhuizing-doorgeven", "burgerzaken", "Verhuizing doorgeven", "digital", "webform", "digid", True, [], "digid", []),
    ("uittreksel-brp", "burgerzaken", "Uittreksel BRP aanvragen", "digital", "webform", "digid", False, ["termijn"], "digid",
     [("taal.ambtelijk-woord", "Indien u een uittreksel wenst, dient u dit middels het formulier aan te vragen.", "Schrijf 'als' in plaats van 'indien'.",
       '"indien" is ambtelijke taal. Veel lezers vinden dat moeilijk.'),
      ("norm.geen-termijn", "", "Vertel hoe lang het duurt.")]),
    ("omgevingsvergunning", "vergunningen", "Omgevingsvergunning aanvragen", "digital", "omgevingsloket", "digid", True, [], "ja", []),
    ("evenementenvergunning", "vergunningen", "Evenementenvergunning aanvragen", "paper_only", "paper_form", "", False, ["termijn", "bezwaar"], "ja",
     [("kanaal.alleen-papier", "Download het formulier, vul het in en stuur het op.", "Bied een webformulier aan."),
      ("kanaal.sc-claim-onjuist", "onlineAanvragen = ja", "Zet onlineAanvragen op nee of maak een webformulier."),
      ("taal.lange-zin", "Teneinde uw aanvraag in behandeling te kunnen nemen, verzoeken wij u vriendelijk om alle benodigde bijlagen tijdig en volledig bij te voegen.", "Maak er twee zinnen van."),
      ("structuur.sectie-ontbreekt", "bezwaar", "Voeg 'Bezwaar maken' toe.")]),
    ("xss", "vergunningen", XSS_TITLE, "none", "", "", False, ["kosten", "termijn", "contact"], None,
     [("taal.ambtelijk-woord", f"Indien u {XSS_SCRIPT} {XSS_IMG} wilt aanvragen.", "Schrijf 'als' in plaats van 'indien'.",
       '"indien" is ambtelijke taal. Veel lezers vinden dat moeilijk.'),
      ("kanaal.geen-digitaal-kanaal", XSS_IMG, "Zet een link naar een webformulier op de pagina.")]),
    ("kwijtschelding", "belastingen", "Kwijtschelding gemeentelijke belastingen", "digital", "mijn_portal", "digid", False, ["kosten"], "digid",
     [("taal.niet-b1", "Middels dit formulier kunt u verzoeken om kwijtschelding van de aanslag.", "Schrijf: Met dit formulier vraagt u kwijtschelding aan."),
      ("norm.geen-kosten", "", "Zet de kosten op de pagina.")]),
    ("bezwaar-woz", "belastingen", "Bezwaar maken tegen de WOZ-waarde", "digital", "webform", "digid", True, [], "digid", []),
    ("bijstand", "sociaal-domein", "Bijstandsuitkering aanvragen", "digital", "webform", "digid", True, ["meenemen"], "digid",
     [("structuur.sectie-ontbreekt", "meenemen", "Voeg 'Wat heeft u nodig?' toe.")]),
    ("huishoudelijke-hulp", "sociaal-domein", "Huishoudelijke hulp (Wmo)", "none", "phone", "", False, ["aanvragen", "termijn"], "nee",
     [("kanaal.geen-digitaal-kanaal", "Bel ons op 14 0123.", "Zet een link naar een webformulier op de pagina."),
      ("taal.niet-b1", "De verstrekking van voorzieningen geschiedt na een onderzoek.", "Schrijf: U krijgt hulp na een gesprek.")]),
    ("grofvuil", "openbare-ruimte", "Grofvuil laten ophalen", "digital", "webform", "", True, [], "ja", []),
    ("parkeervergunning", "openbare-ruimte", "Parkeervergunning voor bewoners", "digital", "webform", "digid", True, [], "digid", []),
    ("markt", "ondernemen", "Standplaats op de markt", "paper_only", "paper_form", "", True, ["termijn"], "nee",
     [("kanaal.alleen-papier", "Stuur het formulier naar de marktmeester.", "Bied een webformulier aan."),
      ("norm.geen-termijn", "", "Zet de termijn op de pagina.")]),
    ("urgentie", "wonen", "Urgentieverklaring aanvragen", "digital", "contact_form", "", True, [], None, []),
]


# What the webredactie decided in the latest crawl: one finding settled, one back for review.
DECISIONS: dict[tuple[str, str], dict[str, str]] = {
    ("uittreksel-brp", "norm.geen-termijn"): {"decision": "geaccepteerd", "decision_reason": "Staat op de pagina van de Rijksoverheid",
                                              "decided_by": "Webredactie", "decided_on": "2026-02-20",
                                              "decision_source": "besluiten.yml:3"},
    ("kwijtschelding", "taal.niet-b1"): {"decision": "opnieuw-bekijken", "decision_reason": "Vaste juridische tekst",
                                         "decided_by": "J. de Vries", "decided_on": "2026-01-10",
                                         "decision_source": "besluiten.yml:5"},
}


def _page_html(title: str, evidence: list[str]) -> str:
    """A small product page; the hostile page keeps its script and img in the stored HTML."""
    body = "".join(f"<p>{text}</p>" for text in evidence if text)
    return f"<html><head><title>{title}</title></head><body><main><h1>{title}</h1>{body}{XSS_IMG if 'script' in title else ''}</main></body></html>"


def _channels(slug: str, status: str, kind: str, auth: str) -> list[dict[str, Any]]:
    """The channel links found on a page (one per product, plus a phone number for some)."""
    if slug == "xss":  # a hostile link: it must never become a clickable javascript: link
        return [{"kind": "webform", "url": "javascript:alert(1)", "label": XSS_IMG, "auth": "", "digital": 0,
                 "location": "main", "check_status": "dead", "check_detail": XSS_SCRIPT}]
    if not kind:
        return []
    digital = int(status == "digital")
    url = f"http://localhost:8000/{slug}/" if kind not in ("phone", "appointment") else ""
    rows = [{"kind": kind, "url": url, "label": "Direct regelen" if digital else "Meer informatie", "auth": auth,
             "digital": digital, "location": "main", "check_status": "ok" if url else "unchecked", "check_detail": ""}]
    if slug == "huishoudelijke-hulp":
        rows.append({"kind": "phone", "url": "", "label": "14 0123", "auth": "", "digital": 0, "location": "main",
                     "check_status": "unchecked", "check_detail": ""})
    return rows


def _fill_crawl(store: Store, started: str, products: list[tuple], *, old: bool) -> int:
    """One crawl with its pages, SC claims and audit results."""
    crawl = store.crawls.start("voorbeeldstad", SITE, {"max_pages": 500}, now=started)
    store.crawls.set_profile(crawl, {"name": "Voorbeeldstad 2026", "language": {"max_sentence_words": 20}})
    claims = []
    for index, (slug, cluster, title, status, kind, auth, b1_ok, missing, claim, findings) in enumerate(products):
        url = f"{SITE}{cluster}/{slug}"
        if old and status != "digital" and slug not in ("paspoort", "xss"):
            findings = findings + [("norm.geen-termijn", "", "Zet de termijn op de pagina.")]
        html = _page_html(title, [finding[1] for finding in findings])
        page_id = store.pages.save(crawl, {
            "url": url, "final_url": url, "http_status": 200, "content_type": "text/html", "fetched_at": started,
            "title": title, "html": html, "is_product": 1, "product_reason": "UPL-naam in de titel",
            "upl_name": title.split(" ")[0].lower(), "upl_uri": f"http://standaarden.overheid.nl/owms/terms/{slug}",
            "upl_confidence": 0.9, "cluster": cluster, "cluster_reason": "pad", "breadcrumb": f"Home > {cluster}",
        })
        present = [section for section in SECTIONS if section not in missing]
        rows = [{"rule_id": rule_id, "family": rule_id.split(".")[0],
                 "severity": real_rules()[rule_id]["severity"],
                 "message": message[0] if message else real_rules()[rule_id]["message"],
                 "evidence": evidence, "suggestion": suggestion, "location": "main",
                 **({} if old else DECISIONS.get((slug, rule_id), {}))}
                for rule_id, evidence, suggestion, *message in findings]
        store.results.save_audit(
            crawl, page_id,
            {"url": url, "audited_at": started, "is_product_page": 1, "channel_status": status, "channel_kind": kind,
             "channel_url": f"http://localhost:8000/{slug}/" if status == "digital" else "", "auth": auth,
             "wmebv_applies": int(slug != "paspoort"),
             "wmebv_status": "voldoet" if status == "digital" else ("vrijgesteld" if status == "in_person_only" else "actie-nodig"),
             "wmebv_action": "" if status in ("digital", "in_person_only") else "Maak een digitaal kanaal", "b1_ok": int(b1_ok),
             "b1_level": "B1" if b1_ok else "B2", "sections_present": present, "sections_missing": missing,
             "section_pattern": "modern", "details": {"index": index}, "text_fingerprint": f"{index:016x}"},
            _channels(slug, status, kind, auth),
            [row for row in rows if row.get("decision") in (None, "opnieuw-bekijken")],
            [row for row in rows if row.get("decision") in ("geaccepteerd", "niet-van-toepassing")],
        )
        if claim:
            claims.append({"url": url, "title": title, "product_id": slug, "upl_name": title, "online_aanvragen": claim,
                           "aanvraag_url": f"http://localhost:8000/{slug}/" if claim != "nee" else None,
                           "feed_url": f"{SITE}sc.xml"})
    # two non-product pages: they are crawled but not in the inventory
    for slug in ("nieuws", "contact"):
        store.pages.save(crawl, {"url": f"{SITE}{slug}", "title": slug.title(), "html": "<p>x</p>", "is_product": 0,
                                "http_status": 200})
    store.pages.save_sc_claims(crawl, claims)
    store.frontier.enqueue(crawl, [{"url": f"{SITE}{slug}"} for slug, *_ in products])
    store.crawls.finish(crawl, "finished", {"pages_fetched": len(products) + 2, "product_pages": len(products)},
                       now=started.replace("T09", "T10"))
    store.publication.publish(crawl, now=started.replace("T09", "T11"))
    publish_changes(store, crawl)  # as the audit does: serve only reads
    return crawl


def build_audited_db(path: Path) -> Path:
    """Build the audited test database at ``path`` (two crawls; the second is the latest) and return it."""
    with Store(path) as store:
        store.results.save_rules(real_rules().values())
        _fill_crawl(store, "2026-01-05T09:00:00+00:00", PRODUCTS[:-2], old=True)
        _fill_crawl(store, "2026-03-02T09:00:00+00:00", PRODUCTS, old=False)
    return path


# -- a real `wmebv serve` in a subprocess -----------------------------------------------------

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wmebv_command() -> list[str]:
    """How to run the `wmebv` command: the installed script, or the CLI module with this Python."""
    import shutil
    import sys

    script = Path(sys.executable).parent / "wmebv"
    if script.exists():
        return [str(script)]
    if shutil.which("wmebv"):
        return ["wmebv"]
    return [sys.executable, "-c", "import sys; from wmebv.app.cli import main; sys.exit(main())"]


def wmebv_env() -> dict[str, str]:
    """The environment for a `wmebv` subprocess: this checkout first on the import path."""
    import os

    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))


class DatasetteServer:
    """`wmebv serve` on a free port in a subprocess; use as a context manager."""

    def __init__(self, db_path: Path, port: int | None = None, flags: tuple[str, ...] = ()) -> None:
        self.db_path, self.flags = db_path, flags
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: Any = None
        self.log = db_path.with_suffix(".serve.log")

    def __enter__(self) -> DatasetteServer:
        import subprocess
        import time
        import urllib.request

        env = wmebv_env()
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [*wmebv_command(), "serve", "--db", str(self.db_path), "--port", str(self.port), *self.flags],
                env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"wmebv serve stopped: {self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.base + "/-/versions.json", timeout=2):
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"wmebv serve did not answer within 30 s: {self.log.read_text()}")

    def __exit__(self, *exc: object) -> None:
        import subprocess

        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def get(self, path: str) -> tuple[int, str, str]:
        """GET ``path``: (status, content type, body text); HTTP errors are returned, not raised."""
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as response:
                return response.status, response.headers.get("content-type", ""), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("content-type", ""), error.read().decode("utf-8", "replace")


if __name__ == "__main__":  # python tests/fixtures_db.py out.db: a database to look at by hand
    import sys

    print(build_audited_db(Path(sys.argv[1] if len(sys.argv) > 1 else "fixture.db")))
