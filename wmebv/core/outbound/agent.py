"""The one User-Agent of wmebv: the tool, its version, why it asks, and whom a webmaster can reach."""

from __future__ import annotations

from wmebv import __version__

PRODUCT = "wmebv-audit"
CRAWL = "inventarisatie productpagina's gemeente"
LINK_CHECK = "controle van formulierlinks"
PAGE_CHECK = "controle van een pagina"


def user_agent(purpose: str, contact: str | None = None) -> str:
    """``wmebv-audit/<version> (<purpose>; contact: <address>)``."""
    contact_part = f"; contact: {contact}" if contact else ""
    return f"{PRODUCT}/{__version__} ({purpose}{contact_part})"
