"""Crawled text in a spreadsheet: a cell that starts like a formula is written as text, never run.

One definition for ``wmebv export`` and for every CSV that Datasette serves (the plugin
``datasette/plugins/wmebv_csv.py``). Excel, LibreOffice and Google Sheets run a cell that starts
with = + - @ (and a tab or carriage return before one of those) as a formula; a leading
apostrophe makes it text. A plain number such as -12 or +3.5 stays a number.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


def csv_safe(value: Any) -> Any:
    """The value, with an apostrophe before text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


class CsvCellGuard:
    """Rewrites a CSV stream (UTF-8, any chunking) so that no cell can run as a formula.

    Records are cut at line ends outside quotes, so a cell with a line break inside stays one
    cell; each complete record is parsed, made safe cell by cell and written again.
    """

    def __init__(self) -> None:
        """Start with an empty buffer."""
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""
        self._scanned = 0
        self._in_quotes = False

    def feed(self, chunk: bytes) -> bytes:
        """The safe form of every record completed by this chunk."""
        self._pending += self._decoder.decode(chunk)
        out: list[str] = []
        start = 0
        for index in range(self._scanned, len(self._pending)):
            char = self._pending[index]
            if char == '"':
                self._in_quotes = not self._in_quotes
            elif char == "\n" and not self._in_quotes:
                out.append(self._rewrite(self._pending[start:index + 1]))
                start = index + 1
        self._pending = self._pending[start:]
        self._scanned = len(self._pending)
        return "".join(out).encode("utf-8")

    def finish(self) -> bytes:
        """The safe form of what is left (a last record without a line end)."""
        rest = self._pending + self._decoder.decode(b"", final=True)
        self._pending, self._scanned = "", 0
        return self._rewrite(rest).encode("utf-8") if rest else b""

    @staticmethod
    def _rewrite(record: str) -> str:
        """One record with every cell made safe, in the same dialect (comma, CRLF, minimal quoting)."""
        ending = "\r\n" if record.endswith("\r\n") else ("\n" if record.endswith("\n") else "")
        rows = list(csv.reader([record]))
        if not rows:
            return record
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=ending or "\r\n").writerow([csv_safe(cell) for cell in rows[0]])
        text = buffer.getvalue()
        return text if ending else text.rstrip("\r\n")
