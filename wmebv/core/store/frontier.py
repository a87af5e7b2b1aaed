"""The crawl frontier: every URL a crawl found, its state and reason, and the crawl's saved state."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wmebv.core.store.database import (
    StorePart,
)


class Frontier(StorePart):
    """The crawl frontier: every URL a crawl found, its state and reason, and the crawl's saved state."""

    def enqueue(self, crawl_id: int, rows: Iterable[dict[str, Any]]) -> int:
        """Add URLs to the frontier of a crawl; URLs already known are left alone. Returns how many were new."""
        prepared = [
            {
                "crawl_id": crawl_id,
                "url": row["url"],
                "state": row.get("state", "queued"),
                "reason": row.get("reason"),
                "depth": row.get("depth", 0),
                "source": row.get("source", "link"),
                "found_on": row.get("found_on"),
            }
            for row in rows
        ]
        if not prepared:
            return 0
        before = self.db.conn.total_changes
        with self.database.transaction():
            self.database.insert_rows("urls", prepared, verb="insert or ignore")
        return self.db.conn.total_changes - before

    def mark(self, crawl_id: int, url: str, state: str, **fields: Any) -> None:
        """Set the state of one frontier URL (fetched, skipped, failed) with its reason and status."""
        allowed = {"reason", "http_status", "content_type", "fetched_at", "depth", "source", "found_on"}
        values = {"crawl_id": crawl_id, "url": url, "state": state}
        values.update({key: value for key, value in fields.items() if key in allowed})
        with self.database.transaction():
            self.database.upsert_row("urls", values, ("crawl_id", "url"))

    def queued(self, crawl_id: int) -> list[dict[str, Any]]:
        """The URLs of a crawl that still wait to be fetched, shallowest first."""
        sql = "select * from urls where crawl_id = :crawl and state = 'queued' order by depth, rowid"
        return list(self.db.query(sql, {"crawl": crawl_id}))

    def known(self, crawl_id: int) -> set[str]:
        """Every URL the crawl has seen, in any state."""
        return {row["url"] for row in self.db.query("select url from urls where crawl_id = :crawl", {"crawl": crawl_id})}

    def coverage(self, crawl_id: int) -> list[dict[str, Any]]:
        """Counts of URLs per state and reason: the coverage report of a crawl."""
        sql = (
            "select state, coalesce(reason, '') as reason, count(*) as urls from urls "
            "where crawl_id = :crawl group by state, reason order by state, urls desc"
        )
        return list(self.db.query(sql, {"crawl": crawl_id}))

    def coverage_urls(self, crawl_id: int, state: str, reason: str, limit: int = 10) -> list[str]:
        """A few example URLs of one state and reason, for the coverage report."""
        sql = (
            "select url from urls where crawl_id = :crawl and state = :state and coalesce(reason, '') = :reason "
            "order by rowid limit :limit"
        )
        params = {"crawl": crawl_id, "state": state, "reason": reason, "limit": limit}
        return [row["url"] for row in self.db.query(sql, params)]

    def states(self, crawl_id: int) -> dict[str, int]:
        """How many URLs of a crawl are in each state (queued, fetched, skipped, failed)."""
        sql = "select state, count(*) as n from urls where crawl_id = :crawl group by state"
        return {row["state"]: row["n"] for row in self.db.query(sql, {"crawl": crawl_id})}

    def set_state(self, crawl_id: int, key: str, value: str) -> None:
        """Remember one piece of crawl state (e.g. the robots.txt text) for a resumed run."""
        with self.database.transaction():
            self.database.upsert_row("crawl_state", {"crawl_id": crawl_id, "key": key, "value": value}, ("crawl_id", "key"))

    def state(self, crawl_id: int) -> dict[str, str]:
        """All remembered state of a crawl as key -> value."""
        rows = self.db.query("select key, value from crawl_state where crawl_id = :crawl", {"crawl": crawl_id})
        return {row["key"]: row["value"] for row in rows}
