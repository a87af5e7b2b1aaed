"""What the language analysis finds: per-sentence detail and page measures, with the B1 verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from audit.language.officialese import OfficialeseMatch
from audit.language.passive import PassiveMatch


@dataclass(frozen=True)
class SentenceDetail:
    """One sentence (or list item or table cell) with what was measured in it."""

    index: int
    text: str
    kind: str  # "sentence" in running text, "list_item" or "cell"
    section: str  # the heading above it ("" before the first heading)
    words: int
    letter_words: int  # words made of letters: the base for syllables, rare and long words
    syllables: int
    split_advice: str
    long: bool
    rare_words: tuple[str, ...] = ()
    long_words: tuple[str, ...] = ()
    passive: PassiveMatch | None = None
    officialese: tuple[OfficialeseMatch, ...] = ()
    address: str = ""  # "u", "je", "both" or ""

    @property
    def location(self) -> str:
        """Where the sentence is, for a finding: section heading and sentence number."""
        return f"{self.section} (zin {self.index})" if self.section else f"zin {self.index}"

    def to_dict(self) -> dict[str, Any]:
        """The sentence as a plain dict for JSON."""
        return {
            "index": self.index, "text": self.text, "kind": self.kind, "section": self.section,
            "words": self.words, "long": self.long, "rare_words": list(self.rare_words),
            "long_words": list(self.long_words),
            "passive": ([self.passive.auxiliary, self.passive.participle] if self.passive else None),
            "officialese": [{"term": m.term, "found": m.found, "plain": m.plain, "sense": m.sense}
                            for m in self.officialese],
            "address": self.address,
        }


@dataclass(frozen=True)
class LanguageResult:
    """The language analysis of one page or draft."""

    measures: dict[str, float]
    sentences: tuple[SentenceDetail, ...]
    headings: tuple[str, ...]
    b1_ok: bool | None  # None: too short to judge
    level: str | None
    too_short: bool
    failed_limits: tuple[tuple[str, str, float, float], ...]  # (measure, max|min, limit, value)
    address: str  # main form of address: "u", "je" or ""
    mixed_address: bool
    source: str  # where the text came from: "content", "readability", "body" or "text"
    norm: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, with_sentences: bool = False) -> dict[str, Any]:
        """The result as a plain dict: verdict, level, measures (and the sentences on request)."""
        data: dict[str, Any] = {
            "b1_ok": self.b1_ok, "level": self.level, "too_short": self.too_short,
            **self.measures,
            "failed_limits": [{"measure": m, "bound": b, "limit": limit, "value": value}
                              for m, b, limit, value in self.failed_limits],
            "address": self.address, "mixed_address": self.mixed_address,
            "text_source": self.source,
        }
        if with_sentences:
            data["sentence_detail"] = [sentence.to_dict() for sentence in self.sentences]
        return data
