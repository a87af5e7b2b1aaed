"""Events from the crawl subprocess to the runner: one JSON object per stdout line, with a marker."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

MARKER = "@wmebv "


def emit(event: str, stream: TextIO | None = None, **fields: Any) -> None:
    """Write one event line (e.g. 'progress', 'fatal', 'message') and flush it."""
    out = stream or sys.stdout
    out.write(MARKER + json.dumps({"event": event, **fields}, ensure_ascii=False) + "\n")
    out.flush()


def parse_event(line: str) -> dict[str, Any] | None:
    """The event in a stdout line, or None for any other line."""
    if not line.startswith(MARKER):
        return None
    try:
        data = json.loads(line[len(MARKER):])
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None
