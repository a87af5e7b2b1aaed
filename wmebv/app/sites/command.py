"""`wmebv crawl --sites FILE --out DIR`: check the combination of options, then run the list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from audit.resources import load_resources
from crawler.options import CrawlOptions
from wmebv.app.sites.pool import RunSettings, run_sites
from wmebv.app.sites.sitelist import read_sites
from wmebv.core.errors import UserError

DEFAULT_JOBS = 4


@dataclass(frozen=True)
class SitesRequest:
    """What the user asked for on the command line about a list of sites."""

    sites: Path | None
    out: Path | None
    jobs: int | None
    url: str | None
    db_given: bool
    site_config: bool
    allowed_hosts: bool
    run_audit: bool


def wants_sites(request: SitesRequest) -> bool:
    """True when the command is about a list of sites (any of --sites, --out, --jobs given)."""
    return request.sites is not None or request.out is not None or request.jobs is not None


def check_request(request: SitesRequest) -> tuple[Path, Path, int]:
    """The list, the folder and the jobs; a Dutch error for options that do not go with a list."""
    if request.sites is None or request.out is None:
        raise UserError("Geef bij een lijst van websites zowel --sites LIJST.csv als --out MAP, "
                        "bijvoorbeeld: wmebv crawl --sites gemeenten.csv --out resultaten")
    if request.url:
        raise UserError("Geef een adres óf een lijst met --sites, niet allebei.")
    if request.db_given:
        raise UserError("Met --sites krijgt elke website een eigen database in de map van --out; laat --db weg.")
    if request.site_config or request.allowed_hosts:
        raise UserError("--site-config en --allowed-host gelden voor één website; ze gaan niet samen met --sites.")
    if not request.run_audit:
        raise UserError("Met --sites controleert wmebv de pagina's altijd; --no-audit gaat niet samen met --sites.")
    if request.out.exists() and not request.out.is_dir():
        raise UserError(f"{request.out} is een bestand, geen map. Kies bij --out een map.")
    return request.sites, request.out, request.jobs or DEFAULT_JOBS


def crawl_sites(request: SitesRequest, crawl: CrawlOptions, *, resume: bool, echo: Callable[[str], None]) -> bool:
    """Crawl and audit every site of the list; True when every site is done."""
    sites_file, out_dir, jobs = check_request(request)
    entries = read_sites(sites_file)
    for entry in entries:  # a broken profile stops the run before any request, naming the file
        if entry.profile is not None:
            load_resources(entry.profile)
    ledger = run_sites(entries, out_dir, RunSettings(jobs=jobs, crawl=crawl), resume=resume, echo=echo,
                       sites_file=str(sites_file))
    return ledger.count("done") == len(ledger.sites)
