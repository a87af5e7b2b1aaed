"""Channel detection on the hand-written tricky pages in tests/tricky/ (expected.yml lists the truth)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from audit.analysis import parse
from audit.resources import AuditResources, load_resources

TRICKY = Path(__file__).parent / "tricky"
EXPECTED: dict = yaml.safe_load((TRICKY / "expected.yml").read_text(encoding="utf-8"))


def load_page(name: str) -> str:
    """The saved HTML of one tricky page."""
    return (TRICKY / f"{name}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def resources() -> AuditResources:
    """The default resources."""
    return load_resources(None)


def test_every_page_has_an_expectation() -> None:
    """No saved page without its truth, no truth without its page, and at least 30 pages."""
    pages = {path.stem for path in TRICKY.glob("*.html")}
    assert pages == set(EXPECTED)
    assert len(pages) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_tricky_page(name: str, resources: AuditResources) -> None:
    """The channel status, kinds and logins of each tricky page match expected.yml."""
    expected = EXPECTED[name]
    parsed = parse(f"https://www.example-gemeente.nl/{name}", load_page(name), resources)
    result = resources.channels.detect(parsed)
    found = [(c.kind, c.purpose, c.url or c.evidence) for c in result.channels]
    assert result.status == expected["status"], found
    assert set(expected.get("kinds", [])) <= set(result.kinds), found
    assert not set(expected.get("not_kinds", [])) & set(result.kinds), found
    assert set(expected.get("auth", [])) <= set(result.auth), found
