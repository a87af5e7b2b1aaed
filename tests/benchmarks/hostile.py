"""The hostile site of issue 14: memory of the crawl and the audit, and the audit time of every page (not part of the test run).

Run: .venv/bin/python tests/benchmarks/hostile.py
Serves tests/hostile_site.py on 127.0.0.1 (with its stub network: nothing leaves this machine),
crawls it with `wmebv crawl` (politeness delays off), audits it with `wmebv audit`, then times the
analysis and rules of each stored page on one core. Targets: every page within a second, every
process under 300 MB.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

from fast_cli import FAST_KNOBS, fast_wmebv  # noqa: E402
from hostile_site import HostileSite, measured, page_seconds  # noqa: E402


def main() -> None:
    """Crawl, audit and time the hostile site; print the figures."""
    with tempfile.TemporaryDirectory(prefix="wmebv-vijandig-") as folder_name, HostileSite() as site:
        folder = Path(folder_name)
        env = dict(os.environ, WMEBV_TEST_NETWORK=str(site.write_network(folder)))
        wmebv = str(Path(sys.executable).with_name("wmebv"))
        _, crawl_mb = measured(fast_wmebv(sys.executable, FAST_KNOBS, "crawl", site.base + "/", "--db", "v.db",
                                          "--max-pages", "60", "--no-cache", "--quiet"), folder, env)
        _, audit_mb = measured([wmebv, "audit", "--db", "v.db", "--quiet"], folder, env)
        seconds = page_seconds(folder / "v.db")
        internal_requests = len(site.internal_seen)
    print(f"Peak memory: crawl + live audit {crawl_mb:.0f} MB, audit {audit_mb:.0f} MB (target < 300 MB)")
    print(f"Requests that reached the internal service: {internal_requests}")
    print(f"Pages audited: {len(seconds)}; slowest first (target < 1 s each):")
    for url, value in sorted(seconds.items(), key=lambda item: -item[1])[:8]:
        print(f"  {value:6.3f} s  {url.split('/', 3)[-1]}")


if __name__ == "__main__":
    main()
