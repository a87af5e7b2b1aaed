"""Later months of the sample municipality: a scripted set of edits to the site, with the changes they should show.

``content/maand-<N>.yml`` lists what the webredactie of Voorbeeldstad changed since the first
crawl: products that gain or lose a form, a page that moves, a page that disappears, texts that
get better or worse, a new product. Each edit states by hand which changes a comparison of the
two crawls must report (never computed by our own audit code: that would make the test circular).
Edits apply to the hand-written products in ``content/products/*.yml`` before they are checked,
so an edited product is validated exactly like any other.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from wmebv.core.errors import UserError
from wmebv.core.labels import LABELS
from wmebv.sample.content import RULE_IDS, default_path

EDIT_KEYS = frozenset({"product", "new", "why", "set", "remove", "redirect", "dead_loket_paths", "expect"})
EXPECT_KEYS = frozenset({"changes", "fixed", "new"})
# Rules the audit reports that the hand-written truths of month 1 predate.
EXTRA_RULE_IDS = ("taal.moeilijk-woord", "taal.te-kort", "structuur.afwijkend-patroon", "norm.geen-feedback",
                  "structuur.alleen-javascript")


@dataclass(frozen=True)
class Expected:
    """What a comparison of month 1 with this month must report for one product."""

    slug: str
    changes: frozenset[str]
    fixed: frozenset[str] = frozenset()
    new: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Month:
    """The edits of one later month."""

    number: int
    source: str
    edits: dict[str, dict[str, Any]] = field(default_factory=dict)  # slug -> edit of a hand-written product
    added: tuple[dict[str, Any], ...] = ()  # new products, in the product format
    expected: tuple[Expected, ...] = ()

    @property
    def dead_loket_paths(self) -> frozenset[str]:
        """E-loket paths that answer 404 from this month on."""
        return frozenset(path for edit in self.edits.values() for path in edit.get("dead_loket_paths") or ())

    def revise(self, items: list[Any], source: str) -> list[Any]:
        """The raw products of one content file with this month's edits applied (removed ones left out)."""
        revised = []
        for item in items:
            edit = self.edits.get(item.get("slug", "")) if isinstance(item, dict) else None
            if edit is None:
                revised.append(item)
            elif not edit.get("remove"):
                revised.append(apply_edit(item, edit))
        return revised

    def moved(self, items: dict[str, dict[str, Any]]) -> dict[str, tuple[str, str, bool]]:
        """Slug -> (old path, new path, whether the old path redirects) of every product that moves."""
        found = {}
        for slug, edit in self.edits.items():
            new_path = (edit.get("set") or {}).get("path")
            if new_path:
                found[slug] = (product_path(items[slug]), new_path, bool(edit.get("redirect")))
        return found


def apply_edit(item: dict[str, Any], edit: dict[str, Any]) -> dict[str, Any]:
    """One raw product with an edit: keys replaced, sections merged (a section set to null is removed)."""
    revised = copy.deepcopy(item)
    for key, value in (edit.get("set") or {}).items():
        if key == "sections":
            sections = dict(revised.get("sections") or {})
            for section, text in value.items():
                if text is None:
                    sections.pop(section, None)
                else:
                    sections[section] = text
            revised["sections"] = sections
        else:
            revised[key] = copy.deepcopy(value)
    return revised


def product_path(item: dict[str, Any]) -> str:
    """The address of a raw product: its own path, else the default for its template and cluster."""
    return item.get("path") or default_path(item["slug"], item["template"], item["cluster"])


def load_month(content_dir: Path, number: int) -> Month | None:
    """The edits of month ``number`` (None for month 1, the site as it is)."""
    if number == 1:
        return None
    path = content_dir / f"maand-{number}.yml"
    if not path.is_file():
        known = sorted(int(p.stem.split("-")[1]) for p in content_dir.glob("maand-*.yml"))
        raise UserError(f"De voorbeeldsite kent maand {number} niet. Kies 1 of een van: {', '.join(map(str, known))}.")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    edits: dict[str, dict[str, Any]] = {}
    added: list[dict[str, Any]] = []
    expected: list[Expected] = []
    for index, edit in enumerate(data.get("edits") or []):
        where = f"Fout in {path.name}, wijziging {index + 1}"
        if not isinstance(edit, dict) or set(edit) - EDIT_KEYS:
            raise UserError(f"{where}: onbekende sleutel (toegestaan: {', '.join(sorted(EDIT_KEYS))})")
        if bool(edit.get("product")) == bool(edit.get("new")):
            raise UserError(f"{where}: noem 'product' (een bestaand product) of 'new' (een nieuw product)")
        slug = edit["product"] if edit.get("product") else edit["new"].get("slug")
        if edit.get("new"):
            added.append(edit["new"])
        else:
            if slug in edits:
                raise UserError(f"{where}: product '{slug}' staat er al")
            edits[slug] = edit
        expected.append(_expected(slug, edit.get("expect") or {}, where))
    return Month(number, path.name, edits, tuple(added), tuple(expected))


def _expected(slug: str, raw: dict[str, Any], where: str) -> Expected:
    """The checked expectation of one edit."""
    if set(raw) - EXPECT_KEYS:
        raise UserError(f"{where}: onbekende sleutel in expect (toegestaan: {', '.join(sorted(EXPECT_KEYS))})")
    changes = frozenset(raw.get("changes") or ())
    unknown = changes - set(LABELS["change"])
    if unknown:
        raise UserError(f"{where}: onbekende verandering {', '.join(sorted(unknown))}")
    rules = {*RULE_IDS, *EXTRA_RULE_IDS}
    for key in ("fixed", "new"):
        for rule in raw.get(key) or ():
            if rule not in rules:
                raise UserError(f"{where}: onbekende regel '{rule}' in expect.{key}")
    return Expected(slug, changes, frozenset(raw.get("fixed") or ()), frozenset(raw.get("new") or ()))
