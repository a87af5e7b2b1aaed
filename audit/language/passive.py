"""Passive voice ("lijdende vorm"): a form of "worden" with a past participle in the same clause."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class PassiveMatch:
    """A passive clause: the auxiliary and the participle that make it passive."""

    auxiliary: str
    participle: str


@dataclass(frozen=True)
class PassiveRules:
    """The word lists behind the passive heuristic (from ``rules/language/passive.yml``)."""

    worden: frozenset[str]
    zijn: frozenset[str]
    agent: frozenset[str]
    clause_breaks: frozenset[str]
    irregular: frozenset[str]
    not_participles: frozenset[str]
    not_participle_endings: tuple[str, ...]
    participle: re.Pattern[str]
    # Decisions per word: the same words come back on every page.
    _participles: dict[str, bool] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def load(cls, path: Path) -> PassiveRules:
        """Read the passive word lists and build the participle pattern."""
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        particles = "|".join(sorted(data["separable_particles"], key=len, reverse=True))
        prefixes = "|".join(data["inseparable_prefixes"])
        pattern = re.compile(
            rf"^(?:{particles})?(?:ge[^\W\d_]{{2,}}(?:d|t|en)|(?:{prefixes})[^\W\d_]{{2,}}(?:d|t))$"
        )
        return cls(
            worden=frozenset(data["worden"]), zijn=frozenset(data["zijn"]),
            agent=frozenset(data["agent"]), clause_breaks=frozenset(data["clause_breaks"]),
            irregular=frozenset(data["irregular_participles"]),
            not_participles=frozenset(data["not_participles"]),
            not_participle_endings=tuple(data["not_participle_endings"]),
            participle=pattern,
        )

    def is_participle(self, word: str) -> bool:
        """True when a lower-case word looks like a past participle ("aangevraagd", "verstrekt")."""
        decision = self._participles.get(word)
        if decision is None:
            decision = self._participles[word] = self._looks_like_participle(word)
        return decision

    def _looks_like_participle(self, word: str) -> bool:
        """The participle test itself (see :meth:`is_participle`)."""
        if word in self.irregular:
            return True
        if word in self.not_participles or word.endswith(self.not_participle_endings):
            return False
        return self.participle.match(word) is not None


def clauses(words: list[str], breaks: frozenset[str]) -> list[list[str]]:
    """Split lower-case words (punctuation kept as ",") into clauses at commas and conjunctions."""
    parts: list[list[str]] = [[]]
    for word in words:
        if word in breaks:
            parts.append([])
        else:
            parts[-1].append(word)
    return [part for part in parts if part]


def find_passive(words: list[str], rules: PassiveRules) -> PassiveMatch | None:
    """The first passive clause in a sentence: worden + participle, or zijn + participle + door.

    `words` keep their case: a capitalised word inside the sentence is a name, not a participle.
    """
    for clause in clauses(words, rules.clause_breaks):
        participle = next((w for w in clause if w[:1].islower() and rules.is_participle(w)), None)
        if participle is None:
            continue
        clause = [w.lower() for w in clause]
        auxiliary = next((w for w in clause if w in rules.worden), None)
        if auxiliary is not None:
            return PassiveMatch(auxiliary, participle)
        auxiliary = next((w for w in clause if w in rules.zijn), None)
        if auxiliary is not None and rules.agent.intersection(clause):
            return PassiveMatch(auxiliary, participle)
    return None
