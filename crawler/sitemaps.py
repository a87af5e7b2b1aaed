"""Sitemaps: read a sitemap or sitemap index, plain or gzip-compressed."""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass

from scrapy.utils.sitemap import Sitemap

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit for one uncompressed file


@dataclass(frozen=True)
class SitemapContent:
    """The URLs in one sitemap file: pages (urlset) or further sitemaps (sitemapindex)."""

    is_index: bool
    urls: tuple[str, ...]


def maybe_gunzip(body: bytes) -> bytes:
    """Decompress a gzip body (by its magic bytes, whatever the Content-Type says)."""
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as handle:
            return handle.read(MAX_SITEMAP_BYTES + 1)[:MAX_SITEMAP_BYTES]
    except (OSError, EOFError, zlib.error):
        return b""


def parse_sitemap(body: bytes) -> SitemapContent | None:
    """The page or sitemap URLs of a sitemap body; None when it is no sitemap."""
    data = maybe_gunzip(body)
    if not data.strip():
        return None
    try:
        sitemap = Sitemap(data)
    except Exception:  # lxml raises several kinds on garbage; a bad sitemap is simply skipped
        return None
    if sitemap.type not in ("urlset", "sitemapindex"):
        return None
    urls = tuple(entry["loc"].strip() for entry in sitemap if entry.get("loc"))
    return SitemapContent(is_index=sitemap.type == "sitemapindex", urls=urls)
