"""The one Dutch progress view of a run over many sites: a line per event, a status line now and then, a table at the end."""

from __future__ import annotations

from typing import Any

from wmebv.app.sites.ledger import Ledger, SiteState

# How many running sites the status line names (the rest are counted).
NAMED_RUNNING = 6


def duration_nl(seconds: float) -> str:
    """A duration in Dutch: '42 seconden', '3 minuten en 5 seconden', '1 uur en 4 minuten'."""
    whole = int(round(seconds))
    if whole < 60:
        return f"{whole} seconden"
    minutes, rest = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} minuten en {rest} seconden"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} uur en {minutes} minuten"


def _number(value: float) -> str:
    """A number with a decimal comma."""
    return f"{value:.1f}".replace(".", ",")


def site_line(ledger: Ledger, site: SiteState, text: str) -> str:
    """One event line: '[3/20] Gemeente Aalsdorp: <text>'."""
    position = ledger.sites.index(site) + 1
    return f"[{position}/{len(ledger.sites)}] {site.name}: {text}"


def started_text(site: SiteState) -> str:
    """What is said when a site starts."""
    if site.status == "crawled":
        return f"de crawl was al klaar; de controle gaat verder (crawl {site.crawl_id})."
    return f"begonnen ({site.start_url}){', gaat verder waar de crawl stopte' if site.resume else ''}."


def done_text(site: SiteState) -> str:
    """What is said when a site is done."""
    return (f"klaar in {duration_nl(site.seconds)}: {site.pages} pagina's, {site.products} productpagina's, "
            f"{site.digital} met een digitaal kanaal.")


def status_line(ledger: Ledger, progress: dict[str, dict[str, Any]]) -> str:
    """The whole run in one line: done, running (with pages so far), waiting, failed."""
    running = [site for site in ledger.sites if site.status in ("running", "crawled")]
    parts = [f"{ledger.count('done')} klaar", f"{len(running)} bezig", f"{ledger.count('waiting')} in de wachtrij",
             f"{ledger.count('failed', 'interrupted')} mislukt"]
    line = f"Stand: {', '.join(parts)} (van {len(ledger.sites)})."
    if running:
        named = []
        for site in running[:NAMED_RUNNING]:
            event = progress.get(site.slug) or {}
            if site.status == "crawled":
                named.append(f"{site.name} (controle)")
            else:
                named.append(f"{site.name} ({event.get('pages', 0)} pagina's, {_number(float(event.get('rate') or 0))}/s)")
        more = len(running) - len(named)
        line += " Bezig: " + ", ".join(named) + (f" en {more} andere" if more > 0 else "") + "."
    return line


def summary(ledger: Ledger, seconds: float) -> str:
    """The table at the end: every site with its status, figures or reason, and what to do next."""
    done = ledger.count("done")
    lines = [f"Klaar: {done} van {len(ledger.sites)} websites in {duration_nl(seconds)}. De databases staan in {ledger.out_dir}."]
    width = max(len(site.name) for site in ledger.sites)
    for site in ledger.sites:
        if site.status == "done":
            detail = f"{site.pages:>6} pagina's {site.products:>5} productpagina's {site.digital:>5} digitaal   {site.db_name}"
        else:
            detail = site.reason or "-"
        lines.append(f"  {site.name:<{width}}  {site.status_nl:<14} {detail}")
    failed = len(ledger.sites) - done
    if done:
        lines.append(f"Vergelijk de gemeenten: wmebv compare {ledger.out_dir} --db vergelijking.db")
    if failed:
        sites = f" --sites {ledger.sites_file}" if ledger.sites_file else " --sites ..."
        lines.append(f"{failed} {'website is' if failed == 1 else 'websites zijn'} niet klaar. "
                     f"Probeer ze opnieuw met: wmebv crawl{sites} --out {ledger.out_dir} --resume")
    return "\n".join(lines)
