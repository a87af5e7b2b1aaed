"""The norm profile: thresholds that decide whether a page is at B1 and which level it is estimated at."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wmebv.core.errors import UserError

# What the limits may be about: the page measures of LanguageResult (see docs/b1.md).
MEASURES = ("avg_sentence_words", "long_sentence_share", "flesch_douma", "rare_word_share",
            "long_word_share", "passive_share", "officialese_per_100_words")


@dataclass(frozen=True)
class Limit:
    """One limit of a level: a measure with a maximum or minimum value."""

    measure: str
    bound: str  # "max" or "min"
    value: float

    def holds(self, measures: Mapping[str, float]) -> bool:
        """True when the page's measure is within this limit."""
        actual = measures[self.measure]
        return actual <= self.value if self.bound == "max" else actual >= self.value


@dataclass(frozen=True)
class Level:
    """A language level (A2, B1, B2, ...) with the limits a page must meet to be at it."""

    name: str
    limits: tuple[Limit, ...]

    def failed(self, measures: Mapping[str, float]) -> list[Limit]:
        """The limits of this level the page does not meet."""
        return [limit for limit in self.limits if not limit.holds(measures)]


@dataclass(frozen=True)
class NormProfile:
    """All thresholds of the language audit, from ``rules/defaults/language.yml`` and a profile."""

    min_words: int
    long_sentence_words: int
    long_word_syllables: int
    rare_word_zipf: float
    compound_part_zipf: float
    target_level: str
    levels: tuple[Level, ...]
    above_levels: str
    settings: Mapping[str, Any]

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> NormProfile:
        """Build the profile from the merged `language:` settings; reject unknown measures."""
        levels = []
        for name, raw_limits in settings["levels"].items():
            limits = []
            for key, value in (raw_limits or {}).items():
                bound, _, measure = key.partition("_")
                if bound not in ("max", "min") or measure not in MEASURES:
                    raise UserError(f"Onbekende taalgrens '{key}' bij niveau {name}. "
                                    f"Gebruik max_ of min_ met een van: {', '.join(MEASURES)}.")
                if value is not None:  # a profile may switch a limit off with ~
                    limits.append(Limit(measure, bound, float(value)))
            levels.append(Level(str(name), tuple(limits)))
        profile = cls(
            min_words=int(settings["min_words"]),
            long_sentence_words=int(settings["long_sentence_words"]),
            long_word_syllables=int(settings["long_word_syllables"]),
            rare_word_zipf=float(settings["rare_word_zipf"]),
            compound_part_zipf=float(settings["compound_part_zipf"]),
            target_level=str(settings["target_level"]),
            levels=tuple(levels),
            above_levels=str(settings["above_levels"]),
            settings=settings,
        )
        if profile.target_level not in [level.name for level in profile.levels]:
            raise UserError(f"Taalniveau '{profile.target_level}' staat niet in de lijst levels.")
        return profile

    def target(self) -> Level:
        """The level a page must reach (B1 by default)."""
        return next(level for level in self.levels if level.name == self.target_level)

    def estimate(self, measures: Mapping[str, float]) -> tuple[str, bool]:
        """The estimated level (first level whose limits all hold) and whether it reaches the target."""
        names = [level.name for level in self.levels]
        for level in self.levels:
            if not level.failed(measures):
                return level.name, names.index(level.name) <= names.index(self.target_level)
        return self.above_levels, False
