"""Where wmebv's data lives: the bundled rules and Datasette configuration, and the user's own folder.

The rules (``rules/``) and the Datasette configuration directory (``datasette/``) ship inside the
``wmebv`` package and are read with :mod:`importlib.resources`, so an installed wmebv finds them
wherever it is installed. What a user changes (a newer UPL snapshot) lives in the user's data
folder, never in the installation.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

import platformdirs

APP_NAME = "wmebv"
# Overrides, for tests and for a municipality that keeps its own copy of the rules.
RULES_DIR_ENV = "WMEBV_RULES_DIR"
DATA_DIR_ENV = "WMEBV_DATA_DIR"


def _package_dir(name: str) -> Path:
    """A data folder inside the installed ``wmebv`` package, as a real path."""
    return Path(str(files("wmebv").joinpath(name)))


def bundled_rules_dir() -> Path:
    """The rules that ship with wmebv."""
    return _package_dir("rules")


def rules_dir() -> Path:
    """The rules folder in use: the WMEBV_RULES_DIR environment variable, else the bundled rules."""
    override = os.environ.get(RULES_DIR_ENV)
    return Path(override).resolve() if override else bundled_rules_dir()


def datasette_dir() -> Path:
    """The Datasette configuration directory that ships with wmebv."""
    return _package_dir("datasette")


def user_data_dir() -> Path:
    """The user's own wmebv folder (a newer UPL snapshot); WMEBV_DATA_DIR overrides it. Not created here."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override).resolve() if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
