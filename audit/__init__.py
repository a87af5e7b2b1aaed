"""wmebv-audit: inventory and audit of municipal product pages (WMEBV, B1, page structure)."""

__version__ = "0.1.0"
