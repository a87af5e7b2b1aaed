"""Speed and memory of crawl and audit on a large sample site, side by side with bare Scrapy (`make bench`).

Run: .venv/bin/python tests/benchmarks/run.py [--pages 5000] [--quick] [--concurrency 8] [--keep DIR]

Builds a sample municipality of N pages, serves it from its own process on 127.0.0.1 (its raw
capacity is measured first, so the server is known not to be the bottleneck), then measures:
a bare Scrapy crawl (the ceiling), our crawl alone, our audit alone (one core) and crawl plus
audit. Every stage runs in a subprocess; its peak memory comes from wait4(). The last line of
the output is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from siteserver import serve_directory  # noqa: E402

from wmebv.sample.bulk import build_directory  # noqa: E402

PYTHON = sys.executable
TARGETS = {"crawl_audit_ratio": 0.7, "audit_pages_per_second": 150.0, "peak_rss_mb": 300.0, "requests_per_page": 1.05}


@dataclass
class Stage:
    """One measured subprocess: wall time, peak RSS of it and its children, its JSON output."""

    name: str
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    output: dict[str, Any] = field(default_factory=dict)
    pages: int = 0

    @property
    def pages_per_second(self) -> float:
        """Pages per wall-clock second."""
        return self.pages / self.seconds if self.seconds else 0.0


def measure(name: str, command: list[str], *, one_core: bool = False, env: dict[str, str] | None = None) -> Stage:
    """Run a command, wait for it with wait4() and return its time, peak RSS and last JSON line."""
    def pin() -> None:
        if one_core:
            os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})

    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, cwd=str(ROOT), env=env or dict(os.environ), preexec_fn=pin)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        text, errors = out.read(), err.read()
    if child.returncode != 0:
        raise SystemExit(f"{name} failed (exit {child.returncode}):\n{text[-2000:]}\n{errors[-3000:]}")
    lines = [line for line in text.splitlines() if line.startswith("{")]
    output = json.loads(lines[-1]) if lines else {}
    # ru_maxrss is in kilobytes on Linux; wait4 reports the largest of the child and its descendants.
    return Stage(name=name, seconds=seconds, peak_rss_mb=usage.ru_maxrss / 1024, output=output)


def serve(site_dir: Path, log: Path) -> Any:
    """Serve the built site from its own process with a request log; yields the port."""
    return serve_directory(site_dir, log)


def server_capacity(port: int, paths: list[str], concurrency: int) -> float:
    """Requests per second the server answers to plain keep-alive clients (its raw capacity)."""
    chunks = [paths[index::concurrency] for index in range(concurrency)]

    def fetch(chunk: list[str]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for path in chunk:
            connection.request("GET", path)
            connection.getresponse().read()
        connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(fetch, chunks))
    return len(paths) / (time.perf_counter() - started)


def request_counts(log: Path) -> tuple[int, int]:
    """Requests to the site host in a request log, and how many distinct URLs they asked for."""
    total, unique = 0, set()
    for line in log.read_text(encoding="utf-8").splitlines():
        _, host, method, path, _status = line.split("\t")[:5]
        if host.startswith("127.0.0.1"):
            total += 1
            unique.add((method, path))
    return total, len(unique)


def db_size(path: Path) -> int:
    """Bytes of a database with its write-ahead log."""
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def run(pages: int, concurrency: int, work: Path) -> dict[str, Any]:
    """Build, serve and measure everything; returns the figures."""
    site_dir = work / "site"
    counts = build_directory(pages, site_dir)
    index = json.loads((site_dir / "index.json").read_text(encoding="utf-8"))
    html_paths = [path for path, (_, kind, _) in index["site"].items() if "html" in kind]
    figures: dict[str, Any] = {"pages": counts["pages"], "concurrency": concurrency}

    with serve(site_dir, work / "capacity.log") as port:
        sample = (html_paths * 2)[: min(len(html_paths), 3000)]
        figures["server_capacity_rps"] = server_capacity(port, sample, concurrency)

    with serve(site_dir, work / "bare.log") as port:
        bare = measure("bare", [PYTHON, str(HERE / "bare_spider.py"), f"http://127.0.0.1:{port}/", str(concurrency)])
        bare.pages = int(bare.output["pages"])

    crawl_db = work / "crawl.db"
    with serve(site_dir, work / "crawl.log") as port:
        crawl = measure("crawl", [PYTHON, str(HERE / "our_crawl.py"), f"http://127.0.0.1:{port}/", str(crawl_db), str(concurrency)])
        crawl.pages = int(crawl.output["pages"])
    requests, unique = request_counts(work / "crawl.log")

    env = dict(os.environ)
    audit = measure("audit", [str(Path(PYTHON).parent / "wmebv"), "audit", "--db", str(crawl_db), "--no-check-links", "--quiet"],
                    one_core=True, env=env)
    audit.pages = crawl.pages

    both_db = work / "both.db"
    with serve(site_dir, work / "both.log") as port:
        both = measure("crawl+audit", [PYTHON, str(HERE / "our_crawl.py"), f"http://127.0.0.1:{port}/", str(both_db),
                                       str(concurrency), "--audit"], env=env)
        both.pages = int(both.output["pages"])

    figures.update(
        stages=[bare, crawl, audit, both],
        requests=requests,
        unique_urls=unique,
        requests_per_page=requests / unique if unique else 0.0,
        db_bytes_per_page=db_size(crawl_db) / max(1, crawl.pages),
        crawl_ratio_vs_bare_scrapy=crawl.pages_per_second / bare.pages_per_second,
        crawl_audit_ratio_vs_bare_scrapy=both.pages_per_second / bare.pages_per_second,
        audit_pages_per_second=audit.pages_per_second,
        peak_rss_mb=max(crawl.peak_rss_mb, audit.peak_rss_mb, both.peak_rss_mb),
    )
    return figures


def report(figures: dict[str, Any]) -> None:
    """Print the table, the targets and, as the last line, the JSON figures."""
    print(f"Sample site: {figures['pages']} HTML pages; concurrency {figures['concurrency']} per host; "
          f"server capacity {figures['server_capacity_rps']:.0f} requests/s")
    print(f"{'stage':<14}{'pages':>8}{'seconds':>10}{'pages/s':>10}{'vs bare':>9}{'peak RSS MB':>13}")
    bare = figures["stages"][0]
    for stage in figures["stages"]:
        ratio = stage.pages_per_second / bare.pages_per_second if stage.name != "audit" else float("nan")
        print(f"{stage.name:<14}{stage.pages:>8}{stage.seconds:>10.1f}{stage.pages_per_second:>10.1f}"
              f"{ratio:>9.2f}{stage.peak_rss_mb:>13.0f}")
    print(f"requests per unique URL: {figures['requests_per_page']:.3f} ({figures['requests']} requests, "
          f"{figures['unique_urls']} URLs); database: {figures['db_bytes_per_page'] / 1024:.1f} KB per page")
    if figures["server_capacity_rps"] < 3 * bare.pages_per_second:
        print("LET OP: the server may be the bottleneck (capacity under 3x the bare crawl rate)")
    checks = [
        ("crawl+audit >= 0.7 x bare Scrapy", figures["crawl_audit_ratio_vs_bare_scrapy"] >= TARGETS["crawl_audit_ratio"]),
        ("audit >= 150 pages/s on one core", figures["audit_pages_per_second"] >= TARGETS["audit_pages_per_second"]),
        ("peak RSS < 300 MB", figures["peak_rss_mb"] < TARGETS["peak_rss_mb"]),
        ("<= 1.05 requests per URL", figures["requests_per_page"] <= TARGETS["requests_per_page"]),
    ]
    for label, ok in checks:
        print(f"  [{'ok' if ok else 'MISSED'}] {label}")
    line = {key: round(value, 3) if isinstance(value, float) else value for key, value in figures.items() if key != "stages"}
    line.update({f"{stage.name}_seconds": round(stage.seconds, 2) for stage in figures["stages"]})
    line.update({f"{stage.name}_peak_rss_mb": round(stage.peak_rss_mb, 1) for stage in figures["stages"]})
    print(json.dumps(line, sort_keys=True))


def main() -> None:
    """Parse the options, run the benchmark in a scratch folder and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000, help="pages of the sample site (default 5000)")
    parser.add_argument("--quick", action="store_true", help="smoke test: 300 pages")
    parser.add_argument("--concurrency", type=int, default=8, help="requests at a time per host, for both crawls")
    parser.add_argument("--keep", type=Path, help="keep the site, databases and request logs in this folder")
    args = parser.parse_args()
    pages = 300 if args.quick else args.pages
    work = args.keep or Path(tempfile.mkdtemp(prefix="wmebv-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        report(run(pages, args.concurrency, work))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
