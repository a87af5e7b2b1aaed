"""Serve a built sample site in its own process for the benchmark; prints the port, logs every request.

Run: python tests/benchmarks/siteserver.py SITE_DIR REQUEST_LOG [MAX_AGE]
The benchmarks start it with :func:`serve_directory`.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from wmebv.sample.server import SampleServer


@contextmanager
def serve_directory(site_dir: Path, log: Path, max_age: int = 60) -> Iterator[int]:
    """Serve a built site from its own process with a request log; yields the port."""
    log.unlink(missing_ok=True)
    server = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), str(site_dir), str(log), str(max_age)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        yield int(server.stdout.readline())
    finally:
        server.kill()
        server.wait()


def main(argv: list[str]) -> None:
    """Serve until killed; the first line on stdout is the port."""
    max_age = int(argv[3]) if len(argv) > 3 else 60
    server = SampleServer(port=0, directory=Path(argv[1]), request_log=Path(argv[2]), max_age=max_age)
    print(server.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
