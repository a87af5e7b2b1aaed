"""Named, ordered schema migrations for the wmebv database.

A migration is a function of a ``sqlite_utils.Database``; it runs once, in a transaction, and its
name is recorded in ``_wmebv_migrations``. Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from wmebv.core.labels import LABELS
from wmebv.core.store import views_0007, views_0008, views_0009

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
    # The inventory view is defined once, by migration 0007 (views_0007.py), which every database runs.


def m0002_crawler_state(db: sqlite_utils.Database) -> None:
    """Key/value state of a crawl that a resumed run needs (robots.txt, feeds already read)."""
    db.table("crawl_state").create(
        {"crawl_id": int, "key": str, "value": str},
        pk=("crawl_id", "key"),
        foreign_keys=[("crawl_id", "crawls", "id")],
    )


def m0003_publish_summaries(db: sqlite_utils.Database) -> None:
    """Indexes and summary tables that keep the Datasette worklists and facets fast at 50,000 pages."""
    db.table("pages").create_index(["crawl_id", "is_product", "cluster", "title"], if_not_exists=True)
    db.table("page_audits").create_index(["crawl_id", "b1_ok"], if_not_exists=True)
    db.table("findings").create_index(["crawl_id", "family", "severity"], if_not_exists=True)
    db.table("channels").create_index(["crawl_id", "kind"], if_not_exists=True)
    # One index per default facet column (metadata.yml), so counting a facet reads an index, not the table.
    for table, column in (("pages", "cluster"), ("page_audits", "channel_status"), ("page_audits", "wmebv_status"),
                          ("findings", "family"), ("findings", "severity"), ("findings", "rule_id"),
                          ("channels", "kind"), ("channels", "check_status"), ("sc_claims", "online_aanvragen")):
        db.table(table).create_index([column], if_not_exists=True)
    # The editors' worklist is ordered by severity (hoog, midden, laag) and page; an index on that
    # very expression lets SQLite stream the first rows instead of sorting every finding.
    db.execute(
        "create index if not exists findings_worklist on findings (crawl_id, "
        "(case severity when 'hoog' then 1 when 'midden' then 2 when 'laag' then 3 else 4 end), page_id, id)"
    )
    db.table("cluster_summary").create(
        {
            "crawl_id": int,
            "cluster": str,
            "products": int,
            "digital": int,
            "b1": int,
            "complete": int,
            "open_findings": int,
            "high_findings": int,
        },
        pk=("crawl_id", "cluster"),
        foreign_keys=[("crawl_id", "crawls", "id")],
        if_not_exists=True,
    )
    db.table("rule_summary").create(
        {"crawl_id": int, "rule_id": str, "family": str, "severity": str, "pages": int, "findings": int},
        pk=("crawl_id", "rule_id"),
        foreign_keys=[("crawl_id", "crawls", "id")],
        if_not_exists=True,
    )
    # Dutch words for the codes in the audit tables, so queries and CSV exports read as plain Dutch.
    db.table("labels").create({"field": str, "code": str, "label": str, "sort": int}, pk=("field", "code"),
                              if_not_exists=True)
    db.table("labels").insert_all(
        [
            {"field": field, "code": code, "label": label, "sort": sort}
            for field, codes in LABELS.items()
            for sort, (code, label) in enumerate(codes.items())
        ],
        replace=True,
    )


def m0004_inventory_v2(db: sqlite_utils.Database) -> None:
    """Once a richer inventory view; now nothing: migration 0007 defines the inventory, and every database runs it."""
    del db


def m0005_site_structure(db: sqlite_utils.Database) -> None:
    """The site's dominant page structure per crawl (the site as its own norm), as JSON."""
    db.table("crawls").add_column("site_structure", str)


def m0006_sections_headed(db: sqlite_utils.Database) -> None:
    """The sections a page gives their own heading, beside what it tells (sections_present, by content)."""
    db.table("page_audits").add_column("sections_headed", str)


def m0007_worklist_views(db: sqlite_utils.Database) -> None:
    """The inventory with its figures and every worklist as views (one definition for Datasette and the export)."""
    # When a crawl's audit was completed and published; until then the worklists do not show it.
    db.table("crawls").add_column("published_at", str)
    db.execute("update crawls set published_at = finished_at where status = 'finished' "
               "and id in (select distinct crawl_id from page_audits)")
    rule_columns = set(db.table("rules").columns_dict)
    for column in ("kind", "applies_to"):
        if column not in rule_columns:
            db.table("rules").add_column(column, str)
    if "enabled" not in rule_columns:
        db.table("rules").add_column("enabled", int)
    for name, _ in reversed(views_0007.VIEWS):
        db.execute(f"drop view if exists [{name}]")
    for name, sql in views_0007.VIEWS:
        db.execute(f"create view [{name}] as {sql}")
    # The labels in their new order (most urgent first), and the figures by the one definition.
    db.table("labels").insert_all(
        [
            {"field": field, "code": code, "label": label, "sort": sort}
            for field, codes in LABELS.items()
            for sort, (code, label) in enumerate(codes.items())
        ],
        replace=True,
    )
    for row in list(db.query("select distinct crawl_id from page_audits")):
        db.execute("delete from cluster_summary where crawl_id = :crawl", {"crawl": row["crawl_id"]})
        db.execute(views_0007.CLUSTER_SUMMARY, {"crawl": row["crawl_id"]})


