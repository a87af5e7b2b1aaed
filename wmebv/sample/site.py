"""Build the whole sample site in memory: pages for the site host and the e-loket host, and the manifest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from wmebv.core.errors import UserError
from wmebv.sample import feeds, files, pages
from wmebv.sample.content import CONTENT_DIR, Product, check_unique, load_products, parse_product, raw_products
from wmebv.sample.loket import build_loket, loket_paths
from wmebv.sample.markup import links_in
from wmebv.sample.month import Month, load_month, product_path
from wmebv.sample.templates import render_product
from wmebv.sample.upl import UplEntry, load_upl
from wmebv.sample.variants import load_variants

HTML = "text/html; charset=utf-8"
CONTENT_TYPES = {"pdf": "application/pdf",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "xml": "application/xml", "gz": "application/gzip",
                 "txt": "text/plain; charset=utf-8", "js": "application/javascript"}
FILE_EXTENSIONS = (".pdf", ".docx")


class Resource(NamedTuple):
    """One served file: content type, bytes and the date it last changed."""

    content_type: str
    body: bytes
    modified: dt.date


@dataclass
class Site:
    """The rendered sample municipality for one base URL."""

    base_url: str
    loket_url: str
    name: str = "Gemeente Voorbeeldstad"
    crawl_delay: int | None = 1
    site: dict[str, Resource] = field(default_factory=dict)
    loket: dict[str, Resource] = field(default_factory=dict)
    loket_redirects: dict[str, str] = field(default_factory=dict)
    entries: list[dict[str, Any]] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)  # site path -> the path it moved to (301)
    month: int = 1
    changes: list[dict[str, Any]] = field(default_factory=list)  # what a comparison with month 1 must report

    def manifest(self) -> dict[str, Any]:
        """The ground truth: site facts and one entry per served path on the site host."""
        product_entries = [e for e in self.entries if e["is_product"]]
        return {
            "site": {
                "name": self.name, "base_url": self.base_url,
                "loket_url": self.loket_url, "robots": "/robots.txt", "sitemap": "/sitemap.xml",
                "sc_feed": "/samenwerkende-catalogi.xml", "crawl_delay": self.crawl_delay,
                "disallow": list(feeds.DISALLOWED), "products": len(product_entries),
                "pages": len(self.entries),
                "clusters": sorted({e["cluster"] for e in product_entries}),
                "dead_loket_paths": sorted(self.dead_loket_paths),
                "month": self.month,
                "redirects": dict(sorted(self.redirects.items())),
            },
            "pages": self.entries,
            "changes": self.changes,
        }

    dead_loket_paths: frozenset[str] = frozenset()


def default_loket_url(base_url: str) -> str:
    """The e-loket runs on the same port under the host name localhost."""
    return base_url.replace("127.0.0.1", "localhost")


def load_all_products(content_dir: Path, upl: dict[str, UplEntry],
                      month: Month | None = None) -> tuple[list[Product], frozenset[str]]:
    """Hand-written plus generated products, and the dead e-loket paths (of a later month, with its edits)."""
    handwritten = load_products(content_dir, upl, revise=month.revise if month else None)
    if month is not None:
        handwritten += [parse_product(item, month.source, upl) for item in month.added]
    taken = {p.slug for p in handwritten} | {p.path.rstrip("/").rsplit("/", 1)[-1] for p in handwritten}
    generated = load_variants(content_dir, upl, taken)
    products = handwritten + generated.products
    check_unique(products)
    extra_dead = yaml.safe_load((content_dir / "loket.yml").read_text(encoding="utf-8")) or {}
    dead = generated.dead_loket_paths | frozenset(extra_dead.get("dead_paths") or ())
    return products, dead | (month.dead_loket_paths if month else frozenset())


def product_texts(product: Product) -> list[str]:
    """Every piece of text of a product that can hold links."""
    texts = list(product.sections.values()) + [d["href"] for d in product.direct_regelen]
    texts.append(product.extra_html)
    if product.sc and product.sc.get("aanvraag_url"):
        texts.append(product.sc["aanvraag_url"])
    return texts


def _entry(path: str, kind: str, **values: Any) -> dict[str, Any]:
    """A manifest entry with every key present."""
    entry = {"path": path, "kind": kind, "is_product": False, "cluster": None, "upl_name": None,
             "upl_uri": None, "channel_status": None, "channel_kinds": [], "auth": [],
             "sections": [], "b1_ok": None, "template": None, "in_sitemap": False,
             "robots_disallowed": feeds.is_disallowed(path), "sc_claim": None,
             "expected_findings": [], "notes": "", "js_only": False}
    entry.update(values)
    return entry


def product_entry(product: Product) -> dict[str, Any]:
    """The manifest entry of a product page, straight from its stated truth."""
    truth = product.truth
    return _entry(product.path, "html", is_product=True, cluster=product.cluster,
                  upl_name=product.upl, upl_uri=product.upl_uri,
                  channel_status=truth.channel_status, channel_kinds=list(truth.channel_kinds),
                  auth=list(truth.auth), sections=list(product.sections), b1_ok=truth.b1_ok,
                  template=product.template, in_sitemap=product.in_sitemap,
                  sc_claim=product.sc["online_aanvragen"] if product.sc else None,
                  expected_findings=list(truth.expected_findings), notes=truth.notes,
                  js_only=product.js_only)


def build_site(base_url: str, loket_url: str | None = None, content_dir: Path = CONTENT_DIR,
               upl: dict[str, UplEntry] | None = None,
               expand: Callable[[list[Product]], list[Product]] | None = None, month: int = 1) -> Site:
    """Render every page of Voorbeeldstad for the given base URL (e.g. http://127.0.0.1:8080).

    `expand` may add product pages (used by `sample build` for large sites); `month` 2 or later
    serves the site with the edits of ``content/maand-<month>.yml``.
    """
    base_url = base_url.rstrip("/")
    loket_url = (loket_url or default_loket_url(base_url)).rstrip("/")
    edits = load_month(content_dir, month)
    products, dead = load_all_products(content_dir, upl or load_upl(), edits)
    if expand is not None:
        products = expand(products)
        check_unique(products)
    site = Site(base_url, loket_url, products=products, dead_loket_paths=dead, month=month)
    if edits is not None:
        site.redirects, site.changes = month_changes(edits, content_dir, products)
    page_data = yaml.safe_load((content_dir / "pages.yml").read_text(encoding="utf-8"))

    for product in products:
        html = render_product(product, base_url, loket_url)
        site.site[product.path] = Resource(HTML, html.encode("utf-8"), product.modified)
        site.entries.append(product_entry(product))

    link_texts = [t for p in products for t in product_texts(p)]
    link_texts += [item["text"] for item in page_data["static"]]
    file_links = sorted({href for text in link_texts for href in links_in(text)
                         if href.startswith("/") and href.endswith(FILE_EXTENSIONS)})
    html_pages = ([pages.home(products, page_data["news"], base_url)]
                  + pages.news_pages(page_data["news"]) + pages.static_pages(page_data["static"])
                  + pages.overview_pages(products, file_links) + [pages.search_page(products)]
                  + pages.english_pages(products))
    for item in html_pages:
        if item.path in site.site:
            raise ValueError(f"dubbel pad {item.path}")
        site.site[item.path] = Resource(HTML, item.body.encode("utf-8"), item.modified)
        in_sitemap = item.in_sitemap and not feeds.is_disallowed(item.path)
        site.entries.append(_entry(item.path, "html", in_sitemap=in_sitemap, notes=item.notes))

    for path in file_links:
        title = path.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("-", " ").capitalize()
        ext = path.rsplit(".", 1)[-1]
        body = (files.make_docx(title, files.form_lines(title)) if ext == "docx"
                else files.make_pdf(title, files.form_lines(title)))
        site.site[path] = Resource(CONTENT_TYPES[ext], body, pages.SITE_DATE)
        site.entries.append(_entry(path, "doc" if ext == "docx" else "pdf",
                                   notes="Formulier of document om te downloaden"))

    _add_feeds(site, products, html_pages)
    loket = build_loket(loket_paths(link_texts), dead)
    for path, text in loket.pages.items():
        kind = CONTENT_TYPES["js"] if path.endswith(".js") else HTML
        site.loket[path] = Resource(kind, text.encode("utf-8"), pages.SITE_DATE)
    site.loket_redirects = loket.redirects
    return site


def _add_feeds(site: Site, products: list[Product], html_pages: list[pages.HtmlPage]) -> None:
    """Add robots.txt, the sitemap index with a plain and a gzip sitemap, and the SC feed."""
    day = pages.SITE_DATE
    plain = [(p.path, p.modified) for p in html_pages if p.in_sitemap and not feeds.is_disallowed(p.path)]
    zipped = [(p.path, p.modified) for p in products if p.in_sitemap]
    text_files = {
        "/robots.txt": ("txt", feeds.robots_txt(site.base_url).encode(), "robots.txt"),
        "/sitemap.xml": ("xml", feeds.sitemap_index(site.base_url, ["/sitemap-paginas.xml", "/sitemap-producten.xml.gz"], day).encode(), "Sitemap-index"),
        "/sitemap-paginas.xml": ("xml", feeds.urlset(site.base_url, plain).encode(), "Sitemap met gewone pagina's"),
        "/sitemap-producten.xml.gz": ("gz", feeds.gzipped(feeds.urlset(site.base_url, zipped)), "Sitemap met producten (gzip)"),
        "/samenwerkende-catalogi.xml": ("xml", feeds.sc_feed(products, site.base_url, site.loket_url).encode(), "Samenwerkende Catalogi 4.0"),
    }
    for path, (ext, body, note) in text_files.items():
        site.site[path] = Resource(CONTENT_TYPES[ext], body, day)
        site.entries.append(_entry(path, "txt" if ext == "txt" else "xml", notes=note))


def month_changes(month: Month, content_dir: Path, products: list[Product]) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """The site redirects of a later month, and per edited product what a comparison with month 1 must report."""
    raw = raw_products(content_dir)
    unknown = sorted(set(month.edits) - set(raw))
    if unknown:
        raise UserError(f"Fout in {month.source}: onbekend product {', '.join(unknown)}")
    moved = month.moved(raw)
    paths = {product.slug: product.path for product in products}
    redirects = {old: new for old, new, redirect in moved.values() if redirect}
    changes = []
    for expected in month.expected:
        old_path = moved[expected.slug][0] if expected.slug in moved else None
        path = paths.get(expected.slug) or product_path(raw[expected.slug])
        changes.append({"slug": expected.slug, "path": path, "old_path": old_path, "changes": sorted(expected.changes),
                        "fixed": sorted(expected.fixed), "new": sorted(expected.new)})
    return redirects, changes


def manifest(base_url: str, month: int = 1) -> dict[str, Any]:
    """The manifest (ground truth) of the sample site served at base_url (in a given month)."""
    return build_site(base_url, month=month).manifest()
