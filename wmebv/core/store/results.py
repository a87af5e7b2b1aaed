"""The audit's results: rules, labels, one row per audited page, its channels and findings."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from wmebv.core.store.database import (
    StorePart,
    jsonable,
)
from wmebv.core.store.fingerprints import finding_fingerprint


class Results(StorePart):
    """The audit's results: rules, labels, one row per audited page, its channels and findings."""

    def save_rules(self, rules: Iterable[dict[str, Any]]) -> None:
        """Publish the rule definitions (id, family, severity, texts) so findings can be explained."""
        with self.db.conn:
            self.db.table("rules").upsert_all(list(rules), pk="id", alter=True)

    def save_labels(self, labels: dict[str, dict[str, str]]) -> None:
        """Publish the Dutch words for the stored codes, so worklists read as plain Dutch."""
        rows = [
            {"field": field, "code": code, "label": text, "sort": sort}
            for field, codes in labels.items()
            for sort, (code, text) in enumerate(codes.items())
        ]
        with self.db.conn:
            self.db.table("labels").upsert_all(rows, pk=("field", "code"))

    def save_audit(
        self,
        crawl_id: int,
        page_id: int,
        audit: dict[str, Any],
        channels: list[dict[str, Any]],
        findings: list[dict[str, Any]],
        settled: list[dict[str, Any]] | None = None,
    ) -> None:
        """Replace the audit result of one page in one transaction (re-running an audit is idempotent).

        ``settled`` are the findings the webredactie settled (wmebv/core/decisions.py): they go to
        ``settled_findings``, out of every worklist, but stay countable.
        """
        url = audit["url"]
        audit_row = {key: jsonable(value) for key, value in audit.items()}
        audit_row.update({"crawl_id": crawl_id, "page_id": page_id})
        settled = settled or []
        first_seen = self._first_seen(crawl_id, url, [*findings, *settled])
        with self.database.transaction():
            params = {"page": page_id}
            self.db.execute("delete from channels where page_id = :page", params)
            self.db.execute("delete from findings where page_id = :page", params)
            self.db.execute("delete from settled_findings where page_id = :page", params)
            self.database.insert_rows("page_audits", [audit_row], verb="insert or replace")
            self.database.insert_rows("channels", [dict(channel, crawl_id=crawl_id, page_id=page_id) for channel in channels])
            self._insert_findings(crawl_id, page_id, url, findings, settled, first_seen)

    def add_findings(self, crawl_id: int, page_id: int, url: str, findings: list[dict[str, Any]],
                     settled: list[dict[str, Any]] | None = None) -> None:
        """Add findings to a page's stored result (the site-level rules, once the whole site is known)."""
        settled = settled or []
        first_seen = self._first_seen(crawl_id, url, [*findings, *settled])
        with self.database.transaction():
            self._insert_findings(crawl_id, page_id, url, findings, settled, first_seen)

    def _insert_findings(self, crawl_id: int, page_id: int, url: str, findings: list[dict[str, Any]],
                         settled: list[dict[str, Any]], first_seen: dict[str, int]) -> None:
        """Write open findings to ``findings`` and settled ones to ``settled_findings``."""
        self.database.insert_rows("findings", [self._finding_row(crawl_id, page_id, url, finding, first_seen) for finding in findings])
        self.database.insert_rows("settled_findings", [self._finding_row(crawl_id, page_id, url, finding, first_seen) for finding in settled])

    def delete_findings(self, crawl_id: int, rule_ids: list[str]) -> None:
        """Remove a crawl's findings of these rules, open and settled (before the site-level rules run again)."""
        params = {"crawl": crawl_id, "rules": json.dumps(rule_ids)}
        with self.database.transaction():
            for table in ("findings", "settled_findings"):
                self.db.execute(f"delete from {table} where crawl_id = :crawl and rule_id in (select value from json_each(:rules))", params)

    def findings_of_page(self, page_id: int, rule_ids: list[str]) -> list[dict[str, Any]]:
        """A page's stored findings of these rules (open and settled), as the engine made them."""
        columns = "id, rule_id, family, severity, message, evidence, suggestion, location"
        where = "where page_id = :page and rule_id in (select value from json_each(:rules))"
        sql = (f"select {columns} from (select {columns} from findings {where} "
               f"union all select {columns} from settled_findings {where}) order by id")
        rows = self.db.query(sql, {"page": page_id, "rules": json.dumps(rule_ids)})
        return [{key: value for key, value in row.items() if key != "id"} for row in rows]

    def decision_counts(self, crawl_id: int) -> dict[str, int]:
        """How many findings of a crawl the webredactie settled, per decision, and how many are back for review."""
        params = {"crawl": crawl_id}
        sql = ("select decision, count(*) as n from settled_findings where crawl_id = :crawl group by decision "
               "union all select decision, count(*) from findings where crawl_id = :crawl and decision is not null "
               "group by decision")
        return {row["decision"]: row["n"] for row in self.db.query(sql, params)}

    def finding_keys(self, crawl_id: int) -> tuple[set[str], set[tuple[str, str]]]:
        """The fingerprints and the (page, rule) pairs of every finding of a crawl, open or settled."""
        sql = ("select fingerprint, url, rule_id from findings where crawl_id = :crawl "
               "union all select fingerprint, url, rule_id from settled_findings where crawl_id = :crawl")
        rows = list(self.db.query(sql, {"crawl": crawl_id}))
        return {row["fingerprint"] for row in rows}, {(row["url"], row["rule_id"]) for row in rows}

    def record_link_checks(self, page_id: int, checked: dict[str, tuple[str, str]]) -> None:
        """Write link check results (url -> status, detail) on a page's channels and in its audit details."""
        with self.database.transaction():
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

    def recent_link_checks(self, crawl_id: int, urls: Iterable[str], since: str) -> dict[str, tuple[str, str]]:
        """The answers (status, detail) an audit of this crawl got for these links, not older than ``since`` (ISO time)."""
        wanted = list(dict.fromkeys(urls))
        found: dict[str, tuple[str, str]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            sql = f"select url, status, detail from link_checks where crawl_id = ? and checked_at >= ? and url in ({marks})"
            for row in self.db.execute(sql, [crawl_id, since, *chunk]).fetchall():
                found[row[0]] = (row[1], row[2] or "")
        return found

    def remember_link_checks(self, crawl_id: int, checked: Mapping[str, tuple[str, str]], at: str) -> None:
        """Keep the newest answer per link of a crawl (status, detail) with the time it was asked."""
        with self.database.transaction():
            self.db.conn.executemany(
                "insert or replace into link_checks (crawl_id, url, status, detail, checked_at) values (?, ?, ?, ?, ?)",
                [(crawl_id, url, status, detail, at) for url, (status, detail) in checked.items()],
            )

    def counts(self, crawl_id: int) -> dict[str, Any]:
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

    def audit_rows(self, crawl_id: int) -> list[dict[str, Any]]:
        """The stored audit results of a crawl, one per page."""
        return list(self.db.query("select * from page_audits where crawl_id = :crawl order by page_id", {"crawl": crawl_id}))

    def findings(self, crawl_id: int) -> list[dict[str, Any]]:
        """The findings of a crawl."""
        return list(self.db.query("select * from findings where crawl_id = :crawl order by page_id, id", {"crawl": crawl_id}))

    def _first_seen(self, crawl_id: int, url: str, findings: list[dict[str, Any]]) -> dict[str, int]:
        """The crawl in which each of these findings was first seen, for those seen in earlier crawls."""
        prints = [finding_fingerprint(f["rule_id"], url, str(f.get("evidence") or "")) for f in findings]
        if not prints:
            return {}
        # Settled findings count too: a finding keeps its history while the webredactie has it settled.
        where = "where fingerprint in (select value from json_each(:prints)) and crawl_id < :crawl"
        sql = (
            f"select fingerprint, min(first_seen_crawl) as first from ("
            f"select fingerprint, first_seen_crawl from findings {where} "
            f"union all select fingerprint, first_seen_crawl from settled_findings {where}) group by fingerprint"
        )
        rows = self.db.query(sql, {"prints": json.dumps(prints), "crawl": crawl_id})
        return {row["fingerprint"]: row["first"] for row in rows if row["first"] is not None}

    def _finding_row(self, crawl_id: int, page_id: int, url: str, finding: dict[str, Any],
                     first_seen: dict[str, int]) -> dict[str, Any]:
        """A finding with its fingerprint and the crawl in which it was first seen."""
        fingerprint = finding_fingerprint(finding["rule_id"], url, str(finding.get("evidence") or ""))
        row = {key: jsonable(value) for key, value in finding.items()}
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
