"""Samenwerkende Catalogi (SC 4.0): parse a municipality's product feed into claims per page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

import lxml.etree
import lxml.html

SC_PRODUCT_TAG = "scproduct"
ONLINE_VALUES = ("ja", "digid", "nee")


def _local(tag: Any) -> str:
    """The local name of an element tag, without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _first(element: lxml.etree._Element, name: str) -> lxml.etree._Element | None:
    """The first descendant with this local name."""
    for child in element.iter():
        if _local(child.tag) == name:
            return child
    return None


def _text(element: lxml.etree._Element | None) -> str:
    """The stripped text of an element, or ''."""
    return "".join(element.itertext()).strip() if element is not None else ""


def is_sc_feed(body: bytes) -> bool:
    """True when the body is XML holding at least one SC product."""
    return b"scproduct" in body[:200_000] and parse_sc_feed(body, "") != []


def parse_sc_feed(body: bytes, feed_url: str) -> list[dict[str, Any]]:
    """The claims of an SC feed (any root: scproducten, an SRU response): one dict per product page."""
    parser = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = lxml.etree.fromstring(body, parser)
    except lxml.etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    claims: dict[str, dict[str, Any]] = {}
    for product in root.iter():
        if _local(product.tag) != SC_PRODUCT_TAG:
            continue
        url = _text(_first(product, "identifier"))
        if not url:
            continue
        upl = _first(product, "uniformeProductnaam")
        online = _text(_first(product, "onlineAanvragen")).lower()
        aanvraag_url = _text(_first(product, "aanvraagURL"))
        claims[url] = {
            "url": url,
            "title": _text(_first(product, "title")),
            "product_id": _text(_first(product, "productID")) or None,
            "upl_name": _text(upl) or None,
            "upl_uri": (upl.get("resourceIdentifier") if upl is not None else None) or None,
            "online_aanvragen": online if online in ONLINE_VALUES else (online or None),
            "aanvraag_url": (urljoin(feed_url, aanvraag_url) if feed_url and aanvraag_url else aanvraag_url) or None,
            "feed_url": feed_url,
        }
    return list(claims.values())


def feed_links(html: str | bytes, base_url: str, titles: tuple[str, ...] = ("samenwerkende catalogi",)) -> list[str]:
    """Feed URLs announced in a page head: <link rel=alternate title="Samenwerkende Catalogi">."""
    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    found: list[str] = []
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        title = (link.get("title") or "").lower()
        if "alternate" in rel and link.get("href") and any(t in title for t in titles):
            found.append(urljoin(base_url, link.get("href").strip()))
    return found
