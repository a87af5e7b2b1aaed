"""The layers in the folders stay true: import-linter's contracts in pyproject.toml are kept."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is part of the test dependencies ('.[test]')"
    result = subprocess.run([lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


def test_the_data_folders_ship_inside_the_package() -> None:
    # wmebv/rules and wmebv/datasette are links to the top-level folders, so the wheel holds them.
    for name in ("rules", "datasette"):
        link = ROOT / "wmebv" / name
        assert link.is_symlink() and link.resolve() == (ROOT / name).resolve(), link
    assert not (ROOT / "datasette" / "__init__.py").exists(), "datasette/ must not shadow the datasette library"


ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
PATH = re.compile(r"`((?:wmebv|crawler|audit|rules|datasette|tests|docs)/[\w./-]*?)(?:\*\.yml)?`")
NAMED_IN = re.compile(r"`(\w+)` in `([\w/]+\.py)`|`(\w+)` \(`([\w/]+\.py)`")


def test_every_path_in_the_architecture_page_exists() -> None:
    paths = PATH.findall(ARCHITECTURE)
    assert len(paths) > 30, "the page names the folders and files of each layer"
    missing = [path for path in paths if not (ROOT / path).exists()]
    assert not missing, f"docs/architecture.md names paths that do not exist: {missing}"


def test_every_function_the_architecture_page_names_is_defined_there() -> None:
    named = [(a or c, b or d) for a, b, c, d in NAMED_IN.findall(ARCHITECTURE)]
    assert len(named) >= 6
    for name, path in named:
        source = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^\s*(?:async def|def|class) {name}\b", source, re.M), f"{name} is not defined in {path}"


def test_the_architecture_page_shows_every_stage_folder() -> None:
    for folder in ("crawler/", "audit/", "wmebv/core/", "wmebv/publish/", "wmebv/app/", "rules/", "datasette/"):
        assert folder in ARCHITECTURE, folder
