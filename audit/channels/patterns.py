"""The channel detection data (``rules/channels/*.yml``), compiled once per run."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from wmebv.core.regex import AnyOf, pattern_text
from wmebv.core.yamllines import LineDict, data_error, load_yaml

Pattern = re.Pattern[str]


@dataclass(frozen=True)
class Platform:
    """A form platform or portal recognised by host and/or path of a link."""

    name: str
    kind: str
    auth: str = ""
    host: Pattern | None = None
    path: Pattern | None = None

    def matches(self, host: str, path: str) -> bool:
        """True when the link's host and path fit this platform."""
        if self.host is not None and not self.host.search(host):
            return False
        if self.path is not None and not self.path.search(path):
            return False
        return self.host is not None or self.path is not None


@dataclass(frozen=True)
class ChannelPatterns:
    """Everything channel detection matches against, plus the area settings."""

    platforms: tuple[Platform, ...]
    contact_path: Pattern
    contact_text: Pattern
    appointment_host: Pattern
    appointment_path: Pattern
    appointment_text: Pattern
    appointment_exclude: Pattern | None
    document_extensions: frozenset[str]
    document_form_words: Pattern
    texts: Mapping[str, tuple[Pattern, ...]]
    phrases: Mapping[str, tuple[Pattern, ...]]
    form_hosts: frozenset[str]
    contact_form_counts: bool
    email_counts: bool

    @cached_property
    def _text_groups(self) -> dict[str, AnyOf]:
        """Each word group's patterns joined into one search."""
        return {group: AnyOf(patterns) for group, patterns in self.texts.items()}

    def any_text(self, group: str, text: str) -> bool:
        """True when one of the word patterns of ``group`` (texts.yml) occurs in ``text``."""
        found = self._text_groups.get(group)
        return found is not None and found.search(text)

    @cached_property
    def _phrase_groups(self) -> tuple[tuple[str, AnyOf], ...]:
        """Each phrase group's patterns joined into one search, 'ignore' first."""
        groups = [(group, AnyOf(patterns)) for group, patterns in self.phrases.items()]
        return tuple(sorted(groups, key=lambda item: item[0] != "ignore"))

    def phrase_groups(self, sentence: str) -> list[str]:
        """The phrase groups (phrases.yml) whose patterns occur in one sentence.

        'ignore' (paying, opening hours) silences the groups of the counter, paper and phone.
        """
        found: list[str] = []
        ignored = False
        for group, patterns in self._phrase_groups:
            if ignored and group in NOT_DIGITAL_GROUPS:
                continue
            if patterns.search(sentence):
                if group == "ignore":
                    ignored = True
                    continue
                found.append(group)
        return found

    def is_appointment(self, host: str, path: str, label: str) -> bool:
        """True when a link is for making an appointment at the counter."""
        if self.appointment_exclude is not None and self.appointment_exclude.search(f"{path} {label}"):
            return False
        return bool(self.appointment_host.search(host) or self.appointment_path.search(path) or self.appointment_text.search(label))


def _compile(path: Path, line: int, source: Any) -> Pattern:
    """Compile one case-insensitive pattern; a bad one names its file and line."""
    try:
        return re.compile(str(source), re.IGNORECASE)
    except re.error as error:
        raise data_error(path, line, f"het patroon '{source}' is geen geldige reguliere expressie ({error}).") from error


def _compile_lists(path: Path, data: Any, keys: tuple[str, ...]) -> dict[str, tuple[Pattern, ...]]:
    """Compile the pattern lists under ``keys``, with {name} filled in from ``placeholders``; unknown keys are refused."""
    if not isinstance(data, LineDict):
        raise data_error(path, 1, "verwacht een mapping met lijsten van patronen.")
    for key in data:
        if key not in keys and key != "placeholders":
            raise data_error(path, data.line_of(key), f"onbekende sleutel '{key}' (toegestaan: {', '.join(keys)}).")
    placeholders = {f"{{{name}}}": str(value) for name, value in (data.get("placeholders") or {}).items()}
    compiled: dict[str, tuple[Pattern, ...]] = {}
    for key in keys:
        items = data.get(key) or []
        lines = getattr(items, "item_lines", [data.line_of(key)] * len(items))
        compiled[key] = tuple(_compile(path, line, _fill(pattern_text(item), placeholders)) for item, line in zip(items, lines))
    return compiled


