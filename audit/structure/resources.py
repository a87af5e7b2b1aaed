"""Load the structure area once per run: heading synonyms, norm patterns and settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from audit.structure.content import ContentRules
from audit.structure.sections import SectionsResult, detect_sections
from audit.structure.signals import NormPatterns
from audit.structure.vocabulary import SectionVocabulary
from wmebv.core.errors import UserError

if TYPE_CHECKING:
    from wmebv.core.page import ParsedPage


@dataclass(frozen=True)
class StructureSettings:
    """Tunable settings of the structure area (``rules/defaults/structure.yml``, profile ``structure:``)."""

    max_modified_age_days: int = 1095
    intro_min_chars: int = 40
    heading_max_words: int = 12
    dominant_min_share: float = 0.6
    dominant_min_pages: int = 3

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str = "structure") -> StructureSettings:
        """Build settings from a mapping, rejecting unknown keys with their source."""
        known = {item.name: item.type for item in fields(cls)}
        unknown = set(data) - set(known)
        if unknown:
            raise UserError(f"Onbekende instelling {sorted(unknown)} onder '{source}'. "
                            f"Bekende instellingen: {', '.join(sorted(known))}.")
        values: dict[str, Any] = {}
        for key, value in data.items():
            try:
                values[key] = float(value) if key == "dominant_min_share" else int(value)
            except (TypeError, ValueError) as error:
                raise UserError(f"De instelling '{key}' onder '{source}' moet een getal zijn, niet {value!r}.") from error
        return cls(**values)


def read_settings(rules_dir: Path, overrides: Mapping[str, Any]) -> StructureSettings:
    """Defaults from ``rules/defaults/structure.yml`` with the profile's overrides on top."""
    path = rules_dir / "defaults" / "structure.yml"
    defaults: dict[str, Any] = {}
    if path.exists():
        defaults = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if isinstance(overrides.get("structure"), Mapping):  # tolerate being handed the whole profile
        overrides = overrides["structure"]
    merged = {**StructureSettings.from_mapping(defaults, str(path)).__dict__, **dict(overrides)}
    return StructureSettings.from_mapping(merged)


@dataclass(frozen=True)
class StructureResources:
    """Everything section detection and the norm checks need, loaded once per run."""

    vocabulary: SectionVocabulary
    content: ContentRules
    norms: NormPatterns
    settings: StructureSettings

    def detect(self, parsed: ParsedPage) -> SectionsResult:
        """The sections of one page (present, headed, missing, order, headings, links in the main text)."""
        return detect_sections(parsed, self)

    @property
    def labels(self) -> dict[str, str]:
        """The usual heading per section id, for suggestions."""
        return dict(self.vocabulary.labels)


def load_structure_resources(rules_dir: Path, settings: Mapping[str, Any] | None = None) -> StructureResources:
    """Read ``rules/structure/*.yml`` and the structure settings once per run."""
    folder = rules_dir / "structure"
    if not (folder / "sections.yml").exists():
        raise UserError(f"De map {folder} mist sections.yml. Zet de regels voor de paginastructuur terug.")
    vocabulary = SectionVocabulary.load(folder / "sections.yml")
    return StructureResources(
        vocabulary=vocabulary,
        content=ContentRules.load(folder / "content.yml", vocabulary.section_ids),
        norms=NormPatterns.load(folder / "norms.yml"),
        settings=read_settings(rules_dir, settings or {}),
    )
