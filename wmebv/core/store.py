"""The SQLite store: the only module that speaks SQL (through sqlite-utils, named parameters).

Every crawl is kept. Pages, the crawl frontier, documents, SC claims and audit results are tied to
their crawl, so later crawls can be compared with earlier ones. The schema grows through named
migrations (see ``wmebv/core/migrations.py``); a database made by a newer version is refused.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from wmebv import __version__
from wmebv.core.errors import UserError
from wmebv.core.migrations import MIGRATIONS, MIGRATIONS_TABLE

def utcnow() -> str:
    """Now, as an ISO 8601 string in UTC with seconds."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def compress_html(html: str) -> bytes:
    """Compress page HTML for storage (HTML shrinks to about a fifth with zlib)."""
    return zlib.compress(html.encode("utf-8"), 6)


def decompress_html(blob: bytes | None) -> str:
    """Undo :func:`compress_html`."""
    return zlib.decompress(blob).decode("utf-8") if blob else ""


def finding_fingerprint(rule_id: str, url: str, evidence: str) -> str:
    """A stable id for 'the same finding' across crawls: rule, page and evidence."""
    raw = f"{rule_id}\x1f{url}\x1f{evidence.strip()}".encode("utf-8")
    return hashlib.sha1(raw).hexdigest()[:16]


