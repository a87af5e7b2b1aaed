"""Site configuration: the defaults in ``rules/site.yml`` and ``rules/clusters.yml`` plus a site's own file."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from wmebv.core.errors import UserError
from wmebv.core.paths import rules_dir
from wmebv.core.yamllines import safe_load

SITE_KEYS = {"crawl", "recognition", "clusters", "replace"}


@dataclass(frozen=True)
class SiteConfig:
    """The merged configuration of one crawl, with its patterns compiled."""

    crawl: dict[str, Any]
    recognition: dict[str, Any]
    clusters: dict[str, Any]
    skip_patterns: tuple[re.Pattern[str], ...]
    product_patterns: tuple[re.Pattern[str], ...]
    non_product_patterns: tuple[re.Pattern[str], ...]

    @cached_property
    def document_extensions(self) -> frozenset[str]:
        """File extensions of documents (recorded, not parsed)."""
        return frozenset(e.lower() for e in self.crawl.get("document_extensions", ()))

    @cached_property
    def skip_extensions(self) -> frozenset[str]:
        """File extensions that are never fetched."""
        return frozenset(e.lower() for e in self.crawl.get("skip_extensions", ()))


def _read_yaml(path: Path) -> dict[str, Any]:
    """Read one YAML file as a dict, with a Dutch error that names the file."""
    data = safe_load(path) or {}
    if not isinstance(data, dict):
        raise UserError(f"Het bestand {path} moet sleutels met waarden bevatten (YAML-mapping).")
    return data


def merge(base: dict[str, Any], extra: dict[str, Any], replace: frozenset[str] = frozenset(), prefix: str = "") -> dict[str, Any]:
    """Merge ``extra`` into a copy of ``base``: dicts recursively, lists appended unless listed in ``replace``."""
    merged = copy.deepcopy(base)
    for key, value in extra.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value, replace, f"{dotted}.")
        elif isinstance(value, list) and isinstance(merged.get(key), list) and dotted not in replace:
            merged[key] = merged[key] + [item for item in value if item not in merged[key]]
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _compile(patterns: list[str], source: str) -> tuple[re.Pattern[str], ...]:
    """Compile URL patterns case-insensitively; a bad pattern is a UserError naming it."""
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as error:
            raise UserError(f"Ongeldig patroon '{pattern}' in {source}: {error}") from error
    return tuple(compiled)


def load_site_config(site_file: str | Path | None = None, rules: Path | None = None) -> SiteConfig:
    """Load the defaults and merge the site's own configuration file (if given)."""
    folder = rules or rules_dir()
    base = _read_yaml(folder / "site.yml")
    base["clusters"] = _read_yaml(folder / "clusters.yml")
    source = str(folder / "site.yml")
    if site_file:
        path = Path(site_file)
        extra = _read_yaml(path)
        unknown = set(extra) - SITE_KEYS
        if unknown:
            raise UserError(
                f"Onbekende sleutel(s) {', '.join(sorted(unknown))} in {path}. "
                f"Toegestaan: {', '.join(sorted(SITE_KEYS))}."
            )
        replace = frozenset(extra.pop("replace", None) or ())
        base = merge(base, extra, replace)
        source = f"{source} of {path}"
    crawl, recognition = base.get("crawl") or {}, base.get("recognition") or {}
    return SiteConfig(
        crawl=crawl,
        recognition=recognition,
        clusters=base["clusters"],
        skip_patterns=_compile(crawl.get("skip_url_patterns") or [], source),
        product_patterns=_compile(recognition.get("product_url_patterns") or [], source),
        non_product_patterns=_compile(recognition.get("non_product_url_patterns") or [], source),
    )
