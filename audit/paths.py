"""Where the project's data folders are: ``rules/`` and ``datasette/`` beside the packages."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def rules_dir() -> Path:
    """The rules folder (override with the WMEBV_RULES_DIR environment variable)."""
    return Path(os.environ.get("WMEBV_RULES_DIR") or PROJECT_ROOT / "rules")


def datasette_dir() -> Path:
    """The Datasette configuration directory."""
    return PROJECT_ROOT / "datasette"
