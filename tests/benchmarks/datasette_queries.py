"""Time every canned query over HTTP on a generated database of 50,000 product pages.

Not part of the test run. Usage (from the repository root):

    .venv/bin/python tests/benchmarks/datasette_queries.py [--pages 50000] [--runs 5] [--keep DB]

It builds the database through the Store (bulk inserts), starts the real `wmebv serve` on a free
port, asks every worklist (its first page with the total, as a user opens it, and one cluster),
every canned query and our own pages a few times, and prints the median and slowest answer.
Exits with 1 when a median is over the budget: 1.5 s for a whole worklist at this size (the list is
sorted most urgent first, then by cluster, so every row is read, and counted for the total; a
municipality has a few thousand product pages at most, so this is a stress test), 250 ms for one
cluster, 200 ms for the canned queries and our own pages.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import yaml  # noqa: E402

from fixtures_db import DatasetteServer, real_rules  # noqa: E402
from wmebv.core.store import Store, compress_html, finding_fingerprint  # noqa: E402

BUDGET_MS = 200.0
CLUSTER_BUDGET_MS = 250.0
WHOLE_LIST_BUDGET_MS = 1500.0
CLUSTERS = ["burgerzaken", "vergunningen", "belastingen", "sociaal-domein", "openbare-ruimte", "ondernemen", "wonen"]
STATUSES = ["digital"] * 6 + ["paper_only", "in_person_only", "none"]
KINDS = {"digital": "webform", "paper_only": "paper_form", "in_person_only": "appointment", "none": ""}
SECTIONS = ["wat_is_het", "aanvragen", "voorwaarden", "meenemen", "kosten", "termijn", "bezwaar", "contact"]
SENTENCE = "Indien u een aanvraag wilt doen, dient u middels het formulier alle gegevens te verstrekken."


def generate(path: Path, pages: int, seed: int = 7) -> dict[str, Any]:
    """Build a database with one older crawl (a tenth of the size) and a latest crawl of ``pages`` products."""
    rng = random.Random(seed)
    html = compress_html("<html><body><main><h1>Product</h1><p>" + SENTENCE * 20 + "</p></main></body></html>")
    rules = list(real_rules().values())
    with Store(path) as store:
        store.results.save_rules(rules)
        for crawl_pages, started in ((pages // 10, "2026-01-05T09:00:00+00:00"), (pages, "2026-03-02T09:00:00+00:00")):
            crawl = store.crawls.start("benchmark", "http://127.0.0.1:8000/", {}, now=started)
            store.crawls.set_profile(crawl, {"name": "Benchmark"})
            first_id = (store.database.db.execute("select coalesce(max(id), 0) from pages").fetchone()[0]) + 1
            page_rows, audit_rows, channel_rows, finding_rows, claim_rows = [], [], [], [], []
            for n in range(crawl_pages):
                page_id = first_id + n
                cluster = CLUSTERS[n % len(CLUSTERS)]
                url = f"http://127.0.0.1:8000/{cluster}/product-{n}"
                status = rng.choice(STATUSES)
                missing = rng.sample(SECTIONS[2:], rng.choice([0, 0, 1, 2]))
                page_rows.append({"id": page_id, "crawl_id": crawl, "url": url, "final_url": url, "http_status": 200,
                                  "title": f"Product {n} aanvragen", "html": html, "is_product": 1, "cluster": cluster,
                                  "upl_name": f"product {n % 900}", "fetched_at": started, "size": 4000})
                audit_rows.append({"page_id": page_id, "crawl_id": crawl, "url": url, "audited_at": started,
                                   "is_product_page": 1, "channel_status": status, "channel_kind": KINDS[status],
                                   "channel_url": url + "/formulier" if status == "digital" else "",
                                   "auth": "digid" if n % 3 == 0 else "", "wmebv_applies": int(status != "in_person_only"),
                                   "wmebv_status": "voldoet" if status == "digital" else "actie nodig",
                                   "wmebv_action": "" if status == "digital" else "Maak een digitaal kanaal",
                                   "b1_ok": int(rng.random() < 0.6), "b1_level": "B1", "sections_present": "[]",
                                   "sections_missing": str(missing).replace("'", '"'), "section_pattern": "modern"})
                if KINDS[status]:
                    channel_rows.append({"crawl_id": crawl, "page_id": page_id, "kind": KINDS[status],
                                         "url": url + "/formulier", "label": "Direct regelen", "auth": "",
                                         "digital": int(status == "digital"), "location": "main",
                                         "check_status": "dead" if n % 97 == 0 else "ok", "check_detail": ""})
                for rule in rng.sample(rules, rng.choice([0, 2, 4, 6])):
                    finding_rows.append({"crawl_id": crawl, "page_id": page_id, "url": url, "rule_id": rule["id"],
                                         "family": rule["family"], "severity": rule["severity"], "message": rule["message"],
                                         "evidence": SENTENCE, "suggestion": "Schrijf 'als' in plaats van 'indien'.",
                                         "location": "main", "fingerprint": finding_fingerprint(rule["id"], url, SENTENCE),
                                         "first_seen_crawl": crawl, "last_seen_crawl": crawl})
                if n % 4:
                    claim_rows.append({"crawl_id": crawl, "url": url, "title": f"Product {n}",
                                       "online_aanvragen": rng.choice(["ja", "digid", "nee"]), "feed_url": "sc.xml"})
            for table, rows in (("pages", page_rows), ("page_audits", audit_rows), ("channels", channel_rows),
                                ("findings", finding_rows), ("sc_claims", claim_rows)):
                store.database.bulk_insert(table, rows)
            store.crawls.finish(crawl, "finished", {"pages_fetched": crawl_pages, "product_pages": crawl_pages}, now=started)
            store.publication.publish(crawl, now=started)
        store.database.db.execute("analyze")
        counts = {table: store.database.db.table(table).count for table in ("pages", "page_audits", "channels", "findings")}
    return counts


def timed_get(base: str, path: str) -> tuple[float, int]:
    """Milliseconds for one GET (whole body read) and the status."""
    start = time.perf_counter()
    with urllib.request.urlopen(base + path, timeout=60) as response:
        response.read()
        status = response.status
    return (time.perf_counter() - start) * 1000, status


def query_paths(page_id: int) -> dict[str, str]:
    """Every worklist (its first page, as a user opens it, and for one cluster), the canned queries, our own pages."""
    metadata = yaml.safe_load((REPO / "datasette" / "metadata.yml").read_text())["databases"]["wmebv"]
    paths = {}
    for name, about in metadata["tables"].items():
        if about.get("group"):
            paths[f"{name} (HTML)"] = f"/wmebv/{name}"
            paths[f"{name} (cluster, JSON)"] = f"/wmebv/{name}.json?Cluster=vergunningen"
    paths["werklijst_redactie (pagina 100)"] = "/wmebv/werklijst_redactie.json?_next=4950"
    params = {"id": str(page_id), "crawl": ""}
    for name, query in metadata["queries"].items():
        values = {key: params[key] for key in query.get("params", [])}
        paths[f"vraag {name}"] = f"/wmebv/{name}.json" + ("?" + urllib.parse.urlencode(values) if values else "")
    paths["voorpagina /"] = "/"
    paths["overzicht /overzicht"] = "/overzicht"
    paths[f"pagina /pagina/{page_id}"] = f"/pagina/{page_id}"
    for table in ("findings", "pages", "page_audits", "channels", "sc_claims"):
        paths[f"tabel {table} (HTML, facetten)"] = f"/wmebv/{table}"
    return paths


def main() -> int:
    """Generate, serve, time, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="Keep the generated database at this path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "benchmark.db"
        if db.exists():
            print(f"Using the existing database {db}")
        else:
            start = time.perf_counter()
            counts = generate(db, args.pages)
            print(f"Generated {db} in {time.perf_counter() - start:.1f} s: {counts}, {db.stat().st_size / 1e6:.0f} MB")
        with Store(db, create=False) as store:
            latest = store.publication.audited_crawl_ids()[0]
            page_id = next(store.publication.worklist_rows("werklijst_redactie", latest, "vergunningen"))[0]  # a page with findings
        start = time.perf_counter()
        with DatasetteServer(db) as server:
            print(f"wmebv serve answered after {time.perf_counter() - start:.1f} s (summaries refreshed at start)")
            print(f"\n{'query':<36} {'median ms':>10} {'max ms':>8}  rows/status")
            failures = []
            for name, path in query_paths(page_id).items():
                timed_get(server.base, path)  # warm-up: first use of the connection and page cache
                times = []
                for _ in range(args.runs):
                    elapsed, status = timed_get(server.base, path)
                    times.append(elapsed)
                median = statistics.median(times)
                whole_list = "(HTML)" in name and not name.startswith("tabel") or "pagina 100" in name
                budget = WHOLE_LIST_BUDGET_MS if whole_list else CLUSTER_BUDGET_MS if "(cluster" in name else BUDGET_MS
                flag = "" if median < budget else "  <-- over budget"
                if path.startswith("/wmebv/") and median >= budget:
                    failures.append(name)
                print(f"{name:<36} {median:>10.1f} {max(times):>8.1f}  {status}{flag}")
    print(f"\nBudget {WHOLE_LIST_BUDGET_MS:.0f} ms for a whole worklist, {CLUSTER_BUDGET_MS:.0f} ms for one cluster, "
          f"{BUDGET_MS:.0f} ms for the rest: " + ("all within budget" if not failures else f"over: {failures}"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
