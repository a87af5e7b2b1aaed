"""A local HTTP server on 127.0.0.1 whose paths misbehave on purpose, with a request log (hardening tests).

Every fault a municipal website (or the network in front of it) shows now and then is one path:
slow or hung answers, resets mid-response, 5xx and 429 with Retry-After, redirect loops and endless
redirect chains, link traps (a calendar without end, faceted search), responses over the size cap
(with and without Content-Length), wrong or missing charsets, malformed HTML, binary bytes served
as HTML, an empty body, broken gzip and a server that does not speak HTTP at all.
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

Behaviour = Callable[["FaultHandler"], None]

# Faceted search: every combination of these filters is a page that links to more combinations.
FACETS: dict[str, tuple[str, ...]] = {
    "thema": ("afval", "parkeren", "paspoort", "zorg"),
    "doelgroep": ("inwoners", "ondernemers", "jongeren"),
    "soort": ("aanvragen", "melden", "informatie"),
}


@dataclass
class LoggedRequest:
    """One request the server received (path includes the query string)."""

    method: str
    path: str
    at: float


def html_page(title: str, body: str) -> bytes:
    """A complete, well-formed UTF-8 HTML page."""
    return (f"<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><main><h1>{title}</h1>{body}</main></body></html>").encode()


def next_month(month: str, step: int) -> str:
    """The month ``step`` months after ``month`` ('2026-12', 1 -> '2027-01')."""
    year, number = (int(part) for part in month.split("-"))
    index = year * 12 + (number - 1) + step
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


class FaultHandler(BaseHTTPRequestHandler):
    """Dispatches each request to the behaviour of its path (404 for anything unknown)."""

    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        """Do not print every request."""

    def send_complete(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
                      **headers: str) -> None:
        """Send a well-formed response with Content-Length."""
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except OSError:
            pass  # the crawler gave up on this answer; that is its right

    def abort_with_reset(self) -> None:
        """Close the connection with a TCP RST instead of a FIN (SO_LINGER 0)."""
        try:
            self.wfile.flush()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        self.close_connection = True
        self.connection.close()

    def _dispatch(self) -> None:
        site = self.server.site
        site.log.append(LoggedRequest(self.command, self.path, time.monotonic()))
        path = urlsplit(self.path).path
        behaviour = site.routes.get(self.path) or site.routes.get(path)
        if behaviour is None:
            self.send_complete(404, html_page("Pagina niet gevonden", "<p>Deze pagina bestaat niet.</p>"))
            return
        behaviour(self)

    def do_GET(self) -> None:
        """Answer a GET."""
        self._dispatch()

    def do_HEAD(self) -> None:
        """Answer a HEAD."""
        self._dispatch()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    site: MisbehavingServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet: resets and half-closed sockets are what this server is for."""


