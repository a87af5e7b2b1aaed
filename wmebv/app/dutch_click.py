"""click's own words in Dutch: 'Gebruik:', 'Toon deze hulp en stop.', 'Ontbrekend argument'.

click asks gettext for every text it shows (``from gettext import gettext as _``), and gettext
would look for a catalogue in the user's language. ``wmebv`` speaks Dutch whatever the machine's
language is, so while a command runs, :func:`dutch_click` gives click's modules a translation
function that looks up this table, and puts the original back afterwards. A test checks that
every text of the installed click has a translation here (``tests/test_cli_dutch.py``).
"""

from __future__ import annotations

import gettext
import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils",
                 "shell_completion", "_termui_impl")

TRANSLATIONS: dict[str, str] = {
    # formatting and help
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon de versie en stop.",
    "%(prog)s, version %(version)s": "%(prog)s, versie %(version)s",
    "default: {default}": "standaard: {default}",
    "env var: {var}": "omgevingsvariabele: {var}",
    "required": "verplicht",
    "(dynamic)": "(wisselt)",
    "deprecated": "verouderd",
    "Confirm the action without prompting.": "Bevestig zonder te vragen.",
    "Do you want to continue?": "Wilt u doorgaan?",
    # errors
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Typ '{command} {option}' voor hulp.",
    "Aborted!": "Afgebroken.",
    "Missing command.": "Er ontbreekt een opdracht.",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende waarde",
    "Missing {param_type}": "Ontbrekende {param_type}",
    "Missing parameter: {param_name}": "Ontbrekende waarde: {param_name}",
    "No such option {name!r}.": "De optie {name!r} bestaat niet.",
    "No such command {name!r}.": "De opdracht {name!r} bestaat niet.",
    "Did you mean {possibility}?": "Bedoelt u {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Bedoelt u een van deze: {possibilities}?)",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "unknown error": "onbekende fout",
    "Could not open file {filename!r}: {message}": "Kan het bestand {filename!r} niet openen: {message}",
    "Option {name!r} does not take a value.": "De optie {name!r} krijgt geen waarde.",
    "Invalid start character for option ({option})": "Ongeldig eerste teken voor een optie ({option})",
    "Argument {name!r} takes {nargs} values.": "Het argument {name!r} krijgt {nargs} waarden.",
    "Value must be an iterable.": "De waarde moet een lijst zijn.",
    "Name '{name}' defined twice": "De naam '{name}' staat er twee keer",
    "Could not determine name for option with declarations {decls!r}":
        "Kan geen naam bepalen voor de optie {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?":
        "Er zijn geen opties, maar wel een naam ({name}). Bedoelt u een argument, of '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.":
        "Een argument heeft precies één naam, niet {length}: {decls}.",
    "Boolean option {decl!r} cannot use the same flag for true/false.":
        "De ja/nee-optie {decl!r} kan niet dezelfde vlag voor ja en nee gebruiken.",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Let op: de opdracht {name!r} verdwijnt.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Let op: de {param_type} {name!r} verdwijnt.{extra_message}",
    # values
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
    "Choice({choices})": "Keuze({choices})",
    "{value} is not in the range {range}.": "{value} ligt niet tussen de grenzen {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} is geen ja of nee. Mogelijk: {states}",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig {number_type}.",
    "{value!r} is not a valid UUID.": "{value!r} is geen geldige UUID.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} kan niet gelezen worden.",
    "{name} {filename!r} is not writable.": "In {name} {filename!r} kan niet geschreven worden.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} is geen programma.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    # terminal
    "Press any key to continue...": "Druk op een toets om door te gaan ...",
    "Repeat for confirmation": "Typ het nog een keer",
    "Error: The two entered values do not match.": "Fout: de twee waarden zijn niet gelijk.",
    "Error: invalid input": "Fout: ongeldige invoer",
    "Unknown color {colour!r}": "Onbekende kleur {colour!r}",
    "Unknown standard stream '{name}'": "Onbekende standaardstroom '{name}'",
    "{editor}: Editing failed": "{editor}: bewerken is mislukt",
    "{editor}: Editing failed: {e}": "{editor}: bewerken is mislukt: {e}",
    "Couldn't detect Bash version, shell completion is not supported.":
        "Kan de versie van Bash niet bepalen; aanvullen met Tab werkt daarom niet.",
    "Shell completion is not supported for Bash versions older than 4.4.":
        "Aanvullen met Tab werkt niet met Bash ouder dan 4.4.",
    "Windows error: {error}": "Fout van Windows: {error}",
    "d": "d",
}

PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Onverwacht extra argument ({args})", "Onverwachte extra argumenten ({args})"),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Verwacht {nargs} waarden, maar kreeg er 1.", "Verwacht {nargs} waarden, maar kreeg er {len}."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Bedoelt u {possibility}?", "(Bedoelt u een van deze: {possibilities}?)"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("De optie {name!r} heeft een waarde nodig.", "De optie {name!r} heeft {nargs} waarden nodig."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} is niet {choice}.", "{value!r} is geen van deze: {choices}."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("{value!r} past niet bij de vorm {format}.", "{value!r} past niet bij de vormen {formats}."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("{len_type} waarden zijn nodig, maar er is er {len_value} gegeven.",
         "{len_type} waarden zijn nodig, maar er zijn er {len_value} gegeven."),
}

# The names click gives its value types ("'x' is not a valid integer"), in Dutch.
TYPE_NAMES: dict[type[click.ParamType], str] = {
    click.types.StringParamType: "tekst",
    click.types.UnprocessedParamType: "tekst",
    click.types.IntParamType: "geheel getal",
    click.types.IntRange: "geheel getal",
    click.types.FloatParamType: "getal",
    click.types.FloatRange: "getal",
    click.types.BoolParamType: "ja of nee",
    click.types.DateTime: "datum en tijd",
    click.types.File: "bestandsnaam",
}
PATH_NAMES = {"file": "Bestand", "directory": "Map", "path": "Pad"}


def dutch(message: str) -> str:
    """click's text in Dutch (the text itself when the table does not have it)."""
    return TRANSLATIONS.get(message, message)


def dutch_plural(singular: str, plural: str, count: int) -> str:
    """click's singular or plural text in Dutch."""
    one, many = PLURALS.get((singular, plural), (singular, plural))
    return one if count == 1 else many


def _path_params(command: click.Command) -> Iterator[click.Path]:
    """The click.Path types of a command and all its subcommands."""
    for param in command.params:
        if isinstance(param.type, click.Path):
            yield param.type
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _path_params(sub)


@contextmanager
def dutch_click(command: click.Command) -> Iterator[None]:
    """While this runs, click (and ``command``'s value types) speak Dutch; afterwards all is as it was."""
    saved: list[tuple[Any, str, Any]] = []

    def swap(owner: Any, name: str, value: Any) -> None:
        saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    try:
        for module_name in CLICK_MODULES:
            module = importlib.import_module(f"click.{module_name}")
            if getattr(module, "_", None) is gettext.gettext:
                swap(module, "_", dutch)
            if getattr(module, "ngettext", None) is gettext.ngettext:
                swap(module, "ngettext", dutch_plural)
        for param_type, name in TYPE_NAMES.items():
            swap(param_type, "name", name)
        for path in _path_params(command):
            if path.name in PATH_NAMES:
                swap(path, "name", PATH_NAMES[path.name])
        yield
    finally:
        for owner, name, value in reversed(saved):
            setattr(owner, name, value)


class DutchCommand(click.Command):
    """A command whose usage line reads 'Gebruik: wmebv crawl [OPTIES] URL'."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """As click.Command, with Dutch placeholders."""
        kwargs.setdefault("options_metavar", "[OPTIES]")
        super().__init__(*args, **kwargs)


class DutchGroup(click.Group):
    """The top command: runs every subcommand with click in Dutch."""

    command_class = DutchCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """As click.Group, with Dutch placeholders."""
        kwargs.setdefault("options_metavar", "[OPTIES]")
        kwargs.setdefault("subcommand_metavar", "OPDRACHT [ARGUMENTEN]...")
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line with click's own texts in Dutch."""
        with dutch_click(self):
            return super().main(*args, **kwargs)


DutchGroup.group_class = DutchGroup
