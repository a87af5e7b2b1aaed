"""Finding texts as templates with named placeholders: ``"Het deel '{label}' ontbreekt."``.

A rule in ``rules/checks/*.yml`` holds the Dutch texts a user reads; the check kind fills the
placeholders with ``str.format_map`` from the values it found. The loader reads every template
with :func:`placeholders` first, so a malformed template is refused when the rules are loaded,
never halfway through an audit.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter


class TemplateError(ValueError):
    """A template that cannot be filled in, with the reason in Dutch."""


def placeholders(template: str) -> frozenset[str]:
    """The names a template fills in; a TemplateError for a malformed one (a lone brace, ``{0}``, ``{a.b}``)."""
    names: set[str] = set()
    try:
        fields = list(Formatter().parse(template))
    except ValueError as error:
        raise TemplateError(f"de tekst is geen geldig sjabloon ({error}); schrijf een accolade als '{{{{' of '}}}}'") from error
    for _, name, spec, _ in fields:
        if name is None:
            continue
        if not name.isidentifier():
            raise TemplateError(f"'{{{name}}}' is geen naam; gebruik een naam als {{label}}")
        if spec and ("{" in spec or "}" in spec):
            raise TemplateError(f"'{{{name}:{spec}}}' zet een naam in een opmaak; dat kan niet")
        names.add(name)
    return frozenset(names)


def fill(template: str, values: Mapping[str, object]) -> str:
    """The template with its placeholders filled in (the loader checked that the check provides them)."""
    return template.format_map(values).strip()
