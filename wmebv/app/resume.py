"""`wmebv crawl --db FILE --resume` without the address: which crawl to finish, read from the database."""

from __future__ import annotations

from pathlib import Path

from wmebv.core.errors import UserError
from wmebv.core.store import Store


def start_url_to_resume(db_path: Path) -> str:
    """The start address of the newest unfinished crawl in ``db_path``; a clear error when there is none."""
    if not Path(db_path).exists():
        raise UserError(f"De database {db_path} bestaat niet, dus er is niets om af te maken. "
                        f"Begin een crawl met 'wmebv crawl URL --db {db_path}'.")
    with Store(db_path, create=False) as store:
        crawl = store.crawls.resumable()
    if crawl is None:
        raise UserError(f"Er is geen onderbroken crawl in {db_path}. "
                        f"Begin een nieuwe crawl met 'wmebv crawl URL --db {db_path}'.")
    return str(crawl["start_url"])
