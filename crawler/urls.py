"""URLs: normalise them, decide whether they belong to the site, and what kind of link they are."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

from wmebv.core.siteconfig import SiteConfig

PAGE, DOCUMENT, SKIP, EXCLUDED = "page", "document", "skip", "excluded"


def normalize_url(url: str, base: str | None = None, strip_params: frozenset[str] = frozenset()) -> str | None:
    """An absolute, canonical http(s) URL without fragment or tracking parameters; None for other schemes."""
    url = url.strip()
    if base:
        url = urljoin(base, url)
    return _canonical(url, strip_params)


@lru_cache(maxsize=65536)
def _canonical(url: str, strip_params: frozenset[str]) -> str | None:
    """The canonical form of an absolute URL (cached: every page repeats the menu's links)."""
    url = safe_url_string(url)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in strip_params])
    path = parts.path or "/"
    netloc = parts.netloc.lower()
    if (parts.scheme, parts.port) in (("http", 80), ("https", 443)):
        netloc = netloc.rsplit(":", 1)[0]
    return canonicalize_url(urlunsplit((parts.scheme, netloc, path, query, "")), keep_fragments=False)


def host_of(url: str) -> str:
    """The host (with port when it is not the default) of a URL, lower case."""
    parts = urlsplit(url)
    return parts.netloc.lower()


def site_key(url: str) -> str:
    """The site a crawl belongs to: scheme and host of the start URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def site_hosts(start_url: str, extra: tuple[str, ...] | list[str] = ()) -> frozenset[str]:
    """The hosts of the site, each with its port as in a normalised URL ('host' for the usual web ports).

    The start host and its www./bare twin, and the configured extra hosts. An extra host given
    without a port runs on the start URL's port (``--allowed-host localhost`` for a site on
    127.0.0.1:8000 means localhost:8000); another port of the same host is another server.
    """
    host = host_of(normalize_url(start_url) or start_url)
    name, _, port = host.rpartition(":") if _has_port(host) else (host, "", "")
    twin = name[4:] if name.startswith("www.") else f"www.{name}"
    hosts = {host, f"{twin}:{port}" if port else twin}
    for value in extra:
        value = value.strip().lower()
        if value:
            hosts.add(value if _has_port(value) or not port else f"{value}:{port}")
    return frozenset(hosts)


def _has_port(host: str) -> bool:
    """True when a netloc ends in ':<digits>' (an IPv6 literal alone does not)."""
    head, colon, tail = host.rpartition(":")
    return bool(colon) and tail.isdigit() and (not head.startswith("[") or head.endswith("]"))


@dataclass(frozen=True)
class LinkPolicy:
    """Classifies URLs for one crawl: on or off the site, page, document or never fetched."""

    hosts: frozenset[str]
    config: SiteConfig

    @cached_property
    def strip_params(self) -> frozenset[str]:
        """Query parameters removed before comparing URLs."""
        return frozenset(p.lower() for p in self.config.crawl.get("strip_query_params") or ())

    def normalize(self, url: str, base: str | None = None) -> str | None:
        """Normalise a URL with this site's parameter list."""
        return normalize_url(url, base, self.strip_params)

    def on_site(self, url: str) -> bool:
        """True when the URL's host and port belong to the site (http and https on their usual ports both count)."""
        return host_of(normalize_url(url) or url) in self.hosts

    def kind(self, url: str) -> str:
        """'document', 'skip' (images, archives), 'excluded' (search results, login) or 'page'."""
        target = urlsplit(url)
        extension = posixpath.splitext(target.path.lower())[1].lstrip(".")
        if extension in self.config.document_extensions:
            return DOCUMENT
        if extension in self.config.skip_extensions:
            return SKIP
        tail = target.path + (f"?{target.query}" if target.query else "")
        if any(pattern.search(tail) for pattern in self.config.skip_patterns):
            return EXCLUDED
        return PAGE


def path_of(url: str) -> str:
    """The path of a URL (for matching URL patterns)."""
    return urlsplit(url).path or "/"
