"""What two crawls are compared on, and the stored comparison ("Wat is er veranderd").

Only stable identities are read: a product page's address and UPL URI, a finding's fingerprint.
Row ids differ per crawl and are never compared; they only serve as links to a page's detail.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from wmebv.core.store.database import StorePart


class History(StorePart):
    """The crawls that can be compared, what each one found, and the stored changes between two."""

    def comparable_crawls(self) -> list[dict[str, Any]]:
        """Finished crawls whose audit is complete and published (those the worklists may show), newest first."""
        sql = ("select id, site, start_url, started_at, finished_at, status from crawls "
               "where status = 'finished' and published_at is not null order by id desc")
        return list(self.db.query(sql))

    def is_audited(self, crawl_id: int) -> bool:
        """Whether a crawl has audit results."""
        return bool(list(self.db.query("select 1 from page_audits where crawl_id = :crawl limit 1", {"crawl": crawl_id})))

    def products(self, crawl_id: int) -> list[dict[str, Any]]:
        """A crawl's audited product pages with what the comparison looks at: channel, B1, completeness, text.

        Digital, B1 and complete are the flags of the ``inventory`` view, the one definition of
        the figures the worklists and the export count.
        """
        sql = """
            select i.page_id, i.url, i.title, i.cluster, i.upl_uri, i.upl_name,
                   i.channel_status, i.channel_kind, i.is_digital, i.b1_ok, i.b1_level, i.is_b1, i.is_complete,
                   i.missing_sections as sections_missing, a.text_fingerprint,
                   (select group_concat(c.url, ' ') from channels c
                     where c.page_id = i.page_id and c.digital = 1 and c.check_status in ('dead', 'error')) as dead_links
            from inventory i join page_audits a on a.page_id = i.page_id
            where i.crawl_id = :crawl
            order by i.url
        """
        return list(self.db.query(sql, {"crawl": crawl_id}))

    def findings(self, crawl_id: int) -> list[dict[str, Any]]:
        """Every finding of a crawl, open (settled = 0) and settled by the webredactie (settled = 1)."""
        columns = ("f.fingerprint, f.url, f.rule_id, f.severity, f.evidence, f.page_id, "
                   "coalesce(p.cluster, 'onbekend') as cluster, p.title")
        sql = (f"select {columns}, 0 as settled from findings f join pages p on p.id = f.page_id where f.crawl_id = :crawl "
               f"union all select {columns}, 1 from settled_findings f join pages p on p.id = f.page_id "
               f"where f.crawl_id = :crawl")
        return list(self.db.query(sql, {"crawl": crawl_id}))

    def page_ids(self, crawl_id: int) -> dict[str, int]:
        """The address and id of every page a crawl stored."""
        return {row["url"]: row["id"] for row in self.db.query("select id, url from pages where crawl_id = :crawl", {"crawl": crawl_id})}

    def redirects(self, crawl_id: int) -> dict[str, str]:
        """Address -> where it redirected to, in one crawl (the crawler records each hop in the frontier)."""
        sql = "select found_on, url from urls where crawl_id = :crawl and source = 'redirect' and found_on is not null"
        return {row["found_on"]: row["url"] for row in self.db.query(sql, {"crawl": crawl_id})}

    def frontier_states(self, crawl_id: int, urls: Iterable[str]) -> dict[str, dict[str, Any]]:
        """What a crawl did with these addresses: state, reason and HTTP status (absent: never found)."""
        sql = ("select url, state, reason, http_status from urls where crawl_id = :crawl "
               "and url in (select value from json_each(:urls))")
        rows = self.db.query(sql, {"crawl": crawl_id, "urls": json.dumps(sorted(set(urls)))})
        return {row["url"]: row for row in rows}

    def save(self, from_crawl: int, to_crawl: int, rows: list[dict[str, Any]], counts: list[dict[str, Any]], now: str) -> None:
        """Replace the stored comparison of two crawls (its change rows and its finding counts)."""
        pair = {"from": from_crawl, "to": to_crawl}
        with self.db.conn:
            for table in ("changes", "change_counts", "change_pairs"):
                self.db.execute(f"delete from {table} where from_crawl = :from and to_crawl = :to", pair)
            self.database.insert_rows("change_pairs", [{"from_crawl": from_crawl, "to_crawl": to_crawl, "computed_at": now}])
            self.database.insert_rows("changes", [dict(row, from_crawl=from_crawl, to_crawl=to_crawl) for row in rows])
            self.database.insert_rows("change_counts", [dict(row, from_crawl=from_crawl, to_crawl=to_crawl) for row in counts])

    def stored_pairs(self) -> list[tuple[int, int]]:
        """Every stored comparison as (from, to), newest first."""
        sql = "select from_crawl, to_crawl from change_pairs order by to_crawl desc, from_crawl desc"
        return [(row["from_crawl"], row["to_crawl"]) for row in self.db.query(sql)]

    def stored_changes(self, from_crawl: int, to_crawl: int) -> list[dict[str, Any]]:
        """The stored change rows of two crawls, in report order."""
        sql = "select * from changes where from_crawl = :from and to_crawl = :to order by sort"
        return list(self.db.query(sql, {"from": from_crawl, "to": to_crawl}))

    def stored_counts(self, from_crawl: int, to_crawl: int) -> list[dict[str, Any]]:
        """The stored finding counts of two crawls, per cluster and rule."""
        sql = "select * from change_counts where from_crawl = :from and to_crawl = :to order by cluster, rule_id"
        return list(self.db.query(sql, {"from": from_crawl, "to": to_crawl}))
