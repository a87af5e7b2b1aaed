"""The site as its own norm: the dominant section structure and the pages that deviate from it."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import mean
from typing import Any

from audit.facts import Finding
from audit.structure.vocabulary import SECTION_IDS

RULE_ID = "structuur.afwijkend-patroon"


def _label(section_id: str, labels: Mapping[str, str]) -> str:
    """A section's name for a web editor: its usual heading, else its id in words."""
    return labels.get(section_id) or section_id.replace("_", " ")


@dataclass(frozen=True)
class PageDeviation:
    """How one page differs from the site's dominant structure, and what to do."""

    url: str
    missing: tuple[str, ...]
    rare: tuple[str, ...]
    order_differs: bool
    advice: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The deviation as plain data."""
        return {"url": self.url, "missing": list(self.missing), "rare": list(self.rare),
                "order_differs": self.order_differs, "advice": list(self.advice)}


@dataclass(frozen=True)
class SiteStructureReport:
    """The dominant structure of a site's product pages and the pages that deviate."""

    page_count: int
    dominant: tuple[str, ...]
    share: dict[str, float]
    groups: list[dict[str, Any]]
    deviations: dict[str, PageDeviation] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data for JSON and the store."""
        return {
            "page_count": self.page_count, "dominant": list(self.dominant),
            "share": {key: round(value, 3) for key, value in self.share.items()},
            "groups": self.groups, "note": self.note,
            "deviations": [deviation.to_dict() for deviation in self.deviations.values()],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> SiteStructureReport:
        """Rebuild a report from ``to_dict()`` output (as stored, or written in a rule example)."""
        deviations = {item["url"]: PageDeviation(url=item["url"], missing=tuple(item.get("missing", ())),
                                                 rare=tuple(item.get("rare", ())),
                                                 order_differs=bool(item.get("order_differs")),
                                                 advice=tuple(item.get("advice", ())))
                      for item in data.get("deviations") or []}
        return cls(page_count=int(data.get("page_count", 0)), dominant=tuple(data.get("dominant") or ()),
                   share={key: float(value) for key, value in (data.get("share") or {}).items()},
                   groups=list(data.get("groups") or []), deviations=deviations,
                   labels=dict(labels or data.get("labels") or {}), note=str(data.get("note", "")))

    def deviation_for(self, url: str, order: Sequence[str], unmapped: Sequence[str] = (),
                      min_share: float = 0.6) -> PageDeviation | None:
        """How a page deviates: the stored answer, else computed from its section order."""
        if url in self.deviations:
            return self.deviations[url]
        if not self.dominant:
            return None
        return _deviation(url, order, self.dominant, self.share, 1.0 - min_share, self.labels, unmapped)

    def findings(self, url: str, order: Sequence[str] | None = None, unmapped: Sequence[str] = ()) -> list[Finding]:
        """The structuur.afwijkend-patroon findings for one page (empty when it follows the norm)."""
        deviation = self.deviations.get(url) if order is None else self.deviation_for(url, order, unmapped)
        if deviation is None:
            return []
        expected = ", ".join(_label(section_id, self.labels) for section_id in self.dominant)
        return [Finding(rule_id=RULE_ID, family="structuur",
                        message="Deze pagina is anders opgebouwd dan de meeste productpagina's van de website.",
                        evidence=f"Gebruikelijke opbouw: {expected}.", suggestion=advice,
                        location="hele pagina") for advice in deviation.advice]

    def to_text(self) -> str:
        """A short Dutch summary to print after a crawl."""
        if not self.dominant:
            return self.note or "Geen gebruikelijke opbouw gevonden."
        lines = [f"Gebruikelijke opbouw van {self.page_count} productpagina's: "
                 + " > ".join(_label(section_id, self.labels) for section_id in self.dominant),
                 f"Pagina's die afwijken: {len(self.deviations)}"]
        for deviation in self.deviations.values():
            lines.append(f"- {deviation.url}")
            lines.extend(f"    {advice}" for advice in deviation.advice)
        return "\n".join(lines)


def _dominant_order(patterns: Mapping[str, Sequence[str]], members: set[str]) -> tuple[str, ...]:
    """The usual order of the dominant sections: by their average relative position on the pages."""
    positions: dict[str, list[float]] = defaultdict(list)
    for order in patterns.values():
        kept = [section_id for section_id in order if section_id in members]
        for index, section_id in enumerate(kept):
            positions[section_id].append(index / max(len(kept) - 1, 1))
    canonical = {section_id: index for index, section_id in enumerate(SECTION_IDS)}
    return tuple(sorted(members, key=lambda s: (mean(positions[s]) if positions[s] else 1.0, canonical.get(s, 99))))


def _deviation(url: str, order: Sequence[str], dominant: tuple[str, ...], share: Mapping[str, float],
               rare_share: float, labels: Mapping[str, str], unmapped: Sequence[str]) -> PageDeviation | None:
    """What one page should change to follow the dominant structure, or None."""
    present = list(dict.fromkeys(order))
    missing = tuple(section_id for section_id in dominant if section_id not in present)
    rare = tuple(section_id for section_id in present if share.get(section_id, 0.0) < rare_share)
    shared = [section_id for section_id in present if section_id in dominant]
    order_differs = shared != [section_id for section_id in dominant if section_id in shared]
    if not (missing or order_differs):
        return None
    advice: list[str] = []
    for section_id in missing:
        percent = round(share.get(section_id, 0.0) * 100)
        advice.append(f"Voeg het deel '{_label(section_id, labels)}' toe: {percent}% van de productpagina's heeft het.")
    if missing and unmapped:
        advice.append("Of geef een bestaande kop een gebruikelijke naam. Koppen die nu niet herkend worden: "
                      + ", ".join(f"'{heading}'" for heading in unmapped[:4]) + ".")
    if order_differs:
        advice.append("Zet de delen in de gebruikelijke volgorde: "
                      + " > ".join(_label(section_id, labels) for section_id in dominant if section_id in shared) + ".")
    for section_id in rare:
        advice.append(f"Het deel '{_label(section_id, labels)}' staat op weinig andere pagina's. Past het hier? "
                      "Laat het dan staan.")
    return PageDeviation(url=url, missing=missing, rare=rare, order_differs=order_differs, advice=tuple(advice))


def dominant_structure(patterns: Mapping[str, Sequence[str]], *, min_share: float = 0.6, min_pages: int = 3,
                       labels: Mapping[str, str] | None = None,
                       unmapped: Mapping[str, Sequence[str]] | None = None) -> SiteStructureReport:
    """Group product pages by their section order, name the dominant structure and the pages that deviate."""
    labels = dict(labels or {})
    count = len(patterns)
    groups_counter = Counter(tuple(order) for order in patterns.values())
    groups = [{"sections": list(key), "pages": number, "urls": sorted(url for url, order in patterns.items()
                                                                     if tuple(order) == key)[:20]}
              for key, number in groups_counter.most_common()]
    if count < min_pages:
        return SiteStructureReport(page_count=count, dominant=(), share={}, groups=groups, labels=labels,
                                   note=f"Te weinig productpagina's ({count}) om een gebruikelijke opbouw te bepalen.")
    having = Counter(section_id for order in patterns.values() for section_id in set(order))
    share = {section_id: having[section_id] / count for section_id in SECTION_IDS if having[section_id]}
    members = {section_id for section_id, value in share.items() if value >= min_share}
    dominant = _dominant_order(patterns, members)
    rare_share = 1.0 - min_share
    deviations = {}
    for url, order in sorted(patterns.items()):
        deviation = _deviation(url, order, dominant, share, rare_share, labels, (unmapped or {}).get(url, ()))
        if deviation is not None:
            deviations[url] = deviation
    return SiteStructureReport(page_count=count, dominant=dominant, share=share, groups=groups,
                               deviations=deviations, labels=labels)
