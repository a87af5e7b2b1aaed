"""The audit engine: run every rule on the stored pages of a crawl, or on one page, file or draft.

``CrawlAuditor`` audits a crawl's pages as they arrive and then the site-level rules;
``audit_database`` re-audits a stored crawl with it (idempotent: each page's result is
replaced); ``check_target`` audits one saved HTML file, URL or text draft for ``wmebv check``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from audit.analysis import PageContext, analyse, parse, run_rule, run_rules, summary_row, to_dict, with_link_checks
from audit.channels import ChannelResult
from audit.channels.model import BROKEN_STATUSES
from audit.checks import SITE_KINDS
from audit.facts import Finding, PageFacts
from audit.linkcheck import DEAD, OK, LinkChecker, LinkCheckOptions, LinkStatus
from audit.resources import AuditResources, load_resources
from audit.results import AuditSummary, CheckResult
from audit.rules import Rule
from audit.structure import SectionsResult, SiteStructureReport, dominant_structure
from audit.targets import Target, read_target
from wmebv.core.decisions import Decisions, load_decisions
from wmebv.core.errors import UserError
from wmebv.core.labels import LABELS
from wmebv.core.outbound.network import Network
from wmebv.core.outbound.policy import OutboundPolicy
from wmebv.core.page import TRIMMED_NOTE, TRIMMED_REASON
from wmebv.core.pageparts import extract
from wmebv.core.recognition import recognise
from wmebv.core.store import Store, utcnow
from wmebv.core.textprint import text_fingerprint
from wmebv.core.upl import UplMatch

Echo = Callable[[str], None]
T = TypeVar("T")
AUDIT_BATCH_PAGES = 100
NO_INTERNET_NOTE = "De formulierlinks zijn niet gecontroleerd: deze computer kan het internet niet bereiken."


def linkcheck_options(resources: AuditResources, only_hosts: tuple[str, ...] = (), *, recheck: bool = False) -> LinkCheckOptions:
    """The link check options from the profile; ``only_hosts`` limits the check to those hosts (the demo),
    ``recheck`` asks every link again however recently it was checked."""
    options = LinkCheckOptions.from_settings(resources.profile.area("channels").get("linkcheck") or {})
    if only_hosts:
        options = replace(options, allowed_hosts=only_hosts)
    return replace(options, reuse_hours=0.0) if recheck else options


def run_link_check(urls: Iterable[str], options: LinkCheckOptions, policy: OutboundPolicy,
                   summary: AuditSummary | None = None, reused: Mapping[str, LinkStatus] | None = None) -> dict[str, LinkStatus]:
    """Check the links once (those in ``reused`` were answered recently and are not asked again);
    count the outcomes in ``summary`` and note there when the internet was out of reach."""
    reused = reused or {}
    wanted = list(dict.fromkeys(urls))
    checker = LinkChecker(options, policy)
    fresh = checker.check([url for url in wanted if url not in reused])
    statuses = {url: reused[url] if url in reused else fresh[url] for url in wanted}
    if summary is not None:
        summary.links_checked = sum(status.status in (OK, DEAD) for status in statuses.values())
        summary.links_broken = sum(status.status == DEAD for status in statuses.values())
        summary.links_unverified = len(statuses) - summary.links_checked
        if reused:
            hours = f"{options.reuse_hours:g}"
            summary.notes.append(f"{len(reused)} formulierlinks waren de afgelopen {hours} uur al gecontroleerd en zijn niet "
                                 "opnieuw gevraagd ('wmebv audit --recheck-links' vraagt ze toch).")
        connectivity = checker.connectivity
        if connectivity is not None and not connectivity.reaches_internet:
            summary.notes.append(NO_INTERNET_NOTE)
    return statuses


def site_policy(start_url: str, settings: Mapping[str, Any] | None = None, network: Network | None = None) -> OutboundPolicy:
    """The outbound policy of a crawl: the site's own host and port (and its extra hosts) are trusted."""
    extra = [str(host) for host in (settings or {}).get("allowed_hosts") or ()]
    return OutboundPolicy.for_site([start_url], network, extra)


