"""What the publication lets out: crawl state never, raw HTML and own SQL only when asked, no formulas in CSV.

``wmebv serve`` puts its choices in the plugin configuration ``wmebv`` (metadata), set by its
flags: ``allow_html`` (the stored HTML of the pages) and, in Datasette's own settings, own SQL
and the download of the whole file. Deny, not hide:

- the table ``crawl_state`` (the site's raw robots.txt and the crawler's bookmarks) answers 403,
  and SQLite itself reads its columns as empty in every query, a worklist or one's own SQL;
- the column ``pages.html`` reads as empty unless ``allow_html`` is on;
- every CSV is rewritten so that a cell that starts like a formula (= + - @, a tab or a carriage
  return) is text (wmebv.publish.csvsafe, the same rule as ``wmebv export``).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from datasette import hookimpl

from wmebv.publish.csvsafe import CsvCellGuard

DATABASE = "wmebv"
PRIVATE_TABLES = frozenset({"crawl_state"})
RAW_HTML = ("pages", "html")


def _options(datasette: Any) -> dict[str, Any]:
    """The publication choices of ``wmebv serve`` (nothing opened up when absent)."""
    return datasette.plugin_config("wmebv") or {}


@hookimpl
def permission_allowed(datasette: Any, actor: Any, action: str, resource: Any) -> bool | None:
    """Deny the private tables; leave everything else to Datasette's settings."""
    if action == "view-table" and isinstance(resource, tuple) and resource[-1] in PRIVATE_TABLES:
        return False
    return None


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    """Let SQLite read the private tables (and the raw HTML, unless allowed) as empty, whatever the query."""
    if database != DATABASE:
        return
    allow_html = bool(_options(datasette).get("allow_html"))

    def authorize(action: int, table: str | None, column: str | None, _db: str | None, _trigger: str | None) -> int:
        if action == sqlite3.SQLITE_READ:
            if table in PRIVATE_TABLES or ((table, column) == RAW_HTML and not allow_html):
                return sqlite3.SQLITE_IGNORE
        return sqlite3.SQLITE_OK

    conn.set_authorizer(authorize)


def _asks_for_csv(scope: dict[str, Any]) -> bool:
    """True for a request of Datasette's CSV output."""
    query = scope.get("query_string", b"").decode("latin-1")
    return scope.get("path", "").endswith(".csv") or "_format=csv" in query


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Rewrite every CSV answer so that no cell can run as a formula in a spreadsheet."""

    def wrap(app: Any) -> Any:
        async def guarded(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope.get("type") != "http" or not _asks_for_csv(scope):
                await app(scope, receive, send)
                return
            guard: CsvCellGuard | None = None

            async def guarded_send(message: dict[str, Any]) -> None:
                nonlocal guard
                if message["type"] == "http.response.start":
                    headers = dict((key.lower(), value) for key, value in message.get("headers", []))
                    kind = headers.get(b"content-type", b"").decode("latin-1")
                    if message.get("status") == 200 and kind.startswith(("text/csv", "text/plain")):
                        guard = CsvCellGuard()
                        message = {**message, "headers": [(k, v) for k, v in message.get("headers", [])
                                                          if k.lower() != b"content-length"]}
                elif message["type"] == "http.response.body" and guard is not None:
                    body = guard.feed(message.get("body", b""))
                    if not message.get("more_body", False):
                        body += guard.finish()
                    message = {**message, "body": body}
                await send(message)

            await app(scope, receive, guarded_send)

        return guarded

    return wrap
