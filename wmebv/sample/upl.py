"""The UPL as the sample site needs it: product name -> URI and the flags its truth depends on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wmebv.core.upl import load_upl as load_upl_products


@dataclass(frozen=True)
class UplEntry:
    """One UPL product name with the flags merged over its legal-basis rows."""

    name: str
    uri: str
    gemeente: bool
    sdg: bool
    aanvraag: bool
    melding: bool


def load_upl(path: Path | None = None) -> dict[str, UplEntry]:
    """The bundled UPL snapshot (see wmebv.core.upl) keyed by product name."""
    return {
        product.name: UplEntry(
            name=product.name,
            uri=product.uri,
            gemeente=product.has("Gemeente"),
            sdg=bool(product.sdg),
            aanvraag=product.has("Aanvraag"),
            melding=product.has("Melding"),
        )
        for product in load_upl_products(path)
    }
