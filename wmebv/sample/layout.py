"""The page chrome every page of Voorbeeldstad shares: head, header, cookie banner, footer."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")

STYLE = ("body{font-family:sans-serif;margin:0}.site-header,.site-footer{background:#00446b;color:#fff;"
         "padding:1em}.wrapper{display:flex;gap:2em;padding:1em}main{flex:3}aside{flex:1}")
LOGO = ('<svg role="img" aria-label="Gemeente Voorbeeldstad - naar de homepage" width="180" height="48">'
        '<title>Gemeente Voorbeeldstad</title><rect width="48" height="48" fill="#00446b"/>'
        '<text x="56" y="30">Voorbeeldstad</text></svg>')

NAV = (("/inwoners", "Inwoners"), ("/ondernemen", "Ondernemen"), ("/producten", "Producten en diensten"),
       ("/bestuur", "Bestuur"), ("/nieuws", "Nieuws"), ("/contact", "Contact"))


@dataclass(frozen=True)
class PageMeta:
    """Head and chrome details of one page."""

    title: str
    path: str
    breadcrumbs: tuple[tuple[str, str], ...] = ()
    modified: dt.date | None = None
    head_extra: str = ""
    body_class: str = "page"
    scripts: str = ""
    legacy: bool = False
    extra_meta: dict[str, str] = field(default_factory=dict)


def dutch_date(day: dt.date) -> str:
    """Format a date the Dutch way: 14 maart 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def head(meta: PageMeta) -> str:
    """Render the <head> of a page."""
    title = html.escape(f"{meta.title} | Gemeente Voorbeeldstad")
    metas = "".join(f'<meta name="{html.escape(k)}" content="{html.escape(v)}">\n'
                    for k, v in meta.extra_meta.items())
    return (
        "<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n{metas}"
        f"<style>{STYLE}</style>\n{meta.head_extra}</head>\n"
    )


def header() -> str:
    """Render the global header with logo, navigation and search form."""
    nav = "".join(f'<li><a href="{href}">{label}</a></li>' for href, label in NAV)
    return (
        '<a class="skiplink" href="#inhoud">Direct naar de inhoud</a>\n'
        '<header class="site-header">\n'
        f'<a class="logo" href="/">{LOGO}</a>\n'
        f'<nav aria-label="Hoofdmenu"><ul class="menu">{nav}</ul></nav>\n'
        '<form class="zoekformulier" role="search" action="/zoeken" method="get">'
        '<label for="zoekterm">Zoeken</label><input id="zoekterm" name="q" type="search">'
        '<button type="submit">Zoek</button></form>\n</header>\n'
    )


def cookie_banner() -> str:
    """Render the cookie banner every Dutch municipal site shows."""
    return (
        '<div class="cookiebanner" role="dialog" aria-label="Cookies">'
        "<p>Wij gebruiken alleen functionele en analytische cookies. Die zijn nodig om de website "
        'goed te laten werken. <a href="/cookies">Meer over cookies</a></p>'
        '<button type="button" class="cookie-ok">Ik snap het</button></div>\n'
    )


def breadcrumbs(items: tuple[tuple[str, str], ...]) -> str:
    """Render the breadcrumb trail (home first)."""
    if not items:
        return ""
    crumbs = ['<li><a href="/">Home</a></li>']
    for href, label in items[:-1]:
        crumbs.append(f'<li><a href="{html.escape(href)}">{html.escape(label)}</a></li>')
    crumbs.append(f'<li aria-current="page">{html.escape(items[-1][1])}</li>')
    return f'<nav class="breadcrumbs" aria-label="Kruimelpad"><ol>{"".join(crumbs)}</ol></nav>\n'


def footer(modified: dt.date | None) -> str:
    """Render the footer with contact, privacy and cookie links and the modified date."""
    changed = (f'<p class="laatst-gewijzigd">Laatst gewijzigd: '
               f'<time datetime="{modified.isoformat()}">{dutch_date(modified)}</time></p>\n'
               if modified else "")
    return (
        f"{changed}<footer class=\"site-footer\">\n<div class=\"footer-contact\">"
        "<h2>Contact</h2><p>Gemeente Voorbeeldstad<br>Stadhuisplein 1<br>1234 AB Voorbeeldstad<br>"
        'Telefoon: <a href="tel:14099">14 099</a></p></div>\n'
        '<ul class="footer-links"><li><a href="/contact">Contact</a></li>'
        '<li><a href="/privacy">Privacyverklaring</a></li><li><a href="/cookies">Cookies</a></li>'
        '<li><a href="/toegankelijkheid">Toegankelijkheid</a></li>'
        '<li><a href="/proclaimer">Proclaimer</a></li><li><a href="/sitemap">Sitemap</a></li>'
        '<li><a href="/intern/">Intranet</a></li></ul>\n</footer>\n'
    )


def page(meta: PageMeta, body: str) -> str:
    """Wrap body HTML in the full modern page chrome."""
    return (
        f'<!DOCTYPE html>\n<html lang="nl">\n{head(meta)}<body class="{meta.body_class}">\n'
        f"{cookie_banner()}{header()}{breadcrumbs(meta.breadcrumbs)}"
        f'<div class="wrapper" id="inhoud">\n{body}\n</div>\n{footer(meta.modified)}'
        f"{meta.scripts}</body>\n</html>\n"
    )


def legacy_page(meta: PageMeta, body: str) -> str:
    """Wrap body HTML in the old table-layout CMS chrome (no <main>)."""
    nav = "".join(f'<tr><td><a href="{href}">{label}</a></td></tr>' for href, label in NAV)
    crumbs = " &gt; ".join(['<a href="/">Home</a>'] + [
        f'<a href="{html.escape(href)}">{html.escape(label)}</a>' for href, label in meta.breadcrumbs[:-1]]
        + [html.escape(meta.breadcrumbs[-1][1])] if meta.breadcrumbs else [])
    changed = (f'<p class="datum">Laatst gewijzigd: {meta.modified.strftime("%d-%m-%Y")}</p>'
               if meta.modified else "")
    return (
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<html lang="nl">\n'
        f"{head(meta)}<body>\n{cookie_banner()}"
        '<table width="100%" cellpadding="0" cellspacing="0" border="0" class="layout">\n'
        '<tr><td colspan="2" class="kop"><a href="/"><b>Gemeente Voorbeeldstad</b></a>'
        '<form action="/zoeken" method="get"><input type="text" name="q" size="20"><input type="submit" value="Zoek"></form></td></tr>\n'
        f'<tr><td valign="top" width="180" class="menu"><table>{nav}</table></td>\n'
        f'<td valign="top"><div class="kruimelpad">{crumbs}</div>\n'
        f'<div id="content">\n{body}\n{changed}</div></td></tr>\n'
        '<tr><td colspan="2" class="voet"><a href="/contact">Contact</a> | '
        '<a href="/privacy">Privacy</a> | <a href="/cookies">Cookies</a> | '
        '<a href="/toegankelijkheid">Toegankelijkheid</a></td></tr>\n</table>\n'
        f"{meta.scripts}</body>\n</html>\n"
    )
