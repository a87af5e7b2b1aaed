"""How a failing command talks to the user: one plain Dutch line and a non-zero exit."""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from wmebv.core.errors import Interrupted, UserError

F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(command: F) -> F:
    """Show a UserError (and a few known failures) as a plain Dutch message, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except UserError as error:
            click.secho(f"Fout: {error}", fg="red", err=True)
            sys.exit(1)
        except sqlite3.Error as error:
            from wmebv.core.store import explain_sqlite_error

            click.secho(f"Fout: {explain_sqlite_error(error, Path(kwargs.get('db_path') or '?'))}", fg="red", err=True)
            sys.exit(1)
        except OSError as error:
            if error.errno == 28:  # ENOSPC
                click.secho("Fout: de schijf is vol. Maak ruimte vrij en probeer het opnieuw.", fg="red", err=True)
                sys.exit(1)
            raise
        except Interrupted as stopped:
            click.echo(f"\n{stopped}", err=True)
            exit_now(130)
        except KeyboardInterrupt:
            click.echo("\nGestopt. Wat al was opgeslagen, blijft bewaard.", err=True)
            exit_now(130)

    return wrapper  # type: ignore[return-value]


def exit_now(code: int) -> None:
    """Exit at once, also when worker threads still wait for a server (a link check after Ctrl+C).

    Python waits for such threads before it exits; everything wmebv stored is already committed,
    so there is nothing to wait for.
    """
    lingering = [thread for thread in threading.enumerate()
                 if thread is not threading.main_thread() and thread.is_alive() and not thread.daemon]
    if lingering:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
