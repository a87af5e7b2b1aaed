"""The `wmebv sample` commands: serve, manifest and build the sample municipality."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import click

from wmebv.app.cli_errors import friendly_errors
from wmebv.app.cli_paths import user_path
from wmebv.app.dutch_click import DutchGroup
from wmebv.core.errors import UserError

MONTH_OPTION = click.option("--month", type=click.IntRange(min=1), default=1, show_default=True, metavar="MAAND",
                            help="Welke maand van de voorbeeldsite: 1 zoals hij is, 2 na de wijzigingen van de webredactie.")


@click.group(name="sample", cls=DutchGroup)
def sample() -> None:
    """Voorbeeldgemeente "Gemeente Voorbeeldstad": een nepsite om de crawler en de controles op te testen."""


@sample.command()
@click.option("--port", default=8000, show_default=True, metavar="POORT", help="Poort waarop de site draait (0 = een vrije poort).")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADRES", help="Adres waarop de server luistert.")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="MAP", callback=user_path,
              help="Map met een site die u eerder maakte met 'sample build'.")
@click.option("--log", "request_log", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="BESTAND",
              callback=user_path,
              help="Schrijf elk verzoek (tijd, host, pad, status, bytes) naar dit bestand.")
@MONTH_OPTION
@friendly_errors
def serve(port: int, host: str, directory: Path | None, request_log: Path | None, month: int) -> None:
    """Start de voorbeeldsite. Stop met Ctrl-C.

    Met --month 2 ziet de site eruit zoals een maand later: de webredactie heeft pagina's veranderd,
    verplaatst, weggehaald en toegevoegd (zie 'sample manifest --month 2').
    """
    from wmebv.sample.server import SampleServer

    if directory is not None and month != 1:
        raise UserError("Kies --dir of --month, niet allebei: een gebouwde site heeft geen tweede maand.")
    server = SampleServer(host=host, port=port, directory=directory, request_log=request_log, month=month)
    click.echo(f"Gemeente Voorbeeldstad (maand {month}) draait op {server.url}/")
    click.echo(f"Het e-loket draait op {server.loket_url}/")
    click.echo("Stop de server met Ctrl-C.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Server gestopt.")
    finally:
        server.httpd.server_close()


@sample.command()
@click.option("--port", default=8000, show_default=True, metavar="POORT", help="Poort waarvoor de adressen in het overzicht gelden.")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADRES", help="Adres van de site.")
@MONTH_OPTION
@friendly_errors
def manifest(port: int, host: str, month: int) -> None:
    """Toon de juiste antwoorden (het manifest) van de voorbeeldsite als JSON.

    Bij --month 2 staat onder "changes" wat een vergelijking met maand 1 moet tonen.
    """
    from wmebv.sample.site import manifest as build_manifest

    data = build_manifest(f"http://{host}:{port}", month=month)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@sample.command()
@click.option("--pages", type=int, required=True, metavar="AANTAL", help="Ongeveer hoeveel pagina's de site krijgt.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, metavar="MAP", callback=user_path,
              help="Map waarin de site komt.")
@friendly_errors
def build(pages: int, out: Path) -> None:
    """Maak een grote versie van de voorbeeldsite in een map (voor snelheidstests)."""
    from wmebv.sample.bulk import build_directory

    counts = build_directory(pages, out)
    click.echo(f"{counts['pages']} pagina's gemaakt, waarvan {counts['products']} productpagina's, in {out}.")
    click.echo(f"Start de site met: wmebv sample serve --dir {out}")


@sample.command()
@click.option("--count", type=click.IntRange(1, 400), default=20, show_default=True, metavar="AANTAL", help="Hoeveel gemeenten.")
@click.option("--products", type=click.IntRange(1, 60), default=30, show_default=True, metavar="AANTAL",
              help="Productpagina's per gemeente.")
@click.option("--sites", "sites_file", type=click.Path(dir_okay=False, path_type=Path), default=Path("regio.csv"), metavar="BESTAND",
              show_default=True, help="Hier komt de lijst van websites, voor 'wmebv crawl --sites'.")
@friendly_errors
def region(count: int, products: int, sites_file: Path) -> None:
    """Start een regio van verzonnen gemeenten, elk met een eigen naam en eigen producten. Stop met Ctrl-C."""
    from wmebv.sample.region import municipality, site_builder
    from wmebv.sample.server import SampleServer

    servers = [SampleServer(port=0, builder=site_builder(municipality(n, products=products))).start() for n in range(count)]
    sites_file.write_text("naam,url\n" + "".join(f"{s.site.name},{s.url}/\n" for s in servers), encoding="utf-8")
    click.echo(f"{count} gemeenten draaien op 127.0.0.1. De lijst staat in {sites_file}.")
    click.echo(f"Crawl ze met: wmebv crawl --sites {sites_file} --out regio --jobs 4")
    click.echo("Stop de servers met Ctrl-C.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        click.echo("Servers gestopt.")
    finally:
        for server in servers:
            server.stop()
