"""The Uniforme Productnamenlijst (UPL): load the bundled snapshot, group rows by URI, match names."""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from wmebv.core.errors import UserError
from wmebv.core.paths import rules_dir

SNAPSHOT_NAME = "UPL-actueel.csv"
REQUIRED_COLUMNS = (
    "UniformeProductnaam", "URI", "Rijk", "Provincie", "Waterschap", "Gemeente", "Burger", "Bedrijf",
    "Dienstenwet", "SDG", "Autonomie", "Medebewind", "Aanvraag", "Subsidie", "Melding", "Verplichting",
    "DigiDMacht", "Grondslag", "Grondslaglabel", "Grondslaglink",
)
FLAG_COLUMNS = (
    "Rijk", "Provincie", "Waterschap", "Gemeente", "Burger", "Bedrijf", "Dienstenwet", "Autonomie",
    "Medebewind", "Aanvraag", "Subsidie", "Melding", "Verplichting", "DigiDMacht",
)
PLACEHOLDER_URI = "http://standaarden.overheid.nl/owms/terms/UPL-naam_nog_niet_beschikbaar"
WORD_RE = re.compile(r"[a-z0-9\u00c0-\u024f]+(?:-[a-z0-9\u00c0-\u024f]+)*")


@dataclass(frozen=True)
class UplProduct:
    """One UPL product: its rows grouped by URI, flags OR-ed, legal bases collected."""

    name: str
    uri: str
    flags: frozenset[str]
    sdg: tuple[str, ...] = ()
    grondslagen: tuple[str, ...] = ()

    def has(self, flag: str) -> bool:
        """True when the product carries the flag (e.g. 'Gemeente', 'Aanvraag')."""
        return flag in self.flags


@dataclass(frozen=True)
class UplMatch:
    """The best UPL product for a text, with a confidence between 0 and 1."""

    name: str
    uri: str
    confidence: float
    matched_text: str = ""


@dataclass(frozen=True)
class MatchRules:
    """Word lists for name matching (from ``rules/upl-matching.yml``)."""

    stopwords: frozenset[str]
    suffixes: tuple[str, ...]
    min_stem: int
    synonyms: dict[str, str] = field(hash=False)
    min_confidence: float
    min_compound: int = 5
    compound_credit: float = 0.8

    @classmethod
    def load(cls, path: Path | None = None) -> MatchRules:
        """Read the matching rules from YAML."""
        data: dict[str, Any] = yaml.safe_load((path or rules_dir() / "upl-matching.yml").read_text(encoding="utf-8"))
        return cls(
            stopwords=frozenset(data.get("stopwords") or ()),
            suffixes=tuple(sorted(data.get("suffixes") or (), key=len, reverse=True)),
            min_stem=int(data.get("min_stem", 4)),
            synonyms={str(k).lower(): str(v).lower() for k, v in (data.get("synonyms") or {}).items()},
            min_confidence=float(data.get("min_confidence", 0.5)),
            min_compound=int(data.get("min_compound", 5)),
            compound_credit=float(data.get("compound_credit", 0.8)),
        )


def snapshot_path(rules: Path | None = None) -> Path:
    """Where the UPL snapshot of a rules folder lives (default: the bundled rules)."""
    return (rules or rules_dir()) / "upl" / SNAPSHOT_NAME


