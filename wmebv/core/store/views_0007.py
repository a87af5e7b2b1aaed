"""The views of migration 0007: the inventory with its three figures, and every worklist.

One definition per figure. A product page is *digital* when its channel status is digital, *B1*
when the audit judged its text to be B1, and *complete* when no rule of the kind
``sections_missing`` found a required section missing. The front page, the overview, the
worklists and the export all select from these views, so their counts agree.

A worklist view has Dutch column names (what a user reads, in Datasette and in Excel) and
technical columns that start with an underscore: ``_crawl`` (the crawl of the row), ``_volgorde``
(the sort key: the most urgent first, then cluster and product) and sometimes ``_bevinding``
(the finding, for a link to it). Datasette shows the newest finished crawl by default
(``datasette/plugins/wmebv_views.py``); the export asks for one crawl.

Frozen with the migration: a shipped migration is never edited, so a later change to a view is a
new migration with its own SQL.
"""

from __future__ import annotations


def section_names(column: str, separator: str = ", ") -> str:
    """SQL for a stored JSON list of section ids as their Dutch names (the text itself when it is no list)."""
    return (
        f"case when json_valid({column}) then ("
        f"select group_concat(coalesce(l.label, j.value), '{separator}') from json_each({column}) j "
        f"left join labels l on l.field = 'section' and l.code = j.value"
        f") else {column} end"
    )


def label_of(field: str, column: str) -> str:
    """SQL for the Dutch word for a code, or the code itself (a subquery: computed only for rows shown)."""
    return f"coalesce((select l.label from labels l where l.field = '{field}' and l.code = {column}), {column})"


def rank_of(field: str, column: str) -> str:
    """SQL for the place of a code in its list of labels (most urgent first), 99 when unknown."""
    return f"coalesce((select l.sort from labels l where l.field = '{field}' and l.code = {column}), 99)"


# The crawl the worklists show: the newest one that finished and whose audit was completed and
# published (crawls.published_at). An interrupted crawl, or one whose audit was stopped, never is.
SHOWN_CRAWL = """
select c.id as crawl_id, c.started_at, c.finished_at
from crawls c
where c.status = 'finished' and c.published_at is not null
order by c.id desc
limit 1
"""

INVENTORY = """
select p.crawl_id, p.id as page_id, p.url, p.title, coalesce(p.cluster, 'onbekend') as cluster,
       p.upl_name, p.upl_uri,
       a.channel_status, a.channel_kind, a.channel_url, a.auth,
       a.wmebv_applies, a.wmebv_status, a.wmebv_action,
       a.b1_ok, a.b1_level, a.sections_missing as missing_sections, a.section_pattern,
       s.online_aanvragen as sc_online_aanvragen,
       a.page_id is not null as audited,
       coalesce(a.channel_status = 'digital', 0) as is_digital,
       coalesce(a.b1_ok = 1, 0) as is_b1,
       a.page_id is not null and not exists (
           select 1 from findings f
           where f.page_id = p.id and f.rule_id in (select id from rules where kind = 'sections_missing')
       ) as is_complete,
       (select count(*) from channels c where c.page_id = p.id and c.digital = 1
          and c.check_status in ('dead', 'error')) as dead_links,
       (select count(*) from findings f where f.page_id = p.id) as open_findings,
       (select count(*) from findings f where f.page_id = p.id and f.severity = 'hoog') as high_findings,
       a.audited_at
from pages p
left join page_audits a on a.page_id = p.id
left join sc_claims s on s.crawl_id = p.crawl_id and s.url = p.url
where p.is_product = 1
"""

INVENTARIS = f"""
select
  i.page_id as "Pagina",
  i.cluster as "Cluster",
  i.title as "Product",
  case when i.audited then {label_of('channel_status', 'i.channel_status')} else 'niet gecontroleerd' end as "Kanaal",
  {label_of('channel_kind', 'i.channel_kind')} as "Soort kanaal",
  i.auth as "Inloggen",
  case i.wmebv_applies when 1 then 'ja' when 0 then 'nee' end as "WMEBV geldt",
  {label_of('wmebv_status', 'i.wmebv_status')} as "WMEBV",
  i.wmebv_action as "Wat te doen",
  case i.b1_ok when 1 then 'ja' when 0 then 'nee' else 'niet gemeten' end as "B1",
  case when i.audited then case i.is_complete when 1 then 'ja' else 'nee' end end as "Compleet",
  {section_names('i.missing_sections')} as "Niet op de pagina",
  i.dead_links as "Kapotte links",
  i.open_findings as "Bevindingen",
  i.upl_name as "UPL-naam",
  {label_of('online_aanvragen', 'i.sc_online_aanvragen')} as "Claim in SC",
  i.channel_url as "Link naar kanaal",
  i.url as "Adres",
  i.crawl_id as _crawl,
  i.is_digital as _digitaal,
  printf('%03d|%s|%s|%012d', {rank_of('wmebv_status', 'i.wmebv_status')}, i.cluster, lower(coalesce(i.title, '')), i.page_id) as _volgorde
from inventory i
"""

