"""The list of sites to crawl (``--sites sites.csv``): name, start URL and an optional norm profile.

The file is what a consultant keeps in a spreadsheet, so it is read the way Excel writes it: a
header row, a comma or a semicolon between the columns, UTF-8 with or without a byte order mark.
Every problem is reported with the file and line, in Dutch, before anything is crawled.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from crawler.runner import check_start_url
from crawler.urls import site_key
from wmebv.core.errors import UserError
from wmebv.core.yamllines import data_error

# Accepted column headings (lower case) for each field; Dutch first, the English names also work.
COLUMNS = {
    "name": ("naam", "name", "gemeente"),
    "url": ("url", "start_url", "starturl", "adres", "website"),
    "profile": ("profiel", "profile"),
}
EXAMPLE = "naam,url,profiel\nGemeente Voorbeeldstad,https://www.voorbeeldstad.nl/,"


@dataclass(frozen=True)
class SiteEntry:
    """One site of the list: its name, start URL, norm profile (or None) and the line it came from."""

    name: str
    start_url: str
    profile: Path | None
    line: int

    @property
    def slug(self) -> str:
        """The site's name as a file name: 'Gemeente Den Haag' -> 'gemeente-den-haag'."""
        return slug_of(self.name)


def slug_of(name: str) -> str:
    """A name as a safe, readable file name (letters, digits and hyphens)."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _header_map(header: list[str], path: Path) -> dict[str, int]:
    """Which column holds which field; a clear error when name or URL is missing."""
    found: dict[str, int] = {}
    for index, heading in enumerate(header):
        key = heading.strip().lower()
        for field, names in COLUMNS.items():
            if key in names and field not in found:
                found[field] = index
    missing = [COLUMNS[field][0] for field in ("name", "url") if field not in found]
    if missing:
        raise data_error(
            path, 1,
            f"de eerste regel moet de namen van de kolommen geven; {' en '.join(missing)} ontbreekt. "
            f"Gevonden: {', '.join(h.strip() for h in header) or '(niets)'}. Bijvoorbeeld:\n{EXAMPLE}",
        )
    return found


def _cell(row: list[str], columns: dict[str, int], field: str) -> str:
    """The value of one column in a row ('' when the column is absent or the row is short)."""
    index = columns.get(field)
    return row[index].strip() if index is not None and index < len(row) else ""


def _check_url(url: str, path: Path, line: int) -> None:
    """A start URL must be an http(s) address."""
    try:
        check_start_url(url)
    except UserError as error:
        raise data_error(path, line, str(error)) from error


def _profile_path(value: str, path: Path, line: int) -> Path | None:
    """A profile file, relative to the folder of the list; it must exist."""
    if not value:
        return None
    profile = Path(value).expanduser()
    if not profile.is_absolute():
        profile = path.parent / profile
    if not profile.is_file():
        raise data_error(path, line, f"het profiel {value} bestaat niet (gezocht als {profile}).")
    return profile.resolve()


def read_sites(path: Path) -> list[SiteEntry]:
    """The sites in a CSV file, checked: names and start URLs present, valid and not listed twice."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise UserError(f"Het bestand {path} bestaat niet. Geef een CSV-bestand met de kolommen naam en url.") from error
    except UnicodeDecodeError as error:
        raise UserError(f"Het bestand {path} is geen tekst in UTF-8. Sla het in Excel op als 'CSV UTF-8'.") from error
    except OSError as error:
        raise UserError(f"Het bestand {path} kan niet worden gelezen: {error.strerror or error}.") from error
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise UserError(f"Het bestand {path} is leeg. Zet op de eerste regel de kolommen, bijvoorbeeld:\n{EXAMPLE}")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    rows = list(csv.reader(lines, delimiter=delimiter))
    columns = _header_map(rows[0], path)
    sites: list[SiteEntry] = []
    names: dict[str, int] = {}
    hosts: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # an empty line, as spreadsheets leave at the end
        name, url = _cell(row, columns, "name"), _cell(row, columns, "url")
        if not name:
            raise data_error(path, number, "de naam ontbreekt. Geef elke website een naam, bijvoorbeeld 'Gemeente Voorbeeldstad'.")
        if not slug_of(name):
            raise data_error(path, number, f"de naam '{name}' heeft geen letters of cijfers. Kies een andere naam.")
        if not url:
            raise data_error(path, number, f"het adres (url) van {name} ontbreekt.")
        _check_url(url, path, number)
        if slug_of(name) in names:
            raise data_error(path, number, f"de naam '{name}' staat al op regel {names[slug_of(name)]}. Geef elke website een eigen naam.")
        key = site_key(url)
        if key in hosts:
            raise data_error(path, number, f"de website {key} staat al op regel {hosts[key]}.")
        names[slug_of(name)], hosts[key] = number, number
        sites.append(SiteEntry(name, url, _profile_path(_cell(row, columns, "profile"), path, number), number))
    if not sites:
        raise UserError(f"In {path} staat geen enkele website. Zet onder de kolomnamen een regel per website.")
    return sites
