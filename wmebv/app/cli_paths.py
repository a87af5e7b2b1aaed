"""Paths as the user typed them: made absolute against the user's current folder before anything else.

Every path option and argument of the command line goes through these callbacks, so a path
means what it means in the folder where the user typed it, also in the crawl subprocess and in
messages (which show the absolute path).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

URL_START = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def absolute(path: str | Path) -> Path:
    """The path made absolute against the current folder (``~`` expanded, links kept as typed)."""
    return Path(os.path.abspath(os.path.expanduser(str(path))))


def user_path(ctx: click.Context | None, param: click.Parameter | None, value: Path | None) -> Path | None:
    """Click callback: an absolute path (None stays None)."""
    return None if value is None else absolute(value)


def user_paths(ctx: click.Context | None, param: click.Parameter | None, values: tuple[Path, ...]) -> tuple[Path, ...]:
    """Click callback for a path given more than once (or several arguments): each made absolute."""
    return tuple(absolute(value) for value in values)


def existing_file(ctx: click.Context | None, param: click.Parameter | None, value: Path | None) -> Path | None:
    """Click callback: an absolute path to a file that exists, else a Dutch usage error."""
    if value is None:
        return None
    path = absolute(value)
    if path.is_dir():
        raise click.BadParameter(f"'{value}' is een map, geen bestand ({path}).")
    if not path.is_file():
        raise click.BadParameter(f"Bestand '{value}' bestaat niet. wmebv zocht {path}; controleer de naam en de map.")
    return path


def user_source(ctx: click.Context | None, param: click.Parameter | None, value: str | None) -> str | None:
    """Click callback for 'an address or a file': a web address stays as it is, a file path becomes absolute.

    A file named with ``--sc-feed`` must exist.
    """
    if value is None or URL_START.match(value.strip()):
        return value
    path = absolute(value)
    if param is not None and param.name == "sc_feed" and not path.is_file():
        raise click.BadParameter(f"het bestand {path} bestaat niet. Geef het adres of een bestaand bestand van de feed.")
    return str(path)


@contextmanager
def rules_for(rules: Path | None, profile: Path | None) -> Iterator[Path]:
    """The rules folder of a command: ``--rules DIR``, else the profile's ``rules_dir``, laid over the bundled rules."""
    from audit.profile import own_rules_dir
    from wmebv.core.rulefiles import rules_in_use

    with rules_in_use(rules or own_rules_dir(profile)) as folder:
        yield folder
