"""The comparison of municipalities (database 'vergelijking'): its front page, links between its lists, its menu.

Only active when a comparison is published (``wmebv compare``, ``wmebv serve --dir``); the
publication of one municipality (database 'wmebv') does not see any of this.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from wmebv.publish.canned import canned_rows

DATABASE = "vergelijking"
# Columns that open another list of the comparison: column -> (query, parameter, column with its value).
LINKED_COLUMNS = {
    "Product": ("product", "product", "UPL-code"),
    "Gemeente": ("gemeente", "gemeente", "Gemeente"),
    "Goed voorbeeld": ("gemeente", "gemeente", "Goed voorbeeld"),
}


def comparing(datasette: Any) -> bool:
    """True when this Datasette publishes a comparison."""
    return DATABASE in datasette.databases


async def rows(datasette: Any, name: str, actor: Any, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run one of the comparison's canned queries (vergelijking.yml) by name; its rows as dicts."""
    return await canned_rows(datasette, DATABASE, name, actor, params)


async def front_page(datasette: Any, request: Any) -> Response:
    """/ for a comparison: the key figures, the municipalities to choose from, where to start."""
    actor = request.actor
    municipalities = await rows(datasette, "per_gemeente", actor)
    products = await rows(datasette, "per_product", actor, {"cluster": "", "zoek": ""})
    platforms = await rows(datasette, "platforms", actor)
    left_out = await rows(datasette, "niet_vergeleken", actor)
    pages = sum(int(row["Gemeenten met een pagina"]) for row in products)
    digital = sum(int(row["Met digitaal kanaal"]) for row in products)
    context = {
        "gemeenten": municipalities,
        "producten": sorted(products, key=lambda row: str(row["Product"])),
        "platforms": platforms[:8],
        "niet_vergeleken": left_out,
        "aandeel_digitaal": round(100 * digital / pages) if pages else 0,
        "vaak": [row for row in products if int(row["Gemeenten met een pagina"]) >= 2][:10],
    }
    html = await datasette.render_template("vergelijking.html", context, request=request)
    return Response.html(html)


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    """The comparison's front page takes the place of the start page, only when a comparison is published."""
    return [(r"^/$", front_page)] if comparing(datasette) else []


@hookimpl
def extra_template_vars(datasette: Any) -> dict[str, Any]:
    """Tell the templates (footer, menu) that they show a comparison."""
    return {"vergelijking_modus": comparing(datasette)}


@hookimpl
def render_cell(row: Any, value: Any, column: str, database: str, datasette: Any) -> Any:
    """A product or municipality name links to its own list in the comparison."""
    if database != DATABASE or column not in LINKED_COLUMNS or not value:
        return None
    query, parameter, source = LINKED_COLUMNS[column]
    try:
        target = row[source]
    except (KeyError, IndexError):
        return None
    if not target:
        return None
    href = f"/{DATABASE}/{query}?{urlencode({parameter: target})}"
    return Markup('<a href="{}">{}</a>').format(href, escape(value))


@hookimpl
def menu_links(datasette: Any, actor: Any, request: Any) -> list[dict[str, str]] | None:
    """The menu of a comparison: start, per product, per municipality, platforms, help."""
    if not comparing(datasette):
        return None
    return [
        {"href": "/", "label": "Start"},
        {"href": f"/{DATABASE}/per_product", "label": "Per product"},
        {"href": f"/{DATABASE}/per_gemeente", "label": "Per gemeente"},
        {"href": f"/{DATABASE}/platforms", "label": "Platforms"},
        {"href": "/help", "label": "Hulp"},
    ]
