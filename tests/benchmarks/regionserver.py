"""Serve N municipalities of the sample region on N ports of 127.0.0.1 for `make bench-sites`.

Run: python tests/benchmarks/regionserver.py N PRODUCTS
The first line on stdout is a JSON list of {"name", "url"}; then it serves until killed.
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from wmebv.sample.region import municipality, site_builder
from wmebv.sample.server import SampleServer


def main(argv: list[str]) -> None:
    """Start the servers, print where they are, serve until killed."""
    count, products = int(argv[1]), int(argv[2])
    servers = [SampleServer(port=0, builder=site_builder(municipality(n, products=products))).start() for n in range(count)]
    print(json.dumps([{"name": s.site.name, "url": s.url + "/"} for s in servers]), flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main(sys.argv)
