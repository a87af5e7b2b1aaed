"""Publish a comparison of municipalities read-only with Datasette, in Dutch.

The comparison is mounted as ``vergelijking`` (immutable) with the same configuration directory as
one municipality's results; its own metadata (``datasette/vergelijking.yml``: the canned queries
per product and per municipality) is added to that of ``metadata.yml``, which stays as it is.
``wmebv serve --dir DIR`` builds the comparison on the fly in a temporary folder first.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from wmebv.core.errors import UserError
from wmebv.core.paths import datasette_dir
from wmebv.core.store.comparison import comparison_kind
from wmebv.publish.compare import build_comparison
from wmebv.publish.serve import check_port_free, run_datasette

DATABASE_NAME = "vergelijking"
METADATA_FILE = "vergelijking.yml"


def comparison_metadata(config_dir: Path) -> dict[str, Any]:
    """The metadata of ``metadata.yml`` with the comparison's title, description and database added."""
    base = yaml.safe_load((config_dir / "metadata.yml").read_text(encoding="utf-8")) or {}
    extra = yaml.safe_load((config_dir / METADATA_FILE).read_text(encoding="utf-8")) or {}
    merged = dict(base, **{key: value for key, value in extra.items() if key != "databases"})
    merged["databases"] = dict(base.get("databases") or {}, **(extra.get("databases") or {}))
    return merged


def build_comparison_datasette(db_path: Path, config_dir: Path | None = None) -> Any:
    """A Datasette instance for a comparison database (immutable, named 'vergelijking')."""
    from datasette.app import Datasette, DatasetteClient
    from datasette.database import Database

    config = config_dir or datasette_dir()
    datasette = Datasette([], config_dir=config, metadata=comparison_metadata(config))
    if "_memory" in datasette.databases:
        datasette.remove_database("_memory")
    datasette.add_database(Database(datasette, path=str(db_path), is_mutable=False), name=DATABASE_NAME)
    # Datasette builds its routes when it makes its internal client; the comparison's start page is
    # only a route once the comparison is mounted, so build them again now.
    datasette.client = DatasetteClient(datasette)
    return datasette


def serve_comparison(db_path: Path, host: str = "127.0.0.1", port: int = 8001, echo: Callable[[str], None] = print) -> None:
    """Serve a comparison database read-only until Ctrl+C."""
    from datasette.utils import StartupError

    if not comparison_kind(db_path):
        raise UserError(f"{db_path} is geen vergelijking van wmebv. Maak er een met 'wmebv compare MAP --db {db_path}'.")
    check_port_free(host, port)
    try:
        datasette = build_comparison_datasette(db_path)
    except StartupError as error:
        raise UserError(f"De instellingen in {datasette_dir()} kloppen niet: {error}") from error
    run_datasette(datasette, host, port, "De vergelijking draait op {address} (alleen-lezen). Stop met Ctrl+C.", [], echo)


def serve_folder(folders: list[Path], host: str = "127.0.0.1", port: int = 8001, echo: Callable[[str], None] = print) -> None:
    """Compare the databases in ``folders`` into a temporary file and serve that (``wmebv serve --dir``)."""
    check_port_free(host, port)  # before the comparison is built, so a busy port costs no time
    with tempfile.TemporaryDirectory(prefix="wmebv-vergelijking-") as temporary:
        db_path = Path(temporary) / "vergelijking.db"
        report = build_comparison(folders, db_path, echo=lambda text: None)
        echo(report.format_nl(saved=False))
        serve_comparison(db_path, host=host, port=port, echo=echo)
