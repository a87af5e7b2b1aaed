"""A Scrapy extension for crawls run by Scrapyd: audit the crawl once it has finished and is stored.

The spider's own session records the end of the crawl and closes its store writer when the
spider closes (it connected first, so it runs first); then this extension audits the stored
crawl in a thread, with its own connection, while Scrapy waits for it before the process ends.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet.threads import deferToThread

from crawler.session import crawl_status
from wmebv.app.sites.job import audit_and_publish

logger = logging.getLogger(__name__)
OFF = ("0", "false", "nee", "no")


def audit_with_profile(db_path: str, crawl_id: int, profile_yaml: str | None) -> int:
    """Audit the crawl with the norm profile that came with the job (as text: the node has no copy)."""
    if not profile_yaml:
        return audit_and_publish(db_path, crawl_id, None, echo=logger.info)
    with tempfile.TemporaryDirectory(prefix="wmebv-profiel-") as folder:
        path = Path(folder) / "profiel.yml"
        path.write_text(profile_yaml, encoding="utf-8")
        return audit_and_publish(db_path, crawl_id, str(path), echo=logger.info)


class AuditAfterCrawl:
    """Audits a finished crawl before the Scrapy process ends (skip with ``-a audit=0``)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AuditAfterCrawl:
        """Listen for the end of the spider."""
        extension = cls()
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Any, reason: str) -> Any:
        """Start the audit in a thread; Scrapy waits for the Deferred it returns."""
        options = getattr(spider, "options", None)
        if options is None or options.crawl_id is None or str(getattr(spider, "audit", "1")).lower() in OFF:
            return None
        if crawl_status(spider) != "finished":
            logger.warning("Geen controle: de crawl is niet klaar (%s). Plan de job opnieuw met resume.", reason)
            return None
        logger.info("Controle van crawl %s in %s ...", options.crawl_id, options.db_path)
        return deferToThread(audit_with_profile, options.db_path, options.crawl_id, getattr(spider, "profile_yaml", None))
