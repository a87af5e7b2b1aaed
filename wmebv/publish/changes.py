"""What changed between two crawls: product pages, channels, B1, completeness, text, and findings.

One definition for all three places that show it: ``compare`` computes a :class:`ChangeReport`
from the store; ``wmebv changes`` prints it, the Excel export writes its rows, and
``publish_changes`` stores them for Datasette's worklist "Wat is er veranderd".

Everything is matched on stable identities, never on row ids: a product page is the same page
at the same address; a page that left its address is the same product when the old address now
redirects to it, or when it is the one page left of the same UPL product (same title first). A
finding is the same finding when its fingerprint (rule, address, evidence) is the same, with the
new address for a page that moved. When several pages of one UPL product left and came, only
those with the same title are paired: the rest are gone and new, not guessed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from wmebv.core.errors import UserError
from wmebv.core.labels import LABELS, label
from wmebv.core.store import Store, finding_fingerprint, utcnow

KINDS = tuple(LABELS["change"])
PRODUCT_KINDS = KINDS[:KINDS.index("bevinding-opgelost")]
SEVERITY_ORDER = {"hoog": 0, "midden": 1, "laag": 2}
COUNT_FIELDS = ("fixed", "new", "still_open", "settled", "gone")
MAX_REDIRECT_HOPS = 5


@dataclass(frozen=True)
class Change:
    """One change: a product page (kinds product-*, channel, B1, sections, text) or one finding."""

    kind: str
    cluster: str
    title: str
    url: str
    page_id: int | None
    old_url: str = ""
    upl_uri: str = ""
    detail: str = ""
    rule_id: str = ""
    severity: str = ""
    evidence: str = ""

    def order(self) -> tuple[Any, ...]:
        """Report order: by kind, then cluster and product, then the most severe finding first."""
        return (KINDS.index(self.kind), self.cluster, self.title.casefold(), self.url,
                SEVERITY_ORDER.get(self.severity, 3), self.rule_id, self.evidence)


@dataclass
class FindingCount:
    """Findings of one rule in one cluster: fixed, new, still open, settled, gone with their page."""

    cluster: str
    rule_id: str
    fixed: int = 0
    new: int = 0
    still_open: int = 0
    settled: int = 0
    gone: int = 0


@dataclass
class ChangeReport:
    """The changes between two crawls of one site."""

    from_crawl: dict[str, Any]
    to_crawl: dict[str, Any]
    changes: list[Change] = field(default_factory=list)
    counts: list[FindingCount] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Change]:
        """The changes of one kind, in report order."""
        return [change for change in self.changes if change.kind == kind]

    def for_cluster(self, cluster: str | None) -> ChangeReport:
        """Only what concerns one cluster (everything when ``cluster`` is empty)."""
        if not cluster:
            return self
        wanted = cluster.strip().lower()
        return ChangeReport(self.from_crawl, self.to_crawl, [c for c in self.changes if c.cluster == wanted],
                            [c for c in self.counts if c.cluster == wanted])

    def totals(self) -> dict[str, int]:
        """The finding counts over every cluster and rule."""
        return {name: sum(getattr(count, name) for count in self.counts) for name in COUNT_FIELDS}

    def per(self, key: str) -> list[dict[str, Any]]:
        """The finding counts summed per ``cluster`` or per ``rule_id``, in that order."""
        sums: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNT_FIELDS, 0))
        for count in self.counts:
            for name in COUNT_FIELDS:
                sums[getattr(count, key)][name] += getattr(count, name)
        return [{key: name, **values} for name, values in sorted(sums.items())]

    def rows(self) -> list[dict[str, Any]]:
        """The changes as rows for the store and the export, numbered in report order."""
        return [dict(asdict(change), sort=index) for index, change in enumerate(self.changes)]

    def count_rows(self) -> list[dict[str, Any]]:
        """The finding counts as rows for the store."""
        return [asdict(count) for count in self.counts]

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (``wmebv changes --json``)."""
        return {"from_crawl": self.from_crawl, "to_crawl": self.to_crawl, "totals": self.totals(),
                "changes": self.rows(), "counts": self.count_rows()}


