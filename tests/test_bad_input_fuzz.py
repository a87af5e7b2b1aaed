"""Fuzz the HTML-facing code with mutated pages of the sample site: no input may crash the audit.

Seeds are real pages of the sample municipality and the tricky channel pages; mutations truncate,
delete or duplicate tags, insert random bytes, nest deeply, add huge attributes and break the
encoding. Every stage that sees HTML runs on each: parse_html and ParsedPage, channel, section and
language detection, the per-page analysis with all rules, and the summary row.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.analysis import PageContext, analyse, parse, run_rules, summary_row, to_dict
from audit.channels import STATUSES
from audit.channels.context import element_text, heading_before
from audit.resources import AuditResources, load_resources
from wmebv.core.page import parse_html
from wmebv.sample.site import build_site

TRICKY = Path(__file__).parent / "tricky"
TAG = re.compile(rb"<[^<>]{0,200}>")
URL = "http://127.0.0.1:8000/producten/fuzz"


@pytest.fixture(scope="module")
def resources() -> AuditResources:
    """The rules and word lists, loaded once."""
    return load_resources(None)


def _seed_pages() -> list[bytes]:
    """A spread of real pages: sample product and other pages, plus the tricky channel pages."""
    site = build_site("http://127.0.0.1:8000", "http://localhost:8000")
    html = [res.body for _, res in sorted(site.site.items()) if "html" in res.content_type]
    picked = html[:: max(1, len(html) // 40)]
    return picked + [path.read_bytes() for path in sorted(TRICKY.glob("*.html"))]


SEEDS = _seed_pages()


def truncate(page: bytes, rng: random.Random) -> bytes:
    """Cut the page off anywhere (a half-downloaded answer)."""
    return page[: rng.randrange(len(page) + 1)]


def delete_tags(page: bytes, rng: random.Random) -> bytes:
    """Remove some tags, opening or closing, so the tree falls apart."""
    return TAG.sub(lambda m: b"" if rng.random() < 0.2 else m.group(0), page)


def duplicate_tags(page: bytes, rng: random.Random) -> bytes:
    """Repeat some tags (unclosed or doubled elements)."""
    return TAG.sub(lambda m: m.group(0) * rng.randint(1, 4) if rng.random() < 0.1 else m.group(0), page)


def random_bytes(page: bytes, rng: random.Random) -> bytes:
    """Overwrite or insert random bytes (NULs, invalid UTF-8, control characters)."""
    data = bytearray(page)
    for _ in range(rng.randint(1, 50)):
        at = rng.randrange(len(data) + 1)
        data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return bytes(data)


def deep_nesting(page: bytes, rng: random.Random) -> bytes:
    """Wrap a piece of the body in thousands of nested elements."""
    depth = rng.choice([300, 1000, 5000])
    tag = rng.choice([b"div", b"section", b"li", b"span", b"details", b"table"])
    at = page.find(b"<main")
    at = at if at >= 0 else len(page) // 2
    return page[:at] + (b"<" + tag + b">") * depth + b"<h2>Diep</h2><a href='/x'>x</a>" + page[at:]


def huge_attribute(page: bytes, rng: random.Random) -> bytes:
    """Give an element an attribute of a megabyte (class, href or data-)."""
    name = rng.choice([b"class", b"href", b"id", b"data-form-id", b"onclick", b"aria-labelledby"])
    value = rng.choice([b"a", b"nav ", b"x" * 7 + b" "]) * (1_000_000 // 8)
    return page.replace(b"<a ", b"<a " + name + b"='" + value + b"' ", 1) if b"<a " in page else page + b"<a " + name + b"='" + value + b"'>x</a>"


def wrong_charset(page: bytes, rng: random.Random) -> bytes:
    """Re-encode as Latin-1 or UTF-16 while the page still claims UTF-8, or add a bogus BOM."""
    text = page.decode("utf-8", errors="replace")
    choice = rng.randrange(3)
    if choice == 0:
        return text.encode("latin-1", errors="replace")
    if choice == 1:
        return text.encode("utf-16")
    return b"\xef\xbb\xbf\xff\xfe" + page


def odd_markup(page: bytes, rng: random.Random) -> bytes:
    """Insert markup that trips naive code: comments, CDATA, processing instructions, stray entities."""
    snippets = [b"<!-- <h2>", b"<![CDATA[ <a href='x'> ]]>", b"<?php echo 1 ?>", b"&#0;&#xD800;&bogus;&amp",
                b"<a href='javascript:void(0)'>", b"<form><input type=file></form>", b"<h1></h1><h1>",
                b"<div role='tabpanel' aria-labelledby='nergens'><a href='/y'>y</a></div>", b"</html></body><body>",
                b"<svg><a href='/z'><text>z</text></a></svg>", b"<dt>", b"<summary><a href='/s'>Aanvragen</a></summary>"]
    data = page
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(data) + 1)
        data = data[:at] + rng.choice(snippets) + data[at:]
    return data


MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    truncate, delete_tags, duplicate_tags, random_bytes, deep_nesting, huge_attribute, wrong_charset, odd_markup,
]


def mutate(seed: bytes, rng: random.Random, rounds: int) -> bytes:
    """Apply a few random mutations in a row."""
    page = seed
    for _ in range(rounds):
        page = rng.choice(MUTATIONS)(page, rng)
    return page


def audit_page(html: bytes | str, resources: AuditResources) -> None:
    """Everything the engine does with one page's HTML, without the store."""
    text = html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html
    parsed = parse(URL, text, resources)
    assert isinstance(parsed.title, str)
    parsed.body, parsed.content  # noqa: B018 - computing the regions is the point
    channels = resources.channels.detect(parsed)
    sections = resources.structure.detect(parsed)
    to_dict(sections)
    language = resources.language.analyse(parsed)
    to_dict(language)
    context = PageContext(url=URL, today=date(2026, 3, 1), link_status={})
    facts = analyse(parse(URL, text, resources), context, resources, channels)
    run_rules(facts, resources)
    row = summary_row(facts)
    assert row["channel_status"] in STATUSES


