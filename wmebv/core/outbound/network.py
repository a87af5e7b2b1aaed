"""How this machine reaches other servers: name resolution (injectable) and the proxies from the environment.

The resolver is a plain function, so tests pass a stub that maps names to addresses and no
lookup ever leaves the machine. ``WMEBV_TEST_NETWORK`` names a small YAML file with such a stub
for commands run in a subprocess (tests only); without it the system resolver is used.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import proxy_bypass_environment  # type: ignore[attr-defined]  # there, but not in typeshed

import yaml

from wmebv.core.errors import UserError
from wmebv.core.outbound.addresses import IPAddress, parse_address

TEST_NETWORK_ENV = "WMEBV_TEST_NETWORK"
_LEGACY_IPV4 = re.compile(r"^(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]+|[0-9]+)){0,3}$", re.IGNORECASE)


class NameNotFound(Exception):
    """The name does not exist (the DNS answered: no such name)."""


class DnsUnavailable(Exception):
    """The name could not be looked up: no DNS server, no answer in time, or a temporary failure."""


Resolver = Callable[[str], tuple[IPAddress, ...]]


def literal_address(host: str) -> IPAddress | None:
    """The address a host name stands for without any lookup: an IP literal, also in the old forms (2130706433, 0x7f.1)."""
    address = parse_address(host)
    if address is not None:
        return address
    if _LEGACY_IPV4.match(host):
        try:
            return parse_address(socket.inet_ntoa(socket.inet_aton(host)))
        except OSError:
            return None
    return None


def system_resolver(host: str) -> tuple[IPAddress, ...]:
    """The addresses of a name, from the system's resolver."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        if error.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)):
            raise NameNotFound(host) from None
        raise DnsUnavailable(host) from None
    except (UnicodeError, ValueError):  # a name that cannot be written in DNS (IDNA) does not exist
        raise NameNotFound(host) from None
    addresses = (parse_address(str(info[4][0])) for info in infos)
    return tuple(dict.fromkeys(address for address in addresses if address is not None))


@dataclass(frozen=True)
class StubResolver:
    """Names from a table, nothing from the network: for tests and machines without DNS."""

    hosts: Mapping[str, tuple[IPAddress, ...]] = field(default_factory=dict)
    dns_works: bool = False  # unknown names: 'does not exist' (True) or 'no DNS at all' (False)

    def __call__(self, host: str) -> tuple[IPAddress, ...]:
        """The addresses in the table; localhost is always 127.0.0.1."""
        name = host.lower().rstrip(".")
        if name in self.hosts:
            return self.hosts[name]
        if name == "localhost" or name.endswith(".localhost"):
            return (parse_address("127.0.0.1"),)  # type: ignore[return-value]
        raise (NameNotFound if self.dns_works else DnsUnavailable)(host)


@dataclass(frozen=True)
class Proxy:
    """A proxy server from HTTP_PROXY or HTTPS_PROXY."""

    host: str
    port: int
    authorization: str | None = None  # the Proxy-Authorization header, when the address holds a user name

    @classmethod
    def parse(cls, value: str) -> Proxy:
        """A proxy from its address (``http://proxy:3128``, ``proxy:3128``, ``http://user:secret@proxy:8080``)."""
        import base64
        from urllib.parse import unquote

        parts = urlsplit(value if "://" in value else f"http://{value}")
        try:
            port = parts.port or 80
        except ValueError:
            port = 0
        if not parts.hostname or not port or parts.scheme not in ("http", ""):
            raise UserError(f"De proxy-instelling '{value}' klopt niet. Schrijf haar als http://proxy.gemeente.nl:8080.")
        authorization = None
        if parts.username:
            secret = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
            authorization = "Basic " + base64.b64encode(secret).decode("ascii")
        return cls(parts.hostname, port, authorization)


@dataclass(frozen=True)
class Proxies:
    """The proxies of the environment (HTTP_PROXY, HTTPS_PROXY, NO_PROXY; lower case wins, as in curl)."""

    http: Proxy | None = None
    https: Proxy | None = None
    no_proxy: str = ""

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Proxies:
        """Read the proxy variables."""

        def value(name: str) -> str:
            return (environ.get(name.lower()) or environ.get(name.upper()) or "").strip()

        http, https = value("http_proxy"), value("https_proxy")
        return cls(Proxy.parse(http) if http else None, Proxy.parse(https) if https else None, value("no_proxy"))

    def for_url(self, scheme: str, host: str) -> Proxy | None:
        """The proxy for a request, or None when it goes direct (no proxy, or NO_PROXY names the host)."""
        proxy = self.https if scheme == "https" else self.http
        if proxy is None:
            return None
        if self.no_proxy and proxy_bypass_environment(host, {"no": self.no_proxy}):
            return None
        return proxy


@dataclass(frozen=True)
class Network:
    """Name resolution and proxies, passed along as one object (never read from globals deep inside)."""

    resolve: Resolver = system_resolver
    proxies: Proxies = Proxies()
    # Loopback addresses that stand in for the internet in tests: a server on 127.0.0.2 plays a
    # public form host, while 127.0.0.1 stays this machine. Only a test network sets them.
    test_public: frozenset[IPAddress] = frozenset()

    def lookup(self, host: str) -> tuple[IPAddress, ...]:
        """The addresses of a host: a literal as it is, a name through the resolver."""
        literal = literal_address(host)
        return (literal,) if literal is not None else self.resolve(host)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Network:
        """The network of this process: proxies from the environment, the test stub when one is named."""
        environ = os.environ if environ is None else environ
        proxies = Proxies.from_environ(environ)
        stub_file = environ.get(TEST_NETWORK_ENV)
        if not stub_file:
            return cls(system_resolver, proxies)
        resolver, public = load_test_network(Path(stub_file))
        return cls(resolver, proxies, public)


def load_test_network(path: Path) -> tuple[StubResolver, frozenset[IPAddress]]:
    """A stub network from YAML: ``hosts`` (name: address or list), ``dns`` (works/none), ``public`` (loopback only)."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    hosts: dict[str, tuple[IPAddress, ...]] = {}
    for name, value in (data.get("hosts") or {}).items():
        values = value if isinstance(value, list) else [value]
        addresses = [parse_address(str(item)) for item in values]
        if any(address is None for address in addresses):
            raise ValueError(f"{path}: geen IP-adres bij {name}")
        hosts[str(name).lower()] = tuple(address for address in addresses if address is not None)
    public = [parse_address(str(item)) for item in data.get("public") or ()]
    if any(address is None or not address.is_loopback for address in public):
        raise ValueError(f"{path}: 'public' mag alleen loopback-adressen noemen (127.0.0.0/8, ::1)")
    loopback = frozenset(address for address in public if address is not None)
    return StubResolver(hosts, dns_works=str(data.get("dns", "none")) == "works"), loopback
