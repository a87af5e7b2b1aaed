"""How a text addresses the reader: "u" (formal) or "je/jij/jouw" (informal), and whether it mixes them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class AddressRules:
    """The pronouns of formal and informal address (from ``rules/language/address.yml``)."""

    formal: frozenset[str]
    informal: frozenset[str]

    @classmethod
    def load(cls, path: Path) -> AddressRules:
        """Read the pronoun lists."""
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(frozenset(data["formal"]), frozenset(data["informal"]))


def address_of(words: list[str], rules: AddressRules) -> str:
    """"u", "je", "both" or "" for the lower-case words of one sentence."""
    formal = not rules.formal.isdisjoint(words)
    informal = not rules.informal.isdisjoint(words)
    if formal and informal:
        return "both"
    return "u" if formal else "je" if informal else ""


def page_address(per_sentence: list[str]) -> tuple[str, bool]:
    """The main form of address of a page ("u" or "je") and whether it mixes both."""
    formal = sum(1 for form in per_sentence if form in ("u", "both"))
    informal = sum(1 for form in per_sentence if form in ("je", "both"))
    main = "je" if informal > formal else "u" if formal else ""
    return main, bool(formal and informal)
