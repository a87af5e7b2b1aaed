"""The "e-loket" host: form platform pages, DigiD/eHerkenning login redirects and the Mijn portal."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

AUTH_START = re.compile(r"^/auth/(?P<slug>[^/]+)/(?P<method>digid|eherkenning|eidas)/start$")
LOKET_LINK = re.compile(r"\{loket\}(/[^)\s\"'<>]*)")
SDK_PATH = "/static/openforms/open-forms-sdk.js"


@dataclass
class Loket:
    """Pages (path -> HTML or JS) and redirects (path -> location) of the e-loket host."""

    pages: dict[str, str] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)


def _html(title: str, inner: str) -> str:
    """A plain page of the form platform."""
    return (f'<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8"><title>{html.escape(title)}'
            f" | E-loket Voorbeeldstad</title></head><body><header><b>E-loket Gemeente Voorbeeldstad"
            f"</b></header><main><h1>{html.escape(title)}</h1>{inner}</main></body></html>\n")


def _form(title: str) -> str:
    """A web form page (stand-in for Open Formulieren, TriplEforms or TOPdesk)."""
    return _html(title, '<form method="post"><label>Uw naam <input name="naam"></label>'
                 '<label>Toelichting <textarea name="toelichting"></textarea></label>'
                 '<label>Bijlage <input type="file" name="bijlage"></label>'
                 "<button>Verzenden</button></form>")


def loket_paths(texts: list[str]) -> set[str]:
    """All e-loket paths that occur as `{loket}/...` in the given texts."""
    found: set[str] = set()
    for text in texts:
        found.update(match.group(1).replace("&amp;", "&") for match in LOKET_LINK.finditer(text))
    return found


def build_loket(paths: set[str], dead: frozenset[str]) -> Loket:
    """Serve every referenced e-loket path except the dead ones; auth starts redirect to login."""
    loket = Loket()
    loket.pages["/"] = _html("E-loket", "<p>Kies een formulier via de website van de gemeente.</p>")
    for method, label in (("digid", "DigiD"), ("eherkenning", "eHerkenning"), ("eidas", "eIDAS")):
        loket.pages[f"/{method}/inloggen"] = _html(
            f"Inloggen met {label}", f'<form method="post"><button>Inloggen met {label}</button></form>')
    loket.pages["/mijn/"] = _html("Mijn Voorbeeldstad", '<p><a href="/auth/mijn/digid/start">Inloggen met DigiD</a></p>')
    loket.redirects["/auth/mijn/digid/start"] = "/digid/inloggen?next=/mijn/"
    loket.pages[SDK_PATH] = "/* Open Formulieren SDK (stand-in) */\nwindow.OpenForms={init:function(){}};\n"
    for path in sorted(paths):
        if path in dead or path.split("?")[0] in dead:
            continue
        auth = AUTH_START.match(path)
        if auth:
            slug = auth.group("slug")
            loket.redirects[path] = f"/{auth.group('method')}/inloggen?next=/{slug}/"
            if f"/{slug}/" not in dead:
                loket.pages.setdefault(f"/{slug}/", _form(slug.replace("-", " ").capitalize()))
        elif path.endswith(".js"):
            continue
        else:
            name = path.strip("/").rsplit("/", 1)[-1].split("?")[0] or "formulier"
            loket.pages.setdefault(path, _form(name.replace("-", " ").removesuffix(".aspx")))
    return loket
