"""Large variants of the sample site: `sample build --pages N --out DIR` and loading a built directory."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
from collections.abc import Callable
from pathlib import Path

from wmebv.core.errors import UserError
from wmebv.sample.content import Product
from wmebv.sample.site import Resource, Site, build_site

SITE_TOKEN = "http://site.voorbeeldstad.invalid"
LOKET_TOKEN = "http://loket.voorbeeldstad.invalid"
DISTRICTS = ("Centrum", "Parkwijk", "Bovenveld", "Onderdijk", "Havenkwartier", "Oosterhout",
             "Molenbuurt", "Stationskwartier", "De Weide", "Kerkebuurt")
NON_PRODUCT_PAGES = 70  # about how many other HTML pages the site has; sizes the copies


def copy_product(product: Product, number: int) -> Product:
    """A realistic variation of a product: the same service for another district."""
    district = DISTRICTS[number % len(DISTRICTS)]
    suffix = f"{district.lower().replace(' ', '-')}-{number}"
    if product.path.startswith("/pdc/product.aspx?id="):
        path = f"/pdc/product.aspx?id={10000 + number}"
    else:
        path = f"{product.path.rstrip('/')}-{suffix}"
    return dataclasses.replace(
        product, slug=f"{product.slug}-{suffix}", path=path, title=f"{product.title} ({district})",
        modified=product.modified - dt.timedelta(days=number % 200),
        english="", source=f"{product.source} (kopie {number})")


def expander(pages: int) -> Callable[[list[Product]], list[Product]]:
    """Return a function that adds product copies until the site has about `pages` pages."""
    def expand(products: list[Product]) -> list[Product]:
        wanted = max(0, pages - NON_PRODUCT_PAGES - len(products))
        copies = [copy_product(products[i % len(products)], i + 1) for i in range(wanted)]
        return products + copies
    return expand


def build_directory(pages: int, out: Path) -> dict[str, int]:
    """Render a site with about `pages` pages into `out`; return counts."""
    if pages < 1:
        raise UserError("Geef bij --pages een aantal groter dan 0.")
    site = build_site(SITE_TOKEN, LOKET_TOKEN, expand=expander(pages))
    out.mkdir(parents=True, exist_ok=True)
    index: dict[str, dict] = {"site": {}, "loket": {}, "redirects": site.loket_redirects}
    for host, table in (("site", site.site), ("loket", site.loket)):
        folder = out / host
        folder.mkdir(exist_ok=True)
        for number, (path, res) in enumerate(sorted(table.items())):
            name = f"{number:06d}"
            (folder / name).write_bytes(res.body)
            index[host][path] = [name, res.content_type, res.modified.isoformat()]
    (out / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps(site.manifest(), ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    html_pages = sum(1 for e in site.entries if e["kind"] == "html")
    products = sum(1 for e in site.entries if e["is_product"])
    return {"pages": html_pages, "products": products, "files": len(site.site) + len(site.loket)}


def _substitute(body: bytes, content_type: str, site_url: str, loket_url: str) -> bytes:
    """Put the real base URLs into a built file (gzip files are unpacked and packed again)."""
    if content_type == "application/gzip":
        inner = gzip.decompress(body)
        return gzip.compress(_substitute(inner, "", site_url, loket_url), mtime=0)
    return body.replace(SITE_TOKEN.encode(), site_url.encode()).replace(
        LOKET_TOKEN.encode(), loket_url.encode())


def load_built_site(directory: Path, site_url: str, loket_url: str) -> Site:
    """Load a directory made by `build_directory` for serving at the given URLs."""
    index_file = directory / "index.json"
    if not index_file.exists():
        raise UserError(f"In {directory} staat geen gebouwde site. Maak er eerst een met "
                        "'wmebv sample build --pages N --out MAP'.")
    index = json.loads(index_file.read_text(encoding="utf-8"))
    site = Site(site_url, loket_url, loket_redirects=index["redirects"])
    for host, table in (("site", site.site), ("loket", site.loket)):
        for path, (name, content_type, modified) in index[host].items():
            body = _substitute((directory / host / name).read_bytes(), content_type, site_url, loket_url)
            table[path] = Resource(content_type, body, dt.date.fromisoformat(modified))
    return site
