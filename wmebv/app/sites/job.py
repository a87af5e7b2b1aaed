"""One site of a run over many sites: ``python -m wmebv.app.sites.job '<job as JSON>'``.

Each site runs in a process of its own: it crawls the site (the crawl itself in a further
process, with its own per-host limits, as a single ``wmebv crawl`` does) and audits the pages while
they arrive. It tells the process that runs all sites what happens through event lines on
stdout: ``progress`` while crawling, ``crawled`` once the crawl is stored, then ``done`` with the
figures, or ``failed`` with a Dutch reason.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from audit.engine import audit_database
from audit.linkcheck import THIS_MACHINE
from audit.resources import load_resources
from crawler.events import emit
from crawler.options import CrawlOptions
from crawler.runner import check_start_url, run_crawl
from wmebv.app.live import AuditBesideCrawl
from wmebv.core.errors import Interrupted, UserError
from wmebv.core.store import Store
from wmebv.publish.summaries import publish_crawl


@dataclass(frozen=True)
class SiteJob:
    """What one site job does: crawl and audit (``crawl_id`` None), or only audit a stored crawl."""

    options: CrawlOptions
    profile: str | None = None
    crawl_id: int | None = None
    check_links: bool = True
    local_links_only: bool = False

    def to_json(self) -> str:
        """The job as JSON for the job process."""
        data = asdict(self)
        data["options"] = json.loads(self.options.to_json())
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SiteJob:
        """The job back from :meth:`to_json`."""
        data: dict[str, Any] = json.loads(text)
        data["options"] = CrawlOptions.from_json(json.dumps(data["options"]))
        return cls(**data)


def _quiet(line: str) -> None:
    """The single crawl's Dutch lines are not shown: the run shows one view of all sites."""


def _link_hosts(local_links_only: bool) -> tuple[str, ...]:
    """The only hosts the link check may ask: this machine's (sample sites), else every host the policy allows."""
    return THIS_MACHINE if local_links_only else ()


def crawl_site(job: SiteJob) -> int:
    """Crawl the site and audit it beside the crawl; returns the crawl id."""
    options = job.options
    check_start_url(options.start_url)
    resources = load_resources(Path(job.profile) if job.profile else None)
    beside = AuditBesideCrawl(options.db_path, resources)
    try:
        crawl = run_crawl(options, echo=_quiet, on_idle=beside, store=beside.store,
                          on_progress=lambda event: emit("progress", **_progress_fields(event)))
        if crawl.status != "finished":
            raise UserError(f"de crawl is {'onderbroken' if crawl.status == 'interrupted' else 'mislukt'}; "
                            "ga verder met --resume")
        emit("crawled", crawl_id=crawl.crawl_id)
        beside.finish(crawl.crawl_id, check_links=job.check_links, only_hosts=_link_hosts(job.local_links_only), echo=_quiet)
        publish_crawl(beside.store, crawl.crawl_id)
    finally:
        beside.close()
    return crawl.crawl_id


def audit_and_publish(db_path: str, crawl_id: int, profile: str | None, *, check_links: bool = True,
                      local_links_only: bool = False, echo: Callable[[str], None] = _quiet) -> int:
    """Audit a stored crawl (all rules, the link check) and refresh its summaries; returns its id."""
    summary = audit_database(db_path, crawl_id, Path(profile) if profile else None, check_links, echo,
                             only_hosts=_link_hosts(local_links_only))
    with Store(db_path, create=False) as store:
        publish_crawl(store, summary.crawl_id)
    return summary.crawl_id


def audit_site(job: SiteJob) -> int:
    """Audit a crawl that was stored before the run was stopped; returns its id."""
    assert job.crawl_id is not None
    return audit_and_publish(job.options.db_path, job.crawl_id, job.profile, check_links=job.check_links,
                             local_links_only=job.local_links_only)


def figures(db_path: str, crawl_id: int) -> dict[str, int]:
    """The figures of an audited crawl for the run's overview: pages, product pages, digital channels."""
    with Store(db_path, create=False) as store:
        crawl = store.crawls.get(crawl_id)
        counts = store.results.counts(crawl_id)
    return {"crawl_id": crawl_id, "pages": int(crawl.get("pages_fetched") or 0), "products": int(counts["product_pages"]),
            "digital": int(counts["channel_status"].get("digital", 0))}


def _progress_fields(event: dict[str, Any]) -> dict[str, Any]:
    """The parts of a crawl's progress event the run shows."""
    return {key: event.get(key, 0) for key in ("pages", "queued", "products", "errors", "rate")}


def main(argv: list[str]) -> int:
    """Run one site job; exit code 0 when done, 1 when it failed (the reason is in a 'failed' event)."""
    job = SiteJob.from_json(argv[1])
    started = time.monotonic()
    try:
        crawl_id = audit_site(job) if job.crawl_id is not None else crawl_site(job)
        emit("done", None, seconds=round(time.monotonic() - started, 1), **figures(job.options.db_path, crawl_id))
        return 0
    except UserError as error:
        emit("failed", message=str(error))
    except (KeyboardInterrupt, Interrupted):
        emit("failed", message="gestopt", interrupted=True)
    except Exception as error:  # noqa: BLE001 - one site's bug must not hide the others' results
        traceback.print_exc()  # to the site's log file
        emit("failed", message=f"onverwachte fout: {type(error).__name__}: {error}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
