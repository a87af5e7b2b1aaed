"""Every regular expression in rules/ against adversarial texts, each search under a time limit.

Python's ``re`` backtracks: a pattern such as ``\\d+\\s*euro`` or ``\\bvraag\\b.*\\baan\\b`` takes
quadratic time on a long run of digits or of one keyword, hours on a page. The page model hands an
analyser at most 100,000 characters (wmebv/core/page.py), so every pattern must scan texts of that
size, built to hurt, in linear time.

A search cannot be interrupted inside ``re``, so the searches run in a worker process that reports
each one; the parent kills the worker when one takes too long, notes the pattern and goes on.
Run it by hand to see the slow patterns: ``.venv/bin/python tests/regex_budget.py``.
"""

from __future__ import annotations

import json
import re
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

RULES = Path(__file__).resolve().parent.parent / "rules"
SIZE = 100_000  # what the page model hands an analyser at most
LONG = 1_000_000  # a long text without any punctuation
_META = re.compile(r"[\\.*+?\[\](){}|^$]")
_WORD = re.compile(r"[a-zà-ÿ]{3,}")
_ESCAPE = re.compile(r"\\[a-z]")  # \b, \s, \d ...: not part of a word


@dataclass(frozen=True)
class Pattern:
    """One pattern and where it lives."""

    source: str
    file: str


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a YAML value (keys of mappings included: some lists are keyed by pattern)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def rule_patterns(rules: Path = RULES) -> list[Pattern]:
    """Every string in rules/*.yml that is a regular expression with more than plain words in it."""
    found: dict[str, Pattern] = {}
    for path in sorted(rules.rglob("*.yml")):
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if len(text) > 2000 or not _META.search(text) or text in found:
                continue
            try:
                re.compile(text, re.IGNORECASE)
            except re.error:
                continue
            found[text] = Pattern(text, str(path.relative_to(rules.parent)))
    return list(found.values())


def adversarial_texts(source: str) -> list[tuple[str, str]]:
    """(name, text): long runs of digits with separators, of spaces, of the pattern's own words, and 1 MB without punctuation."""
    texts = [
        ("cijfers", "1" * SIZE),
        ("cijfers met komma's", "1" + ",000" * (SIZE // 4)),
        ("cijfers met punten", "1" + ".000" * (SIZE // 4)),
        ("bedragen", "12,-" * (SIZE // 4)),
        ("spaties", " " * SIZE),
        ("regels", "a\n" * (SIZE // 2)),
        ("1 MB zonder leestekens", ("woord " * (LONG // 6))[:LONG]),
    ]
    words = list(dict.fromkeys(_WORD.findall(_ESCAPE.sub(" ", source.lower()))))[:4]
    for word in words:
        texts.append((f"steeds '{word}'", (word + " ") * (SIZE // (len(word) + 1))))
    if len(words) > 1:
        joined = " ".join(words[:-1]) + " "  # every word but the last, over and over: the match never completes
        texts.append(("steeds dezelfde woorden", joined * (SIZE // len(joined))))
    return texts


def _worker() -> None:
    """Read patterns as JSON from stdin; search each adversarial text and print one line per search."""
    sources: list[str] = json.loads(sys.stdin.read())
    for index, source in enumerate(sources):
        pattern = re.compile(source, re.IGNORECASE)
        for name, text in adversarial_texts(source):
            started = time.perf_counter()
            pattern.search(text)
            print(json.dumps([index, name, round(time.perf_counter() - started, 4)]), flush=True)
        print(json.dumps([index, None, 0]), flush=True)


@dataclass(frozen=True)
class SlowPattern:
    """A pattern that did not finish a search in time."""

    pattern: Pattern
    text: str


def slow_patterns(patterns: list[Pattern], limit: float = 2.0) -> tuple[list[SlowPattern], float]:
    """The patterns with a search slower than ``limit`` seconds, and the slowest search that did finish."""
    slow: list[SlowPattern] = []
    slowest = 0.0
    start = 0
    while start < len(patterns):
        batch = patterns[start:]
        worker = subprocess.Popen([sys.executable, __file__, "--worker"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert worker.stdin is not None and worker.stdout is not None
        worker.stdin.write(json.dumps([pattern.source for pattern in batch]))
        worker.stdin.close()
        index, name = 0, "(opstarten)"
        restart = None
        while True:
            ready, _, _ = select.select([worker.stdout], [], [], limit + (5 if name == "(opstarten)" else 0))
            if not ready:
                slow.append(SlowPattern(batch[index], name_after(batch[index].source, name)))
                restart = start + index + 1
                break
            line = worker.stdout.readline()
            if not line:
                restart = len(patterns)
                break
            index, name, seconds = json.loads(line)
            if name is None:
                name = "(klaar)"
                continue
            slowest = max(slowest, seconds)
        worker.kill()
        worker.wait()
        start = restart
    return slow, slowest


def name_after(source: str, done: str) -> str:
    """The adversarial text after ``done`` (the one that was running when time ran out)."""
    names = [name for name, _ in adversarial_texts(source)]
    if done in ("(opstarten)", "(klaar)"):
        return names[0]
    return names[min(names.index(done) + 1, len(names) - 1)]


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        _worker()
    else:
        found, fastest_bad = slow_patterns(rule_patterns())
        for item in found:
            print(f"{item.pattern.file}: {item.pattern.source!r} (te traag op: {item.text})")
        print(f"{len(found)} trage patronen; langzaamste zoektocht die wel klaar was: {fastest_bad:.3f} s")
