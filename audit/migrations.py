"""Named, ordered schema migrations for the wmebv database.

A migration is a function of a ``sqlite_utils.Database``; it runs once, in a transaction, and its
name is recorded in ``_wmebv_migrations``. Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

MIGRATIONS_TABLE = "_wmebv_migrations"

Migration = Callable[[sqlite_utils.Database], None]


def m0001_initial(db: sqlite_utils.Database) -> None:
    """Crawls, frontier, pages, documents, SC claims and audit results."""
    db.table(MIGRATIONS_TABLE).create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
    db.table("crawls").create(
        {
            "id": int,
            "site": str,
            "start_url": str,
            "started_at": str,
            "finished_at": str,
            "status": str,
            "settings": str,
            "profile": str,
            "tool_version": str,
            "urls_found": int,
            "pages_fetched": int,
            "product_pages": int,
            "documents": int,
            "skipped": int,
            "failed": int,
        },
        pk="id",
    )
    db.table("urls").create(
        {
            "crawl_id": int,
            "url": str,
            "state": str,
            "reason": str,
            "depth": int,
            "source": str,
            "found_on": str,
            "http_status": int,
            "content_type": str,
            "fetched_at": str,
        },
        pk=("crawl_id", "url"),
        foreign_keys=[("crawl_id", "crawls", "id")],
    )
    db.table("urls").create_index(["crawl_id", "state"])
    db.table("pages").create(
        {
            "id": int,
            "crawl_id": int,
            "url": str,
            "final_url": str,
            "http_status": int,
            "content_type": str,
            "fetched_at": str,
            "last_modified": str,
            "etag": str,
            "title": str,
            "html": bytes,
            "html_sha1": str,
            "size": int,
            "is_product": int,
            "product_reason": str,
            "upl_name": str,
            "upl_uri": str,
            "upl_confidence": float,
            "cluster": str,
            "cluster_reason": str,
            "breadcrumb": str,
            "meta": str,
        },
        pk="id",
        foreign_keys=[("crawl_id", "crawls", "id")],
    )
    db.table("pages").create_index(["crawl_id", "url"], unique=True)
    db.table("pages").create_index(["crawl_id", "is_product", "cluster"])
    db.table("documents").create(
        {"crawl_id": int, "url": str, "content_type": str, "size": int, "http_status": int, "linked_from": str},
        pk=("crawl_id", "url"),
        foreign_keys=[("crawl_id", "crawls", "id")],
    )
    db.table("sc_claims").create(
        {
            "crawl_id": int,
            "url": str,
            "title": str,
            "product_id": str,
            "upl_name": str,
            "upl_uri": str,
            "online_aanvragen": str,
            "aanvraag_url": str,
            "feed_url": str,
        },
        pk=("crawl_id", "url"),
        foreign_keys=[("crawl_id", "crawls", "id")],
    )
    db.table("rules").create(
        {"id": str, "family": str, "severity": str, "title": str, "message": str, "why": str, "fix": str},
        pk="id",
    )
    db.table("page_audits").create(
        {
            "page_id": int,
            "crawl_id": int,
            "url": str,
            "audited_at": str,
            "is_product_page": int,
            "channel_status": str,
            "channel_kind": str,
            "channel_url": str,
            "auth": str,
            "wmebv_applies": int,
            "wmebv_status": str,
            "wmebv_action": str,
            "b1_ok": int,
            "b1_level": str,
            "sections_present": str,
            "sections_missing": str,
            "section_pattern": str,
            "details": str,
        },
        pk="page_id",
        foreign_keys=[("page_id", "pages", "id"), ("crawl_id", "crawls", "id")],
    )
    db.table("page_audits").create_index(["crawl_id", "channel_status"])
    db.table("channels").create(
        {
            "id": int,
            "crawl_id": int,
            "page_id": int,
            "kind": str,
            "url": str,
            "label": str,
            "auth": str,
            "digital": int,
            "location": str,
            "check_status": str,
            "check_detail": str,
        },
        pk="id",
        foreign_keys=[("page_id", "pages", "id"), ("crawl_id", "crawls", "id")],
    )
    db.table("channels").create_index(["page_id"])
    db.table("findings").create(
        {
            "id": int,
            "crawl_id": int,
            "page_id": int,
            "url": str,
            "rule_id": str,
            "family": str,
            "severity": str,
            "message": str,
            "evidence": str,
            "suggestion": str,
            "location": str,
            "fingerprint": str,
            "first_seen_crawl": int,
            "last_seen_crawl": int,
        },
        pk="id",
        foreign_keys=[("page_id", "pages", "id"), ("crawl_id", "crawls", "id")],
    )
    db.table("findings").create_index(["page_id"])
    db.table("findings").create_index(["crawl_id", "rule_id"])
    db.table("findings").create_index(["fingerprint"])
    db.create_view(
        "inventory",
        """
        select p.crawl_id, p.id as page_id, p.url, p.title, p.cluster, p.upl_name, p.upl_uri,
               a.channel_status, a.channel_kind, a.channel_url, a.auth, a.wmebv_status,
               a.wmebv_action, a.b1_ok, a.sections_missing as missing_sections,
               (select count(*) from findings f where f.page_id = p.id) as open_findings
        from pages p left join page_audits a on a.page_id = p.id
        where p.is_product = 1
        """,
    )


MIGRATIONS: list[tuple[str, Migration]] = [
    ("0001_initial", m0001_initial),
]
