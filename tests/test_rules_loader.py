"""The rule loader and the profile loader refuse unknown kinds and keys, naming the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.checks import all_kinds
from audit.profile import apply_profile, load_profile
from audit.rules import load_rule_file, load_rules
from wmebv.core.errors import UserError
from wmebv.core.paths import rules_dir

GOOD = """rules:
  - id: kanaal.test
    family: kanaal
    kind: channel_status
    severity: hoog
    title: Test
    message: Bericht.
    why: Waarom.
    fix: Oplossing.
    params: {statuses: [none]}
    examples:
      - {expect: fail, html: "<p>x</p>"}
      - {expect: pass, html: "<p>y</p>"}
"""


def write(tmp_path: Path, text: str) -> Path:
    """A rule file in a temporary folder."""
    path = tmp_path / "kanaal.yml"
    path.write_text(text, encoding="utf-8")
    return path


def assert_refused(path: Path, line: int, words: str) -> None:
    """Loading the rule file fails with its path, the line and the Dutch words."""
    with pytest.raises(UserError) as error:
        load_rule_file(path, all_kinds())
    assert f"{path}, regel {line}" in str(error.value)
    assert words in str(error.value)


def test_good_file_loads(tmp_path: Path) -> None:
    """A valid rule file gives rules with their examples."""
    rules = load_rule_file(write(tmp_path, GOOD), all_kinds())
    assert rules[0].id == "kanaal.test" and len(rules[0].examples) == 2 and rules[0].line == 2


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("kind: channel_status", "kind: bestaat_niet", 4, "onbekend soort controle"),
        ("    fix: Oplossing.", "    fix: Oplossing.\n    fixx: typfout", 10, "onbekende sleutel 'fixx'"),
        ("severity: hoog", "severity: heel hoog", 5, "ernst"),
        ('      - {expect: pass, html: "<p>y</p>"}', "", 2, "'pass' en één 'fail'"),
        ('{expect: fail, html: "<p>x</p>"}', '{expect: fail, htm: "<p>x</p>"}', 12, "onbekende sleutel 'htm'"),
        ("id: kanaal.test", "id: taal.test", 2, "moet beginnen met 'kanaal.'"),
    ],
)
def test_errors_name_file_and_line(tmp_path: Path, old: str, new: str, line: int, words: str) -> None:
    """Each mistake is refused with the file, the line and a Dutch explanation."""
    assert_refused(write(tmp_path, GOOD.replace(old, new)), line, words)


TEXTS = """rules:
  - id: norm.test
    family: norm
    kind: dead_links
    severity: midden
    title: Test
    message: Bericht.
    why: Waarom.
    fix: Oplossing.
    texts:
      dead:
        message: "De link '{link}' werkt niet."
    examples:
      - {expect: fail, html: "<p>x</p>"}
      - {expect: pass, html: "<p>y</p>"}
"""


def test_texts_are_templates_the_check_fills_in(tmp_path: Path) -> None:
    """A rule's texts per case are read as templates; the check's values fill them in."""
    from audit.facts import Finding

    [rule] = load_rule_file(write(tmp_path, TEXTS), all_kinds())
    found = Finding(rule_id="", message="", case="dead", values={"link": "afvalkalender"})
    assert rule.message_and_fix(found) == ("De link 'afvalkalender' werkt niet.", "Oplossing.")
    assert rule.message_and_fix(Finding(rule_id="", message="")) == ("Bericht.", "Oplossing.")


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("'{link}'", "'{lnik}'", 12, "onbekende invulplek {lnik} in het geval 'dead' (deze controle vult in: {link})"),
        ("'{link}'", "'{link'", 12, "geen geldig sjabloon"),
        ("'{link}'", "'{link.text}'", 12, "'{link.text}' is geen naam"),
        ("'{link}'", "'{0}'", 12, "'{0}' is geen naam"),
        ("      dead:", "      dood:", 11, "onbekend geval 'dood' onder texts (bekend bij kind 'dead_links': dead)"),
        ("message: Bericht.", "message: Bericht over {link}.", 7, "onbekende invulplek {link} buiten texts"),
        ("        message: \"De link", "        mesage: \"De link", 11, "message en/of fix nodig"),
    ],
)
def test_template_mistakes_are_refused_when_loading(tmp_path: Path, old: str, new: str, line: int, words: str) -> None:
    """A placeholder the check does not fill in, or a malformed template, is a Dutch error at load time, not mid-audit."""
    assert_refused(write(tmp_path, TEXTS.replace(old, new)), line, words)


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    """Broken YAML is a Dutch error with the line."""
    path = write(tmp_path, GOOD.replace("title: Test", "title: [Test"))
    with pytest.raises(UserError, match="regel"):
        load_rule_file(path, all_kinds())


def test_shipped_rules_load_and_kanaal_ids_exist() -> None:
    """All shipped rule files load; the kanaal ids the manifest uses exist."""
    ids = {rule.id for rule in load_rules(rules_dir(), all_kinds())}
    assert {"kanaal.geen-digitaal-kanaal", "kanaal.alleen-papier", "kanaal.dode-link", "kanaal.sc-claim-onjuist",
            "kanaal.alleen-contactformulier"} <= ids


def test_profile_merges_and_refuses_unknown(tmp_path: Path) -> None:
    """A profile deep-merges over the defaults; unknown keys, rules and params are refused with the line."""
    good = tmp_path / "profiel.yml"
    good.write_text("name: Duinwijk\nchannels:\n  email_counts: false\n  linkcheck: {timeout: 3}\n"
                    "rules:\n  kanaal.alleen-papier: {enabled: false}\n", encoding="utf-8")
    profile = load_profile(good, rules_dir())
    assert profile.area("channels")["email_counts"] is False
    assert profile.area("channels")["linkcheck"]["timeout"] == 3
    assert profile.area("channels")["linkcheck"]["concurrency"] == 4  # kept from the defaults
    rules = apply_profile(load_rules(rules_dir(), all_kinds()), profile)
    assert not next(rule for rule in rules if rule.id == "kanaal.alleen-papier").enabled
    for text, line, words in [
        ("name: x\nkanalen: {}\n", 2, "onbekende sleutel 'kanalen'"),
        ("channels:\n  linkcheck:\n    timout: 3\n", 3, "channels.linkcheck.timout"),
    ]:
        bad = tmp_path / "fout.yml"
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(UserError) as error:
            load_profile(bad, rules_dir())
        assert f"regel {line}" in str(error.value) and words in str(error.value)
    bad = tmp_path / "fout.yml"
    bad.write_text("rules:\n  kanaal.bestaat-niet: {enabled: false}\n", encoding="utf-8")
    with pytest.raises(UserError, match="regel 2.*onbekende regel"):
        apply_profile(load_rules(rules_dir(), all_kinds()), load_profile(bad, rules_dir()))
