"""Every pattern in the rules data that carries examples matches its `matches` and none of its `no_match`.

The pattern files written for real pages (route phrases, sections by content, draft lines) give
every pattern its own examples, so that a change to one pattern shows what it breaks. The
examples are written for this project, in the tone of municipal pages; none is copied.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from wmebv.core.paths import rules_dir

# Files in which every pattern must have examples, and files in which patterns may have them.
ALL_WITH_EXAMPLES = ("channels/phrases.yml", "structure/content.yml", "text/drafts.yml")
SOME_WITH_EXAMPLES = ("channels/texts.yml",)


def _number(data: dict[str, Any]) -> str:
    """The {number} pattern of content.yml."""
    words = "|".join(re.escape(str(word)) for word in data.get("number_words") or ["een"])
    return rf"(?:\d+(?:[.,]\d+)?|{words})"


def _placeholders(name: str, data: dict[str, Any]) -> dict[str, str]:
    """The placeholders a file's patterns use."""
    found = {f"{{{key}}}": str(value) for key, value in (data.get("placeholders") or {}).items()}
    if "number_words" in data:
        found["{number}"] = _number(data)
    return found


def _items(value: Any, where: str) -> Iterator[tuple[str, Any]]:
    """Every pattern item below a YAML value, with where it stands."""
    if isinstance(value, list):
        for number, item in enumerate(value):
            if isinstance(item, (str, dict)) and (isinstance(item, str) or "pattern" in item):
                yield f"{where}[{number}]", item
    elif isinstance(value, dict) and "pattern" in value:
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "regions":
                yield from _items(item, f"{where}.{key}")
    elif isinstance(value, str) and where.rsplit(".", 1)[-1] in ("question_words", "sentence_starts", "price_rows"):
        yield where, value


def _cases(names: tuple[str, ...]) -> list[tuple[str, str, Any, dict[str, str]]]:
    """(file, place, item, placeholders) for every pattern item of the files."""
    cases = []
    for name in names:
        data = yaml.safe_load((rules_dir() / name).read_text(encoding="utf-8"))
        skip = {"placeholders", "number_words", "short_line_words", "short_line_chars", "title_max_chars", "regions"}
        for key, value in data.items():
            if key in skip:
                continue
            for where, item in _items(value, key):
                cases.append((name, where, item, _placeholders(name, data)))
    return cases


def _compile(item: Any, placeholders: dict[str, str]) -> re.Pattern[str]:
    """The pattern of an item with its placeholders filled in."""
    pattern = item["pattern"] if isinstance(item, dict) else item
    for key, value in placeholders.items():
        pattern = pattern.replace(key, value)
    return re.compile(pattern, re.IGNORECASE)


EXAMPLES = [case for case in _cases(ALL_WITH_EXAMPLES + SOME_WITH_EXAMPLES) if isinstance(case[2], dict)]


@pytest.mark.parametrize(("name", "where", "item", "placeholders"), EXAMPLES,
                         ids=[f"{case[0]}:{case[1]}" for case in EXAMPLES])
def test_pattern_examples(name: str, where: str, item: dict[str, Any], placeholders: dict[str, str]) -> None:
    """The pattern finds each of its `matches` and none of its `no_match`."""
    pattern = _compile(item, placeholders)
    for text in item.get("matches") or []:
        assert pattern.search(text), f"{name} {where}: vindt '{text}' niet"
    for text in item.get("no_match") or []:
        assert not pattern.search(text), f"{name} {where}: vindt onterecht '{text}'"


@pytest.mark.parametrize("name", ALL_WITH_EXAMPLES)
def test_every_pattern_has_examples(name: str) -> None:
    """In the files written for real pages every pattern has at least one example of each kind."""
    for _, where, item, _ in _cases((name,)):
        assert isinstance(item, dict), f"{name} {where}: een patroon zonder voorbeelden"
        assert item.get("matches") and item.get("no_match"), f"{name} {where}: voorbeelden van beide soorten nodig"


def test_examples_are_our_own_words() -> None:
    """No example names a real municipality's web address; examples use the sample's own names."""
    for _, where, item, _ in EXAMPLES:
        for text in (item.get("matches") or []) + (item.get("no_match") or []):
            for address in re.findall(r"[\w.-]+\.(?:nl|com|org|eu)\b", text):
                assert "voorbeeld" in address or address.endswith(("overheid.nl", "example.nl")), (where, address)


def test_file_list_is_complete() -> None:
    """The files named here exist."""
    for name in ALL_WITH_EXAMPLES + SOME_WITH_EXAMPLES:
        assert (rules_dir() / name).exists(), name
    assert Path(__file__).name == "test_pattern_examples.py"
