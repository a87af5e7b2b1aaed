"""The webredactie's decisions about findings: accepted, or not applicable, with a reason and who decided.

A decisions file (``besluiten.yml``, beside the profile) is a YAML list with one line per decision::

    - {bevinding: "3f2a9c1d0b7e4a11", tekst: "9ab3c0ffee123456", besluit: geaccepteerd, reden: "Onze lezers kennen dit woord", door: "J. de Vries"}
    - {pagina: "https://www.voorbeeldstad.nl/paspoort", regel: norm.geen-bezwaar, besluit: niet-van-toepassing, reden: "...", door: "..."}

A decision names one finding (its fingerprint) or every finding of one rule on one page. The audit
applies the file: a settled finding leaves the worklists but stays countable. ``tekst`` is the
page's text fingerprint when the decision was taken; when the page's main text has changed since,
the finding comes back as "opnieuw bekijken". The file is read with line numbers, and unknown keys
or values are refused with file and line, so a typo never silently settles nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from wmebv.core.store.fingerprints import finding_fingerprint
from wmebv.core.yamllines import LineDict, LineList, data_error, load_yaml

DECISIONS_FILE = "besluiten.yml"
ACCEPTED = "geaccepteerd"
NOT_APPLICABLE = "niet-van-toepassing"
REVIEW = "opnieuw-bekijken"
VERDICTS = (ACCEPTED, NOT_APPLICABLE)
KEYS = ("bevinding", "pagina", "regel", "tekst", "besluit", "reden", "door", "datum")
_HEX16 = re.compile(r"^[0-9a-f]{16}$")


@dataclass(frozen=True)
class Decision:
    """One line of the decisions file."""

    verdict: str
    reason: str
    by: str
    source: str
    line: int
    fingerprint: str = ""
    url: str = ""
    rule_id: str = ""
    text: str = ""  # the page's text fingerprint when the decision was taken ("" = not checked)
    on: str = ""

    @property
    def where(self) -> str:
        """Where the decision is written: file and line."""
        return f"{self.source}:{self.line}"


@dataclass(frozen=True)
class Judgement:
    """What a decision means for one finding in this crawl."""

    status: str  # geaccepteerd, niet-van-toepassing or opnieuw-bekijken
    decision: Decision

    @property
    def settled(self) -> bool:
        """True when the finding leaves the worklists."""
        return self.status != REVIEW

    def fields(self) -> dict[str, str]:
        """The columns a judged finding carries in the store."""
        decision = self.decision
        return {"decision": self.status, "decision_reason": decision.reason, "decided_by": decision.by,
                "decided_on": decision.on, "decision_source": decision.where}


@dataclass(frozen=True)
class Decisions:
    """All decisions of one file, by finding fingerprint and by (page, rule)."""

    source: str = ""
    by_fingerprint: Mapping[str, Decision] = field(default_factory=dict)
    by_page_rule: Mapping[tuple[str, str], Decision] = field(default_factory=dict)
    sha1: str = ""

    def __len__(self) -> int:
        return len(self.by_fingerprint) + len(self.by_page_rule)

    @classmethod
    def load(cls, path: Path, known_rules: Collection[str] = ()) -> Decisions:
        """Read and check a decisions file; an empty file has no decisions."""
        data = load_yaml(path)
        if data is None:
            return cls(source=str(path), sha1=_file_sha1(path))
        if not isinstance(data, LineList):
            raise data_error(path, getattr(data, "line", 1),
                             "een besluitenbestand is een lijst: elke regel begint met '- {bevinding: ...}'.")
        by_fingerprint: dict[str, Decision] = {}
        by_page_rule: dict[tuple[str, str], Decision] = {}
        for item, line in zip(data, data.item_lines):
            decision = _decision(item, path, line, known_rules)
            key: Any = decision.fingerprint or (page_key(decision.url), decision.rule_id)
            table: dict[Any, Decision] = by_fingerprint if decision.fingerprint else by_page_rule
            if key in table:
                raise data_error(path, line, f"dit besluit staat er al op regel {table[key].line}. Laat er één staan.")
            table[key] = decision
        return cls(str(path), by_fingerprint, by_page_rule, _file_sha1(path))

    def judge(self, fingerprint: str, url: str, rule_id: str, text: str | None) -> Judgement | None:
        """The decision about one finding, if any: settled, or back for review when the text changed."""
        decision = self.by_fingerprint.get(fingerprint) or self.by_page_rule.get((page_key(url), rule_id))
        if decision is None:
            return None
        changed = bool(decision.text) and bool(text) and decision.text != text
        return Judgement(REVIEW if changed else decision.verdict, decision)

    def split(self, url: str, text: str | None, findings: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The findings of one page as (open, settled); judged findings carry the decision's fields."""
        still_open: list[dict[str, Any]] = []
        settled: list[dict[str, Any]] = []
        for finding in findings:
            if not self:
                still_open.append(finding)
                continue
            fingerprint = finding_fingerprint(finding["rule_id"], url, str(finding.get("evidence") or ""))
            judgement = self.judge(fingerprint, url, finding["rule_id"], text)
            if judgement is None:
                still_open.append(finding)
            else:
                (settled if judgement.settled else still_open).append({**finding, **judgement.fields()})
        return still_open, settled

    def unused(self, fingerprints: Collection[str], page_rules: Collection[tuple[str, str]]) -> list[Decision]:
        """The decisions that match no finding of a crawl (fixed since, or the page moved), in file order."""
        pages = {(page_key(url), rule_id) for url, rule_id in page_rules}
        left = [d for key, d in self.by_fingerprint.items() if key not in fingerprints]
        left += [d for key, d in self.by_page_rule.items() if key not in pages]
        return sorted(left, key=lambda decision: decision.line)

    def to_dict(self) -> dict[str, Any]:
        """What is stored with the crawl, so a result can be traced to the file that settled it."""
        return {"source": self.source, "decisions": len(self), "sha1": self.sha1}


