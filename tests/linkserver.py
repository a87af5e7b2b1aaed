"""A tiny local web server for link-check and `wmebv check` tests (127.0.0.1 only, never the internet)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# path -> (status, content type, body, extra headers)
Routes = dict[str, tuple[int, str, bytes, dict[str, str]]]


def make_handler(routes: Routes, seen: list[str]) -> type[BaseHTTPRequestHandler]:
    """A handler class answering from ``routes`` (404 for anything else) and logging paths."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # stdlib name
            seen.append(self.path)
            status, kind, body, headers = routes.get(self.path, (404, "text/html", b"<h1>Niet gevonden</h1>", {}))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@contextmanager
def serve(routes: Routes, host: str = "127.0.0.1") -> Iterator[tuple[str, list[str]]]:
    """Serve ``routes`` on a free port of ``host`` (a loopback address); yields (base URL, list of requested paths)."""
    seen: list[str] = []
    server = ThreadingHTTPServer((host, 0), make_handler(routes, seen))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def html(body: str) -> tuple[int, str, bytes, dict[str, str]]:
    """A 200 HTML answer."""
    return 200, "text/html; charset=utf-8", body.encode("utf-8"), {}
