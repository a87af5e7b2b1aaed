"""The outbound client: proxies from the environment, time and size limits, and error texts of our own."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from linkserver import html, serve
from proxyserver import proxy
from wmebv.core.outbound.client import Limits, OutboundClient
from wmebv.core.outbound.failures import TEXTS, OutboundError
from wmebv.core.outbound.network import Network, Proxies, StubResolver
from wmebv.core.outbound.policy import OutboundPolicy

OFFLINE = StubResolver({}, dns_works=False)


def through(proxy_url: str, site: str = "", **extra: str) -> OutboundClient:
    """A client on a machine without DNS whose only way out is the proxy (``site``: the crawled site)."""
    network = Network(OFFLINE, Proxies.from_environ({"HTTP_PROXY": proxy_url, "HTTPS_PROXY": proxy_url, **extra}))
    return OutboundClient(OutboundPolicy.for_site([site] if site else [], network), "wmebv-test", Limits(timeout=2))


@contextmanager
def raw_server(behaviour: str) -> Iterator[str]:
    """A socket server on 127.0.0.1: 'silent' accepts and never answers, 'drip' sends a header then a byte a second."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def run() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            if behaviour == "drip":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
                while not stop.wait(0.5):
                    try:
                        conn.sendall(b"x")
                    except OSError:
                        break
            else:
                stop.wait(10)
            conn.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def test_the_proxy_carries_requests_for_names_this_machine_cannot_look_up() -> None:
    with proxy() as (address, lines):
        answer = through(address).request("http://formulieren.test/aanvraag?x=1")
    assert answer.status == 200 and answer.body == b"via de proxy"
    assert lines == ["GET http://formulieren.test/aanvraag?x=1 HTTP/1.1"]


def test_no_proxy_names_go_direct_and_intranet_names_never_reach_the_proxy() -> None:
    with proxy() as (address, lines), serve({"/": html("direct")}) as (site, seen):
        client = through(address, site, NO_PROXY="127.0.0.1")
        assert client.request(site + "/").body.startswith(b"direct")
        for intranet in ("http://jenkins/", "http://printer.local/", "http://app.internal/"):
            with pytest.raises(OutboundError, match="intern netwerk"):
                client.request(intranet)
    assert lines == [] and seen == ["/"]


def test_a_proxy_that_refuses_is_named_as_such() -> None:
    with proxy("refuse") as (address, _):
        with pytest.raises(OutboundError) as refused:
            through(address).request("http://formulieren.test/")
    assert refused.value.kind == "proxy"
    with proxy() as (address, lines):
        with pytest.raises(OutboundError) as tunnel:
            through(address).request("https://formulieren.test/")
    assert tunnel.value.kind == "proxy" and [line.rsplit(" ", 1)[0] for line in lines] == ["CONNECT formulieren.test:443"]
    with serve({}) as (gone, _):
        pass
    with pytest.raises(OutboundError) as absent:
        through(gone).request("http://formulieren.test/")
    assert absent.value.kind == "proxy"


def test_time_limits_hold_for_silent_and_dripping_servers() -> None:
    for behaviour in ("silent", "drip"):
        with raw_server(behaviour) as base:
            client = OutboundClient(OutboundPolicy.for_site([base]), "wmebv-test", Limits(timeout=1, max_seconds=2))
            started = time.monotonic()
            with pytest.raises(OutboundError) as late:
                client.request(base + "/")
            assert late.value.kind == "timeout" and time.monotonic() - started < 5


def test_size_limits_and_our_own_error_texts() -> None:
    big = b"x" * 50_000
    with serve({"/groot": (200, "text/html", big, {})}) as (base, _):
        client = OutboundClient(OutboundPolicy.for_site([base]), "wmebv-test", Limits(max_bytes=10_000))
        with pytest.raises(OutboundError) as large:
            client.request(base + "/groot")
        assert str(large.value) == "te groot"
        # HTTPS to a server that speaks plain HTTP: trouble with TLS, in our words
        with pytest.raises(OutboundError) as tls:
            client.request(base.replace("http://", "https://") + "/groot")
        assert tls.value.kind == "tls"
    with pytest.raises(OutboundError) as refused:
        client.request(base + "/groot")
    assert str(refused.value) == TEXTS["refused"]


def test_one_user_agent_and_no_compression() -> None:
    from linkserver import make_handler  # noqa: F401 - the handler logs paths only; look at the headers here

    seen_headers: list[dict[str, str]] = []
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen_headers.append(dict(self.headers))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        from wmebv import __version__
        from wmebv.core.outbound.agent import LINK_CHECK, user_agent

        OutboundClient(OutboundPolicy.for_site([base]), user_agent(LINK_CHECK)).request(base + "/")
    finally:
        server.shutdown()
        server.server_close()
    assert seen_headers[0]["User-Agent"] == f"wmebv-audit/{__version__} (controle van formulierlinks)"
    assert seen_headers[0]["Accept-Encoding"] == "identity"
    assert seen_headers[0]["Host"] == base.removeprefix("http://")