def parse_date(value: Any) -> date | None:
    """A date from ISO text or an HTTP Last-Modified header, else None."""
    if not value:
        return None
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def _claim_for(claims: dict[str, dict[str, Any]], row: dict[str, Any]) -> dict[str, Any] | None:
    """The SC claim of a stored page (by URL or final URL, with or without trailing slash)."""
    for url in (row.get("url"), row.get("final_url")):
        if not url:
            continue
        for candidate in (url, url.rstrip("/"), url.rstrip("/") + "/"):
            if candidate in claims:
                return claims[candidate]
    return None


def _links_to_check(channels: ChannelResult | None, sections: SectionsResult | None,
                    claim: Mapping[str, Any] | None) -> Iterable[str]:
    """Channel links, the SC application address, and links in the main text."""
    for channel in channels.channels if channels is not None else ():
        if channel.url and channel.digital and channel.url.startswith(("http://", "https://")):
            yield channel.url
    if claim and claim.get("aanvraag_url"):
        yield str(claim["aanvraag_url"])
    for link in sections.main_links if sections is not None else ():
        href = link.get("href")
        if href and href.startswith(("http://", "https://")):
            yield href


class CrawlAuditor:
    """Audits the pages of one crawl as they are stored, then the site-level rules once all are in.

    ``audit_new`` can run while the crawler is still storing pages (``wmebv.app.live``); ``finish``
    needs the whole site: the dominant structure (the site as its own norm) and the link check.
    Only plain data is kept per page between the two: results that hold the parsed page made
    memory grow with the site's size.
    """

    def __init__(self, store: Store, crawl_id: int, resources: AuditResources, *, today: date | None = None,
                 publish: bool = True, decisions: Decisions | None = None) -> None:
        """Publish the rules and labels (unless done already) and read the crawl's SC claims."""
        self.store, self.crawl_id, self.resources = store, crawl_id, resources
        self.today = today or date.today()
        self.decisions = decisions or Decisions()
        store.crawls.get(crawl_id)
        if publish:
            publish_rules(store, resources)
        store.crawls.set_profile(crawl_id, resources.profile.to_dict())
        store.crawls.set_decisions(crawl_id, self.decisions.to_dict() if self.decisions.source else None)
        self.claims = store.pages.sc_claims(crawl_id)
        self.page_rules = [rule for rule in resources.active_rules if rule.kind not in SITE_KINDS]
        self.site_rules = [rule for rule in resources.active_rules if rule.kind in SITE_KINDS]
        self.last_page_id = 0
        self.orders: dict[str, list[str]] = {}
        self.unmapped: dict[str, list[str]] = {}
        self.product_ids: dict[str, int] = {}
        self.links: dict[int, tuple[str, ...]] = {}
        self.texts: dict[int, str | None] = {}  # page id -> text fingerprint, for the decisions on site findings

    def audit_new(self, limit: int = AUDIT_BATCH_PAGES) -> int:
        """Audit up to ``limit`` pages stored since the last call; returns how many."""
        rows = self.store.pages.after(self.crawl_id, self.last_page_id, limit)
        if not rows:
            return 0
        # Analyse first, then write the batch in one short transaction: the crawler may be
        # writing to the same database, and a commit per page was a tenth of the audit's time.
        results = [self._audit_page(row) for row in rows]
        with self.store.batch():
            for row, (facts, findings) in zip(rows, results):
                self._save(row["id"], facts, findings, {})
                if facts.parsed is not None and facts.parsed.trimmed:
                    self.store.frontier.mark(self.crawl_id, row["url"], "fetched", reason=TRIMMED_REASON)
        self.last_page_id = int(rows[-1]["id"])
        return len(rows)

    def _context(self, row: dict[str, Any], link_status: dict[str, str] | None = None,
                 link_detail: dict[str, str] | None = None) -> PageContext:
        """What the store knows about a page besides its HTML."""
        return PageContext(
            url=row["url"],
            is_product=bool(row.get("is_product")),
            upl=self.resources.upl_entry(row.get("upl_uri"), row.get("upl_name")),
            cluster=row.get("cluster"),
            sc_claim=_claim_for(self.claims, row),
            last_modified=parse_date(row.get("last_modified")),
            today=self.today,
            link_status=link_status or {},
            link_detail=link_detail or {},
        )

    def _audit_page(self, row: dict[str, Any]) -> tuple[PageFacts, list[Finding]]:
        """The facts and page-level findings of one stored page; remembers what the site rules need."""
        resources = self.resources
        context = self._context(row)
        facts = analyse(parse(row["url"], row["html"], resources), context, resources)
        links = tuple(dict.fromkeys(_links_to_check(facts.channels, facts.sections, context.sc_claim)))
        if links:
            self.links[int(row["id"])] = links
        if context.is_product and facts.sections is not None:
            self.orders[row["url"]] = list(facts.sections.order)
            self.unmapped[row["url"]] = list(facts.sections.unmapped)
            self.product_ids[row["url"]] = int(row["id"])
        return facts, _run(self.page_rules, facts, resources)

    def _save(self, page_id: int, facts: PageFacts, findings: list[Finding], link_detail: Mapping[str, str]) -> None:
        """Store one page's audit row, channels and findings (replacing an earlier result).

        The webredactie's decisions split the findings: settled ones are stored apart, out of the
        worklists; one whose page text changed since the decision stays open, to be looked at again.
        """
        audit_row = summary_row(facts)
        audit_row["audited_at"] = utcnow()
        text = audit_row["text_fingerprint"] = page_text_fingerprint(facts)
        self.texts[page_id] = text
        channels = facts.channels.channels if facts.channels is not None else ()
        channel_rows = [dict(channel.to_dict(), check_detail=link_detail.get(channel.url, "")) for channel in channels]
        still_open, settled = self.decisions.split(facts.url, text, [finding.to_dict() for finding in findings])
        self.store.results.save_audit(self.crawl_id, page_id, audit_row, channel_rows, still_open, settled)

    def _add_site_findings(self, page_id: int, url: str, findings: list[dict[str, Any]]) -> None:
        """Add site-level findings to a stored page, with the webredactie's decisions applied."""
        still_open, settled = self.decisions.split(url, self.texts.get(page_id), findings)
        self.store.results.add_findings(self.crawl_id, page_id, url, still_open, settled)

    def finish(self, *, check_links: bool = True, only_hosts: tuple[str, ...] = (), network: Network | None = None,
               echo: Echo = print, recheck_links: bool = False) -> AuditSummary:
        """Audit the pages still waiting, then the site-level rules; returns the counts.

        A link that worked or was dead in an earlier audit of this crawl, in the last ``reuse_hours``
        (profile), is not asked again, unless ``recheck_links``.
        """
        while self.audit_new():
            pass
        summary = AuditSummary(crawl_id=self.crawl_id, profile=self.resources.profile.name,
                               rule_titles={rule.id: rule.title for rule in self.resources.rules})
        site_structure = dominant_structure(self.orders, labels=self.resources.structure.labels, unmapped=self.unmapped)
        self.store.crawls.set_site_structure(self.crawl_id, site_structure.to_dict())
        summary.site_structure = site_structure.to_text()
        self._save_site_findings(site_structure)
        urls = sorted({url for links in self.links.values() for url in links})
        if check_links and urls:
            echo(f"Links controleren: {len(urls)} adressen ...")
            crawl = self.store.crawls.get(self.crawl_id)
            policy = site_policy(crawl["start_url"], _json_object(crawl.get("settings")), network)
            options = linkcheck_options(self.resources, only_hosts, recheck=recheck_links)
            reused = self._recent_link_checks(urls, options.reuse_hours)
            statuses = run_link_check(urls, options, policy, summary, reused)
            answered = {url: (status.status, status.detail) for url, status in statuses.items()
                        if url not in reused and status.status in (OK, DEAD)}
            if answered:
                self.store.results.remember_link_checks(self.crawl_id, answered, utcnow())
            self._apply_link_checks(statuses)
        counts = self.store.results.counts(self.crawl_id)
        summary.pages, summary.product_pages = counts["pages"], counts["product_pages"]
        summary.statuses.update(counts["channel_status"])
        summary.wmebv.update(counts["wmebv_status"])
        summary.findings.update(counts["findings"])
        summary.decisions.update(self.store.results.decision_counts(self.crawl_id))
        if self.decisions:
            summary.decisions_source = self.decisions.source
            unused = self.decisions.unused(*self.store.results.finding_keys(self.crawl_id))
            summary.unused_decisions = [decision.line for decision in unused]
        return summary

    def _recent_link_checks(self, urls: list[str], hours: float) -> dict[str, LinkStatus]:
        """The links that worked or were dead in an audit of this crawl in the last ``hours`` hours, with that answer.

        Only the same crawl: a new crawl checks its links afresh, so a form that stopped working shows up.
        """
        if hours <= 0:
            return {}
        since = (datetime.now(UTC) - timedelta(hours=hours)).isoformat(timespec="seconds")
        return {url: LinkStatus(status, detail) for url, (status, detail) in self.store.results.recent_link_checks(self.crawl_id, urls, since).items()
                if status in (OK, DEAD)}

    def _save_site_findings(self, report: SiteStructureReport) -> None:
        """The findings of the rules that judge a page against the whole site (its dominant structure)."""
        with self.store.batch():
            self.store.results.delete_findings(self.crawl_id, [rule.id for rule in self.site_rules])
            for url, page_id in self.product_ids.items():
                facts = PageFacts(url=url, site_structure=report)
                findings = _run(self.site_rules, facts, self.resources)
                if findings:
                    self._add_site_findings(page_id, url, [finding.to_dict() for finding in findings])

    def _apply_link_checks(self, statuses: Mapping[str, LinkStatus]) -> None:
        """Record the link check on each page's channels; audit again the pages with a broken link.

        Only a broken link changes a page's result (its channel no longer counts, findings follow),
        so the other pages get the check written on their channels instead of a second audit. A page
        with a broken link is parsed and analysed again from the store: keeping every page's analysis
        until the link check made memory grow with the site's size.
        """
        link_status = {url: status.status for url, status in statuses.items()}
        link_detail = {url: status.detail for url, status in statuses.items()}
        broken = [page_id for page_id, links in self.links.items()
                  if any(link_status.get(url) in BROKEN_STATUSES for url in links)]
        with self.store.batch():
            for page_id, links in self.links.items():
                checked = {url: (link_status[url], link_detail.get(url, "")) for url in links if url in link_status}
                if checked:
                    self.store.results.record_link_checks(page_id, checked)
        for chunk in _batches(broken, AUDIT_BATCH_PAGES):
            rows = [self.store.pages.get(page_id) for page_id in chunk]
            results = []
            for row in rows:
                context = self._context(row, link_status, link_detail)
                facts = analyse(parse(row["url"], row["html"], self.resources), context, self.resources)
                results.append((row, facts, _run(self.page_rules, facts, self.resources)))
            with self.store.batch():
                for row, facts, findings in results:
                    site_findings = self.store.results.findings_of_page(int(row["id"]), [rule.id for rule in self.site_rules])
                    self._save(int(row["id"]), facts, findings, link_detail)
                    if site_findings:
                        self._add_site_findings(int(row["id"]), row["url"], site_findings)


