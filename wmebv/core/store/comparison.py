"""The comparison of many municipalities: what is read from each one's database, and the database it builds.

A comparison database (``wmebv compare``) is made anew from the municipalities' own databases
each time: it holds no crawls, only one row per municipality and one per municipality and UPL
product, and the views that every figure on the comparison pages comes from (share with a
digital channel, platforms, B1, completeness, and each municipality's place among the others).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import sqlite_utils

from wmebv.core.errors import UserError
from wmebv.core.store.database import StorePart, utcnow

MARKER_TABLE = "_wmebv_vergelijking"
COMPARISON_VERSION = 1

# Each figure is defined once, here; Datasette's pages and the command line select from these views.
VIEWS = {
    "product_comparison": """
        select p.upl_uri, max(p.upl_name) as upl_name,
               (select p2.cluster from products p2 where p2.upl_uri = p.upl_uri and p2.cluster is not null
                group by p2.cluster order by count(*) desc, p2.cluster limit 1) as cluster,
               count(*) as municipalities,
               sum(p.channel_status = 'digital') as digital,
               cast(round(100.0 * sum(p.channel_status = 'digital') / count(*)) as integer) as share_digital,
               sum(p.b1_ok = 1) as b1,
               cast(round(100.0 * sum(p.b1_ok = 1) / count(*)) as integer) as share_b1,
               sum(p.complete = 1) as complete,
               cast(round(100.0 * sum(p.complete = 1) / count(*)) as integer) as share_complete,
               (select group_concat(platform || ' (' || n || ')', ', ') from (
                    select p3.platform, count(*) as n from products p3
                    where p3.upl_uri = p.upl_uri and p3.platform is not null
                    group by p3.platform order by n desc, p3.platform)) as platforms,
               (select count(*) from municipalities m where m.crawl_id is not null) as compared
        from products p
        group by p.upl_uri
    """,
    "municipality_ranking": """
        select m.id, m.name, m.start_url, m.crawled_at, count(p.upl_uri) as products,
               coalesce(sum(p.channel_status = 'digital'), 0) as digital,
               cast(round(100.0 * coalesce(sum(p.channel_status = 'digital'), 0) / max(count(p.upl_uri), 1)) as integer) as share_digital,
               cast(round(100.0 * coalesce(sum(p.b1_ok = 1), 0) / max(count(p.upl_uri), 1)) as integer) as share_b1,
               cast(round(100.0 * coalesce(sum(p.complete = 1), 0) / max(count(p.upl_uri), 1)) as integer) as share_complete,
               rank() over (order by 1.0 * coalesce(sum(p.channel_status = 'digital'), 0) / max(count(p.upl_uri), 1) desc) as rank_digital,
               rank() over (order by 1.0 * coalesce(sum(p.b1_ok = 1), 0) / max(count(p.upl_uri), 1) desc) as rank_b1,
               rank() over (order by 1.0 * coalesce(sum(p.complete = 1), 0) / max(count(p.upl_uri), 1) desc) as rank_complete,
               count(*) over () as compared
        from municipalities m
        left join products p on p.municipality_id = m.id
        where m.crawl_id is not null
        group by m.id
    """,
    "platform_use": """
        select platform, count(distinct municipality_id) as municipalities, count(distinct upl_uri) as products,
               count(*) as pages
        from products where platform is not null group by platform
    """,
}


class SiteInventory(StorePart):
    """What a comparison reads from one municipality's database: the crawl its worklists show, per product page.

    The figures come from the ``inventory`` view (is_digital, is_b1, is_complete), so a municipality
    compares itself with the others by exactly the figures its own worklists and export show.
    """

    def shown_crawl(self) -> dict[str, Any] | None:
        """The crawl the worklists show (finished, audit complete), with the site's name from its settings."""
        rows = list(self.db.query("select c.* from crawls c join shown_crawl s on s.crawl_id = c.id"))
        if not rows:
            return None
        crawl = dict(rows[0])
        try:
            settings = json.loads(crawl.get("settings") or "{}")
        except ValueError:
            settings = {}
        crawl["site_name"] = settings.get("site_name") if isinstance(settings, dict) else None
        return crawl

    def product_pages(self, crawl_id: int) -> list[dict[str, Any]]:
        """The audited product pages of a crawl that map to a UPL product, with the platform of their channel."""
        platform = ("(select c.platform from channels c where c.page_id = i.page_id and c.digital = 1 "
                    "and c.url = i.channel_url order by c.id limit 1)"
                    if "platform" in self.db.table("channels").columns_dict else "null")
        sql = f"""
            select i.url, i.title, i.cluster, i.upl_name, i.upl_uri, i.channel_status, i.channel_kind, i.auth,
                   {platform} as platform, i.is_digital, i.is_b1, i.is_complete, i.missing_sections, i.wmebv_status
            from inventory i
            where i.crawl_id = :crawl and i.audited and i.upl_uri is not null
            order by i.upl_uri, i.url
        """
        return list(self.db.query(sql, {"crawl": crawl_id}))


