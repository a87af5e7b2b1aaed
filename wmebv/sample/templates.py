"""Render one product page in one of the three CMS templates: modern, accordion, legacy."""

from __future__ import annotations

import html
import json

from wmebv.sample.content import Product
from wmebv.sample.layout import PageMeta, legacy_page, page
from wmebv.sample.markup import plain_text, render_text, resolve_href

DEFAULT_HEADINGS = {
    "wat_is_het": "Wat is het?", "aanvragen": "Hoe vraag ik het aan?",
    "voorwaarden": "Voorwaarden", "meenemen": "Wat moet ik meenemen?",
    "kosten": "Wat kost het?", "termijn": "Hoe lang duurt het?",
    "bezwaar": "Bezwaar en beroep", "contact": "Contact",
}
CLUSTER_LABELS = {
    "burgerzaken": "Paspoort, rijbewijs en burgerzaken", "vergunningen": "Vergunningen",
    "belastingen": "Belastingen", "sociaal-domein": "Zorg, werk en inkomen",
    "openbare-ruimte": "Afval, straat en groen", "ondernemen": "Ondernemen", "wonen": "Wonen",
}


def heading(product: Product, section: str) -> str:
    """Return the heading text of a section on this page."""
    return product.headings.get(section, DEFAULT_HEADINGS[section])


def crumbs(product: Product) -> tuple[tuple[str, str], ...]:
    """Breadcrumb trail of a product page."""
    return ((f"/onderwerpen/{product.cluster}", CLUSTER_LABELS[product.cluster]),
            (product.path, product.title))


def direct_links(product: Product, loket: str, css: str) -> str:
    """Render the "Direct regelen" links as buttons."""
    return "".join(
        f'<a class="{css}" href="{html.escape(resolve_href(item["href"], loket))}">'
        f'{html.escape(item["label"])}</a>' for item in product.direct_regelen)


def extras(product: Product, loket: str) -> str:
    """Raw HTML, English link and feedback widget that go at the end of the content."""
    parts = [product.extra_html.replace("{loket}", loket)] if product.extra_html else []
    if product.english:
        parts.append(f'<p class="taal"><a href="{html.escape(product.english)}" hreflang="en" '
                     f'lang="en">Read this page in English</a></p>')
    if product.feedback:
        parts.append(
            '<form class="feedback" action="/feedback" method="post"><fieldset>'
            "<legend>Heeft u gevonden wat u zocht?</legend>"
            f'<input type="hidden" name="pagina" value="{html.escape(product.path)}">'
            '<button name="antwoord" value="ja">Ja</button>'
            '<button name="antwoord" value="nee">Nee</button></fieldset></form>')
    return "\n".join(parts)


def owms_meta(product: Product, base_url: str) -> dict[str, str]:
    """OWMS meta tags an older product page carries in its head."""
    if not product.owms:
        return {}
    return {"DCTERMS.identifier": base_url + product.path, "DCTERMS.title": product.title,
            "DCTERMS.type": "productbeschrijving", "DCTERMS.audience": product.audience,
            "DCTERMS.modified": product.modified.isoformat(),
            "OVERHEID.authority": "Voorbeeldstad", "DCTERMS.language": "nl"}


def render_modern(product: Product, loket: str) -> str:
    """Modern template: <main>, h1, intro, h2 sections, Direct regelen in an <aside>."""
    parts = [f"<h1>{html.escape(product.title)}</h1>"]
    for key, text in product.sections.items():
        if key == "wat_is_het" and "wat_is_het" not in product.headings:
            parts.append(f'<div class="intro">{render_text(text, loket)}</div>')
            continue
        parts.append(f'<h2 id="{key}">{html.escape(heading(product, key))}</h2>\n'
                     f"{render_text(text, loket)}")
    parts.append(extras(product, loket))
    aside = ""
    if product.direct_regelen:
        aside = ('<aside class="direct-regelen" aria-labelledby="dr-kop">'
                 '<h2 id="dr-kop">Direct regelen</h2>'
                 f'{direct_links(product, loket, "button button--primary")}</aside>')
    return f'<main id="main">\n{chr(10).join(parts)}\n</main>\n{aside}'