# The products without a digital channel: the inventory's rows where 'digital' is false.
ZONDER_DIGITAAL_KANAAL = """
select "Pagina", "Cluster", "Product", "Kanaal", "Soort kanaal" as "Gevonden", "WMEBV geldt", "WMEBV",
       "Wat te doen", "Claim in SC", "Adres", _crawl, _volgorde
from inventaris
where _digitaal = 0
"""

WERKLIJST_REDACTIE = f"""
select
  f.page_id as "Pagina",
  coalesce(p.cluster, 'onbekend') as "Cluster",
  p.title as "Product",
  {label_of('severity', 'f.severity')} as "Ernst",
  {label_of('family', 'f.family')} as "Soort",
  coalesce(r.title, f.rule_id) as "Regel",
  f.message as "Wat is er aan de hand",
  f.evidence as "Gevonden tekst",
  f.suggestion as "Wat kunt u doen",
  case when f.first_seen_crawl < f.crawl_id then 'al eerder' else 'nieuw' end as "Sinds",
  f.url as "Adres",
  f.crawl_id as _crawl,
  f.id as _bevinding,
  printf('%03d|%s|%s|%012d|%012d', {rank_of('severity', 'f.severity')}, coalesce(p.cluster, 'onbekend'),
         lower(coalesce(p.title, '')), f.page_id, f.id) as _volgorde
from findings f
join pages p on p.id = f.page_id
left join rules r on r.id = f.rule_id
"""

MIJN_CLUSTER = """
select "Pagina", "Cluster", "Product", "Ernst", "Soort", "Regel", "Wat is er aan de hand", "Gevonden tekst",
       "Wat kunt u doen", "Sinds", "Adres", _crawl, _bevinding, _volgorde
from werklijst_redactie
"""

NIET_B1 = """
select
  i.page_id as "Pagina",
  i.cluster as "Cluster",
  i.title as "Product",
  case when i.b1_ok = 0 then coalesce(i.b1_level, 'onbekend') else 'niet gemeten' end as "Niveau",
  (select count(*) from findings f where f.page_id = i.page_id and f.family = 'taal') as "Taalbevindingen",
  e.evidence as "Voorbeeldzin",
  e.suggestion as "Wat kunt u doen",
  i.url as "Adres",
  i.crawl_id as _crawl,
  e.id as _bevinding,
  printf('%06d|%s|%s|%012d', 999999 - (select count(*) from findings f where f.page_id = i.page_id and f.family = 'taal'),
         i.cluster, lower(coalesce(i.title, '')), i.page_id) as _volgorde
from inventory i
left join findings e on e.id = (
  select f.id from findings f
  where f.page_id = i.page_id and f.family = 'taal' and coalesce(f.evidence, '') <> ''
  order by f.id limit 1
)
where i.is_b1 = 0
"""

# The findings of the rules that report a required section as missing.
SECTION_FINDINGS = """
select f.page_id, f.id, f.message, f.suggestion
from findings f
where f.rule_id in (select id from rules where kind = 'sections_missing')
"""

ONTBREKENDE_ONDERDELEN = f"""
select
  i.page_id as "Pagina",
  i.cluster as "Cluster",
  i.title as "Product",
  (select group_concat(m.message, ' ') from section_findings m where m.page_id = i.page_id) as "Wat ontbreekt",
  (select group_concat(m.suggestion, ' ') from section_findings m where m.page_id = i.page_id) as "Wat kunt u doen",
  {section_names('i.missing_sections')} as "Niet op de pagina",
  {section_names('i.section_pattern', ' > ')} as "Opbouw",
  i.url as "Adres",
  i.crawl_id as _crawl,
  printf('%03d|%s|%s|%012d', 999 - (select count(*) from section_findings m where m.page_id = i.page_id),
         i.cluster, lower(coalesce(i.title, '')), i.page_id) as _volgorde
from inventory i
where i.is_complete = 0
"""