def choose_pair(store: Store, from_id: int | None, to_id: int | None) -> tuple[int, int]:
    """The two crawls to compare: the ones asked for, else the last two audited, finished crawls of the site."""
    path = store.path
    if to_id is None:
        comparable = store.history.comparable_crawls()
        if not comparable:
            raise UserError(f"Er is nog geen afgeronde, gecontroleerde crawl in {path}. Begin met 'wmebv crawl URL --db {path}'.")
        to_id = int(comparable[0]["id"])
    to_crawl = _audited(store, to_id)
    if from_id is None:
        earlier = [row for row in store.history.comparable_crawls() if row["id"] < to_id and row["site"] == to_crawl["site"]]
        if not earlier:
            raise UserError(f"Er is geen eerdere afgeronde, gecontroleerde crawl van {to_crawl['site']} om crawl {to_id} mee "
                            "te vergelijken. Na de volgende crawl kan het wel.")
        from_id = int(earlier[0]["id"])
    from_crawl = _audited(store, from_id)
    if from_id >= to_id:
        raise UserError(f"--from ({from_id}) moet een eerdere crawl zijn dan --to ({to_id}).")
    if from_crawl["site"] != to_crawl["site"]:
        raise UserError(f"Crawl {from_id} ({from_crawl['site']}) en crawl {to_id} ({to_crawl['site']}) zijn van verschillende "
                        "websites. Vergelijk twee crawls van dezelfde website.")
    return from_id, to_id


def check_cluster(store: Store, from_id: int, to_id: int, cluster: str | None) -> str | None:
    """The cluster as stored (lower case), or a clear error that lists the clusters of the two crawls."""
    if not cluster:
        return None
    wanted = cluster.strip().lower()
    known = sorted(set(store.publication.known_clusters(from_id)) | set(store.publication.known_clusters(to_id)))
    if wanted not in known:
        raise UserError(f"Het cluster '{cluster}' komt niet voor in crawl {from_id} of {to_id}. "
                        f"Bekende clusters: {', '.join(known) or '(geen)'}.")
    return wanted


def _audited(store: Store, crawl_id: int) -> dict[str, Any]:
    """A crawl that exists and has audit results, else a clear error."""
    crawl = store.crawls.get(crawl_id)
    if not store.history.is_audited(crawl_id):
        raise UserError(f"Crawl {crawl_id} is nog niet gecontroleerd. Draai eerst 'wmebv audit --db {store.path} --crawl {crawl_id}'.")
    return crawl


def compare(store: Store, from_id: int, to_id: int) -> ChangeReport:
    """Compare two audited crawls: what changed on the product pages and in the findings."""
    history = store.history
    old = {row["url"]: row for row in history.products(from_id)}
    new = {row["url"]: row for row in history.products(to_id)}
    pairs, gone, added = match_products(old, new, history.redirects(to_id))
    report = ChangeReport(_crawl_info(store, from_id), _crawl_info(store, to_id))
    pages = history.page_ids(to_id)
    report.changes += [_added(row) for row in added]
    report.changes += _gone(gone, history.frontier_states(to_id, [row["url"] for row in gone]), pages, history.redirects(to_id))
    for before, after in pairs:
        report.changes += product_changes(before, after)
    moved = {before["url"]: after["url"] for before, after in pairs if before["url"] != after["url"]}
    finding_changes, counts = compare_findings(history.findings(from_id), history.findings(to_id), moved, pages,
                                               {row["url"] for row in gone})
    report.changes += finding_changes
    report.changes.sort(key=Change.order)
    report.counts = counts
    return report