def page_key(url: str) -> str:
    """A page address as decisions compare it: without a trailing slash."""
    return url.strip().rstrip("/")


def decision_line(fingerprint: str, text: str | None, verdict: str = ACCEPTED) -> str:
    """The line to add to the decisions file to settle one finding (reason and name still to fill in)."""
    # Quoted: a code of only digits would otherwise be read as a number.
    tekst = f', tekst: "{text}"' if text else ""
    return f'- {{bevinding: "{fingerprint}"{tekst}, besluit: {verdict}, reden: "", door: ""}}'


def find_decisions_file(explicit: Path | None, profile: Path | None, db_path: Path) -> Path | None:
    """The decisions file to apply: the one given, else besluiten.yml beside the profile (or the database)."""
    if explicit is not None:
        return explicit
    folder = Path(profile).parent if profile is not None else Path(db_path).parent
    candidate = folder / DECISIONS_FILE
    return candidate if candidate.is_file() else None


def load_decisions(path: Path | None, known_rules: Collection[str] = ()) -> Decisions:
    """The decisions in ``path``, or none when there is no file."""
    return Decisions.load(path, known_rules) if path is not None else Decisions()


def _decision(item: Any, path: Path, line: int, known_rules: Collection[str]) -> Decision:
    """One checked decision from one list item."""
    if not isinstance(item, LineDict):
        raise data_error(path, line, "een besluit is een mapping, bijvoorbeeld {bevinding: ..., besluit: geaccepteerd, reden: ..., door: ...}.")
    for key in item:
        if key not in KEYS:
            raise data_error(path, item.line_of(key), f"onbekende sleutel '{key}' (toegestaan: {', '.join(KEYS)}).")
    values = {key: _text(item.get(key)) for key in KEYS}
    if values["bevinding"] and (values["pagina"] or values["regel"]):
        raise data_error(path, line, "noem een bevinding óf een pagina met een regel, niet allebei.")
    if not values["bevinding"] and not (values["pagina"] and values["regel"]):
        raise data_error(path, line, "noem de bevinding (bevinding: ...) of de pagina en de regel (pagina: ..., regel: ...).")
    for key in ("bevinding", "tekst"):
        if values[key] and not _HEX16.match(values[key]):
            raise data_error(path, item.line_of(key), f"'{key}' is een code van 16 tekens (0-9, a-f) tussen aanhalingstekens, zoals Datasette hem geeft.")
    if values["regel"] and known_rules and values["regel"] not in known_rules:
        raise data_error(path, item.line_of("regel"), f"onbekende regel '{values['regel']}'. Zie de tabel 'rules' voor alle regel-id's.")
    if values["besluit"] not in VERDICTS:
        raise data_error(path, item.line_of("besluit"), f"besluit moet {' of '.join(VERDICTS)} zijn.")
    for key, what in (("reden", "waarom"), ("door", "wie dit besloot")):
        if not values[key]:
            raise data_error(path, item.line_of(key), f"vul bij '{key}' in {what}.")
    if values["datum"]:
        try:
            date.fromisoformat(values["datum"])
        except ValueError as error:
            raise data_error(path, item.line_of("datum"), "datum moet JJJJ-MM-DD zijn, bijvoorbeeld 2026-02-03.") from error
    return Decision(verdict=values["besluit"], reason=values["reden"], by=values["door"], source=str(path), line=line,
                    fingerprint=values["bevinding"], url=values["pagina"], rule_id=values["regel"], text=values["tekst"],
                    on=values["datum"])


def _text(value: Any) -> str:
    """A YAML value as trimmed text (a date as JJJJ-MM-DD; nothing as '')."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _file_sha1(path: Path) -> str:
    """The file's SHA-1, stored with the crawl."""
    return hashlib.sha1(Path(path).read_bytes()).hexdigest()
