"""The fixed set of check kinds: each family module exports ``KINDS``; this merges them."""

from __future__ import annotations

from audit.checks import channels, language, norms, structure
from audit.checks.kind import CheckFn, CheckKind

__all__ = ["FAMILY_MODULES", "SITE_KINDS", "CheckFn", "CheckKind", "all_kinds"]

FAMILY_MODULES = (channels, language, structure, norms)
# Kinds that judge a page against the whole site: the engine runs them once every page is audited.
SITE_KINDS = frozenset({"site_deviation"})


def all_kinds() -> dict[str, CheckKind]:
    """Every check kind by name; two modules defining the same kind is a programming error."""
    kinds: dict[str, CheckKind] = {}
    for module in FAMILY_MODULES:
        for kind, function in module.KINDS.items():
            if kind in kinds:
                raise RuntimeError(f"check kind {kind!r} is defined twice ({module.__name__})")
            kinds[kind] = function
    return kinds