def page_text_fingerprint(facts: PageFacts) -> str | None:
    """The fingerprint of the page's main text as the language analysis reads it (None when it did not run)."""
    language = facts.language
    if language is None:
        return None
    return text_fingerprint([*language.headings, *(sentence.text for sentence in language.sentences)])


def publish_rules(store: Store, resources: AuditResources) -> None:
    """Store the rule definitions and the Dutch labels, so findings and codes read as plain Dutch.

    The first time this adds columns to the rules table: ``wmebv.app.live`` does it before the crawl
    starts, because a schema change while the crawler writes can fail on a locked database.
    """
    store.results.save_rules(rule.to_row() for rule in resources.rules)
    store.results.save_labels(LABELS)


def _run(rules: Iterable[Rule], facts: PageFacts, resources: AuditResources) -> list[Finding]:
    """Run some of the rules on one page."""
    return [finding for rule in rules for finding in run_rule(rule, facts, resources)]


def resolve_crawl(store: Store, crawl_id: int | None, db_path: str | Path) -> int:
    """The crawl to audit: the one asked for, else the newest."""
    if crawl_id is not None:
        return crawl_id
    latest = store.crawls.latest()
    if latest is None:
        raise UserError(f"Er staat nog geen crawl in {db_path}. Begin met 'wmebv crawl URL --db {db_path}'.")
    return int(latest["id"])


