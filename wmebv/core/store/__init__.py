"""The SQLite store, split by stage: each stage reads and writes through its own small part.

``Store(path)`` opens one database and offers ``crawls`` (the crawl register), ``frontier`` (the
URLs of a crawl and its saved state), ``pages`` (fetched pages, documents, SC claims), ``results``
(the audit's rows, channels and findings), ``publication`` (summary tables and the queries the
export and Datasette show) and ``history`` (what two crawls are compared on, and the stored changes).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from wmebv.core.store.crawls import Crawls
from wmebv.core.store.database import (
    Database,
    compress_html,
    decompress_html,
    explain_sqlite_error,
    utcnow,
)
from wmebv.core.store.fingerprints import finding_fingerprint
from wmebv.core.store.frontier import Frontier
from wmebv.core.store.history import History
from wmebv.core.store.pages import Pages
from wmebv.core.store.publication import Publication
from wmebv.core.store.results import Results

__all__ = ["Store", "compress_html", "decompress_html", "explain_sqlite_error", "finding_fingerprint", "utcnow"]


class Store:
    """One open wmebv database and its parts per stage."""

    def __init__(self, path: str | Path, *, create: bool = True, readonly: bool = False) -> None:
        """Open (and if needed create and migrate) the database at ``path``."""
        self.database = Database(path, create=create, readonly=readonly)
        self.path = self.database.path
        self.crawls = Crawls(self.database)
        self.frontier = Frontier(self.database)
        self.pages = Pages(self.database)
        self.results = Results(self.database)
        self.publication = Publication(self.database)
        self.history = History(self.database)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group the writes of several parts in one transaction."""
        with self.database.batch():
            yield

    def close(self) -> None:
        """Close the connection."""
        self.database.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
