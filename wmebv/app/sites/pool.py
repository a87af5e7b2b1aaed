"""Run the sites of a list, up to N at a time, each in a process of its own, with one progress view.

Every site is a job process (``wmebv.app.sites.job``) that crawls in a further process, so no
two sites ever share a downloader or its per-host limits, and one site that fails or crashes
leaves the others running. This process only starts jobs, reads their event lines and keeps the
run's state (``voortgang.json``): it never opens a site's database. The jobs are started from this
one thread, because a job is told to stop when the thread that started it ends (see
``crawler.runner``), and the events of all jobs are read with one ``selectors`` loop.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from crawler.events import parse_event
from crawler.options import CrawlOptions
from crawler.runner import die_with_parent
from wmebv.app.sites.job import SiteJob
from wmebv.app.sites.ledger import Ledger, SiteState, plan_run
from wmebv.app.sites.progress import done_text, site_line, started_text, status_line, summary
from wmebv.app.sites.sitelist import SiteEntry
from wmebv.core.errors import UserError

Echo = Callable[[str], None]
STOP_WAIT_SECONDS = 30.0  # how long stopped jobs get to store what they have


@dataclass(frozen=True)
class RunSettings:
    """How a run over many sites goes: jobs at a time, the crawl options every site shares, the view."""

    jobs: int = 4
    crawl: CrawlOptions = field(default_factory=lambda: CrawlOptions(start_url="", db_path=""))
    check_links: bool = True
    local_links_only: bool = False
    status_interval: float = 10.0


@dataclass
class Running:
    """A job process and what it has said so far."""

    site: SiteState
    process: subprocess.Popen[bytes]
    log: IO[bytes]
    started: float
    buffer: bytes = b""
    last: dict[str, Any] = field(default_factory=dict)  # the terminal event: done or failed
    open: bool = True


def now_utc() -> str:
    """Now as ISO 8601 (UTC, seconds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class SiteRun:
    """One run over a list of sites."""

    def __init__(self, ledger: Ledger, settings: RunSettings, echo: Echo) -> None:
        """Remember the planned run; nothing starts yet."""
        self.ledger, self.settings, self.echo = ledger, settings, echo
        self.selector = selectors.DefaultSelector()
        self.running: dict[str, Running] = {}
        self.progress: dict[str, dict[str, Any]] = {}

    def job_for(self, site: SiteState) -> SiteJob:
        """The job of one site: its own database and name, the run's shared crawl options."""
        options = replace(self.settings.crawl, start_url=site.start_url, site_name=site.name, resume=site.resume,
                          db_path=str(self.ledger.out_dir / site.db_name), quiet=True, crawl_id=None)
        crawl_id = site.crawl_id if site.status == "crawled" else None
        return SiteJob(options, site.profile, crawl_id, self.settings.check_links, self.settings.local_links_only)

    def start(self, site: SiteState) -> None:
        """Start the job of one site."""
        log = (self.ledger.out_dir / f"{site.slug}.log").open("ab")
        process = subprocess.Popen(
            # -P: a folder called "wmebv" or "crawler" in the user's folder is never imported instead of ours.
            [sys.executable, "-P", "-m", "wmebv.app.sites.job", self.job_for(site).to_json()],
            stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL,
            env=dict(os.environ, PYTHONUNBUFFERED="1"),
            preexec_fn=die_with_parent if sys.platform.startswith("linux") else None,
        )
        assert process.stdout is not None
        os.set_blocking(process.stdout.fileno(), False)
        self.selector.register(process.stdout, selectors.EVENT_READ, site.slug)
        self.echo(site_line(self.ledger, site, started_text(site)))
        if site.status != "crawled":
            site.status = "running"
        site.reason, site.started_at = "", now_utc()
        self.running[site.slug] = Running(site, process, log, time.monotonic())
        self.ledger.save()

    def read(self, timeout: float) -> None:
        """Read what the jobs have said, for at most ``timeout`` seconds."""
        for key, _ in self.selector.select(timeout):
            job = self.running[key.data]
            chunk = os.read(key.fd, 65536)
            if not chunk:
                self.selector.unregister(key.fileobj)
                job.open = False
            job.buffer += chunk
            *lines, job.buffer = job.buffer.split(b"\n")
            for line in lines:
                event = parse_event(line.decode("utf-8", "replace"))
                if event is not None:
                    self.handle(job, event)

    def handle(self, job: Running, event: dict[str, Any]) -> None:
        """Take in one event of a job."""
        kind, site = event["event"], job.site
        if kind == "progress":
            self.progress[site.slug] = event
        elif kind == "crawled":
            site.status, site.crawl_id, site.audit_pending = "crawled", int(event["crawl_id"]), True
            self.ledger.save()
        elif kind in ("done", "failed"):
            job.last = event

    def reap(self) -> None:
        """Finish the jobs whose process has ended and whose output has been read."""
        for slug, job in list(self.running.items()):
            if job.open or job.process.poll() is None:
                continue
            del self.running[slug]
            job.log.close()
            self.finish(job)

    def finish(self, job: Running) -> None:
        """Record how a job ended and say it."""
        site, event = job.site, job.last
        site.finished_at, site.seconds = now_utc(), round(time.monotonic() - job.started, 1)
        if event.get("event") == "done":
            site.status, site.reason, site.audit_pending = "done", "", False
            site.crawl_id = int(event["crawl_id"])
            site.pages, site.products, site.digital = int(event["pages"]), int(event["products"]), int(event["digital"])
            self.echo(site_line(self.ledger, site, done_text(site)))
        else:
            code = job.process.returncode
            reason = str(event.get("message") or f"het proces stopte onverwacht (code {code})").rstrip(".")
            site.reason = f"{reason}. Details: {self.ledger.out_dir / (site.slug + '.log')}"
            site.status = "interrupted" if event.get("interrupted") or code in (-signal.SIGINT, 130) else "failed"
            self.echo(site_line(self.ledger, site, f"{'ONDERBROKEN' if site.status == 'interrupted' else 'MISLUKT'}: {reason}."))
        self.ledger.save()

    def run(self) -> None:
        """Run every waiting site, up to ``jobs`` at a time, until all have ended."""
        waiting = deque(site for site in self.ledger.sites if site.status in ("waiting", "crawled"))
        next_status = time.monotonic() + self.settings.status_interval
        try:
            while waiting or self.running:
                while waiting and len(self.running) < self.settings.jobs:
                    self.start(waiting.popleft())
                self.read(timeout=0.5)
                self.reap()
                if time.monotonic() >= next_status and (waiting or self.running):
                    self.echo(status_line(self.ledger, self.progress))
                    next_status = time.monotonic() + self.settings.status_interval
        except KeyboardInterrupt:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop the running jobs cleanly (what they stored stays stored) and save the state."""
        deadline = time.monotonic() + 2.0
        while self.running and time.monotonic() < deadline:  # Ctrl+C reached the jobs too: let them end
            self._drain(0.2)
        for job in self.running.values():
            job.process.send_signal(signal.SIGINT)
        deadline = time.monotonic() + STOP_WAIT_SECONDS
        while self.running and time.monotonic() < deadline:
            self._drain(0.2)
        for job in list(self.running.values()):
            job.process.kill()
            job.process.wait()
            job.open = False
        self.reap()
        self.ledger.save()
        self.echo(f"Gestopt. Ga verder met: wmebv crawl --sites {self.ledger.sites_file or '...'} "
                  f"--out {self.ledger.out_dir} --resume")

    def _drain(self, timeout: float) -> None:
        """Read and reap while stopping; a second Ctrl+C is ignored until the jobs have ended."""
        try:
            self.read(timeout)
            self.reap()
        except KeyboardInterrupt:
            pass


def run_sites(entries: list[SiteEntry], out_dir: Path, settings: RunSettings, *, resume: bool = False,
              echo: Echo = print, sites_file: str = "") -> Ledger:
    """Crawl and audit every site of the list into its own database in ``out_dir``; returns the final state."""
    if settings.jobs < 1:
        raise UserError("Geef bij --jobs een aantal van 1 of meer.")
    out_dir.mkdir(parents=True, exist_ok=True)
    ledger = plan_run(entries, out_dir, resume=resume, sites_file=sites_file)
    skipped = ledger.count("done")
    ledger.save()
    echo(f"{len(ledger.sites)} websites, {min(settings.jobs, len(ledger.sites))} tegelijk. "
         f"Elke website krijgt een eigen database in {out_dir}."
         + (f" {skipped} {'is' if skipped == 1 else 'zijn'} al klaar en {'wordt' if skipped == 1 else 'worden'} overgeslagen." if skipped else ""))
    started = time.monotonic()
    SiteRun(ledger, settings, echo).run()
    echo(summary(ledger, time.monotonic() - started))
    return ledger