DECISION_COLUMNS = {"decision": str, "decision_reason": str, "decided_by": str, "decided_on": str, "decision_source": str}


def m0008_upkeep(db: sqlite_utils.Database) -> None:
    """Keeping the inventory up to date: text fingerprints, settled findings and changes between crawls.

    Findings the webredactie settled move to ``settled_findings``: every worklist reads ``findings``
    and so shows only what is still open, while the settled ones stay countable. A finding back
    for review stays in ``findings`` with ``decision = 'opnieuw-bekijken'``. The views of
    ``views_0008`` show the changes and what was settled.
    """
    db.table("page_audits").add_column("text_fingerprint", str)
    for column, kind in DECISION_COLUMNS.items():
        db.table("findings").add_column(column, kind)
    columns = dict(db.table("findings").columns_dict)
    db.table("settled_findings").create(
        columns, pk="id", foreign_keys=[("page_id", "pages", "id"), ("crawl_id", "crawls", "id")],
    )
    db.table("settled_findings").create_index(["page_id"])
    db.table("settled_findings").create_index(["crawl_id", "rule_id"])
    db.table("settled_findings").create_index(["fingerprint"])
    db.table("crawls").add_column("decisions", str)
    db.table("cluster_summary").add_column("settled_findings", int)
    db.table("cluster_summary").add_column("review_findings", int)
    db.table("rule_summary").add_column("settled", int)
    db.table("change_pairs").create(
        {"from_crawl": int, "to_crawl": int, "computed_at": str},
        pk=("from_crawl", "to_crawl"),
        foreign_keys=[("from_crawl", "crawls", "id"), ("to_crawl", "crawls", "id")],
    )
    db.table("changes").create(
        {"from_crawl": int, "to_crawl": int, "kind": str, "cluster": str, "title": str, "url": str, "old_url": str,
         "upl_uri": str, "rule_id": str, "severity": str, "evidence": str, "detail": str, "page_id": int, "sort": int},
        foreign_keys=[("from_crawl", "crawls", "id"), ("to_crawl", "crawls", "id")],
    )
    db.table("changes").create_index(["to_crawl", "from_crawl", "sort"])
    db.table("change_counts").create(
        {"from_crawl": int, "to_crawl": int, "cluster": str, "rule_id": str,
         "fixed": int, "new": int, "still_open": int, "settled": int, "gone": int},
        pk=("from_crawl", "to_crawl", "cluster", "rule_id"),
        foreign_keys=[("from_crawl", "crawls", "id"), ("to_crawl", "crawls", "id")],
    )
    db.table("labels").insert_all(
        [
            {"field": field, "code": code, "label": label, "sort": sort}
            for field in ("decision", "change")
            for sort, (code, label) in enumerate(LABELS[field].items())
        ],
        replace=True,
    )
    # The worklists of changes, and the editors' worklists that tell a finding back for review.
    for name, _ in reversed(views_0008.VIEWS):
        db.execute(f"drop view if exists [{name}]")
    for name, sql in views_0008.VIEWS:
        db.execute(f"create view [{name}] as {sql}")


def m0009_inventory_unverified_links(db: sqlite_utils.Database) -> None:
    """The inventory counts the channel links the link check could not judge, beside the dead ones."""
    for name, _ in reversed(views_0009.VIEWS):
        db.execute(f"drop view if exists [{name}]")
    for name, sql in views_0009.VIEWS:
        db.execute(f"create view [{name}] as {sql}")


def m0010_link_checks(db: sqlite_utils.Database) -> None:
    """The last answer per crawl and form link (works or dead), so auditing a crawl again asks nothing again."""
    db.table("link_checks").create({"crawl_id": int, "url": str, "status": str, "detail": str, "checked_at": str},
                                   pk=("crawl_id", "url"), foreign_keys=[("crawl_id", "crawls", "id")], if_not_exists=True)


MIGRATIONS: list[tuple[str, Migration]] = [
    ("0001_initial", m0001_initial),
    ("0002_crawler_state", m0002_crawler_state),
    ("0003_publish_summaries", m0003_publish_summaries),
    ("0004_inventory_v2", m0004_inventory_v2),
    ("0005_site_structure", m0005_site_structure),
    ("0006_sections_headed", m0006_sections_headed),
    ("0007_worklist_views", m0007_worklist_views),
    ("0008_upkeep", m0008_upkeep),
    ("0009_inventory_unverified_links", m0009_inventory_unverified_links),
    ("0010_link_checks", m0010_link_checks),
]
