"""What one hostile page can do to the audit: not much. Limits on length and links, clean titles, no odd channels."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.analysis import PageContext, analyse, parse
from audit.resources import AuditResources, load_resources
from wmebv.app.cli import main
from wmebv.core.errors import UserError
from wmebv.core.page import PageLimits, RegionRules
from wmebv.core.pageparts import MAX_LINKS, extract
from wmebv.core.yamllines import load_yaml, safe_load

BOMB = """name: bom
a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
"""


@pytest.fixture(scope="module")
def resources() -> AuditResources:
    return load_resources(None)


def many_links(count: int) -> str:
    items = "".join(f"<li><a href='/p/{n}'>Link nummer {n} naar een pagina</a></li>" for n in range(count))
    return f"<html><head><title>Veel</title></head><body><main><h1>Veel links</h1><ul>{items}</ul></main></body></html>"


def test_a_page_with_200000_links_is_audited_on_its_first_part(resources: AuditResources) -> None:
    html = many_links(200_000)
    started = time.monotonic()
    parsed = parse("https://www.gemeente.nl/veel", html, resources)
    analyse(parsed, PageContext(url=parsed.url), resources)
    assert time.monotonic() - started < 30  # generous: the benchmark (tests/benchmarks/hostile.py) measures it
    limits = resources.region_rules.limits
    assert parsed.trimmed
    assert len(list(parsed.root.iter("a"))) <= limits.max_links
    assert len(parsed.root.text_content()) <= limits.max_text_chars + limits.max_node_chars
    assert len(extract(html).links) == MAX_LINKS  # the crawler follows the first links only


def test_limits_leave_a_normal_page_alone(resources: AuditResources) -> None:
    html = many_links(200)
    parsed = parse("https://www.gemeente.nl/gewoon", html, resources)
    assert not parsed.trimmed and len(list(parsed.root.iter("a"))) == 200
    assert PageLimits.from_data({"max_links": 7, "onbekend": 3}).max_links == 7
    assert RegionRules.load().limits.max_text_chars == 100_000  # rules/page.yml


def test_a_long_text_without_tags_is_cut(resources: AuditResources) -> None:
    html = f"<html><body><main><h1>Lang</h1><p>{'vraag ' * 50_000}</p></main></body></html>"
    parsed = parse("https://www.gemeente.nl/lang", html, resources)
    assert parsed.trimmed and max(len(p.text or "") for p in parsed.root.iter("p")) <= resources.region_rules.limits.max_node_chars


def test_titles_are_what_a_reader_sees(resources: AuditResources) -> None:
    html = ("<html><head><title>Paspoort\u202e gpj.exe</title></head><body><main><h1>Paspoort<script>document.write('x'"
            ")</script> aanvragen\u202e</h1><p>Tekst.</p></main></body></html>")
    assert parse("https://www.gemeente.nl/p", html, resources).title == "Paspoort aanvragen"
    parts = extract(html)
    assert parts.h1 == "Paspoort aanvragen" and "\u202e" not in parts.title


@pytest.mark.parametrize("href", ["data:text/html,<form>formulier</form>", "javascript:alert(1)", "file:///etc/passwd",
                                  "ftp://ftp.gemeente.nl/formulier", "vbscript:x"])
def test_only_web_addresses_can_be_a_channel(href: str, resources: AuditResources) -> None:
    html = (f"<html><body><main><h1>Parkeervergunning aanvragen</h1><p>Hier leest u meer over de vergunning.</p>"
            f"<p><a class='btn' href='{href}'>Vraag aan</a></p></main></body></html>")
    facts = analyse(parse("https://www.gemeente.nl/p", html, resources), PageContext(url="https://www.gemeente.nl/p"), resources)
    assert not [channel for channel in facts.channels.channels if channel.digital]
    assert facts.channels.status != "digital"
    web = html.replace(href, "https://loket.gemeente.nl/parkeren")  # the same page with a web address: a channel
    assert analyse(parse("https://www.gemeente.nl/p", web, resources), PageContext(url="https://www.gemeente.nl/p"),
                   resources).channels.status == "digital"


def test_a_yaml_bomb_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "profiel.yml"
    bomb.write_text(BOMB, encoding="utf-8")
    for loader in (load_yaml, safe_load):
        with pytest.raises(UserError, match="regel 3: .*verwijzingen"):
            loader(bomb)
    result = CliRunner().invoke(main, ["check", str(tmp_path / "p.md"), "--profile", str(bomb)])
    assert result.exit_code == 1 and "verwijzingen" in result.output
    big = tmp_path / "groot.yml"
    big.write_text("a: " + "x" * (3 * 1024 * 1024), encoding="utf-8")
    with pytest.raises(UserError, match="te groot"):
        load_yaml(big)
