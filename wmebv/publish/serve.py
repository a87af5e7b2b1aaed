"""Publish an audited database read-only with Datasette and the Dutch configuration in ``datasette/``.

The database is always mounted under the fixed name ``wmebv`` (so the worklists live at stable
addresses such as ``/wmebv/inventaris``, whatever the file is called) and read through read-only
SQLite connections (``mode=ro``): nothing is written, neither through the web interface nor by
``wmebv serve`` itself, and an audit that runs meanwhile shows up at the next request (the
write-ahead log gives every request a consistent snapshot). Own SQL and the pages' HTML are off
unless the flags of ``wmebv serve`` switch them on; the whole file is never offered as a download
(it holds the site's raw robots.txt and the crawler's state).
"""

from __future__ import annotations

import asyncio
import errno
import json
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from wmebv.core.errors import UserError
from wmebv.core.paths import datasette_dir
from wmebv.publish.summaries import check_for_publishing

DATABASE_NAME = "wmebv"


@dataclass(frozen=True)
class Publication:
    """What the publication lets out besides the worklists and tables (all off unless asked)."""

    allow_sql: bool = False  # colleagues may write their own read-only SQL
    allow_html: bool = False  # the stored HTML of every page (as it came from the site)

    def settings(self, base: dict[str, Any]) -> dict[str, Any]:
        """Datasette's settings with these choices (never a download of the file: it holds the crawl state)."""
        return {**base, "default_allow_sql": self.allow_sql, "allow_download": False}

    def plugin_config(self) -> dict[str, Any]:
        """The configuration of our publication plugin (datasette/plugins/wmebv_publication.py)."""
        return {"allow_html": self.allow_html}


def check_port_free(host: str, port: int) -> None:
    """Raise a clear Dutch error when another program already listens on ``host:port``."""
    if port == 0:
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # Same option as uvicorn, so a port that is only in TIME_WAIT counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise UserError(
                    f"Poort {port} is al in gebruik (misschien draait Datasette al). "
                    f"Kies een andere poort, bijvoorbeeld 'wmebv serve --port {port + 1}'."
                ) from error
            if error.errno == errno.EADDRNOTAVAIL:
                raise UserError(f"Het adres {host} hoort niet bij deze computer. Kies bijvoorbeeld --host 127.0.0.1.") from error
            if error.errno == errno.EACCES:
                raise UserError(f"U mag poort {port} niet gebruiken. Kies een poort boven 1024, bijvoorbeeld --port 8001.") from error
            raise


def build_datasette(db_path: Path, config_dir: Path | None = None, publication: Publication = Publication()) -> Any:
    """A Datasette instance for ``db_path`` (read-only, named 'wmebv') with our configuration directory."""
    from datasette.app import Datasette
    from datasette.database import Database

    config = config_dir or datasette_dir()
    if (config / "__init__.py").exists():
        raise UserError(f"De map {config} mag geen __init__.py bevatten: dan verbergt hij de datasette-bibliotheek.")
    metadata = yaml.safe_load((config / "metadata.yml").read_text(encoding="utf-8")) or {}
    metadata["plugins"] = {**(metadata.get("plugins") or {}), "wmebv": publication.plugin_config()}
    settings = json.loads((config / "settings.json").read_text(encoding="utf-8"))
    datasette = Datasette([], config_dir=config, metadata=metadata, settings=publication.settings(settings))
    if "_memory" in datasette.databases:
        datasette.remove_database("_memory")
    datasette.add_database(Database(datasette, path=str(db_path), is_mutable=True), name=DATABASE_NAME)
    return datasette


def serve_datasette(db_path: Path, host: str = "127.0.0.1", port: int = 8001, echo: Callable[[str], None] = print,
                    publication: Publication = Publication()) -> None:
    """Check the database and serve it read-only until Ctrl+C (an audit may run meanwhile)."""
    from datasette.utils import StartupError

    db_path = Path(db_path)
    if not db_path.exists():
        raise UserError(
            f"De database {db_path} bestaat niet. Maak hem eerst met 'wmebv crawl URL --db {db_path}', "
            "of kies een bestaande database met --db."
        )
    check_for_publishing(db_path, echo=echo)
    check_port_free(host, port)
    try:
        datasette = build_datasette(db_path, publication=publication)
    except StartupError as error:
        raise UserError(f"De instellingen in {datasette_dir()} kloppen niet: {error}") from error
    opened = [what for flag, what in ((publication.allow_sql, "eigen SQL"), (publication.allow_html, "de HTML van de pagina's")) if flag]
    notes = [f"Let op: ook beschikbaar: {', '.join(opened)}."] if opened else []
    run_datasette(datasette, host, port, "Datasette draait op {address} (alleen-lezen). Stop met Ctrl+C.", notes, echo)


def run_datasette(datasette: Any, host: str, port: int, started: str, notes: list[str],
                  echo: Callable[[str], None] = print) -> None:
    """Start ``datasette`` on host and port until Ctrl+C; say where (``started`` with ``{address}``) and warn when it is not local."""
    import uvicorn

    asyncio.run(datasette.invoke_startup())
    shown_host = f"[{host}]" if ":" in host else host
    echo(started.format(address=f"http://{shown_host}:{port}/"))
    for note in notes:
        echo(note)
    if host not in ("127.0.0.1", "localhost", "::1"):
        echo("Let op: iedereen die deze computer kan bereiken, kan de resultaten zien.")
    log_level = os.environ.get("WMEBV_SERVE_LOG_LEVEL", "warning")
    uvicorn.run(datasette.app(), host=host, port=port, log_level=log_level, lifespan="on", workers=1)
