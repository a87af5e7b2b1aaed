"""The README is part of the product: its commands and examples must stay true."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from audit.profile import load_profile
from english_words import english_words_in
from wmebv.app.cli import main
from wmebv.core.paths import rules_dir

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _all_commands(group: click.Group, prefix: str = "wmebv") -> list[str]:
    """Every leaf command of the CLI as 'wmebv sub [subsub]'."""
    names = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            names.extend(_all_commands(command, f"{prefix} {name}"))
        else:
            names.append(f"{prefix} {name}")
    return names


@pytest.mark.parametrize("command", _all_commands(main))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"`{command}" in README, f"{command} is not documented in README.md"


@pytest.mark.parametrize("command", _all_commands(main))
def test_every_command_has_dutch_help(command: str) -> None:
    """The help is in Dutch: click's own words too, and no English word (tests/english_words.py)."""
    result = CliRunner().invoke(main, [*command.split()[1:], "--help"], prog_name="wmebv")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Gebruik: {command} [OPTIES]"), result.output
    assert "Toon deze hulp en stop." in result.output
    assert not english_words_in(result.output), english_words_in(result.output)


def test_readme_commands_exist() -> None:
    documented = set(re.findall(r"`(wmebv(?: [a-z]+){1,2})", README))
    known = set(_all_commands(main))
    for command in documented:
        assert any(command == k or k.startswith(command + " ") or command.startswith(k) for k in known), command


def test_readme_has_exactly_two_setup_commands() -> None:
    block = README.split("## Two commands", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^demo:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_readme_profile_example_loads(tmp_path: Path) -> None:
    block = README.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "profiel.yml"
    path.write_text(block, encoding="utf-8")
    assert yaml.safe_load(block)["name"] == "Voorbeeldstad 2026"
    example = yaml.safe_load(block)
    profile = load_profile(path, rules_dir())
    assert profile.name == example["name"]
    assert dict(profile.rule_overrides) == example["rules"]
    for area in ("structure", "language"):
        for key, value in example[area].items():
            if not isinstance(value, dict):
                assert profile.area(area)[key] == value, (area, key)
    assert profile.area("language")["levels"]["B1"]["max_long_sentence_share"] == example["language"]["levels"]["B1"]["max_long_sentence_share"]


def test_readme_links_exist() -> None:
    for target in re.findall(r"\]\(((?:docs|rules)/[^)#]+)\)", README):
        assert (ROOT / target).exists(), target
