"""A municipality's norm profile: switch rules off, change severities, tune thresholds.

The defaults per area live in ``rules/defaults/<area>.yml``; a profile file (``--profile FILE``)
has the top-level keys ``name``, ``rules`` and any of the areas, deep-merged over the defaults.
Unknown keys are refused with file and line, so a typo never silently keeps the default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.rules import SEVERITIES, Rule
from wmebv.core.yamllines import LineDict, data_error, line_in, load_yaml, plain

RULE_OVERRIDE_KEYS = frozenset({"enabled", "severity", "params"})
# The folder with the municipality's own rule files, relative to the profile (see wmebv.core.rulefiles).
RULES_DIR_KEY = "rules_dir"


@dataclass(frozen=True)
class Profile:
    """The settings one audit runs with: the merged area settings and the rule overrides."""

    name: str = "standaard"
    settings: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    rule_overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    source: str = ""

    def area(self, name: str) -> Mapping[str, Any]:
        """The merged settings of one area (``channels``, ``language``, ``structure``)."""
        return self.settings.get(name, {})

    def to_dict(self) -> dict[str, Any]:
        """The profile as plain data, stored with the crawl so results stay comparable."""
        return {"name": self.name, "source": self.source, "rules": plain(self.rule_overrides), **plain(dict(self.settings))}


def load_defaults(rules_dir: Path) -> dict[str, dict[str, Any]]:
    """The default settings of every area, from ``rules/defaults/*.yml``."""
    defaults: dict[str, dict[str, Any]] = {}
    for path in sorted((rules_dir / "defaults").glob("*.yml")):
        data = load_yaml(path) or {}
        if not isinstance(data, dict):
            raise data_error(path, getattr(data, "line", 1), "verwacht een mapping met instellingen.")
        defaults[path.stem] = plain(data)
    return defaults


def load_profile(path: Path | None, rules_dir: Path) -> Profile:
    """The defaults, with the profile file (if any) merged over them."""
    defaults = load_defaults(rules_dir)
    if path is None:
        return Profile(settings=defaults)
    data = load_yaml(Path(path)) or LineDict()
    if not isinstance(data, LineDict):
        raise data_error(Path(path), getattr(data, "line", 1), "een profiel is een mapping (name, rules, channels, ...).")
    allowed = {"name", "rules", RULES_DIR_KEY, *defaults}
    for key in data:
        if key not in allowed:
            raise data_error(Path(path), data.line_of(key), f"onbekende sleutel '{key}' (toegestaan: {', '.join(sorted(allowed))}).")
    settings = {
        area: merge_settings(values, data.get(area) or {}, Path(path), area) for area, values in defaults.items()
    }
    overrides = data.get("rules") or LineDict()
    if not isinstance(overrides, dict):
        raise data_error(Path(path), data.line_of("rules"), "'rules' moet een mapping zijn: per regel-id de wijzigingen.")
    for rule_id, override in overrides.items():
        line = line_in(overrides, rule_id)
        if not isinstance(override, dict):
            raise data_error(Path(path), line, f"bij '{rule_id}' hoort een mapping (enabled, severity, params).")
        for key in override:
            if key not in RULE_OVERRIDE_KEYS:
                raise data_error(Path(path), line_in(override, key, line), f"onbekende sleutel '{key}' bij '{rule_id}' (toegestaan: enabled, severity, params).")
        if "severity" in override and override["severity"] not in SEVERITIES:
            raise data_error(Path(path), line_in(override, "severity", line), "ernst moet hoog, midden of laag zijn.")
    return Profile(
        name=str(data.get("name") or Path(path).stem),
        settings=settings,
        rule_overrides=overrides,
        source=str(path),
    )


def own_rules_dir(path: Path | None) -> Path | None:
    """The profile's folder of own rule files (``rules_dir:``, relative to the profile's folder), or None."""
    if path is None:
        return None
    data = load_yaml(Path(path))
    if not isinstance(data, LineDict) or not data.get(RULES_DIR_KEY):
        return None
    value = data[RULES_DIR_KEY]
    if not isinstance(value, str):
        raise data_error(Path(path), data.line_of(RULES_DIR_KEY), "'rules_dir' is het pad van een map, bijvoorbeeld 'regels'.")
    folder = Path(value).expanduser()
    return folder if folder.is_absolute() else (Path(path).parent / folder).resolve()


def merge_settings(defaults: Any, override: Any, path: Path, where: str) -> Any:
    """Deep-merge ``override`` over ``defaults``; a key the defaults lack is an error."""
    if not isinstance(override, dict):
        return plain(override)
    if not isinstance(defaults, dict):
        raise data_error(path, getattr(override, "line", 1), f"bij '{where}' hoort een waarde, geen mapping.")
    merged = dict(defaults)
    for key, value in override.items():
        # An empty default mapping is open: the municipality fills it in (for example extra hosts).
        if defaults and key not in defaults:
            line = override.line_of(key) if isinstance(override, LineDict) else 1
            raise data_error(path, line, f"onbekende instelling '{where}.{key}' (bekend: {', '.join(sorted(defaults))}).")
        merged[key] = merge_settings(defaults.get(key, {}), value, path, f"{where}.{key}") if isinstance(value, dict) else plain(value)
    return merged


def apply_profile(rules: list[Rule], profile: Profile) -> list[Rule]:
    """The rules with the profile's overrides; an override of an unknown rule is an error."""
    by_id = {rule.id: rule for rule in rules}
    path = Path(profile.source or "profiel")
    for rule_id, override in profile.rule_overrides.items():
        if rule_id not in by_id:
            line = profile.rule_overrides.line_of(rule_id) if isinstance(profile.rule_overrides, LineDict) else 1
            raise data_error(path, line, f"onbekende regel '{rule_id}'. Zie de tabel 'rules' voor alle regel-id's.")
        rule = by_id[rule_id]
        unknown = [key for key in (override.get("params") or {}) if key not in rule.params]
        if unknown:
            line = override.line_of("params") if isinstance(override, LineDict) else 1
            raise data_error(path, line, f"regel '{rule_id}' kent de instelling '{unknown[0]}' niet (bekend: {', '.join(sorted(rule.params)) or 'geen'}).")
    return [rule.with_overrides(profile.rule_overrides.get(rule.id, {})) for rule in rules]
