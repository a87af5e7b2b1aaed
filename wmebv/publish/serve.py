"""Publish an audited database read-only with Datasette and the Dutch configuration in ``datasette/``.

The database is always mounted under the fixed name ``wmebv`` (so the worklists live at stable
addresses such as ``/wmebv/inventaris``, whatever the file is called) and opened with SQLite's
``immutable=1``: nothing can be written through the web interface.
"""

from __future__ import annotations

import asyncio
import errno
import os
import socket
from collections.abc import Callable
from pathlib import Path

from wmebv.core.errors import UserError
from wmebv.core.paths import datasette_dir
from wmebv.publish.summaries import prepare_for_publishing

DATABASE_NAME = "wmebv"


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


def build_datasette(db_path: Path, config_dir: Path | None = None):  # type: ignore[no-untyped-def]
    """A Datasette instance for ``db_path`` (immutable, named 'wmebv') with our configuration directory."""
    from datasette.app import Datasette
    from datasette.database import Database

    config = config_dir or datasette_dir()
    if (config / "__init__.py").exists():
        raise UserError(f"De map {config} mag geen __init__.py bevatten: dan verbergt hij de datasette-bibliotheek.")
    datasette = Datasette([], config_dir=config)
    if "_memory" in datasette.databases:
        datasette.remove_database("_memory")
    datasette.add_database(Database(datasette, path=str(db_path), is_mutable=False), name=DATABASE_NAME)
    return datasette


def serve_datasette(db_path: Path, host: str = "127.0.0.1", port: int = 8001, echo: Callable[[str], None] = print) -> None:
    """Check the database, refresh its summaries, and serve it read-only until Ctrl+C."""
    import uvicorn
    from datasette.utils import StartupError

    db_path = Path(db_path)
    if not db_path.exists():
        raise UserError(
            f"De database {db_path} bestaat niet. Maak hem eerst met 'wmebv crawl URL --db {db_path}', "
            "of kies een bestaande database met --db."
        )
    prepare_for_publishing(db_path, echo=echo)
    check_port_free(host, port)
    try:
        datasette = build_datasette(db_path)
    except StartupError as error:
        raise UserError(f"De instellingen in {datasette_dir()} kloppen niet: {error}") from error
    asyncio.run(datasette.invoke_startup())
    shown_host = f"[{host}]" if ":" in host else host
    echo(f"Datasette draait op http://{shown_host}:{port}/ (alleen-lezen). Stop met Ctrl+C.")
    if host not in ("127.0.0.1", "localhost", "::1"):
        echo("Let op: iedereen die deze computer kan bereiken, kan de resultaten zien.")
    log_level = os.environ.get("WMEBV_SERVE_LOG_LEVEL", "warning")
    uvicorn.run(datasette.app(), host=host, port=port, log_level=log_level, lifespan="on", workers=1)
