"""wmebv-audit: inventory and audit of municipal product pages (WMEBV, B1, page structure).

The one place of the version number: ``pyproject.toml`` reads it from here.
"""

__version__ = "0.2.0"
