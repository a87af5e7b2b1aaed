"""Test guard: no Python process of the test run connects to, or looks up, anything off this machine.

Loaded in every Python subprocess of the tests through PYTHONPATH (conftest.py puts this folder
first) and installed in the test process itself. A connection to an address outside loopback
(127.0.0.0/8, ::1) or a name lookup other than localhost is refused and written to the file in
WMEBV_NETGUARD_LOG, which conftest.py checks when the run ends.
"""

from __future__ import annotations

import ipaddress
import os
import socket

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _is_loopback_host(host: object) -> bool:
    """True for loopback addresses and localhost."""
    text = str(host).strip("[]").split("%", 1)[0]
    if text == "localhost" or text.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def _refuse(what: str) -> None:
    """Record the attempt for conftest.py and refuse it."""
    log = os.environ.get("WMEBV_NETGUARD_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {what}\n")
    raise PermissionError(f"test run: {what} is off loopback")


def _guarded_connect(self: socket.socket, address: object) -> None:
    if isinstance(address, tuple) and not _is_loopback_host(address[0]):
        _refuse(f"connect to {address!r}")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if isinstance(address, tuple) and not _is_loopback_host(address[0]):
        _refuse(f"connect to {address!r}")
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
    if host not in (None, b"", "") and not _is_loopback_host(host.decode() if isinstance(host, bytes) else host):
        try:
            ipaddress.ip_address(str(host.decode() if isinstance(host, bytes) else host).strip("[]"))
        except ValueError:
            _refuse(f"name lookup of {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]


def install() -> None:
    """Replace the socket functions with guarded ones (idempotent)."""
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = _guarded_getaddrinfo  # type: ignore[assignment]


if os.environ.get("WMEBV_NETGUARD_LOG"):
    install()
