"""Serve a built sample site in its own process for the benchmark; prints the port, logs every request.

Run: python tests/benchmarks/siteserver.py SITE_DIR REQUEST_LOG
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from wmebv.sample.server import SampleServer  # noqa: E402


def main(argv: list[str]) -> None:
    """Serve until killed; the first line on stdout is the port."""
    server = SampleServer(port=0, directory=Path(argv[1]), request_log=Path(argv[2]))
    print(server.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
