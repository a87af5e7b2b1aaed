"""The crawl register: one row per crawl with its status, settings and counts."""

from __future__ import annotations

import json
from typing import Any

from wmebv import __version__
from wmebv.core.errors import UserError
from wmebv.core.store.database import (
    StorePart,
    utcnow,
)


class Crawls(StorePart):
    """The crawl register: one row per crawl with its status, settings and counts."""

    def start(self, site: str, start_url: str, settings: dict[str, Any], now: str | None = None) -> int:
        """Record a new crawl and return its id."""
        with self.db.conn:
            table = self.db.table("crawls")
            table.insert(
                {
                    "site": site,
                    "start_url": start_url,
                    "started_at": now or utcnow(),
                    "status": "running",
                    "settings": json.dumps(settings, ensure_ascii=False, sort_keys=True),
                    "tool_version": __version__,
                }
            )
            assert table.last_pk is not None  # the insert just made sets it
            return int(table.last_pk)

    def finish(self, crawl_id: int, status: str, counts: dict[str, int], now: str | None = None) -> None:
        """Close a crawl with its status ('finished', 'interrupted', 'failed') and its counts."""
        allowed = {"urls_found", "pages_fetched", "product_pages", "documents", "skipped", "failed"}
        values = {key: value for key, value in counts.items() if key in allowed}
        with self.db.conn:
            self.db.table("crawls").update(crawl_id, {"finished_at": now or utcnow(), "status": status, **values})

    def reopen(self, crawl_id: int) -> None:
        """Mark an interrupted crawl as running again (for --resume)."""
        with self.db.conn:
            self.db.table("crawls").update(crawl_id, {"status": "running", "finished_at": None})

    def set_profile(self, crawl_id: int, profile: dict[str, Any]) -> None:
        """Store the norm profile an audit of this crawl used, so results stay comparable."""
        with self.db.conn:
            self.db.table("crawls").update(crawl_id, {"profile": json.dumps(profile, ensure_ascii=False, sort_keys=True)})

    def set_decisions(self, crawl_id: int, decisions: dict[str, Any] | None) -> None:
        """Store which decisions file an audit of this crawl applied (None: none)."""
        value = json.dumps(decisions, ensure_ascii=False, sort_keys=True) if decisions else None
        with self.db.conn:
            self.db.table("crawls").update(crawl_id, {"decisions": value})

    def set_site_structure(self, crawl_id: int, report: dict[str, Any]) -> None:
        """Store the site's dominant page structure found by the audit of this crawl."""
        with self.db.conn:
            self.db.table("crawls").update(crawl_id, {"site_structure": json.dumps(report, ensure_ascii=False)})

    def get(self, crawl_id: int) -> dict[str, Any]:
        """One crawl as a dict; a clear error when it does not exist."""
        rows = list(self.db.query("select * from crawls where id = :id", {"id": crawl_id}))
        if not rows:
            raise UserError(f"Crawl {crawl_id} staat niet in {self.database.path}. Zie 'wmebv crawls --db {self.database.path}'.")
        return rows[0]

    def all(self) -> list[dict[str, Any]]:
        """All crawls, newest first."""
        return list(self.db.query("select * from crawls order by id desc"))

    def latest(self, *, finished_only: bool = False) -> dict[str, Any] | None:
        """The newest crawl (optionally only a finished one), or None."""
        sql = "select * from crawls where (:finished = 0 or status = 'finished') order by id desc limit 1"
        rows = list(self.db.query(sql, {"finished": int(finished_only)}))
        return rows[0] if rows else None

    def resumable(self, site: str | None = None) -> dict[str, Any] | None:
        """The newest crawl (of ``site``, or of any site) that did not finish, or None."""
        sql = ("select * from crawls where (:site is null or site = :site) and status in ('running', 'interrupted') "
               "order by id desc limit 1")
        rows = list(self.db.query(sql, {"site": site}))
        return rows[0] if rows else None

    def beyond_keep(self, keep: int) -> list[dict[str, Any]]:
        """The crawls older than the newest ``keep`` finished crawls of their site, oldest first.

        Unfinished crawls newer than the oldest kept one stay: one may still be resumed.
        """
        if keep < 1:
            raise UserError("Bewaar minstens 1 crawl (--keep 1 of meer).")
        by_site: dict[str, list[dict[str, Any]]] = {}
        for crawl in self.all():  # newest first
            by_site.setdefault(crawl["site"], []).append(crawl)
        old: list[dict[str, Any]] = []
        for crawls in by_site.values():
            finished = [crawl for crawl in crawls if crawl["status"] == "finished"]
            if len(finished) > keep:
                oldest_kept = finished[keep - 1]["id"]
                old += [crawl for crawl in crawls if crawl["id"] < oldest_kept]
        return sorted(old, key=lambda crawl: crawl["id"])

    def delete(self, crawl_ids: list[int]) -> dict[str, int]:
        """Delete crawls and every row that hangs off them, in one transaction; rows deleted per table.

        The tables come from the schema (every foreign key to ``crawls`` or ``pages``), so a table
        added later is pruned too. Rows that point at a page go first, the pages next, the crawls last.
        """
        ids = json.dumps(sorted(crawl_ids))
        by_crawl: list[tuple[str, str]] = []
        by_page: list[tuple[str, str]] = []
        for table in self.db.tables:
            for key in table.foreign_keys:
                if key.other_table == "crawls" and table.name != "pages":
                    by_crawl.append((table.name, str(key.column)))  # one column: the schema has no compound keys
                elif key.other_table == "pages":
                    by_page.append((table.name, str(key.column)))
        deleted: dict[str, int] = {}
        pages = "select id from pages where crawl_id in (select value from json_each(:ids))"
        steps = ([(name, f"delete from [{name}] where [{column}] in ({pages})") for name, column in by_page]
                 + [(name, f"delete from [{name}] where [{column}] in (select value from json_each(:ids))") for name, column in by_crawl]
                 + [("pages", "delete from pages where crawl_id in (select value from json_each(:ids))"),
                    ("crawls", "delete from crawls where id in (select value from json_each(:ids))")])
        with self.db.conn:
            for name, sql in steps:
                count = self.db.conn.execute(sql, {"ids": ids}).rowcount
                deleted[name] = deleted.get(name, 0) + max(count, 0)
        return deleted
