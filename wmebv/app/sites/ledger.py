"""The state of a run over many sites, kept in one JSON file in the output folder (``voortgang.json``).

Only the process that runs the sites writes it, and always whole (write to a temporary file, then
rename), so a kill at any moment leaves the previous or the new state, never half of one. With
``--resume`` the next run reads it: finished sites are skipped, a site whose crawl finished but
whose audit did not gets only its audit, every other site continues its own interrupted crawl.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from wmebv.app.sites.sitelist import SiteEntry
from wmebv.core.errors import UserError

LEDGER_NAME = "voortgang.json"
LEDGER_VERSION = 1
# waiting -> running -> crawled (crawl stored, audit busy) -> done; or failed / interrupted.
STATUS_NL = {
    "waiting": "wacht",
    "running": "bezig",
    "crawled": "controle bezig",
    "done": "klaar",
    "failed": "mislukt",
    "interrupted": "onderbroken",
}


@dataclass
class SiteState:
    """Where one site of the run stands, with the figures of its last crawl."""

    name: str
    slug: str
    start_url: str
    profile: str | None = None
    status: str = "waiting"
    reason: str = ""
    crawl_id: int | None = None
    pages: int = 0
    products: int = 0
    digital: int = 0
    started_at: str | None = None
    finished_at: str | None = None
    seconds: float = 0.0
    resume: bool = False  # continue the site's own interrupted crawl instead of starting a new one
    audit_pending: bool = False  # the crawl is stored (crawl_id), its audit has not finished

    @property
    def db_name(self) -> str:
        """The file name of the site's database in the output folder."""
        return f"{self.slug}.db"

    @property
    def status_nl(self) -> str:
        """The status in Dutch."""
        return STATUS_NL.get(self.status, self.status)

    @classmethod
    def for_entry(cls, entry: SiteEntry) -> SiteState:
        """A waiting site from a line of the site list."""
        return cls(entry.name, entry.slug, entry.start_url, str(entry.profile) if entry.profile else None)


@dataclass
class Ledger:
    """All sites of a run, in the order of the site list."""

    out_dir: Path
    sites: list[SiteState] = field(default_factory=list)
    sites_file: str = ""

    @property
    def path(self) -> Path:
        """The JSON file in the output folder."""
        return self.out_dir / LEDGER_NAME

    def save(self) -> None:
        """Write the whole state atomically."""
        data = {"version": LEDGER_VERSION, "sites_file": self.sites_file, "sites": [asdict(site) for site in self.sites]}
        handle, temporary = tempfile.mkstemp(prefix=".voortgang-", suffix=".json", dir=self.out_dir)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1)
        os.replace(temporary, self.path)

    def count(self, *statuses: str) -> int:
        """How many sites have one of these statuses."""
        return sum(1 for site in self.sites if site.status in statuses)

    @classmethod
    def load(cls, out_dir: Path) -> Ledger | None:
        """The state an earlier run left in ``out_dir``, or None when there is none."""
        path = out_dir / LEDGER_NAME
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            known = {f.name for f in fields(SiteState)}
            sites = [SiteState(**{k: v for k, v in row.items() if k in known}) for row in data["sites"]]
        except (ValueError, KeyError, TypeError) as error:
            raise UserError(f"Het bestand {path} is beschadigd ({error}). Verwijder het en start zonder --resume.") from error
        return cls(out_dir, sites, str(data.get("sites_file") or ""))


def plan_run(entries: list[SiteEntry], out_dir: Path, *, resume: bool, sites_file: str = "") -> Ledger:
    """The run to do: every site waiting, or with ``resume`` what an earlier run left undone."""
    earlier = Ledger.load(out_dir) if resume else None
    before: dict[str, SiteState] = {site.slug: site for site in earlier.sites} if earlier else {}
    planned: list[SiteState] = []
    for entry in entries:
        site = SiteState.for_entry(entry)
        old = before.get(site.slug)
        if old is not None and old.start_url == site.start_url and (out_dir / site.db_name).exists():
            if old.status == "done":
                site = old
            elif old.audit_pending:
                site = _carry(old, site, status="crawled")
            else:
                site = _carry(old, site, status="waiting")
        site.resume = resume and site.status == "waiting"
        planned.append(site)
    return Ledger(out_dir, planned, sites_file)


def _carry(old: SiteState, new: SiteState, *, status: str) -> SiteState:
    """The new entry (its profile may have changed) with what the earlier run knew of its crawl."""
    new.status, new.crawl_id, new.reason, new.audit_pending = status, old.crawl_id, old.reason, old.audit_pending
    return new
