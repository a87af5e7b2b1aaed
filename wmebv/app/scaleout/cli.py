"""The `wmebv scrapyd` commands: schedule the sites of a list on Scrapyd, and see where they stand."""

from __future__ import annotations

import time
from pathlib import Path

import click

from wmebv.app.cli_errors import friendly_errors
from wmebv.app.dutch_click import DutchGroup

POLL_SECONDS = 5.0


@click.group(name="scrapyd", cls=DutchGroup)
def scrapyd() -> None:
    """Crawl een lijst van websites op Scrapyd-servers, als één computer niet genoeg is (zie docs/scale.md)."""


@scrapyd.command()
@click.option("--sites", "sites_file", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="BESTAND",
              help="CSV-bestand met de kolommen naam, url en (niet verplicht) profiel.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), metavar="MAP",
              help="Map voor de databases (en de lijst met jobs).")
@click.option("--url", "nodes", multiple=True, required=True, metavar="ADRES",
              help="Adres van een Scrapyd-server, bijvoorbeeld http://127.0.0.1:6800 (mag vaker: de websites worden verdeeld).")
@click.option("--project", default="wmebv", show_default=True, metavar="NAAM", help="De projectnaam waaronder scrapyd-deploy het project plaatste.")
@click.option("--node-dir", metavar="MAP", help="Map op de Scrapyd-server voor de databases (standaard dezelfde als --out).")
@click.option("--contact", metavar="ADRES", help="Contactadres in de User-Agent, zodat de webbeheerder u kan bereiken.")
@click.option("--max-pages", type=click.IntRange(min=1), default=None, metavar="AANTAL", help="Haal per website hoogstens zoveel pagina's op.")
@click.option("--resume", is_flag=True, help="Elke job gaat verder met de onderbroken crawl van zijn website.")
@friendly_errors
def schedule(sites_file: Path, out_dir: Path, nodes: tuple[str, ...], project: str, node_dir: str | None,
             contact: str | None, max_pages: int | None, resume: bool) -> None:
    """Plan een job per website op Scrapyd. Elke job crawlt en controleert één website in een eigen database."""
    from crawler.options import CrawlOptions
    from wmebv.app.scaleout.jobs import schedule_sites
    from wmebv.app.sites.sitelist import read_sites

    crawl = CrawlOptions(start_url="", db_path="", contact=contact, max_pages=max_pages, resume=resume)
    jobs = schedule_sites(read_sites(sites_file), out_dir, list(nodes), crawl, project=project, node_dir=node_dir,
                          echo=click.echo)
    click.echo(f"{len(jobs)} jobs gepland. Volg ze met: wmebv scrapyd status --out {out_dir} --wait")


@scrapyd.command()
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), metavar="MAP",
              help="De map die u bij 'wmebv scrapyd schedule' gaf.")
@click.option("--wait", is_flag=True, help="Wacht tot alle jobs klaar zijn.")
@friendly_errors
def status(out_dir: Path, wait: bool) -> None:
    """Toon per website of de job op Scrapyd wacht, bezig is of klaar is."""
    from wmebv.app.scaleout.jobs import format_states, job_states

    states = job_states(out_dir)
    while wait and any(state in ("pending", "running") for _, state in states):
        done = sum(1 for _, state in states if state == "finished")
        click.echo(f"Stand: {done} van {len(states)} jobs klaar ...")
        time.sleep(POLL_SECONDS)
        states = job_states(out_dir)
    click.echo(format_states(states))
    click.echo(f"Vergelijk de gemeenten: wmebv compare {out_dir} --db vergelijking.db")
