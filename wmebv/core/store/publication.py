"""What is published: the crawl the worklists show, summary tables and the worklist views.

The inventory and every worklist are SQL views (``views_0007.py``): Datasette and the export
select from the same views, so both show the same rows and the same figures.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wmebv.core.store.database import (
    StorePart,
    utcnow,
)
from wmebv.core.store.views_0007 import CLUSTER_SUMMARY

# A worklist view's technical columns start with this; users never see them.
TECHNICAL_PREFIX = "_"


class Publication(StorePart):
    """What is published: the crawl the worklists show, summary tables and the worklist views."""

    def audited_crawl_ids(self) -> list[int]:
        """The crawls that have audit results, newest first."""
        return [row["crawl_id"] for row in self.db.query("select distinct crawl_id from page_audits order by crawl_id desc")]

    def shown_crawl(self) -> dict[str, Any] | None:
        """The crawl the worklists show: the newest finished crawl with audit results, or None."""
        rows = list(self.db.query("select * from crawls where id = (select crawl_id from shown_crawl)"))
        return rows[0] if rows else None

    def unfinished_after(self, crawl_id: int | None) -> dict[str, Any] | None:
        """The newest crawl after ``crawl_id`` (any crawl when None) that did not finish, or None."""
        sql = "select * from crawls where id > :after and status <> 'finished' order by id desc limit 1"
        rows = list(self.db.query(sql, {"after": crawl_id or 0}))
        return rows[0] if rows else None

    def publish(self, crawl_id: int, now: str | None = None) -> None:
        """A crawl's audit is complete: recompute its summaries and let the worklists show it (if it finished)."""
        self.refresh_summaries(crawl_id)
        with self.db.conn:
            self.db.execute("update crawls set published_at = :now where id = :crawl",
                            {"now": now or utcnow(), "crawl": crawl_id})

    def unpublish(self, crawl_id: int) -> None:
        """A crawl is being audited again: the worklists stop showing it until the audit is complete."""
        with self.db.conn:
            self.db.execute("update crawls set published_at = null where id = :crawl", {"crawl": crawl_id})

    def refresh_summaries(self, crawl_id: int) -> None:
        """Recompute the per-cluster and per-rule summary tables of one crawl (for fast overviews).

        The per-cluster figures are counted from the flags of the ``inventory`` view, the one
        definition of 'digital', 'B1' and 'complete'.
        """
        params = {"crawl": crawl_id}
        with self.db.conn:
            self.db.execute("delete from cluster_summary where crawl_id = :crawl", params)
            self.db.execute("delete from rule_summary where crawl_id = :crawl", params)
            self.db.execute(CLUSTER_SUMMARY, params)
            # Beside the figures of the one definition: what the webredactie settled, and what is back for review.
            self.db.execute(
                """
                update cluster_summary set
                  settled_findings = (
                    select count(*) from settled_findings s join pages p on p.id = s.page_id
                    where s.crawl_id = :crawl and p.is_product = 1 and coalesce(p.cluster, 'onbekend') = cluster_summary.cluster),
                  review_findings = (
                    select count(*) from findings f join pages p on p.id = f.page_id
                    where f.crawl_id = :crawl and f.decision = 'opnieuw-bekijken' and p.is_product = 1
                      and coalesce(p.cluster, 'onbekend') = cluster_summary.cluster)
                where crawl_id = :crawl
                """,
                params,
            )
            # A rule whose findings the webredactie all settled keeps its row: settled, none open.
            self.db.execute(
                """
                insert into rule_summary (crawl_id, rule_id, family, severity, pages, findings, settled)
                select :crawl, rule_id, max(family), max(severity),
                       count(distinct case when still_open then page_id end), sum(still_open), sum(1 - still_open)
                from (
                    select rule_id, family, severity, page_id, 1 as still_open from findings where crawl_id = :crawl
                    union all
                    select rule_id, family, severity, page_id, 0 from settled_findings where crawl_id = :crawl
                )
                group by rule_id
                """,
                params,
            )

    def known_clusters(self, crawl_id: int) -> list[str]:
        """The clusters that have product pages in a crawl, alphabetically."""
        sql = "select distinct cluster from inventory where crawl_id = :crawl order by cluster"
        return [row["cluster"] for row in self.db.query(sql, {"crawl": crawl_id})]

    def inventory(self, crawl_id: int) -> list[dict[str, Any]]:
        """The WMEBV inventory of a crawl: one row per product page, with its figures as flags."""
        return list(self.db.query("select * from inventory where crawl_id = :crawl order by cluster, url", {"crawl": crawl_id}))

    def worklist_columns(self, name: str) -> list[str]:
        """The columns a user reads in the worklist view ``name`` (its technical columns left out)."""
        return [column for column in self._worklist_view(name) if not column.startswith(TECHNICAL_PREFIX)]

    def worklist_rows(self, name: str, crawl_id: int, cluster: str | None = None) -> Iterator[tuple[Any, ...]]:
        """The rows of one crawl (optionally one cluster) of a worklist view, in its order, one at a time."""
        all_columns = self._worklist_view(name)
        columns = self.worklist_columns(name)
        selected = ", ".join(f"[{column}]" for column in columns)
        # A list without clusters (the rules) is the same for every cluster.
        where = "_crawl = :crawl" + (" and (:cluster = '' or [Cluster] = :cluster)" if "Cluster" in all_columns else "")
        order = " order by _volgorde" if "_volgorde" in all_columns else ""
        sql = f"select {selected} from [{name}] where {where}{order}"
        cursor = self.db.execute(sql, {"crawl": crawl_id, "cluster": cluster or ""})
        try:
            yield from cursor
        finally:
            cursor.close()

    def _worklist_view(self, name: str) -> list[str]:
        """The columns of a worklist view; a ValueError when ``name`` is not one."""
        if name not in self.db.view_names():
            raise ValueError(f"{name!r} is not a view")
        columns = [column.name for column in self.db[name].columns]
        if "_crawl" not in columns:
            raise ValueError(f"{name!r} is not a worklist view (it has no _crawl column)")
        return columns

    def cluster_summary(self, crawl_id: int) -> list[dict[str, Any]]:
        """The per-cluster summary of a crawl (see :meth:`refresh_summaries`)."""
        sql = "select * from cluster_summary where crawl_id = :crawl order by cluster"
        return list(self.db.query(sql, {"crawl": crawl_id}))

    def labels(self) -> dict[tuple[str, str], str]:
        """The Dutch words for the codes in the audit tables: (field, code) -> label."""
        return {(row["field"], row["code"]): row["label"] for row in self.db.query("select field, code, label from labels order by field, sort")}
