"""A small local test site for the crawler tests: routes, a request log, and crawls in a subprocess."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Route = Callable[["Handler"], tuple[int, dict[str, str], bytes]]


@dataclass
class LoggedRequest:
    """One request the server received."""

    method: str
    host: str
    path: str
    at: float
    headers: dict[str, str] = field(default_factory=dict)


class Handler(BaseHTTPRequestHandler):
    """Serves the routes of the TestSite it belongs to."""

    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        """Do not print every request."""

    def _serve(self, with_body: bool) -> None:
        site = self.server.site
        host = self.headers.get("Host", "")
        site.log.append(LoggedRequest(self.command, host, self.path, time.monotonic(), dict(self.headers)))
        route = site.routes.get((host.split(":")[0], self.path)) or site.routes.get(self.path)
        if route is None:
            status, headers, body = 404, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body><h1>Niet gevonden</h1></body></html>"
        elif callable(route):
            status, headers, body = route(self)
        else:
            status, headers, body = route
        try:
            self.send_response(status)
            headers = dict(headers)
            if "Content-Length" not in headers:
                headers["Content-Length"] = str(len(body))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if with_body and body:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self) -> None:
        """Answer a GET."""
        self._serve(True)

    def do_HEAD(self) -> None:
        """Answer a HEAD (same headers, no body)."""
        self._serve(False)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: TestSite


class TestSite:
    """A local HTTP server on 127.0.0.1 with a port chosen by the OS."""

    __test__ = False  # not a pytest test class

    def __init__(self) -> None:
        self.routes: dict[Any, Any] = {}
        self.log: list[LoggedRequest] = []
        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.site = self
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> TestSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def page(self, path: str, html: str, status: int = 200, charset: str = "utf-8", **headers: str) -> None:
        """Serve an HTML page."""
        self.routes[path] = (status, {"Content-Type": f"text/html; charset={charset}", **headers}, html.encode(charset))

    def raw(self, path: str, body: bytes, content_type: str, status: int = 200, **headers: str) -> None:
        """Serve any body."""
        self.routes[path] = (status, {"Content-Type": content_type, **headers}, body)

    def redirect(self, path: str, location: str, status: int = 301) -> None:
        """Serve a redirect."""
        self.routes[path] = (status, {"Location": location, "Content-Type": "text/html"}, b"")

    def requests_for_host(self, host: str) -> list[LoggedRequest]:
        """The logged requests that asked for another host name of this server (such as localhost)."""
        return [r for r in self.log if r.host.split(":")[0] == host]

    def requests_for(self, path: str, method: str | None = None) -> list[LoggedRequest]:
        """The logged requests for one path on the site host."""
        return [r for r in self.log if r.path == path and r.host.startswith("127.0.0.1") and (method is None or r.method == method)]


def html_page(title: str, body: str, head: str = "") -> str:
    """A complete HTML page."""
    return f"<!doctype html><html lang='nl'><head><title>{title}</title>{head}</head><body>{body}</body></html>"


def product_page(title: str, extra: str = "", head: str = "") -> str:
    """A product page with the usual sections."""
    body = (
        f"<nav aria-label='Kruimelpad'><a href='/'>Home</a> <a href='/producten'>Producten</a> <span>{title}</span></nav>"
        f"<main><h1>{title}</h1><p>Hier leest u hoe u dit regelt bij de gemeente. Dit is een tekst van voldoende lengte "
        "zodat de pagina zichtbare inhoud heeft en niet op een JavaScript-pagina lijkt.</p>"
        "<h2>Hoe vraag ik het aan?</h2><p>Maak een afspraak.</p><h2>Wat kost het?</h2><p>Het kost 10 euro.</p>"
        f"<h2>Hoe lang duurt het?</h2><p>Een week.</p>{extra}</main>"
    )
    return html_page(f"{title} | Gemeente Teststad", body, head)


def sitemap(urls: list[str]) -> bytes:
    """A sitemap urlset."""
    items = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</urlset>'.encode()


def sitemap_index(urls: list[str]) -> bytes:
    """A sitemap index."""
    items = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'.encode()


def sc_feed(products: list[dict[str, str]]) -> bytes:
    """An SC 4.0 feed with root overheidproduct:scproducten."""
    records = "".join(
        "<overheidproduct:scproduct owms-version='4.0'><overheidproduct:meta><overheidproduct:owmskern>"
        f"<dcterms:identifier>{p['url']}</dcterms:identifier><dcterms:title>{p['title']}</dcterms:title>"
        "</overheidproduct:owmskern><overheidproduct:scmeta>"
        f"<overheidproduct:productID>{p.get('id', '1')}</overheidproduct:productID>"
        f"<overheidproduct:onlineAanvragen>{p.get('online', 'nee')}</overheidproduct:onlineAanvragen>"
        + (f"<overheidproduct:aanvraagURL resourceIdentifier='{p['aanvraag']}'>{p['aanvraag']}</overheidproduct:aanvraagURL>" if p.get("aanvraag") else "")
        + f"<overheidproduct:uniformeProductnaam scheme='overheid:UniformeProductnaam' resourceIdentifier='{p['upl_uri']}'>"
        f"{p['upl_name']}</overheidproduct:uniformeProductnaam></overheidproduct:scmeta></overheidproduct:meta>"
        "</overheidproduct:scproduct>"
        for p in products
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?><overheidproduct:scproducten "
        "xmlns:overheidproduct='http://standaarden.overheid.nl/product/terms/' xmlns:dcterms='http://purl.org/dc/terms/'>"
        f"{records}</overheidproduct:scproducten>"
    ).encode()


def gzipped(body: bytes) -> bytes:
    """Gzip a body."""
    return gzip.compress(body)


def fast_options(**overrides: Any) -> dict[str, Any]:
    """Crawl options that keep tests fast (no delay, short timeout, quick backoff)."""
    values: dict[str, Any] = {
        "download_delay": 0.0, "crawl_delay_cap": 0.0, "timeout": 2.0, "retry_times": 1,
        "backoff_base": 0.1, "max_retry_after": 2.0, "progress_interval": 0.5, "http_cache": False,
    }
    values.update(overrides)
    return values
