"""AnyOf runs a pattern only on texts that hold one of its required words: the answers must not change."""

from __future__ import annotations

import re

import pytest
import yaml

from audit.resources import load_resources
from wmebv.core.paths import rules_dir
from wmebv.core.regex import AnyOf
from wmebv.core.required import folded, required_words


@pytest.mark.parametrize(("pattern", "words"), [
    (r"\bonline\b", {"online"}),
    (r"\bkost(en)? (niets|geen)\b", {"kost niets", "kost geen", "kosten niets", "kosten geen"}),
    (r"\b(via|op|naar)\s+[a-z]{2,40}\.(?:nl|com)\b", {".nl", ".com"}),
    (r"^(?!.{0,80}\bniet\b).{0,80}?\bbalie\b", {"balie"}),
    (r"\b(vraag|vraagt)\b.{0,40}\baan\b", {"vraag", "vraagt"}),
    (r"(?-i:DigiD).{0,9}inloggen", {"inloggen"}),
])
def test_required_words(pattern: str, words: set[str]) -> None:
    assert required_words(re.compile(pattern, re.IGNORECASE)) == words


@pytest.mark.parametrize("pattern", [r"€|\d", r"\b\w+\b", r"[a-z]{3}", r"a|bcd", r"\bop\b"])
def test_no_required_words_when_a_match_needs_none(pattern: str) -> None:
    """A match without any word of three letters or more: the pattern runs on every text."""
    assert required_words(re.compile(pattern, re.IGNORECASE)) is None


def test_folding_follows_case_insensitive_matching() -> None:
    assert folded("Vraag het ONLINE aan") == "vraag het online aan"
    assert folded("Ruſt") == "rust" and folded("Vıa") == "via"
    assert folded("İnloggen") is None  # lowers to two characters: no look-up, every pattern runs


def _examples() -> list[str]:
    """Every example sentence written next to a pattern in the rules data, and their upper-case forms."""
    texts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("matches", "no_match") and isinstance(item, list):
                    texts.extend(str(text) for text in item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for name in ("channels/phrases.yml", "channels/texts.yml", "structure/content.yml", "text/drafts.yml"):
        walk(yaml.safe_load((rules_dir() / name).read_text(encoding="utf-8")))
    extra = ["Vraag het ONLİNE aan.", "U kunt dıt dıgıtaal regelen.", "De aanvraag ſtuurt u op.", "€ 25,00", ""]
    return texts + [text.upper() for text in texts] + extra


def test_gated_answers_equal_plain_searches() -> None:
    """For every pattern list the audit asks, on every example text: the same answer as searching each pattern."""
    resources = load_resources()
    channel = resources.channels.patterns
    lists = [group for _, group in channel._phrase_groups] + list(channel._text_groups.values())
    for content in resources.structure.content.sections.values():
        lists += [value for value in vars(content).values() if isinstance(value, AnyOf)]
    texts = _examples()
    assert len(lists) > 30 and len(texts) > 500
    for patterns in lists:
        fresh = AnyOf(patterns.patterns)
        for text in texts:
            assert fresh.search(text) == any(pattern.search(text) for pattern in patterns.patterns), (text, patterns.patterns)
