"""What a monthly re-crawl costs the municipality's server, with the HTTP cache and conditional requests.

Run: .venv/bin/python tests/benchmarks/recrawl.py [--pages 5000] [--skip-large] [--keep DIR]

1. The sample municipality: a first crawl, a re-crawl of the unchanged site, and a crawl of month 2
   (``wmebv sample serve --month 2``): how many requests, full downloads (an answer with a body)
   and bytes each costs, and whether month 2 downloads only the pages that changed, each once.
2. The large variant (``wmebv sample build --pages N``, default 5,000 pages): a first crawl and a
   re-crawl of the unchanged site.
3. The audit's link check, which does not use the cache: its requests after each crawl.

The servers answer with ``Cache-Control: max-age=0``, so every cached answer is stale, as it is
for any site a month later: each page is asked again, with If-None-Match / If-Modified-Since, and
an unchanged page answers 304 without a body. Figures are counted by the server (its request log:
status, body bytes, and the bytes of request and answer with their headers). The last line of the output is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from siteserver import serve_directory  # noqa: E402

from audit.engine import audit_database  # noqa: E402
from audit.linkcheck import THIS_MACHINE  # noqa: E402
from crawler.options import CrawlOptions  # noqa: E402
from crawler.runner import run_crawl  # noqa: E402
from wmebv.sample.bulk import build_directory  # noqa: E402
from wmebv.sample.server import SampleServer  # noqa: E402
from wmebv.sample.site import build_site  # noqa: E402

PYTHON = sys.executable
TODAY = date(2026, 12, 1)


@dataclass
class Cost:
    """What one phase cost the site host: requests, answers by status, full downloads, bytes, seconds."""

    name: str
    requests: int = 0
    full_downloads: int = 0
    not_modified: int = 0
    body_bytes: int = 0
    wire_bytes: int = 0  # requests and answers with their headers
    seconds: float = 0.0
    statuses: dict[str, int] | None = None
    downloaded: Counter | None = None  # path -> full downloads

    def row(self) -> str:
        """One line of the table."""
        return (f"  {self.name:<38}{self.requests:>9}{self.full_downloads:>9}{self.not_modified:>7}"
                f"{self.body_bytes / 1_000_000:>9.2f}{self.wire_bytes / 1_000_000:>9.2f}{self.seconds:>9.1f}")


Row = tuple[str, str, int, int, int]  # method, path, status, body bytes, bytes on the wire


def read_log(path: Path, start: int, end: int, host: str = "127.0.0.1") -> list[Row]:
    """The requests to ``host`` between two offsets of a request log (see SampleHTTPServer.log_request_line)."""
    with path.open("rb") as handle:
        handle.seek(start)
        text = handle.read(end - start).decode("utf-8")
    rows = []
    for line in text.splitlines():
        _at, where, method, target, status, body, answer, asked = line.split("\t")
        if where.startswith(host):
            rows.append((method, target, int(status), int(body), int(answer) + int(asked)))
    return rows


def cost(name: str, rows: list[Row], seconds: float) -> Cost:
    """The cost of one phase from its log rows."""
    downloads = Counter(target for _, target, status, body, _ in rows if status == 200 and body)
    return Cost(name=name, requests=len(rows), full_downloads=sum(downloads.values()),
                not_modified=sum(row[2] == 304 for row in rows), body_bytes=sum(row[3] for row in rows),
                wire_bytes=sum(row[4] for row in rows), seconds=seconds,
                statuses={str(k): v for k, v in sorted(Counter(row[2] for row in rows).items())}, downloaded=downloads)


def mark(log: Path) -> int:
    """The current end of a request log."""
    return log.stat().st_size if log.exists() else 0


def sample_costs(work: Path) -> dict[str, Any]:
    """First crawl, unchanged re-crawl and month 2 of the sample, with the link check after each crawl."""
    db, log = work / "sample.db", work / "sample.log"
    phases: list[Cost] = []
    link_checks: list[Cost] = []
    port, base = 0, ""
    for name, month in (("first crawl", 1), ("re-crawl, unchanged", 1), ("re-crawl, month 2", 2)):
        with SampleServer(port=port, month=month, max_age=0, request_log=log) as server:
            port, base = server.port, server.url
            # Politeness delays off, as in make bench. AutoThrottle too: Scrapy's never shortens its
            # delay after a 304 (only after a 200), so with no download delay it would keep its
            # 0.1 s start delay on a re-crawl. With the default delay of 0.5 s that is no difference.
            options = CrawlOptions(start_url=server.url + "/", db_path=str(db), crawl_delay_cap=0.0, download_delay=0.0,
                                   autothrottle=False, quiet=True, progress_interval=60.0)
            start, started = mark(log), time.perf_counter()
            summary = run_crawl(options, echo=lambda line: None)
            phases.append(cost(name, read_log(log, start, mark(log)), time.perf_counter() - started))
            start, started = mark(log), time.perf_counter()
            audit_database(db, summary.crawl_id, None, True, lambda line: None, today=TODAY, only_hosts=THIS_MACHINE)
            rows = read_log(log, start, mark(log), "")
            link_checks.append(cost(f"link check after {name}", rows, time.perf_counter() - started))
    month1, month2 = build_site(base, month=1), build_site(base, month=2)
    changed = {path for path, resource in month2.site.items()
               if path not in month1.site or month1.site[path].body != resource.body}
    downloaded = phases[2].downloaded or Counter()
    return {
        "pages": summary.counts.get("pages_fetched", 0),
        "phases": phases,
        "link_checks": link_checks,
        "changed_paths": len(changed),
        "month2_full_downloads": sum(downloaded.values()),
        "month2_max_downloads_per_path": max(downloaded.values(), default=0),
        "month2_downloads_outside_changed": sorted(set(downloaded) - changed),
    }


def large_costs(work: Path, pages: int) -> dict[str, Any]:
    """First crawl and unchanged re-crawl of the large variant, then the link check once."""
    site_dir, db, log = work / "site", work / "large.db", work / "large.log"
    counts = build_directory(pages, site_dir)
    phases: list[Cost] = []
    with serve_directory(site_dir, log, max_age=0) as port:
        url = f"http://127.0.0.1:{port}/"
        for name in ("first crawl", "re-crawl, unchanged"):
            start, started = mark(log), time.perf_counter()
            subprocess.run([PYTHON, str(HERE / "our_crawl.py"), url, str(db), "8", "--cache"], check=True, cwd=str(ROOT),
                           capture_output=True)
            phases.append(cost(name, read_log(log, start, mark(log)), time.perf_counter() - started))
        start, started = mark(log), time.perf_counter()
        env = dict(os.environ)
        subprocess.run([str(Path(PYTHON).parent / "wmebv"), "audit", "--db", str(db), "--quiet"], check=True, cwd=str(ROOT),
                       capture_output=True, env=env)
        link_check = cost("audit with link check", read_log(log, start, mark(log), ""), time.perf_counter() - started)
    return {"pages": counts["pages"], "phases": phases, "link_check": link_check}


def report(sample: dict[str, Any], large: dict[str, Any] | None) -> None:
    """Print the tables and, as the last line, the figures as JSON."""
    header = f"  {'':<38}{'requests':>9}{'full dl':>9}{'304':>7}{'body MB':>9}{'wire MB':>9}{'seconds':>9}"
    print(f"Sample municipality ({sample['pages']} pages), HTTP cache on, every cached answer stale (max-age=0):")
    print(header)
    for phase in [*sample["phases"], *sample["link_checks"]]:
        print(phase.row())
    print(f"  month 2: {sample['changed_paths']} paths changed on the server; {sample['month2_full_downloads']} full downloads, "
          f"at most {sample['month2_max_downloads_per_path']} per path; downloads of unchanged paths: "
          f"{sample['month2_downloads_outside_changed'] or 'none'}")
    if large:
        first, again = large["phases"]
        print(f"\nLarge variant ({large['pages']} pages):")
        print(header)
        for phase in [*large["phases"], large["link_check"]]:
            print(phase.row())
        print(f"  re-crawl of the unchanged site: {again.requests / max(1, first.requests):.2f} of the requests, "
              f"{again.body_bytes / max(1, first.body_bytes):.4f} of the body bytes, "
              f"{again.wire_bytes / max(1, first.wire_bytes):.3f} of the bytes on the wire, {again.full_downloads} full downloads")

    def plain(phase: Cost) -> dict[str, Any]:
        data = asdict(phase)
        data.pop("downloaded")
        return data

    figures: dict[str, Any] = {"sample": {key: ([plain(p) for p in value] if key in ("phases", "link_checks") else value)
                                          for key, value in sample.items()}}
    if large:
        figures["large"] = {"pages": large["pages"], "phases": [plain(p) for p in large["phases"]],
                            "link_check": plain(large["link_check"])}
    print(json.dumps(figures, sort_keys=True))


def main() -> None:
    """Parse the options, measure in a scratch folder and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000, help="pages of the large variant (default 5000)")
    parser.add_argument("--skip-large", action="store_true", help="only the sample municipality")
    parser.add_argument("--keep", type=Path, help="keep the databases and request logs in this folder")
    args = parser.parse_args()
    # The sample's national links are fictional: no DNS, so they stay 'niet gecontroleerd'.
    os.environ["WMEBV_TEST_NETWORK"] = str(HERE.parent / "offline-network.yml")
    work = args.keep or Path(tempfile.mkdtemp(prefix="wmebv-recrawl-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        sample = sample_costs(work)
        large = None if args.skip_large else large_costs(work, args.pages)
        report(sample, large)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
