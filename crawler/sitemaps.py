"""Sitemaps: read a sitemap or sitemap index, plain or gzip-compressed, within a byte and URL budget.

A site decides how large its sitemaps are, so the reader streams: it unpacks and parses piece by
piece and stops at the budget (a 5 MB gzip file can unpack to a million URLs). Entities are never
expanded and nothing outside the file is loaded (no XXE).
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass

import lxml.etree

# The sitemaps.org limits for one file: 50,000 URLs and 50 MB uncompressed.
MAX_FILE_URLS = 50_000
MAX_FILE_BYTES = 50 * 1024 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class SitemapContent:
    """The URLs in one sitemap file: pages (urlset) or further sitemaps (sitemapindex).

    ``truncated``: the file held more than the budget allowed; ``size``: the bytes read unpacked.
    """

    is_index: bool
    urls: tuple[str, ...]
    truncated: bool = False
    size: int = 0


class _Capped(io.RawIOBase):
    """A stream that ends after ``limit`` bytes (and remembers that it was cut)."""

    def __init__(self, source: io.BufferedIOBase | io.RawIOBase | gzip.GzipFile, limit: int) -> None:
        """Read from ``source``, at most ``limit`` bytes."""
        self.source, self.limit, self.read_bytes, self.cut = source, limit, 0, False

    def readable(self) -> bool:
        """This stream can be read."""
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """Fill ``buffer`` from the source until the limit; 0 at the end (noting whether there was more)."""
        room = self.limit - self.read_bytes
        if room <= 0:
            self.cut = self.cut or bool(self.source.read(1))
            return 0
        data = self.source.read(min(len(buffer), room, _CHUNK))
        buffer[: len(data)] = data
        self.read_bytes += len(data)
        return len(data)


def _local(tag: object) -> str:
    """The local name of an element tag, without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_sitemap(body: bytes, max_bytes: int = MAX_FILE_BYTES, max_urls: int = MAX_FILE_URLS) -> SitemapContent | None:
    """The page or sitemap URLs of a sitemap body (at most ``max_urls``, ``max_bytes`` unpacked); None when it is none."""
    source: io.BufferedIOBase | gzip.GzipFile = io.BytesIO(body)
    if body[:2] == b"\x1f\x8b":
        source = gzip.GzipFile(fileobj=io.BytesIO(body))
    stream = _Capped(source, max_bytes)
    kind: str | None = None
    urls: list[str] = []
    truncated = False
    try:
        events = lxml.etree.iterparse(io.BufferedReader(stream), events=("start", "end"), resolve_entities=False,
                                      no_network=True, load_dtd=False, huge_tree=False, recover=True)
        for event, element in events:
            name = _local(element.tag)
            if event == "start":
                if kind is None:
                    kind = name
                    if kind not in ("urlset", "sitemapindex"):
                        return None
                continue
            if name == "loc" and element.text and element.text.strip():
                if len(urls) >= max_urls:
                    truncated = True
                    break
                urls.append(element.text.strip())
            if name in ("url", "sitemap"):
                element.clear(keep_tail=False)
    except (lxml.etree.XMLSyntaxError, OSError, EOFError, zlib.error):
        pass  # a broken or cut-off file: what was read before the damage counts
    if kind not in ("urlset", "sitemapindex"):
        return None
    return SitemapContent(kind == "sitemapindex", tuple(urls), truncated or stream.cut, stream.read_bytes)