class Store:
    """One open wmebv database."""

    def __init__(self, path: str | Path, *, create: bool = True, readonly: bool = False) -> None:
        """Open (and if needed create and migrate) the database at ``path``."""
        self.path = Path(path)
        self._columns: dict[str, set[str]] = {}
        self._in_batch = False  # known columns per table, for the audit's fast inserts
        if not self.path.exists() and not create:
            raise UserError(
                f"De database {self.path} bestaat niet. Maak hem eerst met 'wmebv crawl URL --db {self.path}'."
            )
        if not self.path.parent.exists():
            raise UserError(f"De map {self.path.parent} bestaat niet. Maak de map eerst of kies een ander pad.")
        try:
            if readonly:
                conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            else:
                conn = sqlite3.connect(str(self.path), timeout=30)
            # Let SQLite itself tell whether this is a database: reading the file with plain Python
            # and closing it would drop SQLite's POSIX locks held by other connections in this process.
            conn.execute("PRAGMA schema_version")
            self.db = sqlite_utils.Database(conn)
            if not readonly:
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate(readonly)
        except sqlite3.DatabaseError as error:
            raise UserError(explain_sqlite_error(error, self.path)) from error

    # -- schema -----------------------------------------------------------------------------

    def _migrate(self, readonly: bool) -> None:
        """Apply the migrations this database lacks; refuse one from a newer version."""
        known = [name for name, _ in MIGRATIONS]
        applied = self.applied_migrations()
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise UserError(
                f"De database {self.path} is gemaakt met een nieuwere versie van wmebv "
                f"(onbekende stappen: {', '.join(unknown)}). Werk wmebv bij, of kies een andere database."
            )
        missing = [(name, step) for name, step in MIGRATIONS if name not in applied]
        if missing and readonly:
            raise UserError(
                f"De database {self.path} is gemaakt met een oudere versie van wmebv en moet worden bijgewerkt. "
                "Open hem eenmaal zonder alleen-lezen, bijvoorbeeld met 'wmebv audit --db ...'."
            )
        for name, step in missing:
            with self.db.conn:
                step(self.db)
                self.db.table(MIGRATIONS_TABLE).insert({"name": name, "applied_at": utcnow()})

    def applied_migrations(self) -> list[str]:
        """Names of the migrations already applied to this database."""
        if MIGRATIONS_TABLE not in self.db.table_names():
            if self.db.table_names():
                raise UserError(
                    f"De database {self.path} is een SQLite-bestand, maar niet van wmebv. "
                    "Kies een nieuwe naam met --db."
                )
            return []
        return [row["name"] for row in self.db.query(f"select name from [{MIGRATIONS_TABLE}] order by rowid")]

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group many writes in one transaction: one commit for a batch of pages instead of one each."""
        self._in_batch = True
        try:
            with self.db.conn:
                yield
        finally:
            self._in_batch = False

    def _transaction(self) -> AbstractContextManager[object]:
        """A transaction of its own, unless the write is part of a batch."""
        return nullcontext() if self._in_batch else self.db.conn

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- crawls -----------------------------------------------------------------------------

    def start_crawl(self, site: str, start_url: str, settings: dict[str, Any], now: str | None = None) -> int:
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

    def finish_crawl(self, crawl_id: int, status: str, counts: dict[str, int], now: str | None = None) -> None:
        """Close a crawl with its status ('finished', 'interrupted', 'failed') and its counts."""
        allowed = {"urls_found", "pages_fetched", "product_pages", "documents", "skipped", "failed"}
        values = {key: value for key, value in counts.items() if key in allowed}
        with self.db.conn:
            self.db.table("crawls").update(crawl_id, {"finished_at": now or utcnow(), "status": status, **values})

    def set_crawl_profile(self, crawl_id: int, profile: dict[str, Any]) -> None:
        """Store the norm profile an audit of this crawl used, so results stay comparable."""
        with self.db.conn:
            self.db.table("crawls").update(crawl_id, {"profile": json.dumps(profile, ensure_ascii=False, sort_keys=True)})

    def set_site_structure(self, crawl_id: int, report: dict[str, Any]) -> None:
        """Store the site's dominant page structure found by the audit of this crawl."""
        with self.db.conn:
            self.db.table("crawls").update(crawl_id, {"site_structure": json.dumps(report, ensure_ascii=False)})

    def get_crawl(self, crawl_id: int) -> dict[str, Any]:
        """One crawl as a dict; a clear error when it does not exist."""
        rows = list(self.db.query("select * from crawls where id = :id", {"id": crawl_id}))
        if not rows:
            raise UserError(f"Crawl {crawl_id} staat niet in {self.path}. Zie 'wmebv crawls --db {self.path}'.")
        return rows[0]

    def crawls(self) -> list[dict[str, Any]]:
        """All crawls, newest first."""
        return list(self.db.query("select * from crawls order by id desc"))

    def latest_crawl(self, *, finished_only: bool = False) -> dict[str, Any] | None:
        """The newest crawl (optionally only a finished one), or None."""
        sql = "select * from crawls where (:finished = 0 or status = 'finished') order by id desc limit 1"
        rows = list(self.db.query(sql, {"finished": int(finished_only)}))
        return rows[0] if rows else None

    def resumable_crawl(self, site: str) -> dict[str, Any] | None:
        """The newest crawl of ``site`` that did not finish, or None."""
        sql = "select * from crawls where site = :site and status in ('running', 'interrupted') order by id desc limit 1"
        rows = list(self.db.query(sql, {"site": site}))
        return rows[0] if rows else None

    def reopen_crawl(self, crawl_id: int) -> None:
        """Mark an interrupted crawl as running again (for --resume)."""
        with self.db.conn:
            self.db.table("crawls").update(crawl_id, {"status": "running", "finished_at": None})

    # -- frontier and coverage ----------------------------------------------------------------

    def enqueue_urls(self, crawl_id: int, rows: Iterable[dict[str, Any]]) -> int:
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
        with self._transaction():
            self._insert_rows("urls", prepared, verb="insert or ignore")
        return self.db.conn.total_changes - before

    def mark_url(self, crawl_id: int, url: str, state: str, **fields: Any) -> None:
        """Set the state of one frontier URL (fetched, skipped, failed) with its reason and status."""
        allowed = {"reason", "http_status", "content_type", "fetched_at", "depth", "source", "found_on"}
        values = {"crawl_id": crawl_id, "url": url, "state": state}
        values.update({key: value for key, value in fields.items() if key in allowed})
        with self._transaction():
            self._upsert_row("urls", values, ("crawl_id", "url"))

    def queued_urls(self, crawl_id: int) -> list[dict[str, Any]]:
        """The URLs of a crawl that still wait to be fetched, shallowest first."""
        sql = "select * from urls where crawl_id = :crawl and state = 'queued' order by depth, rowid"
        return list(self.db.query(sql, {"crawl": crawl_id}))

    def known_urls(self, crawl_id: int) -> set[str]:
        """Every URL the crawl has seen, in any state."""
        return {row["url"] for row in self.db.query("select url from urls where crawl_id = :crawl", {"crawl": crawl_id})}

    def coverage(self, crawl_id: int) -> list[dict[str, Any]]:
        """Counts of URLs per state and reason: the coverage report of a crawl."""
        sql = (
            "select state, coalesce(reason, '') as reason, count(*) as urls from urls "
            "where crawl_id = :crawl group by state, reason order by state, urls desc"
        )
        return list(self.db.query(sql, {"crawl": crawl_id}))

    def set_crawl_state(self, crawl_id: int, key: str, value: str) -> None:
        """Remember one piece of crawl state (e.g. the robots.txt text) for a resumed run."""
        with self._transaction():
            self._upsert_row("crawl_state", {"crawl_id": crawl_id, "key": key, "value": value}, ("crawl_id", "key"))

    def crawl_state(self, crawl_id: int) -> dict[str, str]:
        """All remembered state of a crawl as key -> value."""
        rows = self.db.query("select key, value from crawl_state where crawl_id = :crawl", {"crawl": crawl_id})
        return {row["key"]: row["value"] for row in rows}

    def url_states(self, crawl_id: int) -> dict[str, int]:
        """How many URLs of a crawl are in each state (queued, fetched, skipped, failed)."""
        sql = "select state, count(*) as n from urls where crawl_id = :crawl group by state"
        return {row["state"]: row["n"] for row in self.db.query(sql, {"crawl": crawl_id})}

    def coverage_urls(self, crawl_id: int, state: str, reason: str, limit: int = 10) -> list[str]:
        """A few example URLs of one state and reason, for the coverage report."""
        sql = (
            "select url from urls where crawl_id = :crawl and state = :state and coalesce(reason, '') = :reason "
            "order by rowid limit :limit"
        )
        params = {"crawl": crawl_id, "state": state, "reason": reason, "limit": limit}
        return [row["url"] for row in self.db.query(sql, params)]

    # -- pages, documents, SC claims ----------------------------------------------------------

    def save_page(self, crawl_id: int, page: dict[str, Any]) -> int:
        """Store one fetched HTML page (replacing an earlier copy in the same crawl); returns its id."""
        html = page.get("html", "")
        row = {key: value for key, value in page.items() if key != "html"}
        row.update(
            {
                "crawl_id": crawl_id,
                "html": compress_html(html),
                "html_sha1": hashlib.sha1(html.encode("utf-8")).hexdigest(),
                "size": len(html.encode("utf-8")),
            }
        )
        for key in ("meta",):
            if isinstance(row.get(key), (dict, list)):
                row[key] = json.dumps(row[key], ensure_ascii=False)
        with self._transaction():
            existing = list(
                self.db.query(
                    "select id from pages where crawl_id = :crawl and url = :url", {"crawl": crawl_id, "url": row["url"]}
                )
            )
            if existing:
                self.db.table("pages").update(existing[0]["id"], row)
                return int(existing[0]["id"])
            return self._insert_rows("pages", [row])

    def save_document(self, crawl_id: int, document: dict[str, Any]) -> None:
        """Record a document (PDF, Word, ODT) with its size; the pages linking to it are merged."""
        with self._transaction():
            rows = list(
                self.db.query(
                    "select linked_from from documents where crawl_id = :crawl and url = :url",
                    {"crawl": crawl_id, "url": document["url"]},
                )
            )
            linked = set(json.loads(rows[0]["linked_from"] or "[]")) if rows else set()
            linked.update(document.get("linked_from") or [])
            row = dict(document, crawl_id=crawl_id, linked_from=json.dumps(sorted(linked)))
            self._upsert_row("documents", row, ("crawl_id", "url"))

    def add_document_links(self, crawl_id: int, links: Iterable[tuple[str, str]]) -> None:
        """Remember which page links to which document: (document_url, page_url) pairs."""
        by_document: dict[str, set[str]] = {}
        for document_url, page_url in links:
            by_document.setdefault(document_url, set()).add(page_url)
        for document_url, pages in by_document.items():
            self.save_document(crawl_id, {"url": document_url, "linked_from": sorted(pages)})

    def save_sc_claims(self, crawl_id: int, claims: Iterable[dict[str, Any]]) -> int:
        """Store the Samenwerkende Catalogi claims found for a crawl; returns how many."""
        rows = [dict(claim, crawl_id=crawl_id) for claim in claims]
        with self.db.conn:
            self.db.table("sc_claims").upsert_all(rows, pk=("crawl_id", "url"))
        return len(rows)

    def sc_claims(self, crawl_id: int) -> dict[str, dict[str, Any]]:
        """The SC claims of a crawl keyed by page URL."""
        rows = self.db.query("select * from sc_claims where crawl_id = :crawl", {"crawl": crawl_id})
        return {row["url"]: row for row in rows}

    def page_count(self, crawl_id: int, *, products_only: bool = False) -> int:
        """How many pages a crawl stored (optionally only product pages)."""
        sql = "select count(*) as n from pages where crawl_id = :crawl and (:only = 0 or is_product = 1)"
        return next(self.db.query(sql, {"crawl": crawl_id, "only": int(products_only)}))["n"]

    def iter_pages(self, crawl_id: int) -> Iterator[dict[str, Any]]:
        """Stored pages of a crawl with their HTML decompressed, in id order, a batch at a time."""
        after = 0
        while batch := self.pages_after(crawl_id, after, 200):
            yield from batch
            after = batch[-1]["id"]

    def pages_after(self, crawl_id: int, after: int, limit: int) -> list[dict[str, Any]]:
        """Up to ``limit`` stored pages of a crawl with an id above ``after``, HTML decompressed."""
        sql = "select * from pages where crawl_id = :crawl and id > :after order by id limit :limit"
        rows = list(self.db.query(sql, {"crawl": crawl_id, "after": after, "limit": limit}))
        for row in rows:
            row["html"] = decompress_html(row["html"])
        return rows

    def get_page(self, page_id: int) -> dict[str, Any]:
        """One stored page with its HTML."""
        rows = list(self.db.query("select * from pages where id = :id", {"id": page_id}))
        if not rows:
            raise UserError(f"Pagina {page_id} staat niet in {self.path}.")
        rows[0]["html"] = decompress_html(rows[0]["html"])
        return rows[0]

    # -- audit results --------------------------------------------------------------------------

    def save_labels(self, labels: dict[str, dict[str, str]]) -> None:
        """Publish the Dutch words for the stored codes, so worklists read as plain Dutch."""
        rows = [
            {"field": field, "code": code, "label": text, "sort": sort}
            for field, codes in labels.items()
            for sort, (code, text) in enumerate(codes.items())
        ]
        with self.db.conn:
            self.db.table("labels").upsert_all(rows, pk=("field", "code"))

    def save_rules(self, rules: Iterable[dict[str, Any]]) -> None:
        """Publish the rule definitions (id, family, severity, texts) so findings can be explained."""
        with self.db.conn:
            self.db.table("rules").upsert_all(list(rules), pk="id", alter=True)

    def save_audit(
        self,
        crawl_id: int,
        page_id: int,
        audit: dict[str, Any],
        channels: list[dict[str, Any]],
        findings: list[dict[str, Any]],
    ) -> None:
        """Replace the audit result of one page in one transaction (re-running an audit is idempotent)."""
        url = audit["url"]
        audit_row = {key: _jsonable(value) for key, value in audit.items()}
        audit_row.update({"crawl_id": crawl_id, "page_id": page_id})
        first_seen = self._first_seen(crawl_id, url, findings)
        with self._transaction():
            params = {"page": page_id}
            self.db.execute("delete from channels where page_id = :page", params)
            self.db.execute("delete from findings where page_id = :page", params)
            self._insert_rows("page_audits", [audit_row], verb="insert or replace")
            self._insert_rows("channels", [dict(channel, crawl_id=crawl_id, page_id=page_id) for channel in channels])
            self._insert_rows("findings", [self._finding_row(crawl_id, page_id, url, finding, first_seen) for finding in findings])

    def add_findings(self, crawl_id: int, page_id: int, url: str, findings: list[dict[str, Any]]) -> None:
        """Add findings to a page's stored result (the site-level rules, once the whole site is known)."""
        first_seen = self._first_seen(crawl_id, url, findings)
        with self._transaction():
            self._insert_rows("findings", [self._finding_row(crawl_id, page_id, url, finding, first_seen) for finding in findings])

    def delete_findings(self, crawl_id: int, rule_ids: list[str]) -> None:
        """Remove a crawl's findings of these rules (before the site-level rules run again)."""
        with self._transaction():
            self.db.execute("delete from findings where crawl_id = :crawl and rule_id in (select value from json_each(:rules))",
                            {"crawl": crawl_id, "rules": json.dumps(rule_ids)})

    def findings_of_page(self, page_id: int, rule_ids: list[str]) -> list[dict[str, Any]]:
        """A page's stored findings of these rules, as the engine made them."""
        sql = ("select rule_id, family, severity, message, evidence, suggestion, location from findings "
               "where page_id = :page and rule_id in (select value from json_each(:rules)) order by id")
        return list(self.db.query(sql, {"page": page_id, "rules": json.dumps(rule_ids)}))

    def record_link_checks(self, page_id: int, checked: dict[str, tuple[str, str]]) -> None:
        """Write link check results (url -> status, detail) on a page's channels and in its audit details."""
        with self._transaction():
            self.db.conn.executemany(
                "update channels set check_status = :status, check_detail = :detail where page_id = :page and url = :url",
                [{"page": page_id, "url": url, "status": status, "detail": detail} for url, (status, detail) in checked.items()],
            )
            rows = list(self.db.query("select details from page_audits where page_id = :page", {"page": page_id}))
            if not rows or not rows[0]["details"]:
                return
            details = json.loads(rows[0]["details"])
            channels = details.get("channels") or {}
            for channel in [channels.get("primary"), *(channels.get("channels") or [])]:
                if isinstance(channel, dict) and channel.get("url") in checked:
                    channel["check_status"] = checked[channel["url"]][0]
            self.db.execute("update page_audits set details = :details where page_id = :page",
                            {"details": json.dumps(details, ensure_ascii=False), "page": page_id})

    def audit_counts(self, crawl_id: int) -> dict[str, Any]:
        """The counts for the audit summary, read from the stored results."""
        params = {"crawl": crawl_id}
        pages = next(self.db.query(
            "select count(*) as pages, coalesce(sum(is_product_page), 0) as products from page_audits where crawl_id = :crawl", params))

        def per(column: str) -> dict[str, int]:
            sql = (f"select {column} as code, count(*) as n from page_audits where crawl_id = :crawl and is_product_page = 1 "
                   f"group by {column} order by n desc, code")
            return {row["code"]: row["n"] for row in self.db.query(sql, params)}

        findings = self.db.query("select rule_id, count(*) as n from findings where crawl_id = :crawl "
                                 "group by rule_id order by n desc, rule_id", params)
        return {"pages": pages["pages"], "product_pages": pages["products"], "channel_status": per("channel_status"),
                "wmebv_status": per("wmebv_status"), "findings": {row["rule_id"]: row["n"] for row in findings}}

    def _insert_rows(self, table: str, rows: list[dict[str, Any]], *, verb: str = "insert") -> int:
        """Insert rows in the current transaction; returns the last row id. New columns are added first.

        The crawler and the audit write many small rows: sqlite-utils' insert_all costs a savepoint,
        a commit and schema queries per call, which was a fifth of the audit's time and a third of
        the crawler's storing. Column names come from the table itself, values always go in as
        named parameters.
        """
        if not rows:
            return 0
        keys = self._known_columns(table, rows)
        names = ", ".join(f"[{key}]" for key in keys)
        marks = ", ".join(f":c{index}" for index in range(len(keys)))
        sql = f"{verb} into [{table}] ({names}) values ({marks})"
        values = [{f"c{index}": _jsonable(row.get(key)) for index, key in enumerate(keys)} for row in rows]
        if len(values) == 1:
            return int(self.db.conn.execute(sql, values[0]).lastrowid or 0)
        self.db.conn.executemany(sql, values)
        return 0

    def _upsert_row(self, table: str, row: dict[str, Any], pk: tuple[str, ...]) -> None:
        """Insert a row, or update the given columns of the row with the same primary key."""
        keys = self._known_columns(table, [row])
        names = ", ".join(f"[{key}]" for key in keys)
        marks = ", ".join(f":c{index}" for index in range(len(keys)))
        updates = ", ".join(f"[{key}] = excluded.[{key}]" for key in keys if key not in pk)
        conflict = f"do update set {updates}" if updates else "do nothing"
        sql = f"insert into [{table}] ({names}) values ({marks}) on conflict ({', '.join(pk)}) {conflict}"
        self.db.conn.execute(sql, {f"c{index}": _jsonable(row.get(key)) for index, key in enumerate(keys)})

    def _known_columns(self, table: str, rows: list[dict[str, Any]]) -> list[str]:
        """The rows' column names, after adding to the table those it lacks (as sqlite-utils' alter=True)."""
        keys = list(dict.fromkeys(key for row in rows for key in row))
        columns = self._columns.get(table)
        if columns is None or not set(keys) <= columns:
            table_ = self.db.table(table)
            existing = set(table_.columns_dict)
            for key in keys:
                if key not in existing:
                    value = next((row[key] for row in rows if row.get(key) is not None), None)
                    table_.add_column(key, type(_jsonable(value)) if value is not None else str)
            columns = self._columns[table] = set(table_.columns_dict)
        return keys

    def _first_seen(self, crawl_id: int, url: str, findings: list[dict[str, Any]]) -> dict[str, int]:
        """The crawl in which each of these findings was first seen, for those seen in earlier crawls."""
        prints = [finding_fingerprint(f["rule_id"], url, str(f.get("evidence") or "")) for f in findings]
        if not prints:
            return {}
        sql = (
            "select fingerprint, min(first_seen_crawl) as first from findings "
            "where fingerprint in (select value from json_each(:prints)) and crawl_id < :crawl group by fingerprint"
        )
        rows = self.db.query(sql, {"prints": json.dumps(prints), "crawl": crawl_id})
        return {row["fingerprint"]: row["first"] for row in rows if row["first"] is not None}

    def _finding_row(self, crawl_id: int, page_id: int, url: str, finding: dict[str, Any],
                     first_seen: dict[str, int]) -> dict[str, Any]:
        """A finding with its fingerprint and the crawl in which it was first seen."""
        fingerprint = finding_fingerprint(finding["rule_id"], url, str(finding.get("evidence") or ""))
        row = {key: _jsonable(value) for key, value in finding.items()}
        row.update(
            {
                "crawl_id": crawl_id,
                "page_id": page_id,
                "url": url,
                "fingerprint": fingerprint,
                "first_seen_crawl": first_seen.get(fingerprint, crawl_id),
                "last_seen_crawl": crawl_id,
            }
        )
        return row

    def audit_rows(self, crawl_id: int) -> list[dict[str, Any]]:
        """The stored audit results of a crawl, one per page."""
        return list(self.db.query("select * from page_audits where crawl_id = :crawl order by page_id", {"crawl": crawl_id}))

    def findings(self, crawl_id: int) -> list[dict[str, Any]]:
        """The findings of a crawl."""
        return list(self.db.query("select * from findings where crawl_id = :crawl order by page_id, id", {"crawl": crawl_id}))

    def inventory(self, crawl_id: int) -> list[dict[str, Any]]:
        """The WMEBV inventory of a crawl: one row per product page."""
        return list(self.db.query("select * from inventory where crawl_id = :crawl order by cluster, url", {"crawl": crawl_id}))

    # -- publishing: summaries and export (Datasette and `wmebv export`) ----------------------

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

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file, so an immutable reader sees everything."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def bulk_insert(self, table: str, rows: Iterable[dict[str, Any]], batch_size: int = 1000) -> None:
        """Insert many prepared rows at once into one of our tables (for large test databases)."""
        allowed = {"pages", "page_audits", "findings", "channels", "sc_claims", "urls"}
        if table not in allowed:
            raise ValueError(f"bulk_insert does not write to {table!r}")
        with self.db.conn:
            self.db.table(table).insert_all(rows, batch_size=batch_size)


