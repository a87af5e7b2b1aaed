"""The Datasette configuration directory: documented in Dutch, no write paths, safe helpers.

Fails when a table, view or column that users see has no Dutch description in metadata.yml, so
a new migration cannot silently publish undocumented data.
"""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from fixtures_db import REPO, XSS_SCRIPT, build_audited_db, free_port, wmebv_command, wmebv_env
from wmebv.core.errors import UserError
from wmebv.core.store import Store
from wmebv.publish.serve import check_port_free

CONFIG = REPO / "datasette"
METADATA = yaml.safe_load((CONFIG / "metadata.yml").read_text(encoding="utf-8"))
TABLES = METADATA["databases"]["wmebv"]["tables"]


def _plugin(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"test_{name}", CONFIG / "plugins" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_configuration_directory_layout() -> None:
    assert not (CONFIG / "__init__.py").exists()  # it would shadow the datasette library
    for name in ("metadata.yml", "settings.json", "templates", "static", "plugins"):
        assert (CONFIG / name).exists(), name
    from datasette.app import DEFAULT_SETTINGS

    settings = json.loads((CONFIG / "settings.json").read_text())
    assert set(settings) <= set(DEFAULT_SETTINGS)


def test_every_table_view_and_column_has_a_dutch_description(tmp_path: Path) -> None:
    with Store(tmp_path / "schema.db") as store:
        names = store.database.db.table_names() + store.database.db.view_names()
        columns = {name: [column.name for column in store.database.db[name].columns] for name in names}
    missing = [name for name in names if name not in TABLES or not TABLES[name].get("description")]
    assert not missing, f"metadata.yml mist een beschrijving voor: {missing}"
    undocumented = [
        f"{name}.{column}"
        for name in names
        if not TABLES[name].get("hidden")
        for column in columns[name]
        if column not in (TABLES[name].get("columns") or {})
    ]
    assert not undocumented, f"metadata.yml mist kolommen: {undocumented}"


def test_no_canned_query_writes() -> None:
    for name, query in METADATA["databases"]["wmebv"]["queries"].items():
        assert not query.get("write"), name
        assert query["sql"].lstrip().lower().startswith(("select", "with")), name
        assert query.get("title") and query.get("description"), name


def test_templates_never_mark_crawled_data_safe() -> None:
    for template in (CONFIG / "templates").rglob("*.html"):
        for line in template.read_text(encoding="utf-8").splitlines():
            if "|safe" in line.replace(" ", ""):
                assert "metadata.description_html" in line, f"{template.name}: {line.strip()}"


def test_mark_terms_escapes_first_then_marks() -> None:
    text = _plugin("wmebv_text")
    marked = text.mark_terms(f"Indien u {XSS_SCRIPT} wenst", '"indien" is ambtelijke taal.')
    assert str(marked) == "<mark>Indien</mark> u &lt;script&gt;alert(1)&lt;/script&gt; wenst"
    # a quoted word can never reach into an entity or inject markup
    assert "<mark>" not in str(text.mark_terms("a < b", "'lt'"))
    assert "<b>" not in str(text.mark_terms("x <b>y</b>", "'<b>' en 'b'"))
    assert str(text.mark_terms(None)) == ""


def test_only_the_found_word_is_marked() -> None:
    """The message names the word found; the suggestion also quotes the word to write instead."""
    text = _plugin("wmebv_text")
    sentence = "U betaalt middels een overschrijving met uw bankpas."
    marked = str(text.mark_terms(sentence, '"middels" is ambtelijke taal.'))
    assert marked.count("<mark>") == 1 and "<mark>middels</mark>" in marked and "<mark>met</mark>" not in marked
    passive = str(text.mark_terms("Uw aanvraag wordt door ons behandeld.",
                                  'Deze zin staat in de lijdende vorm ("wordt ... behandeld").'))
    assert "<mark>wordt</mark>" in passive and "<mark>behandeld</mark>" in passive and passive.count("<mark>") == 2
    mixed = str(text.mark_terms("Heb je iets gevonden?", 'meestal aan met "u", maar hier met "je".'))
    assert mixed == "Heb <mark>je</mark> iets gevonden?"


def test_long_text_is_shortened_at_a_word() -> None:
    text = _plugin("wmebv_text")
    short, cut = text.shorten("woord " * 100, 50)
    assert cut and short.endswith(" …") and len(short) <= 52 and "woo …" not in short
    assert text.shorten("kort", 50) == ("kort", False)


def test_safe_link_only_allows_http() -> None:
    text = _plugin("wmebv_text")
    assert text.safe_link("https://example.org/a") == "https://example.org/a"
    for bad in ("javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,x", "", None):
        assert text.safe_link(bad) is None


def test_lists_and_link_checks_in_dutch() -> None:
    text = _plugin("wmebv_text")
    assert text.json_list('["kosten", "termijn"]') == ["kosten", "termijn"]
    assert text.json_list("kosten, termijn") == ["kosten", "termijn"]
    assert text.percentage(1, 3) == 33 and text.percentage(1, 0) == 0
    assert text.link_status("ok", "HTTP 200", "https://a") == "werkt"
    assert text.link_status("ok", "doorgestuurd naar inlogpagina https://a/digid", "https://a") == "werkt (doorgestuurd naar inloggen)"
    assert text.link_status("dead", "HTTP 404 (pagina bestaat niet)", "https://a") == "werkt niet (404)"
    assert text.link_status("error", "HTTP 503 (fout op de server)", "https://a") == "werkt niet (503, fout op de server)"
    assert text.link_status("error", "geen antwoord binnen de tijd", "https://a") == "werkt niet: geen antwoord binnen de tijd"
    assert text.link_status("unchecked", "niet gecontroleerd (host niet toegestaan)", "mailto:a@b") == "niet gecontroleerd"
    assert text.link_status("", "", "") == "geen link"


def test_plugins_hold_no_rule_ids_or_family_codes() -> None:
    """Rule ids and families are read from the database (labels, rules, views), never copied into a plugin."""
    from audit.checks import all_kinds
    from audit.rules import load_rules
    from wmebv.core.labels import LABELS
    from wmebv.core.paths import rules_dir

    rules = load_rules(rules_dir(), all_kinds())
    quoted = {rule.kind for rule in rules} | set(LABELS["family"])
    codes = {rule.id for rule in rules} | {f'"{code}"' for code in quoted} | {f"'{code}'" for code in quoted}
    for plugin in (CONFIG / "plugins").glob("*.py"):
        source = plugin.read_text(encoding="utf-8")
        assert not [code for code in codes if code in source], plugin.name


def test_long_chart_labels_wrap() -> None:
    charts = _plugin("wmebv_charts")
    lines = charts.wrap_label("Een vast onderdeel van de productpagina ontbreekt", 318)
    assert len(lines) == 2 and " ".join(lines) == "Een vast onderdeel van de productpagina ontbreekt"
    assert all(len(line) <= 318 // charts.CHAR_WIDTH for line in charts.wrap_label("woord " * 40, 318))
    assert charts.wrap_label("kort", 318) == ["kort"]


def test_bar_chart_is_accessible_and_escaped() -> None:
    charts = _plugin("wmebv_charts")
    svg = str(charts.bar_chart([{"c": "<b>x</b>", "n": 1, "t": 4}], "c", "n", "t", title="Titel", chart_id="a b"))
    assert 'role="img"' in svg and "<title id=\"ab-titel\">Titel</title>" in svg
    assert "&lt;b&gt;x&lt;/b&gt;" in svg and "<b>" not in svg
    assert "25% (1 van 4)" in svg


def test_port_in_use_is_a_dutch_error() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(UserError, match=f"Poort {port} is al in gebruik"):
            check_port_free("127.0.0.1", port)


def _serve(db: Path, port: int, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*wmebv_command(), "serve", "--db", str(db), "--port", str(port)], cwd=cwd,
                          capture_output=True, text=True, timeout=60, env=wmebv_env())


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    result = _serve(tmp_path / "weg.db", free_port(), tmp_path)
    assert result.returncode == 1
    assert "bestaat niet" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "weg.db").exists()


def test_serve_refuses_a_file_that_is_not_ours(tmp_path: Path) -> None:
    (tmp_path / "notities.db").write_text("geen database")
    result = _serve(tmp_path / "notities.db", free_port(), tmp_path)
    assert result.returncode == 1 and "geen SQLite" in result.stderr


def test_serve_refuses_a_busy_port(tmp_path: Path) -> None:
    db = build_audited_db(tmp_path / "v.db")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = _serve(db, busy.getsockname()[1], tmp_path)
    assert result.returncode == 1
    assert "al in gebruik" in result.stderr and "Traceback" not in result.stderr