CLAIM_EN_WERKELIJKHEID = f"""
select
  i.page_id as "Pagina",
  i.cluster as "Cluster",
  i.title as "Product",
  coalesce({label_of('online_aanvragen', 's.online_aanvragen')}, 'geen gegevens') as "Claim in SC",
  s.aanvraag_url as "Aanvraagadres in SC",
  {label_of('channel_status', 'i.channel_status')} as "Gevonden op de pagina",
  {label_of('channel_kind', 'i.channel_kind')} as "Soort kanaal",
  i.auth as "Inloggen",
  i.channel_url as "Gevonden link",
  case
    when s.url is null then 'SC zegt niets over dit product'
    when s.online_aanvragen in ('ja', 'digid') and coalesce(i.channel_status, '') <> 'digital'
      then 'Klopt niet: SC zegt online, de pagina niet'
    when s.online_aanvragen = 'nee' then 'Klopt niet: de pagina is online, SC zegt nee'
    when s.online_aanvragen = 'digid' then 'Klopt niet: SC zegt DigiD, het formulier vraagt iets anders'
    else 'Klopt niet: zie de uitleg'
  end as "Oordeel",
  (select group_concat(f.message, ' ') from findings f
   where f.page_id = i.page_id and f.rule_id in (select id from rules where kind = 'sc_claim_mismatch')) as "Uitleg",
  case when s.url is null
    then 'Zet dit product in de gegevens voor Samenwerkende Catalogi, zodat inwoners het landelijk vinden.'
    else (select group_concat(f.suggestion, ' ') from findings f
          where f.page_id = i.page_id and f.rule_id in (select id from rules where kind = 'sc_claim_mismatch'))
  end as "Wat kunt u doen",
  i.url as "Adres",
  i.crawl_id as _crawl,
  printf('%d|%s|%s|%012d', s.url is null, i.cluster, lower(coalesce(i.title, '')), i.page_id) as _volgorde
from inventory i
left join sc_claims s on s.crawl_id = i.crawl_id and s.url = i.url
where i.audited and (s.url is null or exists (
  select 1 from findings f
  where f.page_id = i.page_id and f.rule_id in (select id from rules where kind = 'sc_claim_mismatch')))
"""

PER_CLUSTER = """
select
  s.cluster as "Cluster",
  s.products as "Producten",
  s.digital as "Digitaal kanaal",
  cast(round(100.0 * s.digital / s.products) as integer) as "% digitaal",
  s.b1 as "Op B1",
  cast(round(100.0 * s.b1 / s.products) as integer) as "% B1",
  s.complete as "Compleet",
  cast(round(100.0 * s.complete / s.products) as integer) as "% compleet",
  s.open_findings as "Bevindingen",
  s.high_findings as "Waarvan ernst hoog",
  s.crawl_id as _crawl,
  s.cluster as _volgorde
from cluster_summary s
where s.products > 0
"""

PER_REGEL = f"""
select
  coalesce(r.title, s.rule_id) as "Regel",
  {label_of('family', 's.family')} as "Soort",
  {label_of('severity', 's.severity')} as "Ernst",
  s.pages as "Pagina's",
  s.findings as "Bevindingen",
  s.crawl_id as _crawl,
  printf('%012d|%s', 999999999999 - s.pages, s.rule_id) as _volgorde
from rule_summary s
left join rules r on r.id = s.rule_id
"""

VOORTGANG = """
select
  s.cluster as "Cluster",
  s.crawl_id as "Crawl",
  c.started_at as "Datum",
  s.products as "Producten",
  cast(round(100.0 * s.digital / s.products) as integer) as "% digitaal",
  cast(round(100.0 * s.b1 / s.products) as integer) as "% B1",
  cast(round(100.0 * s.complete / s.products) as integer) as "% compleet",
  s.open_findings as "Bevindingen",
  printf('%s|%012d', s.cluster, s.crawl_id) as _volgorde
from cluster_summary s
join crawls c on c.id = s.crawl_id
where s.products > 0 and c.status = 'finished'
"""

# The rules with why they exist and how to fix what they find (the findings refer to them by title).
REGELS = f"""
select
  r.title as "Regel",
  {label_of('family', 'r.family')} as "Soort",
  {label_of('severity', 'r.severity')} as "Ernst",
  r.why as "Waarom",
  r.fix as "Zo lost u het op",
  s.pages as "Pagina's",
  s.findings as "Bevindingen",
  s.crawl_id as _crawl,
  printf('%03d|%03d|%s', {rank_of('family', 'r.family')}, {rank_of('severity', 'r.severity')}, r.id) as _volgorde
from rule_summary s
join rules r on r.id = s.rule_id
"""

# The per-cluster figures of one crawl, from the inventory's flags (kept in cluster_summary for speed).
CLUSTER_SUMMARY = """
insert into cluster_summary (crawl_id, cluster, products, digital, b1, complete, open_findings, high_findings)
select crawl_id, cluster, count(*), sum(is_digital), sum(is_b1), sum(is_complete), sum(open_findings), sum(high_findings)
from inventory
where crawl_id = :crawl
group by crawl_id, cluster
"""

# In the order they are created: a view may select from the views above it.
VIEWS: list[tuple[str, str]] = [
    ("shown_crawl", SHOWN_CRAWL),
    ("inventory", INVENTORY),
    ("inventaris", INVENTARIS),
    ("zonder_digitaal_kanaal", ZONDER_DIGITAAL_KANAAL),
    ("werklijst_redactie", WERKLIJST_REDACTIE),
    ("mijn_cluster", MIJN_CLUSTER),
    ("niet_b1", NIET_B1),
    ("section_findings", SECTION_FINDINGS),
    ("ontbrekende_onderdelen", ONTBREKENDE_ONDERDELEN),
    ("claim_en_werkelijkheid", CLAIM_EN_WERKELIJKHEID),
    ("per_cluster", PER_CLUSTER),
    ("per_regel", PER_REGEL),
    ("regels", REGELS),
    ("voortgang", VOORTGANG),
]
