"""Our crawl (optionally with the audit beside it) for the benchmark, like `wmebv crawl`.

Run: python tests/benchmarks/our_crawl.py START_URL DB CONCURRENCY [--audit] [--cache]
The only differences with the command line: the politeness delays (robots.txt Crawl-delay, the
download delay and AutoThrottle, which slows down as answers take longer) are off and the
concurrency per host is the benchmark's, so the figures compare with bare Scrapy, which has none
of them; the link check is left out (it measures the network, not us).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from crawler.options import CrawlOptions


def main(argv: list[str]) -> None:
    """Crawl (and audit); print one JSON line with the seconds and the pages."""
    url, db, concurrency = argv[1], argv[2], int(argv[3])
    options = CrawlOptions(start_url=url, db_path=db, concurrency_per_host=concurrency, autothrottle_target=float(concurrency),
                           download_delay=0.0, crawl_delay_cap=0.0, autothrottle=False, http_cache="--cache" in argv, quiet=True,
                           progress_interval=30.0)
    started = time.perf_counter()
    if "--audit" in argv:
        from wmebv.app.live import crawl_and_audit

        summary, audit = crawl_and_audit(options, echo=lambda line: None, check_links=False)
        audited = audit.pages
    else:
        from crawler.runner import run_crawl

        summary, audited = run_crawl(options, echo=lambda line: None), 0
    print(json.dumps({"seconds": time.perf_counter() - started, "crawl_seconds": summary.elapsed, "audited": audited,
                      "pages": summary.counts.get("pages_fetched", 0), "status": summary.status}))


if __name__ == "__main__":
    main(sys.argv)
