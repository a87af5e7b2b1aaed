"""The rules a run reads: the bundled rules, with the user's own files laid over them.

A municipality keeps only the files it changed in a folder of its own (``--rules DIR``, or
``rules_dir:`` in its profile). A file there replaces the bundled file with the same relative
path (``channels/platforms.yml``, ``checks/eigen.yml``); every other file comes from the rules that
ship with wmebv, so an update of wmebv brings new rules and word lists without overwriting what
the municipality changed. A newer UPL from ``wmebv upl update`` lies in the user's data folder
and is laid over the bundled rules the same way.

The loaders read one folder, so a run with layers reads a temporary folder of links to the
files that win; it lasts as long as the ``with`` block of :func:`rules_in_use`.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from wmebv.core.errors import UserError
from wmebv.core.paths import rules_dir, user_data_dir

IGNORED_PARTS = frozenset({"__pycache__", ".git"})


def user_rules_dir() -> Path:
    """Where wmebv keeps the user's own rule files (a newer UPL): ``<data folder>/rules``."""
    return user_data_dir() / "rules"


def rule_layers(own: Path | None = None) -> list[Path]:
    """The folders of rules, lowest first: the bundled rules, the user's data folder, the municipality's folder."""
    layers = [rules_dir()]
    if user_rules_dir().is_dir() and any(user_rules_dir().rglob("*.*")):
        layers.append(user_rules_dir())
    if own is not None:
        own = Path(own)
        if not own.is_dir():
            raise UserError(f"De map met eigen regels {own} bestaat niet. Controleer het pad (--rules of rules_dir in het profiel).")
        layers.append(own)
    return layers


def _files(layer: Path) -> Iterator[tuple[Path, Path]]:
    """(relative path, file) for every file in a layer."""
    for path in sorted(layer.rglob("*")):
        relative = path.relative_to(layer)
        if path.is_file() and not IGNORED_PARTS.intersection(relative.parts) and not relative.name.startswith("."):
            yield relative, path


def build_overlay(layers: list[Path], into: Path) -> None:
    """Fill ``into`` with links to the winning file of each relative path (a copy where links are not possible)."""
    winners: dict[Path, Path] = {}
    for layer in layers:
        for relative, path in _files(layer):
            winners[relative] = path.resolve()
    for relative, source in winners.items():
        target = into / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.symlink_to(source)
        except OSError:
            shutil.copyfile(source, target)


@contextmanager
def rules_in_use(own: Path | None = None) -> Iterator[Path]:
    """The rules folder of one run: the bundled folder itself, or a temporary overlay when there are layers."""
    layers = rule_layers(own)
    if len(layers) == 1:
        yield layers[0]
        return
    with tempfile.TemporaryDirectory(prefix="wmebv-regels-") as folder:
        merged = Path(folder) / "rules"
        build_overlay(layers, merged)
        yield merged


def real_paths(message: str, folder: Path) -> str:
    """A message with every path inside an overlay folder replaced by the file it stands for (the user's own)."""
    prefix = re.escape(str(folder))
    return re.sub(prefix + r"(/[^\s,:;'\")]+)", lambda match: str(Path(match.group(0)).resolve()), message)
