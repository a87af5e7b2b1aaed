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
    """One pattern, where it lives, and its flags."""

    source: str
    file: str
    flags: int = re.IGNORECASE


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


def loaded_patterns() -> list[Pattern]:
    """Every compiled pattern the audit holds once its rules are loaded: templates filled in, lists joined.

    Walks the objects of ``load_resources()``, so a pattern built in code from rules/ data is
    tested exactly as the analysers use it.
    """
    from audit.resources import load_resources

    found: dict[tuple[str, int], Pattern] = {}
    seen: set[int] = set()

    def walk(value: Any, depth: int) -> None:
        if depth > 12 or id(value) in seen or isinstance(value, (str, bytes, int, float, bool, type(None), Path)):
            return
        seen.add(id(value))
        if isinstance(value, re.Pattern):
            if isinstance(value.pattern, str) and _META.search(value.pattern):
                found.setdefault((value.pattern, value.flags), Pattern(value.pattern, "(geladen regels)", value.flags))
            return
        if isinstance(value, dict):
            items: Any = list(value.values())
        elif isinstance(value, (list, tuple, set, frozenset)):
            items = list(value)
        else:
            items = list(getattr(value, "__dict__", {}).values())
            items += [getattr(value, name, None) for name in getattr(type(value), "__slots__", ()) if isinstance(name, str)]
        for item in items:
            walk(item, depth + 1)

    walk(load_resources(None), 0)
    return list(found.values())


def all_patterns() -> list[Pattern]:
    """The patterns of rules/ as written and as loaded (each source and flags once)."""
    unique: dict[tuple[str, int], Pattern] = {}
    for pattern in rule_patterns() + loaded_patterns():
        unique.setdefault((pattern.source, pattern.flags), pattern)
    return list(unique.values())


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
    sources: list[list[Any]] = json.loads(sys.stdin.read())
    print(json.dumps([-1, None, 0]), flush=True)  # ready: the clock of the first search starts now
    for index, (source, flags) in enumerate(sources):
        pattern = re.compile(source, flags)
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
        # Unbuffered: a line read never leaves a later one waiting in a buffer that select() cannot see.
        worker = subprocess.Popen([sys.executable, __file__, "--worker"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        assert worker.stdin is not None and worker.stdout is not None
        worker.stdin.write(json.dumps([[pattern.source, pattern.flags] for pattern in batch]).encode("utf-8"))
        worker.stdin.close()
        current, done, started = 0, "", False  # the pattern being searched, its last text that finished
        restart = None
        while True:
            ready, _, _ = select.select([worker.stdout], [], [], limit if started else 60)
            if ready and not started:
                started = True
            if not ready:
                slow.append(SlowPattern(batch[current], next_text(batch[current].source, done)))
                restart = start + current + 1
                break
            line = worker.stdout.readline()
            if not line:
                restart = len(patterns)
                break
            index, name, seconds = json.loads(line)
            if index < 0:
                continue
            if name is None:  # that pattern is done: the next one starts
                current, done = index + 1, ""
                continue
            current, done = index, name
            slowest = max(slowest, seconds)
        worker.kill()
        worker.wait()
        start = restart
    return slow, slowest


def next_text(source: str, done: str) -> str:
    """The adversarial text after ``done`` (the one that was running when time ran out)."""
    names = [name for name, _ in adversarial_texts(source)]
    return names[names.index(done) + 1] if done in names[:-1] else names[0]


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        _worker()
    else:
        found, fastest_bad = slow_patterns(all_patterns())
        for item in found:
            print(f"{item.pattern.file}: {item.pattern.source!r} (te traag op: {item.text})")
        print(f"{len(found)} trage patronen; langzaamste zoektocht die wel klaar was: {fastest_bad:.3f} s")
