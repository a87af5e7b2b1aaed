"""The command line speaks Dutch: every command's help, click's own texts and errors, the summaries.

Walks every command with --help and a set of wrong invocations, and fails on English words
(tests/english_words.py). Every text of the installed click has a Dutch translation, so a newer
click with new texts makes this test fail instead of showing English.
"""

from __future__ import annotations

import ast
import gettext
import importlib
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from english_words import english_words_in
from wmebv.app import dutch_click
from wmebv.app.cli import main


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every group and command as its words after 'wmebv'."""
    found = [prefix] if prefix else []
    for name, command in group.commands.items():
        found.extend(_commands(command, (*prefix, name)) if isinstance(command, click.Group) else [(*prefix, name)])
    return found


COMMANDS = [()] + _commands(main)


def click_texts() -> tuple[set[str], set[tuple[str, str]]]:
    """Every text the installed click passes to gettext and ngettext."""
    singles: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                texts = [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
                if node.func.id == "_" and texts:
                    singles.add(texts[0])
                elif node.func.id == "ngettext" and len(texts) == 2:
                    plurals.add((texts[0], texts[1]))
    return singles, plurals


def test_every_click_text_has_a_dutch_translation() -> None:
    singles, plurals = click_texts()
    assert len(singles) > 50 and plurals  # the extraction found click's texts
    assert not [text for text in singles if text not in dutch_click.TRANSLATIONS], "click texts without Dutch"
    assert not [pair for pair in plurals if pair not in dutch_click.PLURALS], "click plurals without Dutch"
    untranslated = [text for text, dutch in dutch_click.TRANSLATIONS.items() if text == dutch and len(text) > 2]
    assert not untranslated


@pytest.mark.parametrize("words", COMMANDS, ids=lambda words: " ".join(("wmebv", *words)))
def test_help_is_dutch(words: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*words, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Gebruik: ") and "[OPTIES]" in result.output
    assert "Opties:" in result.output and "Toon deze hulp en stop." in result.output
    assert not english_words_in(result.output), (english_words_in(result.output), result.output)
    command = main
    for word in words:
        command = command.commands[word]  # type: ignore[attr-defined]
    assert command.help and all(param.help for param in command.params if isinstance(param, click.Option))


WRONG = [
    (["--dbb", "x"], "De optie '--dbb' bestaat niet."),
    (["crawls", "--dbb", "x"], "De optie '--dbb' bestaat niet."),
    (["crawl", "--db"], "De optie '--db' heeft een waarde nodig."),
    (["crawl"], "Geef het adres van de website, of gebruik --resume"),
    (["check"], "Ontbrekend argument 'BESTAND_OF_URL'."),
    (["crawl", "http://127.0.0.1:1/", "--max-pages", "veel"], "'veel' is geen geldig geheel getal."),
    (["crawl", "http://127.0.0.1:1/", "--max-pages", "0"], "ligt niet tussen de grenzen"),
    (["export", "--format", "pdf"], "'pdf' is geen van deze: 'xlsx', 'csv'."),
    (["audit", "--profile", "weg.yml"], "Bestand 'weg.yml' bestaat niet."),
    (["exporteer"], "De opdracht 'exporteer' bestaat niet."),
    (["expor"], "Bedoelt u 'export'?"),
    (["upl"], "Gebruik: "),
    (["sample", "build"], "Ontbrekende optie '--pages'."),
    (["crawls", "extra"], "Onverwacht extra argument (extra)"),
]


@pytest.mark.parametrize(("arguments", "expected"), WRONG, ids=lambda value: " ".join(value) if isinstance(value, list) else "")
def test_errors_are_dutch(arguments: list[str], expected: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, arguments, prog_name="wmebv")
    assert result.exit_code != 0
    assert expected in result.output, result.output
    assert "Fout: " in result.output or "Gebruik: " in result.output
    assert not english_words_in(result.output), (english_words_in(result.output), result.output)


def test_click_is_itself_again_after_a_command() -> None:
    """The Dutch texts hold only while a command runs: nothing else in the process is changed."""
    CliRunner().invoke(main, ["--help"])
    for name in dutch_click.CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            assert module._ is gettext.gettext, name
    assert click.types.IntParamType.name == "integer"


def test_version_is_dutch() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.output.startswith("wmebv, versie ")