def _jsonable(value: Any) -> Any:
    """Lists and dicts go into SQLite as JSON text; everything else as it is."""
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def explain_sqlite_error(error: sqlite3.Error, path: Path) -> str:
    """Turn an SQLite error into a plain Dutch message that says what to do."""
    text = str(error).lower()
    if "full" in text:
        return f"De schijf is vol: wmebv kan niet verder schrijven in {path}. Maak ruimte vrij en start opnieuw (met --resume gaat een crawl verder waar hij was)."
    if "readonly" in text or "read-only" in text:
        return f"De database {path} is alleen-lezen. Kies een bestand waarin u mag schrijven, of pas de rechten aan."
    if "not a database" in text or "file is encrypted" in text:
        return (
            f"Het bestand {path} is geen database van wmebv (het is geen SQLite-bestand). "
            "Kies een ander bestand met --db, of een nieuwe naam om een database te maken."
        )
    if "malformed" in text:
        return f"De database {path} is beschadigd. Kies een ander bestand met --db, of herstel een reservekopie."
    if "unable to open" in text:
        return f"De database {path} kan niet worden geopend. Bestaat de map en mag u daar schrijven?"
    if "locked" in text:
        return f"De database {path} is bezet door een ander proces. Wacht tot dat klaar is en probeer het opnieuw."
    return f"Fout in de database {path}: {error}"
