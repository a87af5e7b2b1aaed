"""Render the pages an inventory must leave out: home, news, bestuur, contact, overviews, ..."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import Any

from wmebv.sample.content import CLUSTERS, Product
from wmebv.sample.layout import PageMeta, dutch_date, page
from wmebv.sample.markup import render_text
from wmebv.sample.templates import CLUSTER_LABELS

SITE_DATE = dt.date(2026, 1, 15)
SEARCH_TERMS = ("paspoort", "afval", "parkeren")


@dataclass(frozen=True)
class HtmlPage:
    """A rendered non-product HTML page with what the manifest needs to know about it."""

    path: str
    title: str
    body: str
    modified: dt.date
    notes: str = ""
    in_sitemap: bool = True


def _links(items: list[tuple[str, str]]) -> str:
    """Render a list of links."""
    rows = "".join(f'<li><a href="{html.escape(href)}">{html.escape(label)}</a></li>'
                   for href, label in items)
    return f"<ul>{rows}</ul>"


def _page(path: str, title: str, inner: str, crumbs: tuple[tuple[str, str], ...] = (),
          modified: dt.date = SITE_DATE, head_extra: str = "", notes: str = "",
          in_sitemap: bool = True) -> HtmlPage:
    """Wrap inner HTML in <main> and the site chrome."""
    meta = PageMeta(title=title, path=path, breadcrumbs=crumbs or ((path, title),),
                    modified=modified, head_extra=head_extra)
    body = page(meta, f'<main id="main">\n<h1>{html.escape(title)}</h1>\n{inner}\n</main>')
    return HtmlPage(path, title, body, modified, notes, in_sitemap)


def contact_form() -> str:
    """The general contact form, with upload (a weak catch-all digital channel)."""
    return ('<form class="contactformulier" action="/contact/verzenden" method="post" '
            'enctype="multipart/form-data"><label>Naam <input name="naam"></label>'
            '<label>E-mail <input name="email" type="email"></label>'
            '<label>Uw bericht <textarea name="bericht"></textarea></label>'
            '<label>Bijlage <input name="bijlage" type="file"></label>'
            '<button type="submit">Verstuur</button></form>')


def home(products: list[Product], news: list[dict[str, Any]], base_url: str) -> HtmlPage:
    """The home page: popular tasks, clusters, news and the SC feed link."""
    popular = [(p.path, p.title) for p in products if p.slug in {
        "paspoort-aanvragen", "verhuizing-doorgeven", "afvalpas-aanvragen", "parkeervergunning"}]
    clusters = [(f"/onderwerpen/{c}", CLUSTER_LABELS[c]) for c in CLUSTERS]
    items = [(f"/nieuws/{n['slug']}", n["title"]) for n in news[:3]]
    head = (f'<link rel="alternate" type="application/xml" title="Samenwerkende Catalogi" '
            f'href="{base_url}/samenwerkende-catalogi.xml">\n'
            '<link rel="alternate" hreflang="en" href="/en/">\n')
    inner = (f"<h2>Direct naar</h2>{_links(popular + [('/inwoners/afval/afvalkalender', 'Afvalkalender')])}"
             f"<h2>Onderwerpen</h2>{_links(clusters)}"
             f"<h2>Nieuws</h2>{_links(items)}<p><a href=\"/nieuws\">Meer nieuws</a></p>"
             "<h2>Veel gezocht</h2>"
             + _links([(f"/zoeken?q={t}", t) for t in SEARCH_TERMS])
             + _links([("/werk-in-uitvoering", "Werk in uitvoering"), ("/vacatures", "Vacatures"),
                       ("/bestuur", "Bestuur en organisatie"), ("/over-voorbeeldstad", "Over Voorbeeldstad"),
                       ("/producten", "Alle producten van A tot Z"), ("/formulieren", "Formulieren"),
                       ("/inwoners", "Inwoners"), ("/ondernemen", "Ondernemen"), ("/en/", "English")]))
    return _page("/", "Welkom bij Gemeente Voorbeeldstad", inner, crumbs=(), head_extra=head,
                 notes="Homepage")


def news_pages(news: list[dict[str, Any]]) -> list[HtmlPage]:
    """The news overview (with pagination via query string) and every news item."""
    pages = []
    for item in news:
        date = item["date"] if isinstance(item["date"], dt.date) else dt.date.fromisoformat(item["date"])
        inner = f'<p class="datum">{dutch_date(date)}</p>{render_text(item["text"], "")}'
        pages.append(_page(f"/nieuws/{item['slug']}", item["title"], inner,
                           ((("/nieuws", "Nieuws"), (f"/nieuws/{item['slug']}", item["title"]))),
                           modified=date, notes="Nieuwsbericht"))
    overview = _links([(p.path, p.title) for p in pages]) + (
        '<nav class="paginering"><a href="/nieuws?pagina=1">1</a> '
        '<a href="/nieuws?pagina=2">2</a></nav>')
    pages.insert(0, _page("/nieuws", "Nieuws", overview, notes="Nieuwsoverzicht; ?pagina= geeft dezelfde pagina"))
    return pages


def static_pages(items: list[dict[str, Any]]) -> list[HtmlPage]:
    """Pages with a fixed text from pages.yml (contact, privacy, bestuur, intern, ...)."""
    pages = []
    for item in items:
        inner = render_text(item["text"], "")
        if item.get("form") == "contact":
            inner += contact_form()
        if item.get("form") == "afval":
            inner += ('<form action="/inwoners/afval/afvalkalender" method="get">'
                      '<label>Postcode <input name="postcode"></label>'
                      '<label>Huisnummer <input name="huisnummer"></label><button>Toon</button></form>')
        intern = item["path"].startswith("/intern/")
        pages.append(_page(item["path"], item["title"], inner,
                           notes="Intern, uitgesloten in robots.txt" if intern else "",
                           in_sitemap=not intern))
    return pages


def overview_pages(products: list[Product], forms: list[str]) -> list[HtmlPage]:
    """Cluster overviews, the A-Z list, inwoners/ondernemen and the forms list."""
    pages = []
    for cluster in CLUSTERS:
        own = sorted((p.path, p.title) for p in products if p.cluster == cluster)
        pages.append(_page(f"/onderwerpen/{cluster}", CLUSTER_LABELS[cluster], _links(own),
                           notes="Overzicht van een cluster"))
    az = sorted(((p.path, p.title) for p in products), key=lambda item: item[1].lower())
    pages.append(_page("/producten", "Producten en diensten van A tot Z", _links(az),
                       notes="A-Z-lijst"))
    inwoners = [(f"/onderwerpen/{c}", CLUSTER_LABELS[c]) for c in CLUSTERS if c != "ondernemen"]
    pages.append(_page("/inwoners", "Inwoners", _links(inwoners + [
        ("/inwoners/afval/afvalscheiden", "Afval scheiden"), ("/inwoners/noodgeval", "Bij een noodgeval")])))
    business = sorted((p.path, p.title) for p in products if p.cluster == "ondernemen")
    pages.append(_page("/ondernemen", "Ondernemen", _links(
        [("/ondernemen/ondernemersloket", "Ondernemersloket")] + business)))
    pages.append(_page("/formulieren", "Formulieren",
                       "<p>Deze formulieren kunt u printen, invullen en opsturen.</p>"
                       + _links([(f, f.rsplit("/", 1)[-1]) for f in sorted(forms)])))
    pages.append(_page("/sitemap", "Sitemap", _links(
        [("/", "Home"), ("/producten", "Producten en diensten"), ("/nieuws", "Nieuws"),
         ("/bestuur", "Bestuur"), ("/contact", "Contact"), ("/vacatures", "Vacatures")]),
        notes="HTML-sitemap"))
    return pages


def search_page(products: list[Product]) -> HtmlPage:
    """The search results page; every query string serves this same page."""
    hits = [(p.path, p.title) for p in products
            if any(term[:5] in p.title.lower() for term in SEARCH_TERMS)][:10]
    inner = ('<form action="/zoeken" method="get"><input name="q" value="paspoort">'
             '<button>Zoek</button></form>'
             f"<p>{len(hits)} resultaten</p>{_links(hits)}"
             '<nav class="paginering"><a href="/zoeken?q=paspoort&amp;pagina=2">Volgende</a></nav>')
    return _page("/zoeken", "Zoekresultaten", inner, notes="Zoekpagina; query strings geven dezelfde pagina",
                 in_sitemap=False)


def english_pages(products: list[Product]) -> list[HtmlPage]:
    """Short English versions of the products that link one, plus the English start page."""
    pages = []
    translated = [p for p in products if p.english]
    for product in translated:
        inner = (f'<p lang="en">This is the English summary of "{html.escape(product.title)}". '
                 f'Read the <a href="{html.escape(product.path)}">Dutch page</a> for all details, '
                 "or call us on +31 20 123 45 67.</p>")
        pages.append(_page(product.english, f"{product.title} (English)", inner,
                           modified=product.modified, notes=f"Engelse versie van {product.path}"))
    pages.append(_page("/en/", "Municipality of Voorbeeldstad in English",
                       _links([(p.english, p.title) for p in translated]), notes="Engelse startpagina"))
    return pages
