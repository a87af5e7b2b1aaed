"""The views of migration 0008: what changed since the previous crawl, and settled findings in the worklists.

``wat_is_er_veranderd``, ``veranderd_per_cluster`` and ``veranderd_per_regel`` show the stored
comparison of a crawl with the finished crawl before it (the tables ``changes`` and
``change_counts``, written by ``wmebv/publish/changes.py``, the one definition of a change). Their
``_crawl`` is the later crawl, so Datasette and the export show the changes that led to the crawl
the worklists show. Of two comparisons that end at the same crawl, the one with the newest earlier
crawl counts.

``werklijst_redactie`` (and ``mijn_cluster``, which selects from it) say in "Sinds" that a finding
is back for review; ``per_cluster`` counts what the webredactie settled. They are the 0007 views
with that one column changed or added.

Frozen with the migration: a later change to a view is a new migration with its own SQL.
"""

from __future__ import annotations

from wmebv.core.store import views_0007
from wmebv.core.store.views_0007 import label_of

# The comparison that ends at each crawl: the one with the newest earlier crawl.
LATEST_PAIR = "(select max(p.from_crawl) from change_pairs p where p.to_crawl = {alias}.to_crawl)"

WAT_IS_ER_VERANDERD = f"""
select
  {label_of('change', 'c.kind')} as "Wat",
  c.cluster as "Cluster",
  c.page_id as "Pagina",
  c.title as "Product",
  c.detail as "Toelichting",
  coalesce(r.title, c.rule_id) as "Regel",
  {label_of('severity', 'c.severity')} as "Ernst",
  c.evidence as "Gevonden tekst",
  c.url as "Adres",
  c.old_url as "Oud adres",
  c.from_crawl as "Vergeleken met crawl",
  c.to_crawl as _crawl,
  printf('%012d', c.sort) as _volgorde
from changes c
left join rules r on r.id = c.rule_id
where c.from_crawl = {LATEST_PAIR.format(alias='c')}
"""

VERANDERD_PER_CLUSTER = f"""
select
  n.cluster as "Cluster",
  (select count(distinct c.url) from changes c
    where c.from_crawl = n.from_crawl and c.to_crawl = n.to_crawl and c.cluster = n.cluster
      and c.kind not in ('bevinding-opgelost', 'bevinding-nieuw')) as "Veranderde productpagina's",
  sum(n.fixed) as "Opgelost",
  sum(n.new) as "Nieuw",
  sum(n.still_open) as "Nog open",
  sum(n.settled) as "Afgehandeld",
  sum(n.gone) as "Weg met pagina",
  n.from_crawl as "Vergeleken met crawl",
  n.to_crawl as _crawl,
  n.cluster as _volgorde
from change_counts n
where n.from_crawl = {LATEST_PAIR.format(alias='n')}
group by n.to_crawl, n.from_crawl, n.cluster
"""

VERANDERD_PER_REGEL = f"""
select
  coalesce(r.title, n.rule_id) as "Regel",
  n.cluster as "Cluster",
  {label_of('family', 'r.family')} as "Soort",
  n.fixed as "Opgelost",
  n.new as "Nieuw",
  n.still_open as "Nog open",
  n.settled as "Afgehandeld",
  n.gone as "Weg met pagina",
  n.from_crawl as "Vergeleken met crawl",
  n.to_crawl as _crawl,
  printf('%09d|%s|%s', 999999999 - n.fixed - n.new, lower(coalesce(r.title, n.rule_id)), n.cluster) as _volgorde
from change_counts n
left join rules r on r.id = n.rule_id
where n.from_crawl = {LATEST_PAIR.format(alias='n')}
"""


def _changed(sql: str, old: str, new: str) -> str:
    """A 0007 view with one piece of it changed (that piece must be there exactly once)."""
    if sql.count(old) != 1:
        raise ValueError(f"expected one {old!r} in the view")
    return sql.replace(old, new)


WERKLIJST_REDACTIE = _changed(
    views_0007.WERKLIJST_REDACTIE,
    "  case when f.first_seen_crawl < f.crawl_id then 'al eerder' else 'nieuw' end as \"Sinds\",\n",
    "  case when f.decision = 'opnieuw-bekijken' then 'opnieuw bekijken'\n"
    "       when f.first_seen_crawl < f.crawl_id then 'al eerder' else 'nieuw' end as \"Sinds\",\n",
)

PER_CLUSTER = _changed(
    views_0007.PER_CLUSTER,
    '  s.high_findings as "Waarvan ernst hoog",\n',
    '  s.high_findings as "Waarvan ernst hoog",\n  coalesce(s.settled_findings, 0) as "Afgehandeld",\n',
)

# In the order they are created (mijn_cluster selects from werklijst_redactie, so it is made again after it).
VIEWS: list[tuple[str, str]] = [
    ("werklijst_redactie", WERKLIJST_REDACTIE),
    ("mijn_cluster", views_0007.MIJN_CLUSTER),
    ("per_cluster", PER_CLUSTER),
    ("wat_is_er_veranderd", WAT_IS_ER_VERANDERD),
    ("veranderd_per_cluster", VERANDERD_PER_CLUSTER),
    ("veranderd_per_regel", VERANDERD_PER_REGEL),
]
