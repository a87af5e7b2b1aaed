"""What is published: summary tables and the queries of the export and Datasette."""

from __future__ import annotations

from typing import Any

from wmebv.core.store.database import (
    StorePart,
)


class Publication(StorePart):
    """What is published: summary tables and the queries of the export and Datasette."""

    def audited_crawl_ids(self) -> list[int]:
        """The crawls that have audit results, newest first."""
        return [row["crawl_id"] for row in self.db.query("select distinct crawl_id from page_audits order by crawl_id desc")]

    def latest_audited_crawl(self) -> dict[str, Any] | None:
        """The newest crawl with audit results (what Datasette shows by default), or None."""
        rows = list(self.db.query("select * from crawls where id = (select max(crawl_id) from page_audits)"))
        return rows[0] if rows else None

    def refresh_summaries(self, crawl_id: int) -> None:
        """Recompute the per-cluster and per-rule summary tables of one crawl (for fast overviews)."""
        params = {"crawl": crawl_id}
        with self.db.conn:
            self.db.execute("delete from cluster_summary where crawl_id = :crawl", params)
            self.db.execute("delete from rule_summary where crawl_id = :crawl", params)
            self.db.execute(
                """
                insert into cluster_summary
                  (crawl_id, cluster, products, digital, b1, complete, open_findings, high_findings)
                select p.crawl_id, coalesce(p.cluster, 'onbekend'), count(*),
                       sum(a.channel_status = 'digital'), sum(a.b1_ok = 1),
                       sum(coalesce(a.sections_missing, '') in ('', '[]')),
                       coalesce(sum(f.n), 0), coalesce(sum(f.high), 0)
                from pages p
                join page_audits a on a.page_id = p.id
                left join (
                    select page_id, count(*) as n, sum(severity = 'hoog') as high
                    from findings where crawl_id = :crawl group by page_id
                ) f on f.page_id = p.id
                where p.crawl_id = :crawl and p.is_product = 1
                group by p.crawl_id, coalesce(p.cluster, 'onbekend')
                """,
                params,
            )
            self.db.execute(
                """
                insert into rule_summary (crawl_id, rule_id, family, severity, pages, findings)
                select crawl_id, rule_id, max(family), max(severity), count(distinct page_id), count(*)
                from findings where crawl_id = :crawl group by crawl_id, rule_id
                """,
                params,
            )

    def known_clusters(self, crawl_id: int) -> list[str]:
        """The clusters that have product pages in a crawl, alphabetically."""
        sql = (
            "select distinct cluster from pages where crawl_id = :crawl and is_product = 1 "
            "and cluster is not null order by cluster"
        )
        return [row["cluster"] for row in self.db.query(sql, {"crawl": crawl_id})]

    def inventory(self, crawl_id: int) -> list[dict[str, Any]]:
        """The WMEBV inventory of a crawl: one row per product page."""
        return list(self.db.query("select * from inventory where crawl_id = :crawl order by cluster, url", {"crawl": crawl_id}))

    def export_inventory(self, crawl_id: int, cluster: str | None = None) -> list[dict[str, Any]]:
        """The WMEBV inventory for the consultants: one row per product page, with channel and status."""
        sql = """
            select p.id as page_id, p.cluster, p.title, p.url, p.upl_name,
                   a.channel_status, a.channel_kind, a.channel_url, a.auth, a.wmebv_status, a.wmebv_action,
                   a.b1_ok, a.sections_missing,
                   s.online_aanvragen as sc_online_aanvragen,
                   (select count(*) from channels c where c.page_id = p.id and c.digital = 1
                      and c.check_status in ('dead', 'error')) as dead_links,
                   (select count(*) from findings f where f.page_id = p.id) as open_findings
            from pages p
            left join page_audits a on a.page_id = p.id
            left join sc_claims s on s.crawl_id = p.crawl_id and s.url = p.url
            where p.crawl_id = :crawl and p.is_product = 1 and (:cluster = '' or p.cluster = :cluster)
            order by p.cluster, p.title
        """
        return list(self.db.query(sql, {"crawl": crawl_id, "cluster": cluster or ""}))

    def export_worklist(self, crawl_id: int, cluster: str | None = None) -> list[dict[str, Any]]:
        """The editors' worklist: every finding, most severe first, then by page."""
        sql = """
            select f.page_id, p.cluster, p.title, f.url, f.severity, f.family, f.rule_id,
                   coalesce(r.title, f.rule_id) as rule_title, f.message, f.evidence, f.suggestion,
                   f.location, r.fix, r.why
            from findings f
            join pages p on p.id = f.page_id
            left join rules r on r.id = f.rule_id
            where f.crawl_id = :crawl and (:cluster = '' or p.cluster = :cluster)
            order by case f.severity when 'hoog' then 1 when 'midden' then 2 when 'laag' then 3 else 4 end,
                     f.page_id, f.id
        """
        return list(self.db.query(sql, {"crawl": crawl_id, "cluster": cluster or ""}))

    def cluster_summary(self, crawl_id: int) -> list[dict[str, Any]]:
        """The per-cluster summary of a crawl (see :meth:`refresh_summaries`)."""
        sql = "select * from cluster_summary where crawl_id = :crawl order by cluster"
        return list(self.db.query(sql, {"crawl": crawl_id}))

    def labels(self) -> dict[tuple[str, str], str]:
        """The Dutch words for the codes in the audit tables: (field, code) -> label."""
        return {(row["field"], row["code"]): row["label"] for row in self.db.query("select field, code, label from labels order by field, sort")}
