"""English words that must not reach a Dutch user: click's and Datasette's own labels, codes of states.

Used by the tests that walk every command's help and errors (tests/test_cli_dutch.py) and every
page users read in Datasette (tests/test_datasette_dutch.py). Quoted text ('Read this page in
English' as an example of what to write), addresses and options (--help) are left out before looking.
"""

from __future__ import annotations

import re

ENGLISH_WORDS = (
    # click
    "Usage", "Options", "Commands", "Show this", "message", "exit", "Error", "Missing", "No such", "Invalid",
    "required", "default", "version", "Try", "for help", "Did you mean", "Aborted", "does not exist",
    "is not", "Got unexpected", "TEXT", "INTEGER", "FLOAT", "RANGE", "PATH", "FILE", "BOOLEAN", "OPTIONS",
    "COMMAND", "ARGS", "CSV_FILE", "TARGET", "DIRECTORY",
    # Datasette
    "rows", "row", "records", "Apply", "View and edit", "SQL query", "Next page", "Previous page",
    "Advanced export", "CSV options", "download file", "expand labels", "stream all rows", "This data as",
    "Facet by", "Sort ascending", "Sort descending", "Suggested facets", "Custom SQL", "Queries", "Tables",
    "Views", "(view)", "Powered by", "Query took", "remove filter", "column", "Log out", "Data license",
    "Data source", "hidden", "Links from other tables", "is null", "contains", "starts with", "ends with",
    # states and words of code
    "finished", "failed", "interrupted", "running", "unchecked", "Traceback", "None", "True", "False",
    # plain English
    "the", "and", "with", "without", "please", "page", "pages", "found", "error",
)
_PATTERN = re.compile(r"(?<![\w-])(" + "|".join(re.escape(word) for word in ENGLISH_WORDS) + r")(?![\w-])")
_QUOTED = re.compile(r"""'[^'\n]*'|"[^"\n]*"|‘[^’\n]*’|“[^”\n]*”""")
_OPTION = re.compile(r"(?<!\w)--?[\w-]+")
_ADDRESS = re.compile(r"\b\w+://\S+|\S+@\S+\.\w+")


def english_words_in(text: str) -> list[str]:
    """The English words in ``text``, leaving out quoted text, addresses and command-line options."""
    plain = _OPTION.sub(" ", _QUOTED.sub(" ", _ADDRESS.sub(" ", text)))
    return sorted(set(_PATTERN.findall(plain)))
