"""One HTTP client for every request outside the crawl: each hop checked by the policy, with caps and time limits.

Built on :mod:`http.client` so that the connection goes to exactly the addresses the policy let
through (no second name lookup), proxies are used as the environment says, and nothing but
http and https is ever opened (urllib would also open file:, ftp: and data: addresses).
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urljoin, urlsplit

from wmebv.core.outbound.addresses import IPAddress
from wmebv.core.outbound.failures import OutboundError
from wmebv.core.outbound.policy import DEFAULT_PORTS, OutboundPolicy, Target

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Limits:
    """How long and how much: per socket operation, per request, body size, redirects."""

    timeout: float = 10.0
    max_seconds: float = 30.0
    max_bytes: int = 1024 * 1024
    max_redirects: int = 5


@dataclass(frozen=True)
class Answer:
    """The server's answer to one request (after the redirects that were followed)."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes = b""
    location: str | None = None  # the absolute redirect target of a 3xx answer
    redirects: tuple[str, ...] = ()  # the addresses that redirected on the way here

    def header(self, name: str) -> str:
        """A header value ('' when absent)."""
        return next((value for key, value in self.headers.items() if key.lower() == name.lower()), "")


def _connect_any(addresses: tuple[IPAddress, ...], port: int, timeout: float) -> socket.socket:
    """A TCP connection to the first of the addresses that answers."""
    last: OSError = OSError("no address")
    for address in addresses:
        family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect((str(address), port))
            return sock
        except OSError as error:
            sock.close()
            last = error
    raise last


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to addresses that were checked, under the host's own name."""

    def __init__(self, host: str, port: int, addresses: tuple[IPAddress, ...], timeout: float) -> None:
        """A connection to ``host`` that will only ever use ``addresses``."""
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self) -> None:
        """Connect to the first checked address that answers."""
        self.sock = _connect_any(self.addresses, self.port, self.timeout)  # type: ignore[arg-type]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to addresses that were checked; the certificate is checked against the host name."""

    def __init__(self, host: str, port: int, addresses: tuple[IPAddress, ...], timeout: float, context: ssl.SSLContext) -> None:
        """A TLS connection to ``host`` that will only ever use ``addresses``."""
        super().__init__(host, port, timeout=timeout, context=context)
        self.addresses = addresses

    def connect(self) -> None:
        """Connect to the first checked address that answers, then speak TLS with the host's own name."""
        sock = _connect_any(self.addresses, self.port, self.timeout)  # type: ignore[arg-type]
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


@dataclass
class OutboundClient:
    """Requests under the outbound policy, with one User-Agent and one set of limits."""

    policy: OutboundPolicy
    user_agent: str
    limits: Limits = field(default_factory=Limits)

    @cached_property
    def tls(self) -> ssl.SSLContext:
        """The TLS settings: the system's certificates, host names checked."""
        return ssl.create_default_context()

    def request(self, url: str, *, method: str = "GET", accept: str = "text/html,*/*", read_body: bool = True) -> Answer:
        """One request, redirects not followed; OutboundError when it may not be made or gives no answer."""
        target = self.policy.check(url)
        deadline = time.monotonic() + self.limits.max_seconds
        connection, request_target, headers = self._connection(target, url, accept)
        connected = False
        try:
            connection.connect()
            connected = True
            connection.request(method, request_target, headers=headers)
            response = connection.getresponse()
            body = self._body(response, deadline) if read_body and method != "HEAD" else b""
            answer_headers = {key: value for key, value in response.getheaders()}
        except OutboundError:
            raise
        except TimeoutError:
            raise OutboundError("timeout") from None
        except ssl.SSLError:
            raise OutboundError("tls") from None
        except ConnectionRefusedError:
            raise OutboundError("proxy" if target.proxy else "refused") from None
        except http.client.HTTPException:
            raise OutboundError("protocol") from None
        except OSError as error:
            if target.proxy is not None and (not connected or "Tunnel connection failed" in str(error)):
                raise OutboundError("proxy") from None
            raise OutboundError("unreachable" if not connected else "protocol") from None
        finally:
            connection.close()
        if target.proxy is not None and response.status == 407:
            raise OutboundError("proxy")
        location = answer_headers.get("Location") or answer_headers.get("location")
        absolute = urljoin(url, location.strip()) if location and response.status in REDIRECT_CODES else None
        return Answer(url, response.status, answer_headers, body, absolute)

    def fetch(self, url: str, *, method: str = "GET", accept: str = "text/html,*/*", read_body: bool = True,
              stop: Callable[[str], bool] | None = None) -> Answer:
        """A request that follows redirects, each hop checked again; stops early where ``stop(target)`` is true."""
        visited: list[str] = []
        current = url
        while True:
            answer = self.request(current, method=method, accept=accept, read_body=read_body)
            if answer.location is None or (stop is not None and stop(answer.location)):
                return Answer(answer.url, answer.status, answer.headers, answer.body, answer.location, tuple(visited))
            visited.append(current)
            if answer.location in visited or answer.location == current:
                raise OutboundError("redirect-loop")
            if len(visited) > self.limits.max_redirects:
                raise OutboundError("too-many-redirects")
            current = answer.location

    def _connection(self, target: Target, url: str, accept: str) -> tuple[http.client.HTTPConnection, str, dict[str, str]]:
        """The connection, the request target and the headers for one request."""
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        host_header = target.host if target.port == DEFAULT_PORTS[target.scheme] else f"{target.host}:{target.port}"
        if ":" in target.host:
            host_header = f"[{target.host}]" + ("" if target.port == DEFAULT_PORTS[target.scheme] else f":{target.port}")
        headers = {"Host": host_header, "User-Agent": self.user_agent, "Accept": accept,
                   "Accept-Language": "nl,en;q=0.5", "Accept-Encoding": "identity", "Connection": "close"}
        timeout = self.limits.timeout
        proxy = target.proxy
        if proxy is None:
            if target.scheme == "https":
                return _PinnedHTTPSConnection(target.host, target.port, target.addresses, timeout, self.tls), path, headers
            return _PinnedHTTPConnection(target.host, target.port, target.addresses, timeout), path, headers
        proxy_headers = {"Proxy-Authorization": proxy.authorization} if proxy.authorization else {}
        if target.scheme == "https":
            connection = http.client.HTTPSConnection(proxy.host, proxy.port, timeout=timeout, context=self.tls)
            connection.set_tunnel(target.host, target.port, headers=proxy_headers)
            return connection, path, headers
        absolute = f"http://{host_header}{path}"
        return http.client.HTTPConnection(proxy.host, proxy.port, timeout=timeout), absolute, {**headers, **proxy_headers}

    def _body(self, response: http.client.HTTPResponse, deadline: float) -> bytes:
        """The body, read in pieces within the time and size limits."""
        length = response.getheader("Content-Length") or ""
        if length.isdigit() and int(length) > self.limits.max_bytes:
            raise OutboundError("too-large")
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() > deadline:
                raise OutboundError("timeout")
            chunk = response.read1(64 * 1024)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.limits.max_bytes:
                raise OutboundError("too-large")
            chunks.append(chunk)