def audit_database(
    db_path: str | Path,
    crawl_id: int | None = None,
    profile_path: Path | None = None,
    check_links: bool = True,
    echo: Echo = print,
    *,
    today: date | None = None,
    only_hosts: tuple[str, ...] = (),
    rules_dir: Path | None = None,
    decisions_path: Path | None = None,
    recheck_links: bool = False,
) -> AuditSummary:
    """(Re)run all rules on the stored pages of a crawl and save the results (idempotent).

    ``decisions_path`` is the webredactie's decisions file (wmebv/core/decisions.py), if any.
    """
    resources = load_resources(profile_path, rules_dir)
    decisions = load_decisions(decisions_path, known_rule_ids(resources))
    with Store(db_path, create=False) as store:
        crawl_id = resolve_crawl(store, crawl_id, db_path)
        auditor = CrawlAuditor(store, crawl_id, resources, today=today, decisions=decisions)
        echo(f"Controle van crawl {crawl_id} ...")
        return auditor.finish(check_links=check_links, only_hosts=only_hosts, echo=echo, recheck_links=recheck_links)


def _json_object(value: Any) -> dict[str, Any]:
    """A JSON object stored as text (the crawl settings), or an empty dict."""
    import json

    try:
        loaded = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def known_rule_ids(resources: AuditResources) -> set[str]:
    """The ids of every rule, switched on or off: a decision may name any of them."""
    return {rule.id for rule in resources.rules}


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """The items in lists of at most ``size``."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def is_product_page(page: Target, facts: PageFacts, resources: AuditResources, upl: UplMatch | None) -> bool:
    """For ``wmebv check``: the crawl's own decision (wmebv/core/recognition.py), told also what the audit found.

    A draft is always a product text. A saved page or URL is judged as the crawl judges it, with
    two more signals the crawl cannot see: a route to send the request or report, and the
    sections the text covers.
    """
    if page.draft_text is not None:
        return True
    sections = tuple(facts.sections.present) if facts.sections is not None else ()
    offers_route = facts.channels is not None and any(channel.purpose == "message" for channel in facts.channels.channels)
    recognition = recognise(urlsplit(page.url).path or "/", extract(page.html), in_sc_feed=False, upl=upl,
                            config=resources.site_config, offers_route=offers_route, content_sections=sections)
    return recognition.is_product


def check_target(target: str, profile_path: Path | None = None, check_links: bool = False, *, today: date | None = None,
                 rules_dir: Path | None = None) -> CheckResult:
    """Audit one saved HTML file, URL or plain-text/Markdown draft."""
    trusted = (target,) if target.lower().startswith(("http://", "https://")) else ()
    return check_page(read_target(target), load_resources(profile_path, rules_dir), check_links, today=today, trusted=trusted)


def check_page(page: Target, resources: AuditResources, check_links: bool = False, *,
               today: date | None = None, trusted: tuple[str, ...] = ()) -> CheckResult:
    """Audit one page already read (HTML or a draft) with resources loaded once (``wmebv check``, benchmarks).

    The page is parsed and each analyser runs once: the UPL is matched first (the verdict needs it),
    and the link check, on the links the analysis found, only changes the channels and the verdict.
    ``trusted``: the address the user gave; its host and port may be asked by the link check even when internal.
    """
    parsed = parse(page.url, page.html, resources)
    matched = resources.match_upl(page.url, parsed.title)
    context = PageContext(url=page.url, today=today or date.today(), draft_text=page.draft_text,
                          upl=resources.upl_entry(matched.uri, matched.name) if matched else None)
    facts = analyse(parsed, context, resources)
    notes = AuditSummary(crawl_id=0)
    if parsed.trimmed:
        notes.notes.append(TRIMMED_NOTE)
    if check_links:
        policy = OutboundPolicy.for_site(trusted)
        statuses = run_link_check(list(_links_to_check(facts.channels, facts.sections, None)), linkcheck_options(resources),
                                  policy, notes)
        facts = with_link_checks(facts, {url: status.status for url, status in statuses.items()},
                                 {url: status.detail for url, status in statuses.items()}, resources)
    facts.is_product = is_product_page(page, facts, resources, matched)
    findings = run_rules(facts, resources)
    channels = to_dict(facts.channels)
    for channel in channels.get("channels", []):
        channel["check_detail"] = facts.link_detail.get(channel.get("url") or "", "")
    return CheckResult(
        url=page.url,
        title=parsed.title,
        is_product_page=facts.is_product,
        channels=channels,
        verdict=facts.verdict.to_dict() if facts.verdict is not None else {},
        sections=to_dict(facts.sections),
        readability=to_dict(facts.language),
        findings=findings,
        rule_titles={rule.id: rule.title for rule in resources.rules},
        upl=facts.upl,
        is_draft=page.draft_text is not None,
        notes=notes.notes,
    )
