"""Dates, times and numbers in Dutch: local time in the Netherlands, month names, thousands with a dot."""

from __future__ import annotations

from datetime import date

from wmebv.core.dutch import date_nl, datetime_nl, moment, number_nl


def test_stored_utc_becomes_dutch_local_time() -> None:
    assert datetime_nl("2026-03-02T09:00:00+00:00") == "2 maart 2026 om 10:00"  # winter time: UTC+1
    assert datetime_nl("2026-07-01T09:00:00+00:00") == "1 juli 2026 om 11:00"  # summer time: UTC+2
    assert datetime_nl("2026-03-02T09:00:00") == "2 maart 2026 om 10:00"  # no offset: stored as UTC
    assert date_nl("2025-12-31T23:30:00+00:00") == "1 januari 2026"  # already the next day in the Netherlands


def test_dates_and_http_dates() -> None:
    assert date_nl("2026-03-02") == "2 maart 2026"
    assert date_nl("Tue, 10 Mar 2026 09:00:00 GMT") == "10 maart 2026"
    assert moment("2026-03-02") == date(2026, 3, 2)
    assert datetime_nl("2026-03-02") == "2 maart 2026"


def test_what_is_no_date_stays_as_it_is() -> None:
    assert date_nl(None) == "" and date_nl("") == ""
    assert date_nl("vorige week") == "vorige week"
    assert moment("2026-13-45") is None


def test_numbers_have_a_dot_between_thousands() -> None:
    assert number_nl(2055) == "2.055" and number_nl(1234567) == "1.234.567" and number_nl(7) == "7"
    assert number_nl(None) == "None" and number_nl("x") == "x"