def _fill(pattern: str, placeholders: Mapping[str, str]) -> str:
    """A pattern with its {name} placeholders replaced."""
    for name, value in placeholders.items():
        pattern = pattern.replace(name, value)
    return pattern


def _platforms(path: Path, items: Any) -> tuple[Platform, ...]:
    """Compile the platform list."""
    allowed = {"name", "kind", "auth", "host", "path"}
    platforms = []
    for item in items or []:
        for key in item:
            if key not in allowed:
                raise data_error(path, item.line_of(key), f"onbekende sleutel '{key}' (toegestaan: {', '.join(sorted(allowed))}).")
        if not (item.get("host") or item.get("path")) or not item.get("kind"):
            raise data_error(path, item.line, "een platform heeft 'kind' en 'host' of 'path' nodig.")
        platforms.append(
            Platform(
                name=str(item.get("name") or item["kind"]),
                kind=str(item["kind"]),
                auth=str(item.get("auth") or ""),
                host=_compile(path, item.line_of("host"), item["host"]) if item.get("host") else None,
                path=_compile(path, item.line_of("path"), item["path"]) if item.get("path") else None,
            )
        )
    return tuple(platforms)


NOT_DIGITAL_GROUPS = frozenset({"paper", "in_person", "phone"})
TEXT_GROUPS = ("action_texts", "login_texts", "substep_texts", "email_designated", "question_texts",
               "contact_form_for_message", "message_headings", "contact_headings")
PHRASE_GROUPS = ("digital", "omgevingsloket", "contact_form", "email", "no_digital", "paper", "in_person", "phone",
                 "request_needed", "ignore")


def load_channel_patterns(rules_dir: Path, settings: Mapping[str, Any]) -> ChannelPatterns:
    """Read ``rules/channels/{platforms,texts,phrases}.yml`` and combine them with the settings."""
    folder = rules_dir / "channels"
    platforms_path = folder / "platforms.yml"
    data = load_yaml(platforms_path)
    for key in data:
        if key not in ("platforms", "contact_form", "appointment", "documents"):
            raise data_error(platforms_path, data.line_of(key), f"onbekende sleutel '{key}'.")
    contact, appointment, documents = data["contact_form"], data["appointment"], data["documents"]
    line = data.line_of
    return ChannelPatterns(
        platforms=_platforms(platforms_path, data.get("platforms")),
        contact_path=_compile(platforms_path, line("contact_form"), contact["path"]),
        contact_text=_compile(platforms_path, line("contact_form"), contact["text"]),
        appointment_host=_compile(platforms_path, line("appointment"), appointment["host"]),
        appointment_path=_compile(platforms_path, line("appointment"), appointment["path"]),
        appointment_text=_compile(platforms_path, line("appointment"), appointment["text"]),
        appointment_exclude=_compile(platforms_path, line("appointment"), appointment["exclude"]) if appointment.get("exclude") else None,
        document_extensions=frozenset(str(ext).lower() for ext in documents["extensions"]),
        document_form_words=_compile(platforms_path, line("documents"), documents["form_words"]),
        texts=_compile_lists(folder / "texts.yml", load_yaml(folder / "texts.yml"), TEXT_GROUPS),
        phrases=_compile_lists(folder / "phrases.yml", load_yaml(folder / "phrases.yml"), PHRASE_GROUPS),
        form_hosts=frozenset(str(host).lower() for host in settings.get("form_hosts") or ()),
        contact_form_counts=bool(settings.get("contact_form_counts", True)),
        email_counts=bool(settings.get("email_counts", True)),
    )
