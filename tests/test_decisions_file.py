"""The webredactie's decisions file: read with file and line in every error, matched by fingerprint or page + rule."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wmebv.core.decisions import (
    ACCEPTED,
    NOT_APPLICABLE,
    REVIEW,
    Decisions,
    decision_line,
    find_decisions_file,
    load_decisions,
)
from wmebv.core.errors import UserError
from wmebv.core.store import finding_fingerprint
from wmebv.core.textprint import text_fingerprint

URL = "http://127.0.0.1:8000/producten/paspoort"
RULES = {"taal.ambtelijk-woord", "norm.geen-bezwaar"}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "besluiten.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _finding(rule_id: str, evidence: str) -> dict[str, str]:
    return {"rule_id": rule_id, "family": rule_id.split(".")[0], "severity": "laag", "message": "m", "evidence": evidence}


def test_a_line_from_datasette_settles_exactly_that_finding(tmp_path: Path) -> None:
    text = text_fingerprint(["Paspoort aanvragen", "Indien u een paspoort wilt, maak een afspraak."])
    fingerprint = finding_fingerprint("taal.ambtelijk-woord", URL, "Indien u een paspoort wilt")
    line = decision_line(fingerprint, text).replace('reden: ""', 'reden: "Kennen onze lezers"').replace('door: ""', 'door: "Jan"')
    decisions = Decisions.load(_write(tmp_path, f"# besluiten\n{line}\n"), RULES)
    assert len(decisions) == 1
    findings = [_finding("taal.ambtelijk-woord", "Indien u een paspoort wilt"), _finding("taal.ambtelijk-woord", "Teneinde")]
    still_open, settled = decisions.split(URL, text, findings)
    assert [f["evidence"] for f in settled] == ["Indien u een paspoort wilt"]
    assert settled[0]["decision"] == ACCEPTED and settled[0]["decided_by"] == "Jan"
    assert settled[0]["decision_source"].endswith("besluiten.yml:2")
    assert [f["evidence"] for f in still_open] == ["Teneinde"] and "decision" not in still_open[0]


def test_a_changed_text_brings_the_finding_back_for_review(tmp_path: Path) -> None:
    fingerprint = finding_fingerprint("taal.ambtelijk-woord", URL, "Indien")
    old_text = text_fingerprint(["De oude tekst."])
    path = _write(tmp_path, f'- {{bevinding: "{fingerprint}", tekst: "{old_text}", besluit: geaccepteerd, reden: r, door: d}}\n')
    decisions = Decisions.load(path, RULES)
    still_open, settled = decisions.split(URL, text_fingerprint(["De nieuwe tekst."]), [_finding("taal.ambtelijk-woord", "Indien")])
    assert settled == [] and still_open[0]["decision"] == REVIEW and still_open[0]["decision_reason"] == "r"
    # Case and white space are no material change.
    _, settled = decisions.split(URL, text_fingerprint(["de  OUDE tekst. "]), [_finding("taal.ambtelijk-woord", "Indien")])
    assert len(settled) == 1


def test_page_and_rule_settles_every_finding_of_that_rule_on_that_page(tmp_path: Path) -> None:
    path = _write(tmp_path, f'- {{pagina: "{URL}/", regel: norm.geen-bezwaar, besluit: niet-van-toepassing, reden: "Geen besluit", door: "Els"}}\n')
    decisions = Decisions.load(path, RULES)
    still_open, settled = decisions.split(URL, "0" * 16, [_finding("norm.geen-bezwaar", ""), _finding("taal.ambtelijk-woord", "x")])
    assert [f["rule_id"] for f in settled] == ["norm.geen-bezwaar"] and settled[0]["decision"] == NOT_APPLICABLE
    assert [f["rule_id"] for f in still_open] == ["taal.ambtelijk-woord"]
    _, other_page = decisions.split(URL + "-2", "0" * 16, [_finding("norm.geen-bezwaar", "")])
    assert other_page == []


def test_unused_decisions_are_named_by_line(tmp_path: Path) -> None:
    one, two = finding_fingerprint("taal.ambtelijk-woord", URL, "a"), finding_fingerprint("taal.ambtelijk-woord", URL, "b")
    path = _write(tmp_path, "\n".join([
        f'- {{bevinding: "{one}", besluit: geaccepteerd, reden: r, door: d}}',
        f'- {{bevinding: "{two}", besluit: geaccepteerd, reden: r, door: d}}',
        f'- {{pagina: "{URL}", regel: norm.geen-bezwaar, besluit: niet-van-toepassing, reden: r, door: d}}',
    ]) + "\n")
    decisions = Decisions.load(path, RULES)
    assert [d.line for d in decisions.unused({one}, set())] == [2, 3]
    assert decisions.unused({one, two}, {(URL + "/", "norm.geen-bezwaar")}) == []


@pytest.mark.parametrize(("text", "line", "message"), [
    ("- {bevinding: \"0123456789abcdef\", besluit: goedgekeurd, reden: r, door: d}\n", 1, "besluit moet geaccepteerd of niet-van-toepassing"),
    ("- {bevinding: \"0123456789abcdef\", besluit: geaccepteerd, reden: r, door: d, wie: x}\n", 1, "onbekende sleutel 'wie'"),
    ("# kop\n\n- {bevinding: \"0123456789abcdef\", besluit: geaccepteerd, reden: \"\", door: d}\n", 3, "vul bij 'reden' in"),
    ("- {bevinding: \"0123456789abcdef\", besluit: geaccepteerd, reden: r}\n", 1, "vul bij 'door' in"),
    ("- {bevinding: 12, besluit: geaccepteerd, reden: r, door: d}\n", 1, "16 tekens"),
    ("- {pagina: x, besluit: geaccepteerd, reden: r, door: d}\n", 1, "noem de bevinding"),
    ("- {pagina: x, regel: taal.bestaat-niet, besluit: geaccepteerd, reden: r, door: d}\n", 1, "onbekende regel"),
    ("- {bevinding: \"0123456789abcdef\", pagina: x, regel: norm.geen-bezwaar, besluit: geaccepteerd, reden: r, door: d}\n", 1, "niet allebei"),
    ("- {bevinding: \"0123456789abcdef\", besluit: geaccepteerd, reden: r, door: d, datum: 3 maart}\n", 1, "JJJJ-MM-DD"),
    ("- {bevinding: \"0123456789abcdef\", besluit: geaccepteerd, reden: r, door: d}\n"
     "- {bevinding: \"0123456789abcdef\", besluit: geaccepteerd, reden: r, door: e}\n", 2, "staat er al op regel 1"),
    ("besluiten: []\n", 1, "een besluitenbestand is een lijst"),
    ("- just text\n", 1, "een besluit is een mapping"),
    ("- {bevinding: [\n", 2, "geen geldige YAML"),
])
def test_mistakes_are_refused_with_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(UserError, match=message) as error:
        Decisions.load(path, RULES)
    assert f"{path}, regel {line}:" in str(error.value)


def test_an_empty_file_has_no_decisions(tmp_path: Path) -> None:
    decisions = Decisions.load(_write(tmp_path, "# nog niets besloten\n"), RULES)
    assert len(decisions) == 0 and decisions.to_dict()["source"].endswith("besluiten.yml")
    assert len(load_decisions(None)) == 0


def test_the_line_for_a_finding_is_valid_yaml_and_keeps_leading_zeros() -> None:
    line = decision_line("0123456789012345", "0000000000000001")
    item = yaml.safe_load(line)[0]
    assert item["bevinding"] == "0123456789012345" and item["tekst"] == "0000000000000001"
    assert item["besluit"] == ACCEPTED and item["reden"] == "" and item["door"] == ""


def test_the_file_is_found_beside_the_profile_or_the_database(tmp_path: Path) -> None:
    profile_dir, db_dir = tmp_path / "profiel", tmp_path / "data"
    profile_dir.mkdir()
    db_dir.mkdir()
    profile, db = profile_dir / "profiel.yml", db_dir / "stad.db"
    assert find_decisions_file(None, profile, db) is None
    (profile_dir / "besluiten.yml").write_text("", encoding="utf-8")
    (db_dir / "besluiten.yml").write_text("", encoding="utf-8")
    assert find_decisions_file(None, profile, db) == profile_dir / "besluiten.yml"
    assert find_decisions_file(None, None, db) == db_dir / "besluiten.yml"
    assert find_decisions_file(tmp_path / "eigen.yml", profile, db) == tmp_path / "eigen.yml"


@pytest.mark.parametrize("document", ["README.md", "docs/upkeep.md"])
def test_the_documented_examples_load(document: str, tmp_path: Path) -> None:
    from audit.checks import all_kinds
    from audit.rules import load_rules
    from wmebv.core.paths import rules_dir

    text = (Path(__file__).resolve().parent.parent / document).read_text(encoding="utf-8")
    blocks = [block.split("```", 1)[0] for block in text.split("```yaml\n")[1:] if "besluit:" in block.split("```", 1)[0]]
    assert blocks, f"no decisions example in {document}"
    known = {rule.id for rule in load_rules(rules_dir(), all_kinds())}
    for block in blocks:
        decisions = Decisions.load(_write(tmp_path, block), known)
        assert len(decisions) == block.count("besluit:")
