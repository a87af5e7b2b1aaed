"""Serve the sample site from memory on 127.0.0.1 (site host) and localhost (e-loket host)."""

from __future__ import annotations

import email.utils
import errno
import hashlib
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from wmebv.core.errors import UserError
from wmebv.sample.site import Resource, Site, build_site

NOT_FOUND = (b'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Pagina niet gevonden'
             b'</title></head><body><h1>Pagina niet gevonden</h1><p>Deze pagina bestaat niet (meer). '
             b'Ga naar de <a href="/">homepage</a>.</p></body></html>\n')
THANKS = b'<!DOCTYPE html><html lang="nl"><body><h1>Bedankt</h1><p>Wij hebben uw bericht ontvangen.</p></body></html>\n'


class Served:
    """A resource ready to send: body plus validators."""

    __slots__ = ("content_type", "body", "etag", "last_modified", "timestamp", "max_age")

    def __init__(self, resource: Resource, max_age: int = 60) -> None:
        self.max_age = max_age
        self.content_type = resource.content_type
        self.body = resource.body
        self.etag = '"' + hashlib.sha1(resource.body).hexdigest()[:20] + '"'
        moment = datetime(resource.modified.year, resource.modified.month, resource.modified.day,
                          9, 0, tzinfo=UTC)
        self.timestamp = int(moment.timestamp())
        self.last_modified = email.utils.formatdate(self.timestamp, usegmt=True)


class CountingWriter:
    """A response stream that counts the bytes written to it (headers and body), for the request log."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream, self.written = stream, 0

    def write(self, data: bytes) -> int:
        """Write and count."""
        self.written += len(data)
        return self.stream.write(data)

    def take(self) -> int:
        """The bytes written since the last call."""
        written, self.written = self.written, 0
        return written

    def flush(self) -> None:
        """Flush the stream."""
        self.stream.flush()

    def close(self) -> None:
        """Close the stream."""
        self.stream.close()

    @property
    def closed(self) -> bool:
        """Whether the stream is closed."""
        return self.stream.closed


class SampleHandler(BaseHTTPRequestHandler):
    """Answer GET/HEAD from the in-memory site, dispatching on the Host header."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes
    server_version = "VoorbeeldstadCMS/4.2"
    sys_version = ""
    server: SampleHTTPServer
    raw_requestline: bytes  # set by BaseHTTPRequestHandler, which typeshed does not say

    def log_message(self, format: str, *args: object) -> None:  # stdlib signature
        """Stay quiet; requests go to the optional request log instead."""

    def setup(self) -> None:
        """Count what is written per answer, so the request log can say what a request cost."""
        super().setup()
        self.wfile = CountingWriter(self.wfile)  # type: ignore[assignment, arg-type]  # a stand-in stream

    def _lookup(self) -> tuple[Served | None, str | None, int]:
        """Find the resource, or the redirect and its status, for this request."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        is_loket = host == "localhost"
        table = self.server.loket if is_loket else self.server.site
        parts = urlsplit(self.path)
        full = parts.path + (f"?{parts.query}" if parts.query else "")
        if is_loket and parts.path in self.server.redirects:
            return None, self.server.redirects[parts.path], 302
        if not is_loket and full in self.server.site_redirects:  # a page that moved for good
            return None, self.server.site_redirects[full], 301
        return table.get(full) or table.get(parts.path), None, 200

    def _send(self, status: int, body: bytes, headers: dict[str, str], head_only: bool) -> None:
        """Send a complete response with Content-Length (keep-alive friendly)."""
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        sent = 0
        if not head_only and status != 304:
            self.wfile.write(body)
            sent = len(body)
        self.server.log_request_line(self, status, sent)

    def _answer(self, head_only: bool) -> None:
        """Shared logic of GET and HEAD."""
        served, location, status = self._lookup()
        if location:
            self._send(status, b"", {"Location": location}, head_only)
            return
        if served is None:
            self._send(404, NOT_FOUND, {"Content-Type": "text/html; charset=utf-8"}, head_only)
            return
        headers = {"Content-Type": served.content_type, "ETag": served.etag,
                   "Last-Modified": served.last_modified, "Cache-Control": f"max-age={served.max_age}"}
        if self._not_modified(served):
            self.send_response(304)
            for key in ("ETag", "Last-Modified", "Cache-Control"):
                self.send_header(key, headers[key])
            self.end_headers()
            self.server.log_request_line(self, 304, 0)
            return
        self._send(200, served.body, headers, head_only)

    def _not_modified(self, served: Served) -> bool:
        """Whether a conditional request can get 304 Not Modified."""
        tags = self.headers.get("If-None-Match")
        if tags is not None:
            return served.etag in [t.strip() for t in tags.split(",")] or tags.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return email.utils.parsedate_to_datetime(since).timestamp() >= served.timestamp
            except (TypeError, ValueError):
                return False
        return False

    def do_GET(self) -> None:
        """Serve a page."""
        self._answer(head_only=False)

    def do_HEAD(self) -> None:
        """Serve headers only."""
        self._answer(head_only=True)

    def do_POST(self) -> None:
        """Accept a form post (feedback, contact form, e-loket forms) and thank the sender."""
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self._send(200, THANKS, {"Content-Type": "text/html; charset=utf-8"}, False)


class SampleHTTPServer(ThreadingHTTPServer):
    """A threaded HTTP server holding the rendered site in memory."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], log_file: IO[str] | None = None, max_age: int = 60) -> None:
        super().__init__(address, SampleHandler)
        self.max_age = max_age
        self.site: dict[str, Served] = {}
        self.loket: dict[str, Served] = {}
        self.redirects: dict[str, str] = {}
        self.site_redirects: dict[str, str] = {}
        self._log_file = log_file
        self._log_lock = threading.Lock()

    def install(self, site: Site) -> None:
        """Load a rendered site into the server."""
        self.site = {path: Served(res, self.max_age) for path, res in site.site.items()}
        self.loket = {path: Served(res, self.max_age) for path, res in site.loket.items()}
        self.redirects = dict(site.loket_redirects)
        self.site_redirects = {old: site.base_url + new for old, new in site.redirects.items()}

    def handle_error(self, request: Any, client_address: tuple[str, int]) -> None:
        """A client that hangs up early (a link check reads only the start of a page) is no error."""
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)

    def log_request_line(self, handler: SampleHandler, status: int, sent: int = 0) -> None:
        """Write one line per request to the request log.

        Tab-separated: time, host, method, path, status, body bytes, bytes of the whole answer
        (status line, headers and body) and bytes of the request (request line and headers).
        """
        wire = handler.wfile.take() if isinstance(handler.wfile, CountingWriter) else sent
        if self._log_file is None:
            return
        asked = len(handler.raw_requestline) + len(str(handler.headers).encode("latin-1", "replace"))
        line = (f"{time.time():.3f}\t{handler.headers.get('Host', '')}\t{handler.command}\t"
                f"{handler.path}\t{status}\t{sent}\t{wire}\t{asked}\n")
        with self._log_lock:
            self._log_file.write(line)
            self._log_file.flush()


