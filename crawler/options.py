"""The options of one crawl (one frozen object passed along) and its end summary."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from crawler.reasons import reason_label
from wmebv.core.outbound.agent import CRAWL, user_agent


@dataclass(frozen=True)
class CrawlOptions:
    """Everything a crawl needs to know; built by the CLI, sent to the crawl subprocess as JSON."""

    start_url: str
    db_path: str
    site_name: str | None = None  # the municipality's name (from a list of sites), kept with the crawl
    resume: bool = False
    max_pages: int | None = None
    max_depth: int | None = None
    site_config: str | None = None
    sc_feed: str | None = None
    obey_robots: bool = True
    user_agent: str | None = None
    contact: str | None = None
    allowed_hosts: tuple[str, ...] = ()
    http_cache: bool = True
    quiet: bool = False
    rules_dir: str | None = None  # the rules folder of the run (absolute); None: the bundled rules
    # Politeness and limits. Defaults are what a government webmaster would accept.
    concurrency_per_host: int = 2
    autothrottle_target: float = 1.0  # average requests in flight per host that AutoThrottle aims for
    autothrottle: bool = True  # slow down when the server answers slower (off only for benchmarks)
    download_delay: float = 0.5
    crawl_delay_cap: float | None = None  # honour robots.txt Crawl-delay up to this many seconds (None: fully)
    timeout: float = 30.0
    retry_times: int = 2
    backoff_base: float = 2.0
    max_retry_after: float = 120.0
    max_page_bytes: int = 10 * 1024 * 1024
    warn_page_bytes: int = 2 * 1024 * 1024
    max_redirects: int = 5
    progress_interval: float = 5.0
    crawl_id: int | None = None  # set by the runner before the subprocess starts

    def to_json(self) -> str:
        """The options as JSON for the crawl subprocess."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> CrawlOptions:
        """Options back from :meth:`to_json`; unknown keys are refused."""
        data: dict[str, Any] = json.loads(text)
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown crawl options: {sorted(unknown)}")
        data["allowed_hosts"] = tuple(data.get("allowed_hosts") or ())
        return cls(**data)

    def identifying_user_agent(self) -> str:
        """The User-Agent: the user's own, or wmebv-audit with a contact address."""
        return self.user_agent or user_agent(CRAWL, self.contact)

    def cache_dir(self) -> Path:
        """The HTTP cache directory, next to the database."""
        db = Path(self.db_path).resolve()
        return db.parent / f"{db.name}.httpcache"

    def log_path(self) -> Path:
        """The Scrapy log file, next to the database."""
        db = Path(self.db_path).resolve()
        return db.parent / f"{db.name}.crawl.log"


@dataclass(frozen=True)
class CrawlSummary:
    """What a crawl did: counts, coverage rows (state, reason, urls) and the time it took."""

    crawl_id: int
    status: str
    counts: dict[str, int]
    coverage: list[dict[str, Any]] = field(default_factory=list)
    elapsed: float = 0.0
    db_path: str = ""

    def format_nl(self) -> str:
        """The Dutch end summary shown after a crawl."""
        c = self.counts
        status = {"finished": "klaar", "interrupted": "onderbroken", "failed": "mislukt"}.get(self.status, self.status)
        lines = [
            f"Crawl {self.crawl_id} {status} in {_duration_nl(self.elapsed)}.",
            f"  Gevonden adressen: {c.get('urls_found', 0)}",
            f"  Opgehaalde pagina's: {c.get('pages_fetched', 0)}",
            f"  Productpagina's: {c.get('product_pages', 0)}",
            f"  Documenten (PDF, Word, ODT): {c.get('documents', 0)}",
            f"  Overgeslagen: {c.get('skipped', 0)}",
            f"  Mislukt: {c.get('failed', 0)}",
        ]
        problems = [row for row in self.coverage if row["state"] in ("skipped", "failed")]
        if problems:
            lines.append("  Niet opgehaald, per reden:")
            lines.extend(f"    - {reason_label(row['reason'])}: {row['urls']}" for row in problems)
        if self.status == "interrupted":
            lines.append(f"Ga verder met: wmebv crawl --db {self.db_path} --resume")
        lines.append(f"Alle adressen met hun reden: wmebv coverage --db {self.db_path} --crawl {self.crawl_id}")
        return "\n".join(lines)


def _duration_nl(seconds: float) -> str:
    """A duration in Dutch words: '12 seconden', '3 minuten en 5 seconden'."""
    whole = int(round(seconds))
    if whole < 60:
        return f"{whole} seconden"
    minutes, rest = divmod(whole, 60)
    return f"{minutes} minuten en {rest} seconden"
