"""The audit engine: run every rule on the stored pages of a crawl, or on one page, file or draft.

``audit_database`` re-audits a crawl without crawling (idempotent: each page's result is
replaced); ``check_target`` audits one saved HTML file, URL or text draft for ``wmebv check``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from audit.analysis import PageContext, analyse, parse, run_rules, summary_row, to_dict
from audit.channels import ChannelResult
from audit.errors import UserError
from audit.labels import LABELS
from audit.linkcheck import LinkCheckOptions, LinkStatus, check_links as run_link_check
from audit.resources import AuditResources, load_resources
from audit.results import AuditSummary, CheckResult
from audit.store import Store, utcnow
from audit.structure import dominant_structure
from audit.targets import read_target

Echo = Callable[[str], None]
AUDIT_BATCH_PAGES = 100
# Set to 1 (tests, offline demos) to check only links on 127.0.0.1 and localhost.
LOCAL_ONLY_ENV = "WMEBV_LINKCHECK_LOCAL_ONLY"


def linkcheck_options(resources: AuditResources, *, local_only: bool = False) -> LinkCheckOptions:
    """The link check options from the profile; local-only by request or by the tests' switch."""
    local_only = local_only or os.environ.get(LOCAL_ONLY_ENV, "") not in ("", "0")
    return LinkCheckOptions.from_settings(resources.profile.area("channels").get("linkcheck") or {}, local_only=local_only)


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


def _links_to_check(channels: ChannelResult, sections: Any, claim: dict[str, Any] | None) -> Iterable[str]:
    """Channel links, the SC application address, and links in the main text."""
    for channel in channels.channels:
        if channel.url and channel.digital:
            yield channel.url
    if claim and claim.get("aanvraag_url"):
        yield str(claim["aanvraag_url"])
    for link in getattr(sections, "main_links", None) or []:
        href = link.get("href") if isinstance(link, dict) else link
        if href and str(href).startswith(("http://", "https://")):
            yield str(href)


def audit_database(
    db_path: str | Path,
    crawl_id: int | None = None,
    profile_path: Path | None = None,
    check_links: bool = True,
    echo: Echo = print,
    *,
    today: date | None = None,
    local_links_only: bool = False,
) -> AuditSummary:
    """(Re)run all rules on the stored pages of a crawl and save the results."""
    resources = load_resources(profile_path)
    with Store(db_path, create=False) as store:
        if crawl_id is None:
            latest = store.latest_crawl()
            if latest is None:
                raise UserError(f"Er staat nog geen crawl in {db_path}. Begin met 'wmebv crawl URL --db {db_path}'.")
            crawl_id = int(latest["id"])
        store.get_crawl(crawl_id)
        store.save_rules(rule.to_row() for rule in resources.rules)
        store.save_labels(LABELS)
        store.set_crawl_profile(crawl_id, resources.profile.to_dict())
        claims = store.sc_claims(crawl_id)
        summary = AuditSummary(crawl_id=crawl_id, profile=resources.profile.name)
        echo(f"Controle van crawl {crawl_id}: kanalen zoeken ...")
        # A first pass learns what the rules need from the whole site: the channel links to check
        # (once per crawl) and the section order of every product page (the site as its own norm).
        # Only plain data is kept between the passes: results that hold the parsed page made
        # memory grow with the site's size.
        known_channels: dict[int, ChannelResult] = {}
        orders: dict[str, list[str]] = {}
        unmapped: dict[str, list[str]] = {}
        urls: list[str] = []
        for row in store.iter_pages(crawl_id):
            parsed = parse(row["url"], row["html"], resources)
            sections = resources.structure.detect(parsed)
            if row.get("is_product"):
                orders[row["url"]] = list(sections.order)
                unmapped[row["url"]] = list(sections.unmapped)
            if check_links:
                channels = resources.channels.detect(parsed)
                known_channels[row["id"]] = channels
                urls.extend(_links_to_check(channels, sections, _claim_for(claims, row)))
        site_structure = dominant_structure(orders, labels=resources.structure.labels, unmapped=unmapped)
        store.set_site_structure(crawl_id, site_structure.to_dict())
        summary.site_structure = site_structure.to_text()
        link_status: dict[str, str] = {}
        link_detail: dict[str, str] = {}
        if urls:
            echo(f"Links controleren: {len(set(urls))} adressen ...")
            statuses = run_link_check(urls, linkcheck_options(resources, local_only=local_links_only))
            checked = [status for status in statuses.values() if status.status != "unchecked"]
            summary.links_checked = len(checked)
            summary.links_broken = sum(status.status in ("dead", "error") for status in checked)
            link_status = {url: status.status for url, status in statuses.items()}
            link_detail = {url: status.detail for url, status in statuses.items()}
        # One commit per batch of pages: a commit per page was a tenth of the audit's time. A batch
        # cut short by a crash is simply audited again (the audit is idempotent).
        for batch in _batches(store.iter_pages(crawl_id), AUDIT_BATCH_PAGES):
            with store.batch():
                for row in batch:
                    context = PageContext(
                        url=row["url"],
                        is_product=bool(row.get("is_product")),
                        upl=resources.upl_entry(row.get("upl_uri"), row.get("upl_name")),
                        cluster=row.get("cluster"),
                        sc_claim=_claim_for(claims, row),
                        last_modified=parse_date(row.get("last_modified")),
                        today=today or date.today(),
                        link_status=link_status,
                        link_detail=link_detail,
                        site_structure=site_structure,
                    )
                    parsed = parse(row["url"], row["html"], resources)
                    facts = analyse(parsed, context, resources, known_channels.pop(row["id"], None))
                    _save_page_audit(store, crawl_id, row["id"], facts, resources, link_detail, summary)
        store.refresh_summaries(crawl_id)
    return summary


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """The rows in lists of at most ``size``."""
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _save_page_audit(store: Store, crawl_id: int, page_id: int, facts: Any, resources: AuditResources,
                     link_detail: dict[str, str], summary: AuditSummary) -> None:
    """Run the rules on one page's facts, store the result and count it in the summary."""
    findings = run_rules(facts, resources)
    audit_row = summary_row(facts)
    audit_row["audited_at"] = utcnow()
    channel_rows = [dict(channel.to_dict(), check_detail=link_detail.get(channel.url, "")) for channel in facts.channels.channels]
    store.save_audit(crawl_id, page_id, audit_row, channel_rows, [finding.to_dict() for finding in findings])
    summary.pages += 1
    summary.findings.update(finding.rule_id for finding in findings)
    if facts.is_product:
        summary.product_pages += 1
        summary.statuses[audit_row["channel_status"]] += 1
        summary.wmebv[audit_row["wmebv_status"]] += 1