class SampleServer:
    """Start and stop the sample server; usable as a context manager in tests."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, directory: Path | None = None,
                 request_log: Path | None = None,
                 builder: Callable[[str, str], Site] | None = None, month: int = 1, max_age: int = 60) -> None:
        """Render the site (a built directory, or month ``month`` of the sample) and bind the port.

        ``max_age`` is the Cache-Control max-age of every answer; 0 makes a client ask again
        (conditionally) each time, as it does for any page after a month.
        """
        self._log = request_log.open("a", encoding="utf-8") if request_log else None
        try:
            self.httpd = SampleHTTPServer((host, port), self._log, max_age)
        except OSError as exc:
            if self._log:
                self._log.close()
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                raise UserError(f"Poort {port} op {host} is al in gebruik (of niet toegestaan). "
                                "Kies een andere poort met --port, of stop het programma dat "
                                "deze poort gebruikt.") from exc
            raise
        self.port = self.httpd.server_address[1]
        self.url = f"http://{host}:{self.port}"
        self.loket_url = f"http://localhost:{self.port}"
        try:
            if directory is not None:
                from wmebv.sample.bulk import load_built_site
                site = load_built_site(directory, self.url, self.loket_url)
            else:
                site = builder(self.url, self.loket_url) if builder else build_site(self.url, self.loket_url, month=month)
        except BaseException:
            self.httpd.server_close()
            if self._log:
                self._log.close()
            raise
        self.site = site
        self.httpd.install(site)
        self._thread: threading.Thread | None = None

    def start(self) -> SampleServer:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="voorbeeldstad",
                                        daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the current thread until interrupted."""
        self.httpd.serve_forever()

    def stop(self) -> None:
        """Stop serving and release the port and the log file."""
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=5)
        self.httpd.server_close()
        if self._log:
            self._log.close()

    def __enter__(self) -> SampleServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
