"""Time and memory of `wmebv export` for growing numbers of findings: linear time, flat memory.

Not part of the test run. Usage (from the repository root):

    .venv/bin/python tests/benchmarks/export_size.py [--findings 10000 100000] [--keep DIR]

For each size it builds a database through the Store (about three findings per product page),
then runs the real `wmebv export --format xlsx` in a fresh process and prints the wall time, the
rows written, the wall and CPU time and the peak memory (RSS) of that process. Exits with 1 when
the largest export takes a minute of CPU or more (the wall time depends on what else the machine
does), or when its peak memory is more than 1.5 times that of the smallest.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "tests" / "benchmarks")]

from datasette_queries import CLUSTERS, SENTENCE  # noqa: E402

from fixtures_db import real_rules, wmebv_command, wmebv_env  # noqa: E402
from wmebv.core.store import Store, compress_html, finding_fingerprint  # noqa: E402

TIME_LIMIT_S = 60.0
MEMORY_GROWTH_LIMIT = 1.5
FINDINGS_PER_PAGE = 3


def generate(path: Path, findings: int, seed: int = 11) -> None:
    """A finished, audited crawl with ``findings`` findings on findings / 3 product pages."""
    rng = random.Random(seed)
    rules = list(real_rules().values())
    pages = max(1, findings // FINDINGS_PER_PAGE)
    html = compress_html("<html><body><main><h1>Product</h1><p>" + SENTENCE + "</p></main></body></html>")
    started = "2026-03-02T09:00:00+00:00"
    with Store(path) as store:
        store.results.save_rules(rules)
        crawl = store.crawls.start("benchmark", "http://127.0.0.1:8000/", {}, now=started)
        page_rows, audit_rows, finding_rows = [], [], []
        for n in range(pages):
            page_id = n + 1
            cluster = CLUSTERS[n % len(CLUSTERS)]
            url = f"http://127.0.0.1:8000/{cluster}/product-{n}"
            digital = rng.random() < 0.7
            page_rows.append({"id": page_id, "crawl_id": crawl, "url": url, "final_url": url, "http_status": 200,
                              "title": f"Product {n} aanvragen", "html": html, "is_product": 1, "cluster": cluster,
                              "fetched_at": started, "size": 4000})
            audit_rows.append({"page_id": page_id, "crawl_id": crawl, "url": url, "audited_at": started,
                               "is_product_page": 1, "channel_status": "digital" if digital else "paper_only",
                               "channel_kind": "webform" if digital else "paper_form", "wmebv_applies": 1,
                               "wmebv_status": "voldoet" if digital else "actie-nodig",
                               "wmebv_action": "" if digital else "Maak een digitaal kanaal",
                               "b1_ok": int(rng.random() < 0.6), "b1_level": "B1", "sections_present": "[]",
                               "sections_missing": '["bezwaar"]', "section_pattern": '["wat_is_het", "kosten"]'})
        for index in range(findings):
            page_id = index % pages + 1
            rule = rules[rng.randrange(len(rules))]
            url = page_rows[page_id - 1]["url"]
            finding_rows.append({"crawl_id": crawl, "page_id": page_id, "url": url, "rule_id": rule["id"],
                                 "family": rule["family"], "severity": rule["severity"], "message": rule["message"],
                                 "evidence": f"{SENTENCE} ({index})", "suggestion": "Schrijf 'als' in plaats van 'indien'.",
                                 "location": "main", "fingerprint": finding_fingerprint(rule["id"], url, str(index)),
                                 "first_seen_crawl": crawl, "last_seen_crawl": crawl})
        for table, rows in (("pages", page_rows), ("page_audits", audit_rows), ("findings", finding_rows)):
            store.database.bulk_insert(table, rows)
        store.crawls.finish(crawl, "finished", {"pages_fetched": pages, "product_pages": pages}, now=started)
        store.publication.publish(crawl)


def peak_rss_mb(pid: int) -> int:
    """The peak memory of a running process since it started its program (VmHWM), in MB; 0 once it ended.

    ru_maxrss of a child also counts the copy of this (large) process it started as, so the
    program's own high-water mark is read from /proc instead.
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) // 1024 for line in status.splitlines() if line.startswith("VmHWM:")), 0)


def measure(db: Path, out: Path) -> tuple[float, float, int, str]:
    """Run `wmebv export` on ``db`` in a fresh process: (wall s, CPU s, peak RSS in MB, its last line)."""
    command = [*wmebv_command(), "export", "--db", str(db), "--format", "xlsx", "--out", str(out), "--overwrite"]
    start = time.perf_counter()
    peak = 0
    with tempfile.TemporaryFile("w+") as output:
        child = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, text=True, env=wmebv_env())
        while True:
            peak = max(peak, peak_rss_mb(child.pid))
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.05)
        child.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
        output.seek(0)
        text = output.read()
    if child.returncode != 0:
        raise SystemExit(f"wmebv export failed:\n{text}")
    return elapsed, usage.ru_utime + usage.ru_stime, peak, text.strip().splitlines()[-1]


def main() -> int:
    """Build, export, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--keep", type=Path, help="Keep the generated databases and workbooks in this folder")
    args = parser.parse_args()
    sizes = sorted(args.findings)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"{'findings':>9} {'build s':>8} {'wall s':>7} {'CPU s':>6} {'peak MB':>8}  file")
        results = []
        for findings in sizes:
            db = folder / f"export-{findings}.db"
            start = time.perf_counter()
            if not db.exists():
                generate(db, findings)
            built = time.perf_counter() - start
            out = folder / f"export-{findings}.xlsx"
            elapsed, cpu, peak, line = measure(db, out)
            results.append((findings, elapsed, cpu, peak))
            print(f"{findings:>9,} {built:>8.1f} {elapsed:>7.1f} {cpu:>6.1f} {peak:>8}  "
                  f"{out.stat().st_size / 1e6:.1f} MB  ({line})")
    largest, smallest = results[-1], results[0]
    growth = largest[3] / max(smallest[3], 1)
    print(f"\nLargest export: {largest[0]:,} findings in {largest[1]:.1f} s ({largest[2]:.1f} s of CPU; "
          f"limit {TIME_LIMIT_S:.0f} s of CPU: the machine may be shared); peak memory {largest[3]} MB, "
          f"{growth:.2f} times that of {smallest[0]:,} findings (limit {MEMORY_GROWTH_LIMIT})")
    return 0 if largest[2] < TIME_LIMIT_S and growth <= MEMORY_GROWTH_LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
