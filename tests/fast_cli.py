"""The real `wmebv` command line with only the crawl's politeness knobs made small (for tests).

The CLI has no flags for delays, timeouts, retries or the size cap, and a site config cannot set
them either; this runs `wmebv ...` with those few crawl options replaced, nothing else changed.
"""

from __future__ import annotations

import json
from typing import Any

_PROGRAM = """
import dataclasses, json, sys
import crawler.runner, wmebv.app.live
from wmebv.app.cli import main
knobs = json.loads(sys.argv[1])
real_run_crawl = crawler.runner.run_crawl
def fast_run_crawl(options, *args, **kwargs):
    return real_run_crawl(dataclasses.replace(options, **knobs), *args, **kwargs)
crawler.runner.run_crawl = wmebv.app.live.run_crawl = fast_run_crawl
main(args=sys.argv[2:], prog_name="wmebv")
"""
# What the sample site and the test sites need to be crawled in seconds instead of minutes.
FAST_KNOBS: dict[str, Any] = {"download_delay": 0.0, "crawl_delay_cap": 0.0, "progress_interval": 0.5}


def fast_wmebv(python: str, knobs: dict[str, Any], *args: str) -> list[str]:
    """The command line that runs `wmebv *args` with ``python``, the crawl options in ``knobs`` replaced."""
    return [python, "-c", _PROGRAM, json.dumps(knobs), *args]
