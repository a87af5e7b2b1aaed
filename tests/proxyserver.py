"""A tiny forward proxy on 127.0.0.1 for the proxy tests: it answers itself and never connects onwards."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def proxy(mode: str = "answer") -> Iterator[tuple[str, list[str]]]:
    """A proxy on a free port; yields (its address, the request lines it got).

    ``answer``: plain requests get 200 "via de proxy", CONNECT gets 403; ``refuse``: 407 for everything.
    """
    lines: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            lines.append(self.requestline)
            status = 407 if mode == "refuse" else (403 if self.command == "CONNECT" else 200)
            body = b"via de proxy" if status == 200 else b""
            self.send_response(status)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_HEAD = do_CONNECT = _answer  # stdlib names

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", lines
    finally:
        server.shutdown()
        server.server_close()
