"""Read YAML while keeping line numbers, so a data error can name the file and the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from wmebv.core.errors import UserError


class LineDict(dict[str, Any]):
    """A mapping read from YAML that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """The line of ``key``, else the line of the mapping itself."""
        key_lines: dict[str, int] = getattr(self, "key_lines", {})
        return key_lines.get(key, self.line)


class LineList(list[Any]):
    """A sequence read from YAML that remembers its line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


# A data file a person writes is small; a larger one, or one with anchors and aliases (which can
# make a 345-byte file unfold to gigabytes), is refused before it is built.
MAX_YAML_BYTES = 2 * 1024 * 1024


class NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses anchors and aliases (&name, *name)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Compose as usual, but stop at the first alias."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
            raise yaml.composer.ComposerError(None, None, "verwijzingen (&anker en *alias) zijn niet toegestaan", event.start_mark)
        return super().compose_node(parent, index)


class _LineLoader(NoAliasLoader):
    """A safe loader without aliases that builds LineDict and LineList instead of plain containers."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    """Build a LineDict, noting the line of each key; duplicate keys are an error."""
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"de sleutel '{key}' staat er twee keer", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    """Build a LineList, noting the line of each item."""
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_text(path: Path) -> str:
    """The text of a data file (at most MAX_YAML_BYTES); a Dutch UserError when it cannot be read."""
    try:
        if path.stat().st_size > MAX_YAML_BYTES:
            raise UserError(f"Het bestand {path} is te groot (meer dan {MAX_YAML_BYTES // (1024 * 1024)} MB). "
                            "Een profiel of regelbestand is een korte tekst; kies het goede bestand.")
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise UserError(f"Het bestand {path} bestaat niet.") from error
    except UnicodeDecodeError as error:
        raise UserError(f"Het bestand {path} is geen tekst in UTF-8 (positie {error.start}). Sla het op als UTF-8.") from error
    except OSError as error:
        raise UserError(f"Het bestand {path} kan niet worden gelezen: {error.strerror or error}.") from error


def _load(path: Path, loader: type[yaml.SafeLoader]) -> Any:
    """Load one YAML file with ``loader``; a syntax error becomes a Dutch UserError with the line."""
    text = read_text(path)
    try:
        return yaml.load(text, Loader=loader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        raise UserError(f"{path}, regel {line}: dit is geen geldige YAML ({error.problem or error}).") from error
    except yaml.YAMLError as error:  # e.g. control characters: the reader stops before any line
        raise UserError(f"{path}: dit is geen geldige YAML ({error}).") from error


def safe_load(path: Path) -> Any:
    """Load a YAML file as plain data, within the size limit and without aliases."""
    return _load(path, NoAliasLoader)


def load_yaml(path: Path) -> Any:
    """Load one YAML file with line numbers, within the size limit and without aliases."""
    return _load(path, _LineLoader)


def line_in(mapping: object, key: str, default: int = 1) -> int:
    """The line of ``key`` in a mapping read by ``load_yaml``; ``default`` for a mapping built otherwise."""
    return mapping.line_of(key) if isinstance(mapping, LineDict) else default


def data_error(path: Path, line: int, message: str) -> UserError:
    """A UserError that names the file and line of a data problem."""
    return UserError(f"{path}, regel {line}: {message}")


def plain(value: Any) -> Any:
    """The same data as plain dicts and lists (for JSON and comparisons)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