def test_every_seed_audits(resources: AuditResources) -> None:
    for seed in SEEDS:
        audit_page(seed, resources)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(SEEDS), salt=st.integers(0, 2**32), rounds=st.integers(1, 4))
def test_mutated_pages_never_crash(resources: AuditResources, seed: bytes, salt: int, rounds: int) -> None:
    audit_page(mutate(seed, random.Random(salt), rounds), resources)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(html=st.text(alphabet=st.sampled_from(list("<>/=\"' &;#!-ahpdivlmnsuctr123\n\x00\ud7ff\ufffd")), max_size=400))
def test_random_markup_never_crashes(resources: AuditResources, html: str) -> None:
    audit_page(html, resources)


def test_thousands_of_mutations(resources: AuditResources) -> None:
    """A larger seeded run in a plain loop: cheap mutations, the whole per-page analysis on each."""
    rng = random.Random(20260101)
    cheap = [truncate, delete_tags, duplicate_tags, random_bytes, odd_markup]
    for _ in range(2000):
        page = rng.choice(SEEDS)
        for _ in range(rng.randint(1, 3)):
            page = rng.choice(cheap)(page, rng)
        audit_page(page, resources)


@pytest.mark.parametrize("html", [b"", b"\x00\x00", b"   ", "\ufeff", b"<", b"<html", b"<?xml version='1.0'?><html/>",
                                  b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, b"%PDF-1.4\n" + bytes(range(256)) * 40,
                                  "<p>" + "é" * 100_000 + "</p>", b"<p>" * 20_000])
def test_degenerate_documents(resources: AuditResources, html: bytes | str) -> None:
    assert parse_html(html) is not None
    audit_page(html, resources)


@settings(max_examples=120, deadline=None, derandomize=True)
@given(seed=st.sampled_from(SEEDS), salt=st.integers(0, 2**32))
def test_link_lookup_finds_the_block_it_stands_in(resources: AuditResources, seed: bytes, salt: int) -> None:
    """On broken pages too, each link is found in the block whose text holds it, under that block's heading."""
    rng = random.Random(salt)
    parsed = parse(URL, mutate(seed, rng, 1 if rng.random() < 0.5 else 0).decode("utf-8", errors="replace"), resources)
    layer = parsed.text
    for link in parsed.body.iter("a", "button"):
        block = layer.block_of(link)
        if block is None:
            continue
        label = element_text(link)
        assert not label or label in block.text or block.kind == "button", (label, block.text)
        assert heading_before(layer, link) == block.section[:120]


def test_overview_with_thousands_of_links_is_linear(resources: AuditResources) -> None:
    """Each link's block and heading are looked up, not searched: ten times the links, about ten times the work."""
    def page(links: int) -> str:
        items = "".join(f"<h2>Groep {n}</h2><ul>" + "".join(f'<li><a href="/p/{n}-{m}">Product {n}-{m}</a></li>'
                                                          for m in range(10)) + "</ul>" for n in range(links // 10))
        return f"<html><body><main><h1>Alle producten</h1>{items}</main></body></html>"

    def seconds(links: int) -> float:
        html = page(links)
        started = time.perf_counter()
        resources.channels.detect(parse(URL, html, resources))
        return time.perf_counter() - started

    small, large = min(seconds(400) for _ in range(2)), min(seconds(4000) for _ in range(2))
    assert large < 25 * small, (small, large)