class MisbehavingServer:
    """A threaded local server on 127.0.0.1 (port chosen by the OS) with misbehaving paths and a request log."""

    __test__ = False  # not a pytest test class

    def __init__(self, slow_seconds: float = 3.0, huge_bytes: int = 3 * 1024 * 1024, seed: int = 8) -> None:
        """Set up the server; ``slow_seconds`` must exceed the crawler's timeout, ``huge_bytes`` its size cap."""
        self.slow_seconds = slow_seconds
        self.huge_bytes = huge_bytes
        self.binary_body = random.Random(seed).randbytes(4096)
        self.stopping = threading.Event()
        self.log: list[LoggedRequest] = []
        self.routes: dict[str, Behaviour] = {}
        self.server = _Server(("127.0.0.1", 0), FaultHandler)
        self.server.site = self
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, name="misbehaving-server", daemon=True)
        self._install_faults()

    def __enter__(self) -> MisbehavingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()  # releases every hung or slow handler
        self.server.shutdown()
        self.server.server_close()

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200,
             **headers: str) -> None:
        """Serve a fixed answer on ``path``."""
        self.routes[path] = lambda handler: handler.send_complete(status, body, content_type, **headers)

    def requests_for(self, path: str) -> list[LoggedRequest]:
        """The logged requests for one path (with its query string, if any)."""
        return [request for request in self.log if request.path == path]

    # -- the faults --------------------------------------------------------------------------

    def _install_faults(self) -> None:
        """Register every misbehaving path."""
        self.page("/robots.txt", b"User-agent: *\nDisallow: /verboden/\n", "text/plain")
        self.routes["/traag"] = self._slow
        self.routes["/hangt"] = self._hang
        self.routes["/hangt-halverwege"] = self._hang_mid_body
        self.routes["/reset"] = self._reset_mid_body
        self.routes["/afgebroken"] = self._short_body
        self.routes["/geen-http"] = self._not_http
        self.page("/fout-500", html_page("Storing", "<p>Er ging iets mis.</p>"), status=500)
        self.page("/druk-503", html_page("Te druk", "<p>Probeer het later.</p>"), status=503, Retry_After="1")
        self.page("/te-veel-429", html_page("Te veel verzoeken", "<p>Rustig aan.</p>"), status=429, Retry_After="1")
        self.routes["/lus-a"] = self._redirect_to("/lus-b")
        self.routes["/lus-b"] = self._redirect_to("/lus-a")
        self.routes["/keten"] = self._endless_redirect
        self.routes["/agenda"] = self._calendar
        self.routes["/zoeker"] = self._facets
        self.routes["/groot"] = self._huge_with_length
        self.routes["/eindeloos"] = self._endless_stream
        self.page("/verkeerde-charset", ("<!doctype html><html lang='nl'><head><title>Verhuizing doorgeven</title></head>"
                                         "<body><main><h1>Verhuizing doorgeven</h1><p>Gaat u verhuizen? Geef uw nieuwe adres "
                                         "op tijd door aan de gemeente. Één café, ruïne en reünie.</p></main></body></html>"
                                         ).encode("latin-1"), "text/html; charset=utf-8")
        self.page("/zonder-charset", html_page("Huwelijk", "<p>U wilt trouwen in het mooiste café van de stad. "
                                               "Dat kan, en wij helpen u graag met de aanvraag.</p>").replace(b"<meta charset='utf-8'>", b""),
                  "text/html")
        self.page("/kapotte-html", (b"<html><head><title>Kapot</title><body><main><h1>Kapotte pagina<p>Deze pagina "
                                    b"<b>sluit <i>haar labels niet</b> af en heeft <<<rommel>>> &&& &#xZZZ; &bogus "
                                    b"<div><div><table><tr><td>cel<p>tekst genoeg om een pagina te zijn, zonder sluitlabels."
                                    b"<a href='/verborgen-goed'>verder lezen<a href=\"/nieuws/\">nieuws</div></span></body>"
                                    b"</html></html><p>na het einde \x00\x01\x02 <!-- nooit gesloten commentaar"))
        self.page("/binair", self.binary_body, "text/html")
        self.page("/leeg", b"")
        self.page("/gzip-kapot", b"\x1f\x8b\x08\x00dit is geen gzip maar rommel" * 20, "text/html; charset=utf-8",
                  Content_Encoding="gzip")

    def _slow(self, handler: FaultHandler) -> None:
        """Answer correctly, but only after the crawler's timeout."""
        if not self.stopping.wait(self.slow_seconds):
            handler.send_complete(200, html_page("Traag", "<p>Eindelijk een antwoord.</p>"))

    def _hang(self, handler: FaultHandler) -> None:
        """Accept the request and never answer."""
        self.stopping.wait(120)

    def _hang_mid_body(self, handler: FaultHandler) -> None:
        """Send the headers and half the body, then go quiet."""
        body = html_page("Halverwege", "<p>" + "tekst " * 2000 + "</p>")
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body[: len(body) // 2])
            handler.wfile.flush()
        except OSError:
            return
        self.stopping.wait(120)

    def _reset_mid_body(self, handler: FaultHandler) -> None:
        """Send the headers and part of the body, then reset the connection."""
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", "50000")
            handler.end_headers()
            handler.wfile.write(b"<html><body><p>" + b"begin " * 200)
        except OSError:
            return
        handler.abort_with_reset()

    def _short_body(self, handler: FaultHandler) -> None:
        """Promise 50000 bytes, send fewer, and close the connection normally."""
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", "50000")
            handler.send_header("Connection", "close")
            handler.end_headers()
            handler.wfile.write(b"<html><body><p>" + b"kort " * 200)
            handler.wfile.flush()
        except OSError:
            pass
        handler.close_connection = True

    def _not_http(self, handler: FaultHandler) -> None:
        """Answer with bytes that are not HTTP at all, then close."""
        try:
            handler.wfile.write(b"SSH-2.0-OpenSSH_9.6\r\n\x00\xff\xfe garbage \r\n\r\n")
            handler.wfile.flush()
        except OSError:
            pass
        handler.close_connection = True

    def _redirect_to(self, location: str) -> Behaviour:
        """A 301 to ``location``."""
        return lambda handler: handler.send_complete(301, b"", Location=location)

    def _endless_redirect(self, handler: FaultHandler) -> None:
        """/keten?n=1 -> /keten?n=2 -> ... without end (no URL repeats, so only a hop limit stops it)."""
        step = int(dict(parse_qsl(urlsplit(handler.path).query)).get("n", "0") or 0)
        handler.send_complete(302, b"", Location=f"/keten?n={step + 1}")

    def _calendar(self, handler: FaultHandler) -> None:
        """A month view that always links to the previous and the next month (an endless trap)."""
        month = dict(parse_qsl(urlsplit(handler.path).query)).get("maand", "2026-12")
        try:
            before, after = next_month(month, -1), next_month(month, 1)
        except ValueError:
            handler.send_complete(400, html_page("Ongeldige maand", "<p>Die maand bestaat niet.</p>"))
            return
        body = (f"<p>Activiteiten in {month}: markt, raadsvergadering en een open dag in het stadhuis.</p>"
                f"<a href='/agenda?maand={before}'>vorige maand</a> <a href='/agenda?maand={after}'>volgende maand</a>")
        handler.send_complete(200, html_page(f"Agenda {month}", body))

    def _facets(self, handler: FaultHandler) -> None:
        """Search results that link to every combination with one more or one fewer filter, and a sorted view."""
        chosen = dict(parse_qsl(urlsplit(handler.path).query))
        links = []
        for facet, values in FACETS.items():
            for value in values:
                combined = dict(chosen, **{facet: value})
                if combined != chosen:
                    links.append(f"<a href='/zoeker?{urlencode(combined)}'>{facet}: {value}</a>")
            if facet in chosen:
                fewer = {k: v for k, v in chosen.items() if k != facet}
                links.append(f"<a href='/zoeker?{urlencode(fewer)}'>zonder {facet}</a>")
        links.append(f"<a href='/zoeker?{urlencode(dict(chosen, sorteer='datum'))}'>sorteer op datum</a>")
        body = "<p>Producten die passen bij uw keuze, met genoeg tekst om een pagina te zijn.</p>" + " ".join(links)
        handler.send_complete(200, html_page("Producten zoeken", body))

    def _huge_with_length(self, handler: FaultHandler) -> None:
        """A response bigger than the cap that says so in Content-Length."""
        chunk = b"<p>" + b"x" * 65533
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", str(self.huge_bytes))
            handler.end_headers()
            sent = 0
            while sent < self.huge_bytes and not self.stopping.is_set():
                part = chunk[: self.huge_bytes - sent]
                handler.wfile.write(part)
                sent += len(part)
        except OSError:
            pass

    def _endless_stream(self, handler: FaultHandler) -> None:
        """A response without Content-Length that streams until the client gives up (at most 200 MB)."""
        chunk = b"<p>" + b"y" * 65533
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Connection", "close")
            handler.end_headers()
            for _ in range(200 * 16):
                if self.stopping.is_set():
                    break
                handler.wfile.write(chunk)
        except OSError:
            pass
        handler.close_connection = True
