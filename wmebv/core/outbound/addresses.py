"""Which IP addresses are the public internet, and which lead into a local or internal network."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# IPv6 prefixes that carry an IPv4 address inside them (NAT64); a mapped address such as
# ::ffff:10.0.0.1 or 64:ff9b::a00:1 reaches that IPv4 host, so the IPv4 address is what counts.
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


def parse_address(text: str) -> IPAddress | None:
    """An IP address written in the usual notation (brackets and zone allowed), else None."""
    text = text.strip().strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, Teredo, NAT64), else None."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if any(address in network for network in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: IPAddress) -> bool:
    """True for an address on the public internet: not loopback, private, link-local, shared, reserved or multicast."""
    inner = embedded_ipv4(address)
    if inner is not None:
        return is_public(inner)
    return bool(
        address.is_global
        and not address.is_multicast
        and not address.is_reserved
        and not address.is_unspecified
        and not address.is_loopback
        and not address.is_link_local
        and not address.is_private
    )


def all_public(addresses: Iterable[IPAddress], also_public: frozenset[IPAddress] = frozenset()) -> bool:
    """True when every address is public (``also_public``: test addresses that stand in for the internet)."""
    return all(address in also_public or is_public(address) for address in addresses)
