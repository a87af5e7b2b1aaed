"""The fetched pages (HTML compressed), documents and the site's Samenwerkende Catalogi claims."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from wmebv.core.errors import UserError
from wmebv.core.store.database import (
    StorePart,
    compress_html,
    decompress_html,
)


class Pages(StorePart):
    """The fetched pages (HTML compressed), documents and the site's Samenwerkende Catalogi claims."""

    def save(self, crawl_id: int, page: dict[str, Any]) -> int:
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
        with self.database.transaction():
            existing = list(
                self.db.query(
                    "select id from pages where crawl_id = :crawl and url = :url", {"crawl": crawl_id, "url": row["url"]}
                )
            )
            if existing:
                self.db.table("pages").update(existing[0]["id"], row)
                return int(existing[0]["id"])
            return self.database.insert_rows("pages", [row])

    def save_document(self, crawl_id: int, document: dict[str, Any]) -> None:
        """Record a document (PDF, Word, ODT) with its size; the pages linking to it are merged."""
        with self.database.transaction():
            rows = list(
                self.db.query(
                    "select linked_from from documents where crawl_id = :crawl and url = :url",
                    {"crawl": crawl_id, "url": document["url"]},
                )
            )
            linked = set(json.loads(rows[0]["linked_from"] or "[]")) if rows else set()
            linked.update(document.get("linked_from") or [])
            row = dict(document, crawl_id=crawl_id, linked_from=json.dumps(sorted(linked)))
            self.database.upsert_row("documents", row, ("crawl_id", "url"))

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

    def count(self, crawl_id: int, *, products_only: bool = False) -> int:
        """How many pages a crawl stored (optionally only product pages)."""
        sql = "select count(*) as n from pages where crawl_id = :crawl and (:only = 0 or is_product = 1)"
        return int(next(self.db.query(sql, {"crawl": crawl_id, "only": int(products_only)}))["n"])

    def iterate(self, crawl_id: int) -> Iterator[dict[str, Any]]:
        """Stored pages of a crawl with their HTML decompressed, in id order, a batch at a time."""
        after = 0
        while batch := self.after(crawl_id, after, 200):
            yield from batch
            after = batch[-1]["id"]

    def after(self, crawl_id: int, after: int, limit: int) -> list[dict[str, Any]]:
        """Up to ``limit`` stored pages of a crawl with an id above ``after``, HTML decompressed."""
        sql = "select * from pages where crawl_id = :crawl and id > :after order by id limit :limit"
        rows = list(self.db.query(sql, {"crawl": crawl_id, "after": after, "limit": limit}))
        for row in rows:
            row["html"] = decompress_html(row["html"])
        return rows

    def get(self, page_id: int) -> dict[str, Any]:
        """One stored page with its HTML."""
        rows = list(self.db.query("select * from pages where id = :id", {"id": page_id}))
        if not rows:
            raise UserError(f"Pagina {page_id} staat niet in {self.database.path}.")
        rows[0]["html"] = decompress_html(rows[0]["html"])
        return rows[0]