def match_products(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]],
                   redirects: dict[str, str]) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Pair the product pages of two crawls: (same page before, after), gone ones, new ones."""
    pairs = [(old[url], new[url]) for url in sorted(old) if url in new]
    left_old = {url: row for url, row in old.items() if url not in new}
    left_new = {url: row for url, row in new.items() if url not in old}
    for url in sorted(left_old):  # the old address now redirects to the page
        target = _follow(redirects, url)
        if target in left_new:
            pairs.append((left_old.pop(url), left_new.pop(target)))
    by_upl: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = defaultdict(lambda: ([], []))
    for row in left_old.values():
        if row["upl_uri"]:
            by_upl[row["upl_uri"]][0].append(row)
    for row in left_new.values():
        if row["upl_uri"]:
            by_upl[row["upl_uri"]][1].append(row)
    for uri in sorted(by_upl):
        befores, afters = by_upl[uri]
        if len(befores) == 1 and len(afters) == 1:  # the one page of this product that left, and the one that came
            pairs.append((befores[0], afters[0]))
            continue
        for before in sorted(befores, key=lambda row: row["url"]):  # several: only the same product under the same title
            same = [after for after in afters if _title(after) == _title(before)]
            if len(same) == 1 and sum(_title(other) == _title(before) for other in befores) == 1:
                pairs.append((before, same[0]))
                afters.remove(same[0])
    paired_old = {before["url"] for before, _ in pairs}
    paired_new = {after["url"] for _, after in pairs}
    gone = [row for url, row in sorted(old.items()) if url not in paired_old]
    added = [row for url, row in sorted(new.items()) if url not in paired_new]
    return pairs, gone, added


def product_changes(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """What changed on one product page: its address, channel, B1, completeness and text.

    Digital, B1 and complete are the inventory's own flags, so a change here is a change in the
    figures the worklists count.
    """
    found: list[Change] = []

    def change(kind: str, detail: str) -> None:
        found.append(Change(kind, after["cluster"], after["title"] or after["url"], after["url"], after["page_id"],
                            old_url=before["url"] if before["url"] != after["url"] else "", upl_uri=after["upl_uri"] or "",
                            detail=detail))

    if before["url"] != after["url"]:
        change("product-verhuisd", f"Van {before['url']} naar {after['url']}.")
    channel = _channel_change(before, after)
    if channel:
        change(*channel)
    if not before["is_b1"] and after["is_b1"]:
        change("b1-gehaald", f"De tekst is nu op B1 (was {before['b1_level'] or 'niet gemeten'}).")
    elif before["is_b1"] and not after["is_b1"]:
        now = f"moeilijker dan B1 ({after['b1_level']})" if after["b1_level"] else "te kort om B1 te meten"
        change("b1-kwijt", f"De tekst is nu {now}.")
    if not before["is_complete"] and after["is_complete"]:
        added = [code for code in _sections(before["sections_missing"]) or [] if code not in (_sections(after["sections_missing"]) or [])]
        change("compleet-geworden", f"Toegevoegd: {_section_names(added)}." if added else "Alle verplichte onderdelen staan er nu op.")
    elif before["is_complete"] and not after["is_complete"]:
        lost = [code for code in _sections(after["sections_missing"]) or [] if code not in (_sections(before["sections_missing"]) or [])]
        change("niet-meer-compleet", f"Ontbreekt nu: {_section_names(lost)}." if lost else "Er ontbreekt nu een verplicht onderdeel.")
    if before["text_fingerprint"] and after["text_fingerprint"] and before["text_fingerprint"] != after["text_fingerprint"]:
        change("tekst-gewijzigd", "De tekst van de pagina is veranderd.")
    return found


def _channel_change(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, str] | None:
    """The channel change of one product page, if any: (kind, detail)."""
    old, new = before["channel_status"], after["channel_status"]
    if not old or not new:
        return None
    was, now = label("channel_status", old), label("channel_status", new)
    if after["dead_links"] and not before["dead_links"]:
        return "formulierlink-dood", f"De link {after['dead_links'].split()[0]} werkt niet meer. Kanaal nu: {now}."
    if old != "digital" and new == "digital":
        kind = label("channel_kind", after["channel_kind"]) if after["channel_kind"] else "digitaal"
        return "digitaal-geworden", f"Was: {was}. Nu: {kind}."
    if old == "digital" and new != "digital":
        return "digitaal-kwijt", f"Was: {label('channel_kind', before['channel_kind']) if before['channel_kind'] else was}. Nu: {now}."
    if old != new:
        return "kanaal-anders", f"Was: {was}. Nu: {now}."
    return None


def compare_findings(old_rows: Iterable[dict[str, Any]], new_rows: Iterable[dict[str, Any]], moved: dict[str, str],
                     pages: dict[str, int], gone_urls: set[str]) -> tuple[list[Change], list[FindingCount]]:
    """Findings fixed, new, still open, settled and gone with their page, per cluster and rule; rows for new and fixed ones."""
    by_key: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = defaultdict(lambda: ([], []))
    for row in old_rows:
        url = moved.get(row["url"])
        key = finding_fingerprint(row["rule_id"], url, row["evidence"] or "") if url else row["fingerprint"]
        by_key[key][0].append(row)
    for row in new_rows:
        by_key[row["fingerprint"]][1].append(row)
    counts: dict[tuple[str, str], FindingCount] = {}
    changes: list[Change] = []

    def count(row: dict[str, Any]) -> FindingCount:
        key = (row["cluster"], row["rule_id"])
        return counts.setdefault(key, FindingCount(*key))

    for befores, afters in by_key.values():
        now_open = [row for row in afters if not row["settled"]]
        was_open = [row for row in befores if not row["settled"]]
        for row in afters:
            if row["settled"]:
                count(row).settled += 1
        new = max(0, len(now_open) - len(befores))
        for index, row in enumerate(now_open):
            if index < len(now_open) - new:
                count(row).still_open += 1
            else:
                count(row).new += 1
                changes.append(_finding_change("bevinding-nieuw", row, row["url"], row["page_id"]))
        vanished = max(0, len(was_open) - len(afters))
        for row in was_open[len(was_open) - vanished:]:
            url = moved.get(row["url"], row["url"])
            if row["url"] in gone_urls or url not in pages:
                count(row).gone += 1
            else:
                count(row).fixed += 1
                changes.append(_finding_change("bevinding-opgelost", row, url, pages[url]))
    return changes, sorted(counts.values(), key=lambda c: (c.cluster, c.rule_id))


def _finding_change(kind: str, row: dict[str, Any], url: str, page_id: int | None) -> Change:
    """A row for one new or fixed finding."""
    return Change(kind, row["cluster"], row["title"] or url, url, page_id, rule_id=row["rule_id"],
                  severity=row["severity"] or "", evidence=row["evidence"] or "")


def _added(row: dict[str, Any]) -> Change:
    """A product page that is new in the later crawl."""
    upl = f"UPL: {row['upl_name']}." if row["upl_name"] else "Zonder UPL-naam."
    return Change("product-nieuw", row["cluster"], row["title"] or row["url"], row["url"], row["page_id"],
                  upl_uri=row["upl_uri"] or "", detail=upl)


def _gone(rows: list[dict[str, Any]], states: dict[str, dict[str, Any]], pages: dict[str, int],
          redirects: dict[str, str]) -> list[Change]:
    """Product pages of the earlier crawl that are gone, with what the later crawl found at their address."""
    changes = []
    for row in rows:
        url, state = row["url"], states.get(row["url"])
        if url in pages:
            detail = "De pagina bestaat nog, maar is geen productpagina meer."
        elif url in redirects:
            detail = f"Het adres stuurt nu door naar {_follow(redirects, url)}."
        elif state is None:
            detail = "De crawler vond het adres niet meer: er linkt niets meer naar deze pagina."
        elif state["http_status"] in (404, 410):
            detail = f"Het adres geeft nu {state['http_status']}: de pagina bestaat niet meer."
        elif state["state"] == "failed":
            detail = f"Het adres kon niet worden opgehaald ({state['reason'] or state['http_status'] or 'fout'})."
        else:
            detail = f"Het adres is niet opgehaald ({state['reason'] or state['state']})."
        changes.append(Change("product-weg", row["cluster"], row["title"] or url, url, row["page_id"],
                              upl_uri=row["upl_uri"] or "", detail=detail))
    return changes


def publish_changes(store: Store, crawl_id: int) -> None:
    """Store the comparisons that involve an audited crawl: with the crawl before it, and those stored earlier."""
    pairs = set(pair for pair in store.history.stored_pairs() if crawl_id in pair)
    if store.crawls.get(crawl_id)["status"] == "finished":  # an unfinished crawl would show half a site as gone
        try:
            pairs.add(choose_pair(store, None, crawl_id))
        except UserError:
            pass  # the first crawl of a site: nothing to compare it with yet
    for from_id, to_id in sorted(pairs):
        report = compare(store, from_id, to_id)
        store.history.save(from_id, to_id, report.rows(), report.count_rows(), utcnow())


def _crawl_info(store: Store, crawl_id: int) -> dict[str, Any]:
    """The few facts of a crawl a report names."""
    crawl = store.crawls.get(crawl_id)
    return {key: crawl[key] for key in ("id", "site", "start_url", "started_at", "finished_at")}


def _follow(redirects: dict[str, str], url: str) -> str:
    """Where a chain of redirects ends (at most a few hops)."""
    for _ in range(MAX_REDIRECT_HOPS):
        if url not in redirects:
            break
        url = redirects[url]
    return url


def _title(row: dict[str, Any]) -> str:
    """A title as titles are compared: case and white space ignored."""
    return " ".join(str(row["title"] or "").split()).casefold()


def _sections(value: Any) -> list[str] | None:
    """A stored list of missing sections (None when it was not recorded)."""
    if value is None:
        return None
    try:
        parsed = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return None
    return [str(item) for item in parsed] if isinstance(parsed, list) else None


def _section_names(codes: list[str]) -> str:
    """Section codes as their Dutch names, quoted ('Kosten', 'Wat heeft u nodig?')."""
    return ", ".join(f"'{label('section', code)}'" for code in codes)
