"""Our own pages and the worklists: front page figures, overview, page detail, one crawl per worklist.

The worklists are SQL views of the store with Dutch column names; Datasette shows them as tables
(with pages, a total and CSV of every row). A view with a ``_crawl`` column shows the crawl the
worklists show (the newest finished, audited crawl) unless ``?_crawl=N`` asks for another.
The SQL of our pages lives in the canned queries of ``metadata.yml``; these views run them by
name, so what a page shows is exactly what the query (and its CSV/JSON) gives. Nothing here
knows a rule id or a family code: their names and order come from the database.
"""

from __future__ import annotations

import json
import os
from collections import OrderedDict
from typing import Any

import yaml
from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils.asgi import Response

from wmebv.publish.canned import canned_rows

DATABASE = "wmebv"
CRAWL_COLUMN = "_crawl"
# Columns that start with this are technical (the crawl, the sort key): never shown to a user.
TECHNICAL_PREFIX = "_"
# A worklist offers these columns as drop-down filters, with the values the canned query
# 'keuzelijsten' gives for them.
FILTER_COLUMNS = ("Cluster", "WMEBV", "Ernst", "Soort", "Regel")


async def run_query(datasette: Any, name: str, actor: Any, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run one canned query from metadata.yml by name and return its rows as dicts."""
    return await canned_rows(datasette, DATABASE, name, actor, params)


async def has_crawl_column(datasette: Any, database: str | None, table: str | None) -> bool:
    """True for a worklist view of our database: it has a ``_crawl`` column."""
    if database != DATABASE or not table or DATABASE not in datasette.databases:
        return False
    db = datasette.get_database(DATABASE)
    return table in await db.view_names() and CRAWL_COLUMN in await db.table_columns(table)


def requested_crawl(request: Any) -> int | None:
    """The crawl asked for with ``?_crawl=N``, or None."""
    value = (request.args.get(CRAWL_COLUMN) or "").strip() if request else ""
    return int(value) if value.isdigit() else None


@hookimpl
def filters_from_request(request: Any, database: str, table: str, datasette: Any) -> Any:
    """A worklist view shows one crawl: the one the worklists show, or ``?_crawl=N``."""

    async def one_crawl() -> FilterArguments | None:
        if not await has_crawl_column(datasette, database, table):
            return None
        crawl = requested_crawl(request)
        if crawl is not None:
            return FilterArguments(["_crawl = :wmebv_crawl"], {"wmebv_crawl": crawl}, [f"crawl {crawl}"])
        return FilterArguments(["_crawl = (select crawl_id from shown_crawl)"])

    return one_crawl


def totals(clusters: list[dict[str, Any]]) -> dict[str, int]:
    """The sums over all clusters of the per-cluster figures."""
    keys = ["Producten", "Digitaal kanaal", "Op B1", "Compleet", "Bevindingen", "Waarvan ernst hoog", "Afgehandeld"]
    return {key: sum(int(row.get(key) or 0) for row in clusters) for key in keys}


def database_file(datasette: Any) -> str:
    """The name of the published database file, for the hint how to resume a crawl."""
    path = getattr(datasette.get_database(DATABASE), "path", None) or "wmebv.db"
    return os.path.basename(path)


async def crawl_context(datasette: Any, actor: Any) -> dict[str, Any]:
    """The crawl the worklists show, and a newer crawl that did not finish (each None when there is none)."""
    if DATABASE not in datasette.databases:
        return {"getoonde_crawl": None, "onafgemaakte_crawl": None, "databasebestand": ""}
    rows = await run_query(datasette, "getoonde_crawl", actor)
    unfinished = await run_query(datasette, "onafgemaakte_crawl", actor)
    return {
        "getoonde_crawl": rows[0] if rows else None,
        "onafgemaakte_crawl": unfinished[0] if unfinished else None,
        "databasebestand": database_file(datasette),
    }


async def front_page_data(datasette: Any, actor: Any) -> dict[str, Any]:
    """The crawl, the figures per cluster and their totals, for the front page and the overview."""
    context = await crawl_context(datasette, actor)
    clusters = await run_query(datasette, "cijfers_per_cluster", actor) if DATABASE in datasette.databases else []
    context.update({"laatste_crawl": context["getoonde_crawl"], "clusters": clusters, "totaal": totals(clusters)})
    return context


async def filter_choices(datasette: Any, actor: Any, crawl: int | None) -> dict[str, list[str]]:
    """Per filter column the values a worklist offers in its drop-down list, in their order."""
    choices: OrderedDict[str, list[str]] = OrderedDict((column, []) for column in FILTER_COLUMNS)
    for row in await run_query(datasette, "keuzelijsten", actor, {"crawl": crawl or ""}):
        choices.setdefault(row["kolom"], []).append(row["waarde"])
    return dict(choices)


async def worklist_context(datasette: Any, request: Any, table: str) -> dict[str, Any]:
    """What our table.html needs for a worklist view: the crawl, the drop-downs, the technical columns."""
    db = datasette.get_database(DATABASE)
    all_columns = await db.table_columns(table)
    columns = [column for column in all_columns if not column.startswith(TECHNICAL_PREFIX)]
    one_crawl = CRAWL_COLUMN in all_columns
    context = await crawl_context(datasette, request.actor)
    crawl = requested_crawl(request) if one_crawl else None
    choices = await filter_choices(datasette, request.actor, crawl)
    context.update({
        "werklijst": True,
        "een_crawl": one_crawl,
        "gekozen_crawl": crawl,
        "technische_kolommen": [column for column in all_columns if column.startswith(TECHNICAL_PREFIX)],
        "keuzes": {column: values for column, values in choices.items() if column in columns},
    })
    return context


async def is_worklist(datasette: Any, database: str | None, table: str | None) -> bool:
    """A worklist is a view that metadata.yml gives a user group; it gets our worklist layout."""
    if database != DATABASE or not table or DATABASE not in datasette.databases:
        return False
    about = datasette.table_metadata(DATABASE, table) or {}
    return bool(about.get("group")) and table in await datasette.get_database(DATABASE).view_names()


@hookimpl
def extra_template_vars(template: str, database: str | None, table: str | None, request: Any, datasette: Any) -> Any:
    """The front page gets its figures, a worklist its crawl, drop-downs and technical columns."""
    actor = request.actor if request else None
    if template == "index.html":

        async def front() -> dict[str, Any]:
            return await front_page_data(datasette, actor)

        return front
    if template == "table.html":

        async def worklist() -> dict[str, Any]:
            if not table or not await is_worklist(datasette, database, table):
                return {"werklijst": False}
            return await worklist_context(datasette, request, table)

        return worklist
    return {}


async def overview(datasette: Any, request: Any) -> Response:
    """/overzicht: per cluster and per rule, as bar charts with the numbers beside them."""
    data = await front_page_data(datasette, request.actor)
    data["regels"] = await run_query(datasette, "cijfers_per_regel", request.actor) if data["clusters"] else []
    html = await datasette.render_template("overzicht.html", data, request=request)
    return Response.html(html)


def group_findings(findings: list[dict[str, Any]]) -> OrderedDict[str, dict[str, Any]]:
    """Findings grouped by family, in the order of the family labels (the query's order)."""
    groups: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for row in findings:
        family = row.get("family") or ""
        group = groups.setdefault(family, {"title": row.get("family_label") or family or "Overig", "findings": []})
        group["findings"].append(row)
    return groups


async def page_detail(datasette: Any, request: Any) -> Response:
    """/pagina/<id>: one page's verdict, findings per family, channels and sections."""
    page_id = int(request.url_vars["page_id"])
    actor = request.actor
    pages = await run_query(datasette, "pagina", actor, {"id": page_id})
    if not pages:
        html = await datasette.render_template("pagina.html", {"pagina": None, "page_id": page_id}, request=request)
        return Response.html(html, status=404)
    findings = await run_query(datasette, "pagina_bevindingen", actor, {"id": page_id})
    channels = await run_query(datasette, "pagina_kanalen", actor, {"id": page_id})
    decisions = await run_query(datasette, "pagina_besluiten", actor, {"id": page_id})
    section_names = {row["code"]: row["label"] for row in await run_query(datasette, "onderdeel_namen", actor)}
    context = {
        "pagina": pages[0],
        "page_id": page_id,
        "groepen": group_findings(findings),
        "aantal_bevindingen": len(findings),
        "kanalen": channels,
        "onderdeel_namen": section_names,
        # Per open finding the line for besluiten.yml; the findings the webredactie settled.
        "besluiten": {row["id"]: row for row in decisions if not row["settled"]},
        "afgehandeld": [row for row in decisions if row["settled"]],
    }
    html = await datasette.render_template("pagina.html", context, request=request)
    return Response.html(html)


# The limits of a language level (rules/defaults/language.yml), in the words of /taalniveau:
# (measure, what it is, shown as a percentage).
LEVEL_LIMITS = (
    ("max_avg_sentence_words", "woorden per zin (gemiddeld), hoogstens", False),
    ("max_long_sentence_share", "lange zinnen, hoogstens", True),
    ("min_flesch_douma", "leesgemak (Flesch-Douma), minstens", False),
    ("max_rare_word_share", "weinig gebruikte woorden, hoogstens", True),
    ("max_passive_share", "zinnen in de lijdende vorm, hoogstens", True),
    ("max_officialese_per_100_words", "ambtelijke woorden per 100 woorden, hoogstens", False),
)


def language_norm(profile: Any) -> dict[str, Any]:
    """The language norm a crawl was audited with (its stored profile), else wmebv's own defaults."""
    try:
        stored = json.loads(profile or "{}").get("language") or {}
    except (TypeError, ValueError, AttributeError):
        stored = {}
    if stored.get("levels"):
        return stored
    from wmebv.core.paths import rules_dir

    return yaml.safe_load((rules_dir() / "defaults" / "language.yml").read_text(encoding="utf-8"))


def norm_table(norm: dict[str, Any]) -> dict[str, Any]:
    """The levels and their limits as rows of text for the page, with Dutch numbers."""
    levels = list((norm.get("levels") or {}).keys())

    def shown(value: Any, percent: bool) -> str:
        if value is None:
            return "geen grens"
        number = 100 * float(value) if percent else float(value)
        text = f"{number:.1f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{text}%" if percent else text

    rows = [{"wat": label, "waarden": [shown((norm["levels"][level] or {}).get(key), percent) for level in levels]}
            for key, label, percent in LEVEL_LIMITS]
    return {"niveaus": levels, "grenzen": rows, "doel": norm.get("target_level", "B1"),
            "min_woorden": norm.get("min_words"), "lange_zin": norm.get("long_sentence_words"),
            "boven": norm.get("above_levels", "C1")}


async def b1_explained(datasette: Any, request: Any) -> Response:
    """/taalniveau: how the audit decides whether a text is B1, with the limits of the shown crawl."""
    context = await crawl_context(datasette, request.actor)
    crawl = context["getoonde_crawl"]
    context["normen"] = norm_table(language_norm(crawl.get("profile") if crawl else None))
    html = await datasette.render_template("taalniveau.html", context, request=request)
    return Response.html(html)


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    """The overview, the page detail and the explanation of B1."""
    return [
        (r"^/overzicht$", overview),
        (r"^/pagina/(?P<page_id>\d{1,12})$", page_detail),
        (r"^/taalniveau$", b1_explained),
    ]


@hookimpl
def menu_links(datasette: Any, actor: Any, request: Any) -> list[dict[str, str]]:
    """The menu on every page: start, overview, worklists, help (a comparison has its own menu)."""
    if DATABASE not in datasette.databases:
        return []
    return [
        {"href": "/", "label": "Start"},
        {"href": "/overzicht", "label": "Overzicht met grafieken"},
        {"href": f"/{DATABASE}", "label": "Alle werklijsten en tabellen"},
        {"href": "/taalniveau", "label": "Hoe wordt B1 bepaald?"},
        {"href": "/help", "label": "Hulp"},
    ]
