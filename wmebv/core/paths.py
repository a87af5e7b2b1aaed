"""Where wmebv's data lives: the bundled rules and Datasette configuration, and the user's own folder.

The rules (``rules/``) and the Datasette configuration directory (``datasette/``) ship inside the
``wmebv`` package and are read with :mod:`importlib.resources`, so an installed wmebv finds them
wherever it is installed. What a user changes (a newer UPL snapshot) lives in the user's data
folder, never in the installation.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from importlib.abc import Traversable
from importlib.resources import files
from pathlib import Path

import platformdirs

APP_NAME = "wmebv"
# Overrides, for tests and for a municipality that keeps its own copy of the rules.
RULES_DIR_ENV = "WMEBV_RULES_DIR"
DATA_DIR_ENV = "WMEBV_DATA_DIR"


def _package_dir(name: str) -> Path:
    """A data folder inside the installed ``wmebv`` package, as a real path."""
    resource = files("wmebv").joinpath(name)
    path = Path(str(resource))
    return path if path.is_dir() else _unpacked(resource, path, name)


def _unpacked(resource: Traversable, path: Path, name: str) -> Path:
    """A data folder of a zipped package (the egg Scrapyd runs), unpacked once into the user's cache folder.

    The folder's name depends on the zip file's size and time, so a newer egg gets its own copy.
    """
    archive = next((parent for parent in path.parents if parent.is_file()), None)
    stamp = f"{archive}:{archive.stat().st_size}:{archive.stat().st_mtime_ns}" if archive else str(path)
    target = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "pakket" / hashlib.sha1(stamp.encode()).hexdigest()[:16]
    if (target / name).is_dir():
        return target / name
    target.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=target))
    _copy_tree(resource, building)
    try:
        building.rename(target / name)
    except OSError:  # another process unpacked it at the same time
        shutil.rmtree(building, ignore_errors=True)
    return target / name


def _copy_tree(resource: Traversable, target: Path) -> None:
    """Copy a package folder (possibly inside a zip file) to ``target``."""
    for child in resource.iterdir():
        if child.is_dir():
            (target / child.name).mkdir()
            _copy_tree(child, target / child.name)
        else:
            (target / child.name).write_bytes(child.read_bytes())


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
