"""Summary tables for the published results: refreshed before Datasette serves a database.

Run it by hand before publishing a copy elsewhere (``datasette publish``, a server behind nginx):
``python -m wmebv.publish.summaries wmebv.db``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from wmebv.core.errors import UserError
from wmebv.core.store import Store
from wmebv.publish.changes import publish_changes


def publish_crawl(store: Store, crawl_id: int) -> None:
    """A crawl's audit is complete: its summaries, the worklists may show it, its changes since the crawl
    before it, the log folded into the file."""
    store.publication.publish(crawl_id)
    publish_changes(store, crawl_id)
    store.database.checkpoint()


def refresh_all(store: Store) -> list[int]:
    """Recompute the summaries of every audited crawl, and the changes of each site's newest crawl; returns the crawl ids."""
    crawl_ids = store.publication.audited_crawl_ids()
    for crawl_id in crawl_ids:
        store.publication.refresh_summaries(crawl_id)
    newest: dict[str, int] = {}
    for crawl in store.history.comparable_crawls():
        newest.setdefault(crawl["site"], int(crawl["id"]))
    for crawl_id in newest.values():
        publish_changes(store, crawl_id)
    return crawl_ids


def check_for_publishing(db_path: Path, echo: Callable[[str], None] = print) -> None:
    """Check, without writing, that ``db_path`` is a wmebv database of this version with audit results.

    ``wmebv serve`` writes nothing: the audit refreshes the summaries, and a database of an older
    version is brought up to date by any command that writes (``wmebv audit``).
    """
    with Store(db_path, create=False, readonly=True) as store:
        shown = store.publication.shown_crawl()
        if shown is None:
            echo(f"Let op: deze database heeft nog geen gecontroleerde crawl. Draai eerst 'wmebv audit --db {db_path}'.")
        elif not store.publication.cluster_summary(int(shown["id"])):
            echo(f"Let op: de overzichten van crawl {shown['id']} ontbreken. "
                 f"Draai 'wmebv audit --db {db_path}' om ze te maken.")


def prepare_for_publishing(db_path: Path, echo: Callable[[str], None] = print) -> None:
    """Check that ``db_path`` is a wmebv database, refresh its summaries and checkpoint its log.

    A read-only file is checked but left as it is (its summaries are whatever they were).
    """
    if not os.access(db_path, os.W_OK) or not os.access(db_path.parent, os.W_OK):
        with Store(db_path, create=False, readonly=True) as store:
            if store.publication.shown_crawl() is None:
                echo("Let op: deze database heeft nog geen gecontroleerde pagina's.")
        echo("Let op: de database is alleen-lezen; de overzichten zijn niet bijgewerkt.")
        return
    with Store(db_path, create=False) as store:
        if not refresh_all(store):
            echo("Let op: deze database heeft nog geen gecontroleerde pagina's. Draai eerst 'wmebv audit'.")
        # An immutable reader ignores the -wal file: everything must be in the main file.
        store.database.checkpoint()


def main(argv: list[str]) -> int:
    """Command line: ``python -m wmebv.publish.summaries DB``."""
    if len(argv) != 1:
        print("Gebruik: python -m wmebv.publish.summaries DATABASE", file=sys.stderr)
        return 2
    try:
        prepare_for_publishing(Path(argv[0]))
    except UserError as error:
        print(f"Fout: {error}", file=sys.stderr)
        return 1
    print(f"Overzichten bijgewerkt in {argv[0]}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
