"""Dates, times and numbers as a Dutch reader expects them: local time (Europe/Amsterdam), '2 maart 2026'.

The store keeps moments in UTC (ISO 8601); users read them here, in Dutch words and Dutch time.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo

DUTCH_TIME = ZoneInfo("Europe/Amsterdam")
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def moment(value: Any) -> datetime | date | None:
    """A stored moment as Dutch local time; a date stays a date; None when it is no date at all.

    Accepts ISO 8601 (with or without time and offset; without an offset it is UTC, as the store
    writes it) and HTTP dates such as 'Tue, 10 Mar 2026 09:00:00 GMT'.
    """
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        return value
    else:
        text = str(value or "").strip()
        if not text:
            return None
        if ISO_DATE.match(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                return None
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                parsed = parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(DUTCH_TIME)


def date_nl(value: Any) -> str:
    """'2 maart 2026' in Dutch local time; the text itself when it is no date; empty when missing."""
    when = moment(value)
    if when is None:
        return "" if value is None else str(value).strip()
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def datetime_nl(value: Any) -> str:
    """'2 maart 2026 om 10:00' in Dutch local time (a date alone stays a date)."""
    when = moment(value)
    if not isinstance(when, datetime):
        return date_nl(value)
    return f"{date_nl(when)} om {when:%H:%M}"


def number_nl(value: Any) -> str:
    """A whole number with a dot between thousands: 2.055."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return str(value)
