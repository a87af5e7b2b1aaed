"""Run a crawl from the CLI: record it, start Scrapy in a subprocess, stream progress, summarise."""

from __future__ import annotations

import os
import queue
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, replace
from typing import IO, Any
from urllib.parse import urlsplit

from crawler.events import parse_event
from crawler.options import CrawlOptions, CrawlSummary
from crawler.report import crawl_counts
from crawler.urls import site_key
from wmebv.core.dutch import datetime_nl
from wmebv.core.errors import Interrupted, UserError
from wmebv.core.store import Store

# How long to wait for the crawl's output before asking the idle work again.
IDLE_POLL_SECONDS = 0.2
# After Ctrl+C the crawl process gets this long to stop by itself; then it is stopped hard.
# What it stored is committed page by page, so nothing is lost and --resume goes on from there.
STOP_GRACE_SECONDS = 1.5


def format_progress(event: dict[str, Any], earlier_pages: int = 0) -> str:
    """One Dutch progress line from a progress event; a resumed crawl counts on from ``earlier_pages``."""
    rate = f"{event.get('rate', 0):.1f}".replace(".", ",")
    return (
        f"Opgehaald: {event.get('pages', 0) + earlier_pages} pagina's | wachtrij: {event.get('queued', 0)} | "
        f"productpagina's: {event.get('products', 0)} | documenten: {event.get('documents', 0)} | "
        f"fouten: {event.get('errors', 0)} | {rate} pagina's per seconde"
    )


def check_start_url(url: str) -> None:
    """Refuse a start URL that is not an http(s) address before anything starts."""
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:  # e.g. "http://[::1" (an unclosed IPv6 address)
        hostname = None
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not hostname:
        raise UserError(f"'{url}' is geen webadres. Geef een adres dat begint met http:// of https://, bijvoorbeeld https://www.gemeente.nl/.")


def prepare_crawl(options: CrawlOptions, store: Store, echo: Callable[[str], None]) -> int:
    """Start a new crawl in the store, or reopen the interrupted one with --resume; returns its id."""
    site = site_key(options.start_url)
    if options.resume:
        earlier = store.crawls.resumable(site)
        if earlier:
            store.crawls.reopen(int(earlier["id"]))
            echo(f"Verder met crawl {earlier['id']} van {site} (gestart {datetime_nl(earlier['started_at'])}).")
            return int(earlier["id"])
        echo(f"Er is geen onderbroken crawl van {site}: wmebv begint een nieuwe crawl.")
    settings = {k: v for k, v in asdict(options).items() if k not in ("db_path", "quiet", "crawl_id")}
    return store.crawls.start(site, options.start_url, settings)


