"""Machine-readable files of the site: robots.txt, sitemaps (plain and gzip) and the SC 4.0 feed."""

from __future__ import annotations

import datetime as dt
import gzip
from xml.sax.saxutils import escape, quoteattr

from wmebv.sample.content import Product
from wmebv.sample.markup import plain_text, resolve_href

DISALLOWED = ("/intern/", "/zoeken")
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def robots_txt(base_url: str) -> str:
    """robots.txt with Disallow lines, Crawl-delay and the sitemap index."""
    lines = ["# robots.txt van Gemeente Voorbeeldstad", "User-agent: *", "Crawl-delay: 1"]
    lines += [f"Disallow: {path}" for path in DISALLOWED]
    lines += ["", f"Sitemap: {base_url}/sitemap.xml", ""]
    return "\n".join(lines)


def is_disallowed(path: str) -> bool:
    """Whether robots.txt disallows a path."""
    return any(path.startswith(prefix) for prefix in DISALLOWED)


def sitemap_index(base_url: str, parts: list[str], lastmod: dt.date) -> str:
    """A sitemap index that points to the part sitemaps."""
    rows = "".join(f"<sitemap><loc>{escape(base_url + part)}</loc>"
                   f"<lastmod>{lastmod.isoformat()}</lastmod></sitemap>\n" for part in parts)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n'
            f"{rows}</sitemapindex>\n")


def urlset(base_url: str, entries: list[tuple[str, dt.date]]) -> str:
    """A plain sitemap with one <url> per (path, lastmod)."""
    rows = "".join(f"<url><loc>{escape(base_url + path)}</loc>"
                   f"<lastmod>{day.isoformat()}</lastmod></url>\n" for path, day in entries)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">\n{rows}</urlset>\n'


def gzipped(text: str) -> bytes:
    """Gzip text deterministically (fixed mtime)."""
    return gzip.compress(text.encode("utf-8"), mtime=0)


def sc_feed(products: list[Product], base_url: str, loket: str) -> str:
    """The Samenwerkende Catalogi 4.0 feed: one scproduct per product with an SC claim."""
    records = []
    for number, product in enumerate(products, start=1):
        if not product.sc:
            continue
        claim = product.sc["online_aanvragen"]
        url = product.sc.get("aanvraag_url")
        aanvraag = (f"<overheidproduct:aanvraagURL resourceIdentifier={quoteattr(resolve_href(url, loket))}/>"
                    if url else "")
        abstract = plain_text(product.sections.get("wat_is_het", product.title))[:400]
        records.append(
            '<overheidproduct:scproduct owms-version="4.0"><overheidproduct:meta>'
            "<overheidproduct:owmskern>"
            f"<dcterms:identifier>{escape(base_url + product.path)}</dcterms:identifier>"
            f"<dcterms:title>{escape(product.title)}</dcterms:title>"
            "<dcterms:language>nl</dcterms:language>"
            '<dcterms:type scheme="overheid:Informatietype">productbeschrijving</dcterms:type>'
            f"<dcterms:modified>{product.modified.isoformat()}</dcterms:modified>"
            '<dcterms:spatial scheme="overheid:Gemeente" resourceIdentifier="http://standaarden.overheid.nl/owms/terms/Voorbeeldstad">Voorbeeldstad</dcterms:spatial>'
            '<overheid:authority scheme="overheid:Gemeente" resourceIdentifier="http://standaarden.overheid.nl/owms/terms/Voorbeeldstad">Voorbeeldstad</overheid:authority>'
            "</overheidproduct:owmskern><overheidproduct:owmsmantel>"
            f'<dcterms:audience scheme="overheid:Doelgroep">{escape(product.audience)}</dcterms:audience>'
            f"<dcterms:abstract>{escape(abstract)}</dcterms:abstract>"
            "</overheidproduct:owmsmantel><overheidproduct:scmeta>"
            f"<overheidproduct:productID>VBS-{number:04d}</overheidproduct:productID>"
            f"<overheidproduct:onlineAanvragen>{claim}</overheidproduct:onlineAanvragen>{aanvraag}"
            f'<overheidproduct:uniformeProductnaam scheme="overheid:UniformeProductnaam" '
            f"resourceIdentifier={quoteattr(product.upl_uri)}>{escape(product.upl)}"
            "</overheidproduct:uniformeProductnaam></overheidproduct:scmeta></overheidproduct:meta>"
            "<overheidproduct:body><overheidproduct:productHTML/></overheidproduct:body>"
            "</overheidproduct:scproduct>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<overheidproduct:scproducten xmlns:overheidproduct="http://standaarden.overheid.nl/product/terms/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:overheid="http://standaarden.overheid.nl/owms/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + "\n".join(records) + "\n</overheidproduct:scproducten>\n")
