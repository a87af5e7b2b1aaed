"""Our own pages: the front page figures, the overview with charts, and one page's detail.

The SQL lives in the canned queries of ``metadata.yml``; these views only run them by name, so
what a page shows is exactly what the query (and its CSV/JSON) gives.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

DATABASE = "wmebv"
FAMILY_ORDER = ["kanaal", "taal", "structuur", "norm"]
FAMILY_TITLES = {
    "kanaal": "Digitaal kanaal (WMEBV)",
    "taal": "Taal (B1)",
    "structuur": "Opbouw van de pagina",
    "norm": "Servicenormen",
}
SECTION_RULE = "structuur.sectie-ontbreekt"
# A missing section is also reported by these service-norm rules (rules/checks/norm.yml), so the
# page detail can tell a missing section that is a finding from one that is not required.
SECTION_NORM_RULES = {
    "norm.geen-termijn": "termijn",
    "norm.geen-kosten": "kosten",
    "norm.geen-bezwaar": "bezwaar",
    "norm.geen-contact": "contact",
}
MISSING_SECTION = re.compile(r"^Ontbrekend deel: (\w+)")
UNHEADED_SECTION = re.compile(r"^Deel zonder eigen kop: (\w+)")
SC_CLAIM_RULE = "kanaal.sc-claim-onjuist"


async def run_query(datasette: Any, name: str, actor: Any, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run one canned query from metadata.yml by name and return its rows as dicts."""
    query = await datasette.get_canned_query(DATABASE, name, actor)
    if query is None:
        raise LookupError(f"canned query {name!r} ontbreekt in metadata.yml")
    results = await datasette.get_database(DATABASE).execute(query["sql"], params or {})
    return [dict(row) for row in results.rows]


def totals(clusters: list[dict[str, Any]]) -> dict[str, int]:
    """The sums over all clusters of the per-cluster overview."""
    keys = ["Producten", "Digitaal kanaal", "Op B1", "Compleet", "Bevindingen", "Waarvan ernst hoog"]
    return {key: sum(int(row.get(key) or 0) for row in clusters) for key in keys}


async def front_page_data(datasette: Any, actor: Any) -> dict[str, Any]:
    """The latest crawl, the cluster overview and the totals for the front page."""
    if DATABASE not in datasette.databases:
        return {"laatste_crawl": None, "clusters": [], "totaal": {}}
    crawls = await run_query(datasette, "laatste_crawl", actor)
    clusters = await run_query(datasette, "per_cluster", actor)
    return {"laatste_crawl": crawls[0] if crawls else None, "clusters": clusters, "totaal": totals(clusters)}


async def parameter_choices(datasette: Any, actor: Any) -> dict[str, Any]:
    """The clusters, rules and WMEBV verdicts a worklist's form offers in its drop-down lists."""
    if DATABASE not in datasette.databases:
        return {}
    clusters = await run_query(datasette, "per_cluster", actor)
    rules = await run_query(datasette, "per_regel", actor)
    statuses = await run_query(datasette, "oordeel_namen", actor)
    return {
        "keuze_clusters": [row["Cluster"] for row in clusters],
        "keuze_regels": [{"code": row["Code"], "title": row["Regel"]} for row in rules],
        "keuze_oordelen": [{"code": row["code"], "title": row["label"]} for row in statuses],
    }


@hookimpl
def extra_template_vars(template: str, database: str | None, request: Any, datasette: Any) -> Any:
    """The front page gets its figures, a worklist its drop-down choices; other templates nothing."""
    actor = request.actor if request else None
    if template == "index.html":

        async def front() -> dict[str, Any]:
            return await front_page_data(datasette, actor)

        return front
    if template == "query.html" and database == DATABASE:

        async def choices() -> dict[str, Any]:
            return await parameter_choices(datasette, actor)

        return choices
    return {}


async def overview(datasette: Any, request: Any) -> Response:
    """/overzicht: per cluster and per rule, as bar charts with the numbers beside them."""
    data = await front_page_data(datasette, request.actor)
    data["regels"] = await run_query(datasette, "per_regel", request.actor)
    html = await datasette.render_template("overzicht.html", data, request=request)
    return Response.html(html)


def group_findings(findings: list[dict[str, Any]]) -> "OrderedDict[str, dict[str, Any]]":
    """Findings grouped by family, in the fixed order kanaal, taal, structuur, norm, then others."""
    groups: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for family in FAMILY_ORDER + sorted({row["family"] or "" for row in findings} - set(FAMILY_ORDER)):
        rows = [row for row in findings if (row["family"] or "") == family]
        if rows:
            groups[family] = {"title": FAMILY_TITLES.get(family, family or "Overig"), "findings": rows}
    return groups


def _as_list(value: Any) -> list[str]:
    """A stored JSON list of section ids as a Python list (empty when missing or not a list)."""
    if isinstance(value, list):
        return [str(item) for item in value]
    try:
        parsed = json.loads(value or "[]")
    except (TypeError, ValueError):
        return [part.strip() for part in str(value).split(",") if part.strip()]
    return [str(item) for item in parsed] if isinstance(parsed, list) else []


def section_verdict(sections_missing: Any, findings: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The sections split into: missing and required, told without the required heading, missing but optional."""
    missing = _as_list(sections_missing)
    reported: set[str] = set()
    unheaded: list[str] = []
    for finding in findings:
        rule_id = finding.get("rule_id") or ""
        if rule_id == SECTION_RULE:
            evidence = str(finding.get("evidence") or "").strip()
            told = UNHEADED_SECTION.match(evidence)
            if told:
                unheaded.append(told.group(1))
                continue
            match = MISSING_SECTION.match(evidence)
            reported.add(match.group(1) if match else evidence)
        elif rule_id in SECTION_NORM_RULES:
            reported.add(SECTION_NORM_RULES[rule_id])
    return {
        "verplicht": [code for code in missing if code in reported],
        "zonder_kop": [code for code in unheaded if code not in missing],
        "niet_verplicht": [code for code in missing if code not in reported],
    }


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
    section_names = {row["code"]: row["label"] for row in await run_query(datasette, "onderdeel_namen", actor)}
    context = {
        "pagina": pages[0],
        "page_id": page_id,
        "groepen": group_findings(findings),
        "aantal_bevindingen": len(findings),
        "kanalen": channels,
        "onderdeel_namen": section_names,
        "ontbreekt": section_verdict(pages[0].get("sections_missing"), findings),
        "sc_klopt_niet": any(row.get("rule_id") == SC_CLAIM_RULE for row in findings),
    }
    html = await datasette.render_template("pagina.html", context, request=request)
    return Response.html(html)


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    """The overview and the page detail."""
    return [
        (r"^/overzicht$", overview),
        (r"^/pagina/(?P<page_id>\d{1,12})$", page_detail),
    ]


@hookimpl
def menu_links(datasette: Any, actor: Any, request: Any) -> list[dict[str, str]]:
    """The menu on every page: start, overview, worklists, help."""
    return [
        {"href": "/", "label": "Start"},
        {"href": "/overzicht", "label": "Overzicht met grafieken"},
        {"href": f"/{DATABASE}", "label": "Alle werklijsten en tabellen"},
        {"href": "/help", "label": "Hulp"},
    ]