def die_with_parent() -> None:
    """In the child (Linux): get SIGKILL when the wmebv process dies, so no crawl runs on unattended."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _child_env() -> dict[str, str]:
    """The environment of the crawl subprocess: output unbuffered."""
    return dict(os.environ, PYTHONUNBUFFERED="1")


def run_crawl(options: CrawlOptions, echo: Callable[[str], None],
              on_idle: Callable[[int], bool] | None = None, store: Store | None = None,
              on_progress: Callable[[dict[str, Any]], None] | None = None) -> CrawlSummary:
    """Crawl the site in a subprocess (Twisted cannot restart in-process) and return the summary.

    ``on_idle(crawl_id)`` is called whenever the crawl has nothing to report, to do other work in
    this process meanwhile (the audit); it returns False when it had nothing to do. ``store`` is
    the caller's open store, if it has one (one connection per process); else one is opened here.
    ``on_progress(event)`` gets every progress event as data (a run over many sites shows them).
    """
    check_start_url(options.start_url)
    if store is None:
        with Store(options.db_path) as own:
            return run_crawl(options, echo, on_idle, own, on_progress)
    started = time.monotonic()
    crawl_id = prepare_crawl(options, store, echo)
    options = replace(options, crawl_id=crawl_id)
    earlier_pages = store.pages.count(crawl_id)
    resumed = options.resume and bool(store.frontier.states(crawl_id))
    if not options.quiet:
        every = f"Voortgang volgt elke {options.progress_interval:g} seconden."
        echo(f"Crawl {crawl_id} gaat verder: {earlier_pages} pagina's waren al opgehaald. {every}" if resumed
             else f"Crawl {crawl_id} van {options.start_url} begint. {every}")
    fatal: str | None = None
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errors:
        child = subprocess.Popen(
            # -P: the user's current folder is not put on the import path, so a folder there
            # that happens to be called "crawler" is never imported instead of ours.
            [sys.executable, "-P", "-m", "crawler.run", options.to_json()],
            stdout=subprocess.PIPE, stderr=errors, text=True, encoding="utf-8", env=_child_env(),
            preexec_fn=die_with_parent if sys.platform.startswith("linux") else None,
        )
        try:
            assert child.stdout is not None
            for line in _lines(child.stdout, lambda: on_idle(crawl_id) if on_idle else False):
                event = parse_event(line)
                if event is None:
                    continue
                if event["event"] == "fatal":
                    # Nothing is left to do or store: stop the crawl process now instead of
                    # waiting for Scrapy's idle check.
                    fatal = event["message"]
                    child.kill()
                    break
                elif event["event"] == "progress":
                    if on_progress is not None:
                        on_progress(event)
                    if not options.quiet and not event.get("final"):
                        echo(format_progress(event, earlier_pages))
                elif event["event"] == "message" and not options.quiet:
                    echo(event["text"])
            code = child.wait()
        except KeyboardInterrupt:
            stop_quickly(child)
            if store.crawls.get(crawl_id)["status"] == "running":
                store.crawls.finish(crawl_id, "interrupted", crawl_counts(store, crawl_id))
            raise Interrupted(
                f"Gestopt. Crawl {crawl_id} is onderbroken; wat al was opgehaald, is bewaard.\n"
                f"Ga verder met: wmebv crawl --db {options.db_path} --resume"
            ) from None
        except BaseException:
            child.kill()  # an error in the idle work: no crawl runs on unattended
            child.wait()
            raise
        if fatal:
            try:
                store.crawls.finish(crawl_id, "failed", crawl_counts(store, crawl_id))
            except (sqlite3.Error, UserError):
                pass  # the store could not write: that is what the message says
            raise UserError(fatal)
        if code != 0:
            errors.seek(0)
            tail = errors.read()[-600:].strip()
            raise UserError(
                f"De crawl stopte onverwacht (code {code}). Wat al was opgehaald, is bewaard: ga verder met --resume. "
                f"Details staan in {options.log_path()}." + (f"\nLaatste melding:\n{tail}" if tail else "")
            )
    return summarise(store, options.db_path, crawl_id, time.monotonic() - started)


def stop_quickly(child: subprocess.Popen[str]) -> None:
    """Ask the crawl process to stop; stop it hard when it has not within STOP_GRACE_SECONDS."""
    try:
        child.send_signal(signal.SIGINT)  # Scrapy stops between requests; a second SIGINT forces it
        child.wait(timeout=STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def _lines(stream: IO[str], idle: Callable[[], bool]) -> Iterator[str]:
    """The lines of the crawl's output; ``idle()`` runs whenever no line is waiting."""
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, name="crawl-output", daemon=True).start()
    while True:
        try:
            line = lines.get_nowait()
        except queue.Empty:
            if idle():
                continue
            try:
                line = lines.get(timeout=IDLE_POLL_SECONDS)
            except queue.Empty:
                continue
        if line is None:
            return
        yield line


def summarise(store: Store, db_path: str, crawl_id: int, elapsed: float) -> CrawlSummary:
    """The summary of a crawl, read back from the store."""
    crawl = store.crawls.get(crawl_id)
    return CrawlSummary(
        crawl_id=crawl_id,
        status=crawl["status"],
        counts=crawl_counts(store, crawl_id),
        coverage=store.frontier.coverage(crawl_id),
        elapsed=elapsed,
        db_path=db_path,
    )
