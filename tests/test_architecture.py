"""The layers in the folders stay true: import-linter's contracts in pyproject.toml are kept."""

from __future__ import annotations

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
