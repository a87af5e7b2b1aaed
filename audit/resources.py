"""Everything one audit run loads once: profile, rules, check kinds, analysers, UPL."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from audit.channels import ChannelResources, load_channel_resources
from audit.checks import CheckKind, all_kinds
from audit.language import LanguageResources, load_language_resources
from audit.profile import Profile, apply_profile, load_profile
from audit.rules import Rule, load_rules
from audit.structure import StructureResources, load_structure_resources
from audit.verdict import Scope, load_scope
from wmebv.core.errors import UserError
from wmebv.core.page import RegionRules
from wmebv.core.paths import rules_dir as default_rules_dir
from wmebv.core.rulefiles import real_paths
from wmebv.core.siteconfig import SiteConfig, load_site_config
from wmebv.core.upl import MatchRules, UplMatch, UplMatcher, UplProduct, load_upl, match_texts, snapshot_path


@dataclass(frozen=True)
class AuditResources:
    """The loaded data and analysers of one run, passed along instead of globals."""

    rules_dir: Path
    profile: Profile
    rules: tuple[Rule, ...]
    kinds: Mapping[str, CheckKind]
    region_rules: RegionRules
    channels: ChannelResources
    scope: Scope
    structure: StructureResources
    language: LanguageResources
    upl_by_uri: Mapping[str, UplProduct]

    @property
    def active_rules(self) -> list[Rule]:
        """The rules the profile leaves switched on."""
        return [rule for rule in self.rules if rule.enabled]

    def upl_entry(self, uri: str | None, name: str | None = None) -> dict[str, Any] | None:
        """The grouped UPL entry for a page as a plain dict: name, uri and lower-case flags."""
        product = self.upl_by_uri.get(uri or "")
        if product is None:
            return {"name": name, "uri": uri} if (name or uri) else None
        entry: dict[str, Any] = {"name": product.name, "uri": product.uri}
        entry.update({flag.lower(): True for flag in sorted(product.flags)})  # sorted: the same JSON every run
        entry["sdg"] = list(product.sdg)  # Single Digital Gateway codes: norm.geen-anderstalig, norm.geen-feedback
        return entry

    @cached_property
    def upl_matcher(self) -> UplMatcher | None:
        """One matcher over the municipal UPL products, built on first use (it reads every name); None without a UPL."""
        if not self.upl_by_uri:
            return None
        products = [product for product in self.upl_by_uri.values() if product.has("Gemeente")]
        return UplMatcher(products, MatchRules.load(self.rules_dir / "upl-matching.yml"))

    @cached_property
    def site_config(self) -> SiteConfig:
        """The site configuration of these rules (product-page recognition), read on first use."""
        return load_site_config(None, self.rules_dir)

    def match_upl(self, url: str, title: str) -> UplMatch | None:
        """The UPL product whose name best matches a page, as the crawl matches it: title and URL (or file) name."""
        matcher = self.upl_matcher
        return matcher.match(*match_texts(url, title)) if matcher is not None else None


def load_upl_index(rules: Path | None = None) -> dict[str, UplProduct]:
    """The UPL products of a rules folder by URI (empty when the snapshot is missing)."""
    try:
        return {product.uri: product for product in load_upl(snapshot_path(rules))}
    except (OSError, ValueError):
        return {}


def load_resources(profile_path: Path | None = None, rules_dir: Path | None = None) -> AuditResources:
    """Load the profile, rules and analysers once for a run."""
    folder = rules_dir or default_rules_dir()
    try:
        return _load_resources(profile_path, folder)
    except UserError as error:  # a file of a rules overlay: name the user's own file, not the link to it
        raise UserError(real_paths(str(error), folder)) from error
    except (yaml.YAMLError, OSError, UnicodeDecodeError, ValueError, TypeError, AttributeError, KeyError) as error:
        # The loaders name the file for the problems they expect; anything else still gets a
        # plain message instead of a traceback, naming where to look.
        where = f"het profiel {profile_path} of de regels in {folder}" if profile_path else f"de regels in {folder}"
        culprit = _file_in_traceback(error)
        where = f"het bestand {culprit.resolve()}" if culprit else where
        message = f"Kan {where} niet lezen: {_describe(error)}. Herstel het bestand, of zet het terug uit git."
        raise UserError(real_paths(message, folder)) from error


def _file_in_traceback(error: BaseException) -> Path | None:
    """The last YAML file a loader was busy with when the error happened (from its local variables)."""
    found = None
    trace = error.__traceback__
    while trace is not None:
        for value in trace.tb_frame.f_locals.values():
            if isinstance(value, Path) and value.suffix in (".yml", ".yaml"):
                found = value
        trace = trace.tb_next
    return found


def _describe(error: BaseException) -> str:
    """A short description of a loading error, with the file when the error knows it."""
    name = getattr(error, "filename", None)
    return f"{name}: {error.strerror or error}" if name and isinstance(error, OSError) else f"{type(error).__name__}: {error}"


def _load_resources(profile_path: Path | None, folder: Path) -> AuditResources:
    """Load everything from one rules folder (the work of :func:`load_resources`)."""
    profile = load_profile(profile_path, folder)
    kinds = all_kinds()
    rules = apply_profile(load_rules(folder, kinds), profile)
    return AuditResources(
        rules_dir=folder,
        profile=profile,
        rules=tuple(rules),
        kinds=kinds,
        region_rules=RegionRules.load(folder / "page.yml"),
        channels=load_channel_resources(folder, profile.area("channels")),
        scope=load_scope(folder),
        structure=load_structure_resources(folder, profile.area("structure")),
        language=load_language_resources(folder, profile.area("language")),
        upl_by_uri=load_upl_index(folder),
    )
