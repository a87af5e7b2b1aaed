"""One open wmebv database: the connection, its migrations, transactions and the fast row writes.

Only the store package speaks SQL (through sqlite-utils, with named parameters). Every crawl is
kept: pages, the frontier, documents, SC claims and audit results are tied to their crawl, so later
crawls can be compared with earlier ones. The schema grows through named migrations
(``migrations.py``); a database made by a newer version is refused.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from wmebv.core.errors import UserError
from wmebv.core.store.migrations import MIGRATIONS, MIGRATIONS_TABLE


def utcnow() -> str:
    """Now, as an ISO 8601 string in UTC with seconds."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def compress_html(html: str) -> bytes:
    """Compress page HTML for storage (HTML shrinks to about a fifth with zlib)."""
    return zlib.compress(html.encode("utf-8"), 6)


def decompress_html(blob: bytes | None) -> str:
    """Undo :func:`compress_html`."""
    return zlib.decompress(blob).decode("utf-8") if blob else ""


def jsonable(value: Any) -> Any:
    """Lists and dicts go into SQLite as JSON text; everything else as it is."""
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


class Database:
    """The connection to one wmebv database, migrated on open."""

    def __init__(self, path: str | Path, *, create: bool = True, readonly: bool = False) -> None:
        """Open (and if needed create and migrate) the database at ``path``."""
        self.path = Path(path)
        self._columns: dict[str, set[str]] = {}  # known columns per table, for the fast inserts
        self._in_batch = False
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
            if not create and not self.db.table_names():
                # A command that only reads never writes a schema into an empty file.
                self.db.close()
                raise UserError(
                    f"De database {self.path} is leeg: er staat nog geen crawl in. "
                    f"Begin met 'wmebv crawl URL --db {self.path}'."
                )
            if not readonly:
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate(readonly)
        except sqlite3.DatabaseError as error:
            raise UserError(explain_sqlite_error(error, self.path)) from error

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

    def transaction(self) -> AbstractContextManager[object]:
        """A transaction of its own, unless the write is part of a batch."""
        return nullcontext() if self._in_batch else self.db.conn

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def vacuum(self) -> None:
        """Rebuild the file without the free pages that deletes leave (needs free disk space as large as the file)."""
        self.checkpoint()
        self.db.execute("VACUUM")
        self.checkpoint()

    def size(self) -> int:
        """Bytes of the database file and its write-ahead log."""
        return sum(path.stat().st_size for path in (self.path, Path(f"{self.path}-wal")) if path.exists())

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file, so a reader of the file alone sees everything."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def insert_rows(self, table: str, rows: list[dict[str, Any]], *, verb: str = "insert") -> int:
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
        values = [{f"c{index}": jsonable(row.get(key)) for index, key in enumerate(keys)} for row in rows]
        if len(values) == 1:
            return int(self.db.conn.execute(sql, values[0]).lastrowid or 0)
        self.db.conn.executemany(sql, values)
        return 0

    def upsert_row(self, table: str, row: dict[str, Any], pk: tuple[str, ...]) -> None:
        """Insert a row, or update the given columns of the row with the same primary key."""
        keys = self._known_columns(table, [row])
        names = ", ".join(f"[{key}]" for key in keys)
        marks = ", ".join(f":c{index}" for index in range(len(keys)))
        updates = ", ".join(f"[{key}] = excluded.[{key}]" for key in keys if key not in pk)
        conflict = f"do update set {updates}" if updates else "do nothing"
        sql = f"insert into [{table}] ({names}) values ({marks}) on conflict ({', '.join(pk)}) {conflict}"
        self.db.conn.execute(sql, {f"c{index}": jsonable(row.get(key)) for index, key in enumerate(keys)})

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
                    table_.add_column(key, type(jsonable(value)) if value is not None else str)
            columns = self._columns[table] = set(table_.columns_dict)
        return keys

    def bulk_insert(self, table: str, rows: Iterable[dict[str, Any]], batch_size: int = 1000) -> None:
        """Insert many prepared rows at once into one of our tables (for large test databases)."""
        allowed = {"pages", "page_audits", "findings", "channels", "sc_claims", "urls"}
        if table not in allowed:
            raise ValueError(f"bulk_insert does not write to {table!r}")
        with self.db.conn:
            self.db.table(table).insert_all(rows, batch_size=batch_size)


class StorePart:
    """One stage's part of the store, on a shared open database."""

    def __init__(self, database: Database) -> None:
        """Use ``database`` (opened and migrated by :class:`wmebv.core.store.Store`)."""
        self.database = database
        self.db = database.db


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
