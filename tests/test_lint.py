"""The code passes ruff and mypy, with the settings in pyproject.toml; their output is the failure message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_tool(*command: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m <tool>`` with this interpreter from the project root."""
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing() -> None:
    # No paths: ruff checks the whole checkout, less what .gitignore leaves out.
    result = run_tool("ruff", "check", "--no-cache", "--output-format", "concise")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing(tmp_path: Path) -> None:
    # The files and the strictness are in [tool.mypy]; a fresh cache, so an old one cannot hide an error.
    result = run_tool("mypy", "--cache-dir", str(tmp_path / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_readme_says_how_to_run_them_alone() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`.venv/bin/ruff check`" in readme and "`.venv/bin/mypy`" in readme
