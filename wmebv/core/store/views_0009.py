"""The views of migration 0009: the inventory counts the form links the link check could not judge.

Beside ``dead_links`` the ``inventory`` view has ``unverified_links`` (no internet, no answer, an
address the outbound policy does not ask), and the worklist ``inventaris`` shows it as "Links
niet gecontroleerd": such a link keeps its channel in the verdict, and the inventory says it was
not checked. Every other view is as migrations 0007 and 0008 left it; those stay frozen.
"""

from __future__ import annotations

from wmebv.core.store import views_0007

_DEAD_LINKS = """       (select count(*) from channels c where c.page_id = p.id and c.digital = 1
          and c.check_status in ('dead', 'error')) as dead_links,
"""
_UNVERIFIED_LINKS = """       (select count(*) from channels c where c.page_id = p.id and c.digital = 1
          and c.check_status in ('unverified', 'unchecked')) as unverified_links,
"""
_DEAD_COLUMN = '  i.dead_links as "Kapotte links",\n'
_UNVERIFIED_COLUMN = '  i.unverified_links as "Links niet gecontroleerd",\n'

assert _DEAD_LINKS in views_0007.INVENTORY and _DEAD_COLUMN in views_0007.INVENTARIS, "views_0007 is frozen"
INVENTORY = views_0007.INVENTORY.replace(_DEAD_LINKS, _DEAD_LINKS + _UNVERIFIED_LINKS)
INVENTARIS = views_0007.INVENTARIS.replace(_DEAD_COLUMN, _DEAD_COLUMN + _UNVERIFIED_COLUMN)

# In the order they are created: the worklist selects from the inventory. The views that select
# from these two stay as they are: a view is read again each time it is used.
VIEWS: list[tuple[str, str]] = [("inventory", INVENTORY), ("inventaris", INVENTARIS)]