def read_rows(path: Path) -> list[dict[str, str]]:
    """Read a UPL CSV and check it has the expected columns."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(f"{path} is geen UPL-bestand in UTF-8. Download de CSV opnieuw van standaarden.overheid.nl.") from error
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise UserError(
            f"{path} lijkt geen UPL-bestand: de kolommen {', '.join(missing)} ontbreken. "
            "Gebruik UPL-actueel.csv van https://standaarden.overheid.nl/owms/oquery/UPL-actueel.csv."
        )
    return [row for row in reader if (row.get("URI") or "").strip() and (row.get("UniformeProductnaam") or "").strip()]


def group_rows(rows: list[dict[str, str]]) -> list[UplProduct]:
    """Group UPL rows by URI: one product per URI, flags OR-ed, legal bases and SDG codes collected."""
    grouped: dict[str, dict[str, Any]] = {}
    for row in rows:
        uri = row["URI"].strip()
        entry = grouped.setdefault(uri, {"name": row["UniformeProductnaam"].strip(), "flags": set(), "sdg": [], "grond": []})
        entry["flags"].update(column for column in FLAG_COLUMNS if (row.get(column) or "").strip())
        for code in (row.get("SDG") or "").split(";"):
            if code.strip() and code.strip() not in entry["sdg"]:
                entry["sdg"].append(code.strip())
        if (row.get("Grondslag") or "").strip() and row["Grondslag"].strip() not in entry["grond"]:
            entry["grond"].append(row["Grondslag"].strip())
    return [
        UplProduct(name=e["name"], uri=uri, flags=frozenset(e["flags"]), sdg=tuple(e["sdg"]), grondslagen=tuple(e["grond"]))
        for uri, e in grouped.items()
    ]


def load_upl(path: Path | None = None, *, municipal_only: bool = False) -> list[UplProduct]:
    """The UPL products of the snapshot (optionally only those with the Gemeente flag)."""
    products = group_rows(read_rows(path or snapshot_path()))
    if municipal_only:
        products = [p for p in products if p.has("Gemeente") and p.uri != PLACEHOLDER_URI]
    return products


def update_snapshot(path: str | Path, target: Path | None = None) -> int:
    """Check a newer UPL CSV and keep it in the user's data folder (the bundled one stays as the fallback).

    Returns the number of products (URIs). The file is readable for everyone (0644), like the
    bundled one, so a colleague on a shared server sees the same UPL.
    """
    from wmebv.core.rulefiles import user_rules_dir

    source = Path(path)
    rows = read_rows(source)
    products = group_rows(rows)
    if not any(p.has("Gemeente") for p in products):
        raise UserError(f"{source} bevat geen producten voor gemeenten (kolom Gemeente). Is dit de volledige UPL?")
    target = target or snapshot_path(user_rules_dir())
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".upl-", suffix=".csv")
        with os.fdopen(handle, "wb") as out:
            out.write(source.read_bytes())
        os.chmod(temp_name, 0o644)  # mkstemp makes it 0600
        os.replace(temp_name, target)  # atomic: a crash never leaves half a snapshot
    except PermissionError as error:
        raise UserError(f"wmebv mag niet schrijven in {target.parent}. Pas de rechten aan of zet WMEBV_DATA_DIR op een eigen map.") from error
    return len(products)


TITLE_SUFFIX_RE = re.compile(r"\s+[|\-–—]\s+[^|\-–—]+$")
FILE_SUFFIX_RE = re.compile(r"\.(txt|md|markdown|html?)$", re.IGNORECASE)


def url_slug(url: str) -> str:
    """The last segment of a URL's path as words ('/wonen/paspoort-aanvragen' -> 'paspoort aanvragen')."""
    segment = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return FILE_SUFFIX_RE.sub("", segment).replace("-", " ").replace("_", " ")


def match_texts(url: str, title: str, h1: str = "") -> list[str]:
    """The texts a UPL name is matched against: h1, title without site suffix, last URL segment."""
    return [text for text in (h1, TITLE_SUFFIX_RE.sub("", title or ""), url_slug(url)) if text]