def comparison_kind(path: Path) -> bool:
    """True when ``path`` is a comparison database made by ``wmebv compare``."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            found = connection.execute("select 1 from sqlite_master where name = ?", (MARKER_TABLE,)).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return found is not None


class ComparisonDatabase:
    """A new comparison database, written to ``path`` (an earlier comparison there is replaced)."""

    def __init__(self, path: Path) -> None:
        """Create the tables in an empty file next to ``path``; :meth:`close` puts it in place."""
        if path.exists() and not comparison_kind(path):
            raise UserError(f"{path} bestaat al en is geen vergelijking van wmebv. Kies een andere naam met --db.")
        if not path.parent.is_dir():
            raise UserError(f"De map {path.parent} bestaat niet. Maak de map eerst of kies een ander pad.")
        self.path = path
        self.building = path.with_name(f".{path.name}.nieuw")
        self.building.unlink(missing_ok=True)
        self.db = sqlite_utils.Database(self.building)
        self._create()

    def _create(self) -> None:
        """The tables, indexes and views."""
        self.db.table(MARKER_TABLE).create({"key": str, "value": str}, pk="key")
        self.db.table("municipalities").create(
            {"id": int, "name": str, "db_file": str, "site": str, "start_url": str, "crawl_id": int,
             "crawled_at": str, "crawl_status": str, "pages": int, "product_pages": int, "problem": str},
            pk="id",
        )
        self.db.table("products").create(
            {"municipality_id": int, "upl_uri": str, "upl_name": str, "cluster": str, "pages": int, "url": str,
             "title": str, "channel_status": str, "channel_kind": str, "platform": str, "auth": str, "b1_ok": int,
             "complete": int, "missing_sections": str, "wmebv_status": str},
            pk=("municipality_id", "upl_uri"), foreign_keys=[("municipality_id", "municipalities", "id")],
        )
        self.db.table("products").create_index(["upl_uri", "channel_status"])
        self.db.table("products").create_index(["upl_uri", "platform"])
        self.db.table("products").create_index(["platform"])
        for name, sql in VIEWS.items():
            self.db.create_view(name, sql)

    def add_municipality(self, row: dict[str, Any], products: list[dict[str, Any]]) -> int:
        """Add one municipality and its products; returns its id."""
        with self.db.conn:
            last_pk = self.db.table("municipalities").insert(row).last_pk
            assert last_pk is not None  # the insert just made sets it
            municipality_id = int(last_pk)
            self.db.table("products").insert_all([dict(product, municipality_id=municipality_id) for product in products])
        return municipality_id

    def close(self, sources: list[str]) -> None:
        """Record what was compared, and put the new database in place of the old one."""
        meta = {"kind": "vergelijking", "version": str(COMPARISON_VERSION), "made_at": utcnow(),
                "sources": json.dumps(sources, ensure_ascii=False)}
        with self.db.conn:
            self.db.table(MARKER_TABLE).insert_all([{"key": key, "value": value} for key, value in meta.items()])
        self.db.execute("vacuum")
        self.db.close()
        self.building.replace(self.path)

    def abandon(self) -> None:
        """Throw the half-built database away (the old one stays)."""
        self.db.close()
        self.building.unlink(missing_ok=True)
