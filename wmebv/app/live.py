"""Crawl and audit at the same time: the crawler stores pages in its own process, this one audits them.

The crawl runs in a subprocess (one core); while it runs, the wmebv process audits each batch of
pages the crawler has committed (the other core). Once the crawl ends only the last pages and
the site-level rules remain, so a crawl with audit takes little longer than the crawl alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from audit.engine import CrawlAuditor, known_rule_ids, publish_rules
from audit.resources import AuditResources, load_resources
from audit.results import AuditSummary
from crawler.options import CrawlOptions, CrawlSummary
from crawler.runner import check_start_url, run_crawl
from wmebv.core.decisions import Decisions, load_decisions
from wmebv.core.errors import Interrupted
from wmebv.core.store import Store
from wmebv.publish.summaries import publish_crawl

Echo = Callable[[str], None]
# Pages per step while the crawl runs: small enough to read the crawl's progress lines in time.
LIVE_BATCH_PAGES = 25


class AuditBesideCrawl:
    """The crawl's idle callback: audits the pages stored so far, a batch at a time."""

    def __init__(self, db_path: str | Path, resources: AuditResources, *, today: date | None = None,
                 decisions: Decisions | None = None) -> None:
        """Open (or create) the database and publish the rules before the crawler starts writing."""
        self.db_path, self.resources, self.today = db_path, resources, today
        self.decisions = decisions
        self.store = Store(db_path)
        publish_rules(self.store, resources)
        self.auditor: CrawlAuditor | None = None

    def __call__(self, crawl_id: int) -> bool:
        """Audit the next batch of stored pages; False when there was nothing new."""
        if self.auditor is None:
            # The SC feed is read during the crawl's discovery; the audit compares pages with it.
            if self.store.frontier.state(crawl_id).get("discovery_done") != "1":
                return False
            self.auditor = self._auditor(crawl_id)
        return self.auditor.audit_new(LIVE_BATCH_PAGES) > 0

    def _auditor(self, crawl_id: int) -> CrawlAuditor:
        """The auditor of this crawl, with the webredactie's decisions."""
        return CrawlAuditor(self.store, crawl_id, self.resources, today=self.today, publish=False, decisions=self.decisions)

    def finish(self, crawl_id: int, *, check_links: bool, only_hosts: tuple[str, ...], echo: Echo) -> AuditSummary:
        """Audit what is left and run the site-level rules (a crawl that stored nothing yet starts here)."""
        if self.auditor is None:
            self.auditor = self._auditor(crawl_id)
        return self.auditor.finish(check_links=check_links, only_hosts=only_hosts, echo=echo)

    def close(self) -> None:
        """Close the store."""
        self.store.close()


def crawl_and_audit(options: CrawlOptions, *, echo: Echo, profile_path: Path | None = None, check_links: bool = True,
                    only_hosts: tuple[str, ...] = (), today: date | None = None,
                    rules_dir: Path | None = None,
                    decisions_path: Path | None = None) -> tuple[CrawlSummary, AuditSummary]:
    """Crawl a site and audit its pages while they arrive; returns both summaries.

    ``only_hosts`` limits the link check to those hosts (the demo: the sample's links elsewhere are fictional).
    """
    check_start_url(options.start_url)  # before the database is made
    # Before the crawl: a broken rule file stops us before any request.
    resources = load_resources(profile_path, rules_dir or (Path(options.rules_dir) if options.rules_dir else None))
    decisions = load_decisions(decisions_path, known_rule_ids(resources))  # a typo in it too
    beside = AuditBesideCrawl(options.db_path, resources, today=today, decisions=decisions)
    try:
        crawl = run_crawl(options, echo=echo, on_idle=beside, store=beside.store)
        echo(crawl.format_nl())
        progress: Echo = (lambda line: None) if options.quiet else echo
        progress(f"Controle van crawl {crawl.crawl_id} afronden ...")
        try:
            audit = beside.finish(crawl.crawl_id, check_links=check_links, only_hosts=only_hosts,
                                  echo=progress)
        except KeyboardInterrupt:
            raise Interrupted(
                f"Gestopt tijdens de controle. Crawl {crawl.crawl_id} is opgehaald, maar nog niet helemaal "
                "gecontroleerd; de werklijsten tonen hem daarom nog niet.\n"
                f"Maak de controle af met: wmebv audit --db {options.db_path} --crawl {crawl.crawl_id}"
            ) from None
        publish_crawl(beside.store, crawl.crawl_id)
    finally:
        beside.close()
    return crawl, audit