class UplMatcher:
    """Finds the UPL product whose name best matches a page title, heading or URL slug."""

    def __init__(self, products: list[UplProduct], rules: MatchRules) -> None:
        """Normalise the words of every product name once."""
        self.rules = rules
        self.products = products
        self.by_uri = {p.uri: p for p in products}
        self._tokens = {p.uri: self.tokens(p.name) for p in products}
        self._token_sets = {uri: set(tokens) for uri, tokens in self._tokens.items() if tokens}
        self._joined = {uri: " ".join(tokens) for uri, tokens in self._tokens.items()}
        # Which products hold a word: only products sharing a word (or a compound part) with the
        # text can score, so a match scores a handful of products instead of all of them.
        self._products_with: dict[str, list[str]] = {}
        for uri, words in self._token_sets.items():
            for word in words:
                self._products_with.setdefault(word, []).append(uri)
        # Every start and end (of at least min_compound letters) of every UPL word, to the words
        # it starts or ends: finding the words related to a page word is then a few lookups, not
        # a scan of all UPL words (which grew with every new word of a large site).
        minimum = rules.min_compound
        self._parts: dict[str, set[str]] = {}
        for upl_word in self._products_with:
            for size in range(minimum, len(upl_word) + 1):
                self._parts.setdefault(upl_word[:size], set()).add(upl_word)
                self._parts.setdefault(upl_word[-size:], set()).add(upl_word)

    @classmethod
    def default(cls, rules: Path | None = None) -> UplMatcher:
        """A matcher over the municipal products of a rules folder (default: the bundled rules)."""
        folder = rules or rules_dir()
        return cls(load_upl(snapshot_path(folder), municipal_only=True), MatchRules.load(folder / "upl-matching.yml"))

    def stem(self, word: str) -> str:
        """Trim a Dutch word ending ('aanvragen' -> 'aanvrag'), keeping at least min_stem letters."""
        for suffix in self.rules.suffixes:
            if word.endswith(suffix) and len(word) - len(suffix) >= self.rules.min_stem:
                return word[: -len(suffix)]
        return word

    def tokens(self, text: str) -> list[str]:
        """Normalised words of a text: lower case, synonyms applied, stopwords dropped, stemmed."""
        words: list[str] = []
        for word in WORD_RE.findall(text.lower().replace("_", " ")):
            for part in self.rules.synonyms.get(word, word).split():
                if part not in self.rules.stopwords:
                    words.append(self.stem(part))
        return words

    def match(self, *texts: str) -> UplMatch | None:
        """The best match over several texts (title, h1, URL slug), or None below min_confidence."""
        best: UplMatch | None = None
        for text in texts:
            candidate = self._match_one(text)
            if candidate and (best is None or candidate.confidence > best.confidence):
                best = candidate
        return best

    def _related_words(self, word: str) -> set[str]:
        """The UPL words that are this word or share a compound part with it ('standplaats', 'plaats')."""
        related = {word} if word in self._products_with else set()
        minimum = self.rules.min_compound
        if len(word) < minimum:
            return related
        related |= self._parts.get(word, set())  # UPL words that start or end with this word
        for size in range(minimum, len(word) + 1):  # UPL words that start or end this word
            for part in (word[:size], word[-size:]):
                if part in self._products_with:
                    related.add(part)
        return related

    def _word_score(self, upl_word: str, page_words: set[str], partial: set[str]) -> float:
        """1 for the same word, partial credit when one is a compound part of the other ('standplaats')."""
        if upl_word in page_words:
            return 1.0
        return self.rules.compound_credit if upl_word in partial else 0.0

    def _match_one(self, text: str) -> UplMatch | None:
        """Score every product against the text; the best above min_confidence wins."""
        page = self.tokens(text)
        if not page:
            return None
        page_set = set(page)
        best: tuple[float, str] | None = None
        joined = " ".join(page)
        partial: set[str] = set()
        for word in page_set:
            partial |= self._related_words(word)
        candidates = {uri for word in partial for uri in self._products_with[word]}
        scored = []
        for uri in candidates:
            upl = self._token_sets[uri]
            overlap = sum(self._word_score(word, page_set, partial) for word in upl)
            if not overlap:
                continue
            recall, precision = overlap / len(upl), min(1.0, overlap / len(page_set))
            scored.append((0.6 * recall + 0.25 * precision, uri))
        scored.sort(key=lambda item: (-item[0], item[1]))
        floor = self.rules.min_confidence
        for words_score, uri in scored:
            matcher = SequenceMatcher(None, joined, self._joined[uri])
            # The similarity is at most its cheap upper bound: skip the exact ratio when even that
            # bound cannot beat the best so far (the outcome is the same, a few times faster).
            if words_score + 0.15 * matcher.real_quick_ratio() < max(floor, best[0] if best else floor):
                continue
            score = words_score + 0.15 * matcher.ratio()
            if best is None or score > best[0] or (score == best[0] and uri < best[1]):
                best = (score, uri)
        if best is None or best[0] < self.rules.min_confidence:
            return None
        product = self.by_uri[best[1]]
        return UplMatch(name=product.name, uri=product.uri, confidence=round(best[0], 3), matched_text=text)
