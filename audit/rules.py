"""Load the rules (``rules/checks/*.yml``): data that extends a fixed set of check kinds.

The loader is strict on purpose: an unknown kind, an unknown key, a missing text or a rule
without a passing and a failing example is refused, naming the file and the line, so a typo in
a rule file can never silently switch a check off.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit.facts import Finding
from audit.templates import TemplateError, fill, placeholders
from wmebv.core.yamllines import LineDict, data_error, load_yaml, plain

if TYPE_CHECKING:
    from audit.checks.kind import CheckKind

SEVERITIES = ("hoog", "midden", "laag")
APPLIES_TO = ("product", "all")
FAMILIES = ("kanaal", "taal", "structuur", "norm")
RULE_KEYS = frozenset(
    {"id", "family", "kind", "severity", "title", "message", "why", "fix", "params", "applies_to", "examples", "texts"}
)
TEXT_KEYS = frozenset({"message", "fix"})
REQUIRED_KEYS = ("id", "family", "kind", "severity", "title", "message", "why", "fix")
EXAMPLE_KEYS = frozenset({"expect", "html", "text", "upl", "today", "sc", "link_status", "url", "note"})


@dataclass(frozen=True)
class Example:
    """A page on which a rule must pass or fail; run by the one parametrized rule test."""

    expect: str
    html: str = ""
    text: str = ""
    upl: Mapping[str, Any] | None = None
    today: date | None = None
    sc: Mapping[str, Any] | None = None
    link_status: Mapping[str, str] | None = None
    url: str = "https://www.voorbeeldstad.nl/product"
    note: str = ""
    line: int = 0


@dataclass(frozen=True)
class CaseTexts:
    """The texts of one case a check reports, as templates with named placeholders (empty: the rule's own)."""

    message: str = ""
    fix: str = ""


@dataclass(frozen=True)
class Rule:
    """One rule: which check kind it uses with which parameters, and the texts users read."""

    id: str
    family: str
    kind: str
    severity: str
    title: str
    message: str
    why: str
    fix: str
    params: Mapping[str, Any] = field(default_factory=dict)
    applies_to: str = "product"
    examples: tuple[Example, ...] = ()
    texts: Mapping[str, CaseTexts] = field(default_factory=dict)
    source: str = ""
    line: int = 0
    enabled: bool = True

    def with_overrides(self, override: Mapping[str, Any]) -> Rule:
        """A copy with a profile's changes applied (enabled, severity, params)."""
        params = {**self.params, **dict(override.get("params") or {})}
        return replace(
            self,
            enabled=bool(override.get("enabled", self.enabled)),
            severity=str(override.get("severity", self.severity)),
            params=params,
        )

    def message_and_fix(self, finding: Finding) -> tuple[str, str]:
        """A finding's message and suggestion: its own, else its case's texts filled in, else the rule's."""
        texts = self.texts.get(finding.case, CaseTexts())
        message = finding.message or (fill(texts.message, finding.values) if texts.message else self.message)
        fix = finding.suggestion or (fill(texts.fix, finding.values) if texts.fix else self.fix)
        return message, fix

    def to_row(self) -> dict[str, Any]:
        """The rule as a row of the ``rules`` table."""
        return {
            "id": self.id,
            "family": self.family,
            "kind": self.kind,
            "severity": self.severity,
            "title": self.title,
            "message": self.message,
            "why": self.why,
            "fix": self.fix,
            "enabled": int(self.enabled),
            "applies_to": self.applies_to,
        }


def rule_files(rules_dir: Path) -> list[Path]:
    """The rule files, in a stable order."""
    return sorted((rules_dir / "checks").glob("*.yml"))


def load_rules(rules_dir: Path, kinds: Mapping[str, CheckKind]) -> list[Rule]:
    """Read and validate every rule file; refuse unknown kinds and keys with file and line."""
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in rule_files(rules_dir):
        for rule in load_rule_file(path, kinds):
            if rule.id in seen:
                raise data_error(path, rule.line, f"de regel '{rule.id}' bestaat al in {seen[rule.id]}.")
            seen[rule.id] = f"{path.name}, regel {rule.line}"
            rules.append(rule)
    return rules


def load_rule_file(path: Path, kinds: Mapping[str, CheckKind]) -> list[Rule]:
    """Read one rule file: a list of rules, or a mapping with the key ``rules``."""
    data = load_yaml(path)
    if isinstance(data, LineDict):
        unknown = [key for key in data if key not in ("rules", "family")]
        if unknown:
            raise data_error(path, data.line_of(unknown[0]), f"onbekende sleutel '{unknown[0]}' (verwacht: rules).")
        data = data.get("rules")
    if data is None:
        return []
    if not isinstance(data, list):
        raise data_error(path, getattr(data, "line", 1), "verwacht een lijst met regels onder 'rules:'.")
    return [_parse_rule(path, item, kinds) for item in data]


def _parse_rule(path: Path, item: Any, kinds: Mapping[str, CheckKind]) -> Rule:
    """Validate one rule mapping and build the Rule."""
    if not isinstance(item, LineDict):
        raise data_error(path, getattr(item, "line", 1), "een regel moet een mapping zijn (id, kind, ...).")
    for key in item:
        if key not in RULE_KEYS:
            allowed = ", ".join(sorted(RULE_KEYS))
            raise data_error(path, item.line_of(key), f"onbekende sleutel '{key}' (toegestaan: {allowed}).")
    for key in REQUIRED_KEYS:
        if not str(item.get(key) or "").strip():
            raise data_error(path, item.line, f"de regel mist '{key}'.")
    rule_id, family = str(item["id"]), str(item["family"])
    if family not in FAMILIES:
        raise data_error(path, item.line_of("family"), f"onbekende familie '{family}' (toegestaan: {', '.join(FAMILIES)}).")
    if not rule_id.startswith(f"{family}."):
        raise data_error(path, item.line_of("id"), f"de id '{rule_id}' moet beginnen met '{family}.'.")
    if item["kind"] not in kinds:
        raise data_error(
            path, item.line_of("kind"), f"onbekend soort controle (kind) '{item['kind']}' (bekend: {', '.join(sorted(kinds))})."
        )
    if item["severity"] not in SEVERITIES:
        raise data_error(path, item.line_of("severity"), f"ernst '{item['severity']}' moet hoog, midden of laag zijn.")
    applies_to = str(item.get("applies_to", "product"))
    if applies_to not in APPLIES_TO:
        raise data_error(path, item.line_of("applies_to"), "applies_to moet 'product' of 'all' zijn.")
    params = item.get("params") or {}
    if not isinstance(params, dict):
        raise data_error(path, item.line_of("params"), "params moet een mapping zijn.")
    for key in ("message", "fix"):
        _check_template(path, item.line_of(key), str(item[key]), frozenset())
    texts = _parse_texts(path, item, kinds[str(item["kind"])])
    examples = tuple(_parse_example(path, example) for example in item.get("examples") or [])
    expects = {example.expect for example in examples}
    if not {"pass", "fail"} <= expects:
        raise data_error(path, item.line, f"de regel '{rule_id}' heeft minstens één voorbeeld 'pass' en één 'fail' nodig.")
    return Rule(
        id=rule_id,
        family=family,
        kind=str(item["kind"]),
        severity=str(item["severity"]),
        title=str(item["title"]).strip(),
        message=str(item["message"]).strip(),
        why=str(item["why"]).strip(),
        fix=str(item["fix"]).strip(),
        params=plain(params),
        applies_to=applies_to,
        examples=examples,
        texts=texts,
        source=str(path),
        line=item.line,
    )


def _parse_texts(path: Path, item: LineDict, kind: CheckKind) -> dict[str, CaseTexts]:
    """The rule's texts per case of its check kind; each placeholder must be one the kind fills in for that case."""
    data = item.get("texts")
    if data is None:
        return {}
    if not isinstance(data, LineDict):
        raise data_error(path, item.line_of("texts"), "texts moet een mapping zijn: per geval een message en/of fix.")
    texts: dict[str, CaseTexts] = {}
    for case, entry in data.items():
        if case not in kind.cases:
            known = ", ".join(sorted(kind.cases)) or "geen"
            raise data_error(path, data.line_of(case), f"onbekend geval '{case}' onder texts (bekend bij kind '{item['kind']}': {known}).")
        if not isinstance(entry, LineDict) or not entry or any(key not in TEXT_KEYS for key in entry):
            raise data_error(path, data.line_of(case), f"het geval '{case}' heeft een message en/of fix nodig (en verder niets).")
        for key in entry:
            _check_template(path, entry.line_of(key), str(entry[key]), kind.cases[case], case)
        texts[str(case)] = CaseTexts(message=str(entry.get("message") or "").strip(), fix=str(entry.get("fix") or "").strip())
    return texts


def _check_template(path: Path, line: int, template: str, allowed: frozenset[str], case: str = "") -> None:
    """Refuse a malformed template, or a placeholder the check kind does not fill in, naming file and line."""
    try:
        names = placeholders(template)
    except TemplateError as error:
        raise data_error(path, line, f"{error}.") from error
    unknown = sorted(names - allowed)
    if unknown:
        where = f"in het geval '{case}'" if case else "buiten texts"
        offered = ", ".join("{" + name + "}" for name in sorted(allowed)) or "geen"
        raise data_error(path, line, f"onbekende invulplek {{{unknown[0]}}} {where} (deze controle vult in: {offered}).")


def _parse_example(path: Path, item: Any) -> Example:
    """Validate one example of a rule."""
    if not isinstance(item, LineDict):
        raise data_error(path, getattr(item, "line", 1), "een voorbeeld moet een mapping zijn (expect, html, ...).")
    for key in item:
        if key not in EXAMPLE_KEYS:
            raise data_error(
                path, item.line_of(key), f"onbekende sleutel '{key}' in een voorbeeld (toegestaan: {', '.join(sorted(EXAMPLE_KEYS))})."
            )
    if item.get("expect") not in ("pass", "fail"):
        raise data_error(path, item.line_of("expect"), "expect moet 'pass' of 'fail' zijn.")
    if not (item.get("html") or item.get("text")):
        raise data_error(path, item.line, "een voorbeeld heeft 'html' of 'text' nodig.")
    today = item.get("today")
    if isinstance(today, str):
        try:
            today = date.fromisoformat(today)
        except ValueError as error:
            raise data_error(path, item.line_of("today"), f"'{today}' is geen datum (JJJJ-MM-DD).") from error
    return Example(
        expect=str(item["expect"]),
        html=str(item.get("html") or ""),
        text=str(item.get("text") or ""),
        upl=plain(item.get("upl")),
        today=today,
        sc=plain(item.get("sc")),
        link_status=plain(item.get("link_status")),
        url=str(item.get("url") or Example.url),
        note=str(item.get("note") or ""),
        line=item.line,
    )
