"""Server-side SVG bar charts: no JavaScript, no CDN, readable without colour.

Every bar has its label and its number as text beside it, and the SVG carries a title and a
description for screen readers. Labels are escaped like any other text.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from markupsafe import Markup, escape

ROW_HEIGHT = 30
LABEL_WIDTH = 190
BAR_WIDTH = 300
TEXT_WIDTH = 150


CHAR_WIDTH = 8  # a generous average width of one character at the chart's 13px font


def wrap_label(label: str, width: int, max_lines: int = 2) -> list[str]:
    """Split a label into lines that fit ``width`` pixels; a label too long for that ends with '…'."""
    per_line = max(8, width // CHAR_WIDTH)
    lines: list[str] = []
    current = ""
    for word in label.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= per_line or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [" ".join(lines[max_lines - 1:])]
    return [line if len(line) <= per_line else line[: per_line - 1].rstrip() + "…" for line in lines]


def bar_chart(
    rows: list[dict[str, Any]],
    label_key: str,
    value_key: str,
    total_key: str | None = None,
    title: str = "",
    chart_id: str = "grafiek",
    colour: str = "#1f5e9c",
    label_width: int = LABEL_WIDTH,
) -> Markup:
    """Horizontal bars of ``value_key`` per ``label_key``; as a share of ``total_key`` when given."""
    items = []
    for row in rows:
        value = float(row.get(value_key) or 0)
        total = float(row.get(total_key) or 0) if total_key else None
        items.append((str(row.get(label_key) or "onbekend"), value, total))
    scale_max = 100.0 if total_key else max([value for _, value, _ in items] + [1.0])
    wrapped = [wrap_label(label, label_width - 12) for label, _, _ in items]
    row_height = ROW_HEIGHT + (14 if any(len(lines) > 1 for lines in wrapped) else 0)
    height = row_height * len(items) + 10
    width = label_width + BAR_WIDTH + TEXT_WIDTH
    safe_id = "".join(ch for ch in chart_id if ch.isalnum() or ch in "-_") or "grafiek"
    parts = [
        f'<svg class="staafdiagram" role="img" aria-labelledby="{safe_id}-titel {safe_id}-uitleg" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{safe_id}-titel">{escape(title)}</title>',
    ]
    descriptions = []
    for index, (label, value, total) in enumerate(items):
        y = index * row_height + 5 + (row_height - ROW_HEIGHT) // 2
        if total_key:
            share = round(100 * value / total) if total else 0
            text = f"{share}% ({int(value)} van {int(total or 0)})"
            bar = BAR_WIDTH * share / scale_max
        else:
            text = f"{int(value)}"
            bar = BAR_WIDTH * value / scale_max
        descriptions.append(f"{label}: {text}")
        lines = wrapped[index]
        first_y = y + 19 - 7 * (len(lines) - 1)
        spans = "".join(
            f'<tspan x="{label_width - 8}" y="{first_y + 14 * number}">{escape(line)}</tspan>'
            for number, line in enumerate(lines)
        )
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 19}" text-anchor="end" class="label">'
            f'<title>{escape(label)}</title>{spans}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{BAR_WIDTH}" height="{ROW_HEIGHT - 10}" class="spoor"/>'
            f'<rect x="{label_width}" y="{y + 4}" width="{bar:.1f}" height="{ROW_HEIGHT - 10}" fill="{escape(colour)}"/>'
            f'<text x="{label_width + BAR_WIDTH + 8}" y="{y + 19}" class="waarde">{escape(text)}</text>'
        )
    parts.insert(2, f'<desc id="{safe_id}-uitleg">{escape("; ".join(descriptions))}</desc>')
    parts.append("</svg>")
    return Markup("".join(parts))


@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    """Make ``staafdiagram(...)`` available in every template."""
    env.globals["staafdiagram"] = bar_chart
