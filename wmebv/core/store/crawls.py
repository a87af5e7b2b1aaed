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