def is_product_page(facts: Any) -> bool:
    """For a single page: OWMS says product, or the page offers a route, or it has product sections."""
    root = facts.root
    owms = " ".join(meta.get("content") or "" for meta in root.iter("meta") if (meta.get("name") or "").upper() == "DCTERMS.TYPE")
    if "product" in owms.lower():
        return True
    if any(channel.purpose == "message" for channel in facts.channels.channels):
        return True
    return len(to_dict(facts.sections).get("present", [])) >= 3


def check_target(target: str, profile_path: Path | None = None, check_links: bool = False, *, today: date | None = None) -> CheckResult:
    """Audit one saved HTML file, URL or plain-text/Markdown draft."""
    resources = load_resources(profile_path)
    page = read_target(target)
    parsed = parse(page.url, page.html, resources)
    context = PageContext(url=page.url, today=today or date.today(), draft_text=page.draft_text)
    facts = analyse(parsed, context, resources)
    matched = _match_upl(parsed.title, resources)
    if matched is not None:
        context.upl = matched
        facts = analyse(parsed, context, resources, facts.channels, facts.sections)
    if check_links:
        statuses = run_link_check(list(_links_to_check(facts.channels, facts.sections, None)), linkcheck_options(resources))
        context.link_status = {url: status.status for url, status in statuses.items()}
        context.link_detail = {url: status.detail for url, status in statuses.items()}
        facts = analyse(parsed, context, resources, resources.channels.detect(parsed), facts.sections)
    facts.is_product = page.draft_text is not None or is_product_page(facts)
    findings = run_rules(facts, resources)
    return CheckResult(
        url=page.url,
        title=parsed.title,
        is_product_page=facts.is_product,
        channels=facts.channels.to_dict(),
        verdict=facts.extra["verdict"].to_dict(),
        sections=to_dict(facts.sections),
        readability=to_dict(facts.language),
        findings=findings,
        upl=facts.upl,
        is_draft=page.draft_text is not None,
    )


def _match_upl(title: str, resources: AuditResources) -> dict[str, Any] | None:
    """The UPL product whose name best matches the page title, as a flags dict."""
    if not title or not resources.upl_by_uri:
        return None
    from audit.upl import MatchRules, UplMatcher

    products = [product for product in resources.upl_by_uri.values() if product.has("Gemeente")]
    match = UplMatcher(products, MatchRules.load(resources.rules_dir / "upl-matching.yml")).match(title)
    return resources.upl_entry(match.uri, match.name) if match else None