def render_accordion(product: Product, loket: str) -> str:
    """Accordion template: intro, button row, sections as aria buttons or <details>."""
    parts = [f"<h1>{html.escape(product.title)}</h1>"]
    items = list(product.sections.items())
    if items and items[0][0] == "wat_is_het":
        parts.append(f'<div class="lead">{render_text(items.pop(0)[1], loket)}</div>')
    if product.direct_regelen:
        parts.append(f'<div class="button-row">{direct_links(product, loket, "btn")}</div>')
    for index, (key, text) in enumerate(items):
        title = html.escape(heading(product, key))
        body = render_text(text, loket)
        if index % 3 == 2:
            parts.append(f'<details class="accordion" id="{key}"><summary>{title}</summary>'
                         f"{body}</details>")
        else:
            parts.append(
                f'<div class="accordion__item"><h2 class="accordion__title">'
                f'<button type="button" aria-expanded="false" aria-controls="panel-{key}" '
                f'id="knop-{key}">{title}</button></h2><div class="accordion__panel" '
                f'id="panel-{key}" role="region" aria-labelledby="knop-{key}" hidden>{body}</div></div>')
    parts.append(extras(product, loket))
    return f'<main id="main" class="accordion-page">\n{chr(10).join(parts)}\n</main>\n'


def render_legacy(product: Product, loket: str) -> str:
    """Legacy template: content div with tabs, a definition list or bold lead-ins."""
    parts = [f'<h1 class="titel">{html.escape(product.title)}</h1>']
    items = list(product.sections.items())
    if product.direct_regelen:
        parts.append('<table class="direct" border="1"><tr><td><b>Direct regelen</b><br>'
                     f'{direct_links(product, loket, "link")}</td></tr></table>')
    if product.legacy_style == "tabs":
        tabs = "".join(
            f'<li role="tab" id="tab-{k}" aria-controls="tp-{k}" aria-selected="{str(i == 0).lower()}">'
            f"{html.escape(heading(product, k))}</li>" for i, (k, _) in enumerate(items))
        panels = "".join(
            f'<div role="tabpanel" id="tp-{k}" aria-labelledby="tab-{k}"{"" if i == 0 else " hidden"}>'
            f"{render_text(t, loket)}</div>" for i, (k, t) in enumerate(items))
        parts.append(f'<ul role="tablist" class="tabs">{tabs}</ul>\n{panels}')
    elif product.legacy_style == "dl":
        rows = "".join(f"<dt>{html.escape(heading(product, k))}</dt><dd>{render_text(t, loket)}</dd>"
                       for k, t in items)
        parts.append(f'<dl class="productinfo">{rows}</dl>')
    else:
        for key, text in items:
            body = render_text(text, loket)
            lead = f"<p><strong>{html.escape(heading(product, key))}</strong><br>"
            parts.append(lead + body[3:] if body.startswith("<p>") else lead + "</p>" + body)
    parts.append(extras(product, loket))
    return "\n".join(parts)


def render_js_only(product: Product, loket: str) -> str:
    """A page whose content only appears when a script runs (near-empty body)."""
    payload = json.dumps({"title": product.title,
                          "html": render_modern(product, loket)}).replace("</", "<\\/")
    return (
        '<div id="app" data-page="product"></div>\n'
        "<noscript>Zet JavaScript aan om deze pagina te bekijken.</noscript>\n"
        f'<script type="application/json" id="page-data">{payload}</script>\n'
        "<script>var d=JSON.parse(document.getElementById('page-data').textContent);"
        "document.getElementById('app').innerHTML=d.html;</script>"
    )


def render_product(product: Product, base_url: str, loket: str) -> str:
    """Render the whole HTML document of a product page."""
    meta = PageMeta(title=product.title, path=product.path, breadcrumbs=crumbs(product),
                    modified=product.modified, body_class=f"product template-{product.template}",
                    extra_meta={"description": plain_text(product.sections.get("wat_is_het", ""))[:160],
                                **owms_meta(product, base_url)},
                    legacy=product.template == "legacy")
    if product.js_only:
        return page(meta, render_js_only(product, loket))
    if product.template == "legacy":
        return legacy_page(meta, render_legacy(product, loket))
    body = render_accordion(product, loket) if product.template == "accordion" else render_modern(product, loket)
    return page(meta, body)
