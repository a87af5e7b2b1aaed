"""Run one of Datasette's canned queries by name from a plugin: the one way our pages read a worklist's SQL."""

from __future__ import annotations

from typing import Any


async def canned_rows(datasette: Any, database: str, name: str, actor: Any,
                      params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The rows of the canned query ``name`` of ``database`` as dicts; LookupError when the configuration lacks it."""
    query = await datasette.get_canned_query(database, name, actor)
    if query is None:
        raise LookupError(f"canned query {name!r} ontbreekt in de configuratie van {database!r}")
    results = await datasette.get_database(database).execute(query["sql"], params or {})
    return [dict(row) for row in results.rows]
