"""Run a list of sites with the politeness delays off (the sample runs on this machine), for the tests.

Run: python tests/sites_driver.py SITES_CSV OUT_DIR JOBS [--resume]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.options import CrawlOptions
from wmebv.app.sites.pool import RunSettings, run_sites
from wmebv.app.sites.sitelist import read_sites

# No waiting between requests: the sample municipalities are ours and run on 127.0.0.1.
TEST_CRAWL = CrawlOptions(start_url="", db_path="", http_cache=False, download_delay=0.0, crawl_delay_cap=0.0,
                          progress_interval=1.0)


def main(argv: list[str]) -> int:
    """Run the sites; exit code 0 when every site is done."""
    settings = RunSettings(jobs=int(argv[3]), crawl=TEST_CRAWL, local_links_only=True, status_interval=2.0)
    ledger = run_sites(read_sites(Path(argv[1])), Path(argv[2]), settings, resume="--resume" in argv,
                       echo=lambda line: print(line, flush=True), sites_file=argv[1])
    return 0 if ledger.count("done") == len(ledger.sites) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
