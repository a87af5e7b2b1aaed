"""Which cluster (department) a product page belongs to, from the mapping in ``rules/clusters.yml``."""

from __future__ import annotations

import re
from typing import Any

WORD_RE = re.compile(r"[a-z0-9\u00c0-\u024f]+(?:-[a-z0-9\u00c0-\u024f]+)*")


def _slug(text: str) -> str:
    """'Werk en inkomen' -> 'werk-en-inkomen'."""
    return "-".join(WORD_RE.findall(text.lower()))


def _by_segments(segments: list[str], mapping: dict[str, list[str]]) -> str | None:
    """The cluster of the deepest segment that is (or whose first word is) a keyword of a cluster."""
    for segment in reversed(segments):
        for candidate in (segment, segment.split("-")[0]):
            for cluster, keywords in mapping.items():
                if candidate in keywords:
                    return cluster
    return None


def _by_words(text: str, mapping: dict[str, list[str]]) -> tuple[str, str] | None:
    """The cluster and keyword of the first keyword occurring in the text (longest keywords first)."""
    lowered = text.lower()
    pairs = sorted(((kw.lower(), c) for c, kws in mapping.items() for kw in kws), key=lambda p: -len(p[0]))
    for keyword, cluster in pairs:
        if keyword in lowered:
            return cluster, keyword
    return None


def assign_cluster(path: str, breadcrumb: tuple[str, ...], upl_name: str | None, title: str, rules: dict[str, Any]) -> tuple[str, str]:
    """(cluster id, Dutch reason): URL path first, then breadcrumb, UPL name, title, else the default."""
    paths: dict[str, list[str]] = rules.get("paths") or {}
    names: dict[str, list[str]] = rules.get("names") or {}
    segments = [s for s in path.lower().split("/") if s][:-1]  # the last segment is the product itself
    cluster = _by_segments(segments, paths)
    if cluster:
        return cluster, f"adres ({path})"
    cluster = _by_segments([_slug(item) for item in breadcrumb[:-1]], paths)
    if cluster:
        return cluster, f"kruimelpad ({' > '.join(breadcrumb)})"
    if upl_name:
        found = _by_words(upl_name, names)
        if found:
            return found[0], f"UPL-naam '{upl_name}' bevat '{found[1]}'"
    found = _by_words(title, names)
    if found:
        return found[0], f"titel bevat '{found[1]}'"
    default = str(rules.get("default", "burgerzaken"))
    return default, "standaardcluster (geen kenmerk gevonden)"
