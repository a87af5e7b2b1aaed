"""The `wmebv` command line: parses arguments and calls the functions that do the work."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from wmebv import __version__
from wmebv.app.cli_errors import friendly_errors
from wmebv.app.cli_paths import existing_file, rules_for, user_path, user_paths, user_source
from wmebv.app.dutch_click import DutchGroup
from wmebv.core.errors import UserError

DB_OPTION = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("wmebv.db"),
    show_default=True,
    metavar="BESTAND",
    callback=user_path,
    help="De SQLite-database met crawls en resultaten.",
)
CRAWL_OPTION = click.option("--crawl", "crawl_id", type=int, metavar="NUMMER",
                            help="Welke crawl (standaard de nieuwste).")
PROFILE_OPTION = click.option("--profile", type=click.Path(dir_okay=False, path_type=Path), metavar="BESTAND",
                              callback=existing_file, help="Normprofiel van de gemeente (YAML).")
RULES_OPTION = click.option(
    "--rules", "rules", type=click.Path(file_okay=False, path_type=Path), metavar="MAP", callback=user_path,
    help="Map met eigen regelbestanden; een bestand daar vervangt het meegeleverde bestand met dezelfde naam.",
)


DECISIONS_OPTION = click.option(
    "--decisions", "decisions", type=click.Path(dir_okay=False, path_type=Path), metavar="BESTAND", callback=existing_file,
    help="Besluiten van de webredactie (YAML). Standaard: besluiten.yml naast het profiel, of naast de database.",
)


@click.group(cls=DutchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wmebv", message="%(prog)s, versie %(version)s",
                      help="Toon de versie van wmebv en stop.")
def main() -> None:
    """Inventaris en controle van product- en dienstpagina's van een gemeentelijke website.

    Controleert per productpagina: een digitaal kanaal (WMEBV), taalniveau B1, een uniforme
    paginastructuur en de servicenormen (termijn, kosten, contact, bezwaar, actualiteit).
    """


@main.command()
@click.argument("url", required=False, metavar="[URL]")
@DB_OPTION
@click.option("--resume", is_flag=True,
              help="Maak een onderbroken crawl af. Zonder URL: de laatste onderbroken crawl in de database.")
@click.option("--sites", "sites_file", type=click.Path(dir_okay=False, path_type=Path), metavar="BESTAND", callback=user_path,
              help="Crawl een lijst van websites: een CSV-bestand met de kolommen naam, url en (niet verplicht) profiel.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), metavar="MAP", callback=user_path,
              help="Map voor de databases van de websites uit --sites (één database per website).")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, metavar="AANTAL",
              help="Met --sites: zoveel websites tegelijk (standaard 4). Elke website blijft even beleefd.")
@click.option("--max-pages", type=click.IntRange(min=1), default=None, metavar="AANTAL", help="Haal hoogstens zoveel pagina's op.")
@click.option("--max-depth", type=click.IntRange(min=0), default=None, metavar="AANTAL", help="Volg links hoogstens zo diep.")
@click.option("--site-config", type=click.Path(dir_okay=False, path_type=Path), metavar="BESTAND", callback=existing_file,
              help="Instellingen voor deze website (YAML).")
@click.option("--sc-feed", metavar="ADRES_OF_BESTAND", callback=user_source,
              help="Adres of bestand van de Samenwerkende Catalogi-feed (anders zoekt wmebv hem zelf).")
@click.option("--ignore-robots", is_flag=True, help="Negeer robots.txt (alleen met toestemming van de beheerder).")
@click.option("--user-agent", metavar="TEKST", help="Eigen User-Agent (standaard: wmebv-audit met contactadres).")
@click.option("--contact", metavar="ADRES", help="Contactadres in de User-Agent, zodat de webbeheerder u kan bereiken.")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="HOST",
              help="Extra host die bij de site hoort (mag vaker).")
@click.option("--no-cache", is_flag=True, help="Gebruik de HTTP-cache niet.")
@click.option("--timeout", type=click.FloatRange(min=1), default=30.0, show_default=True, metavar="SECONDEN",
              help="Seconden wachten op een antwoord; daarna telt het adres als mislukt (met reden).")
@click.option("--audit/--no-audit", "run_audit", default=True, show_default=True, help="Controleer de pagina's tijdens de crawl.")
@PROFILE_OPTION
@DECISIONS_OPTION
@RULES_OPTION
@click.option("--quiet", is_flag=True, help="Toon geen voortgang, alleen de samenvatting.")
@click.pass_context
@friendly_errors
def crawl(ctx: click.Context, url: str | None, db_path: Path, resume: bool, sites_file: Path | None, out_dir: Path | None,
          jobs: int | None, max_pages: int | None, max_depth: int | None,
          site_config: Path | None, sc_feed: str | None, ignore_robots: bool, user_agent: str | None,
          contact: str | None, allowed_hosts: tuple[str, ...], no_cache: bool, timeout: float, run_audit: bool,
          profile: Path | None, decisions: Path | None, rules: Path | None, quiet: bool) -> None:
    """Crawl een gemeentelijke website en sla alle pagina's op in de database.

    Voorbeeld: wmebv crawl http://127.0.0.1:8000/ --db voorbeeldstad.db

    Onderbroken? Ga verder met: wmebv crawl --db voorbeeldstad.db --resume

    Veel gemeenten tegelijk: wmebv crawl --sites gemeenten.csv --out resultaten --jobs 4
    """
    from crawler.options import CrawlOptions
    from wmebv.app.resume import start_url_to_resume
    from wmebv.app.sites.command import SitesRequest, crawl_sites, wants_sites

    request = SitesRequest(sites_file, out_dir, jobs, url, _given(ctx, "db_path"), site_config is not None,
                           bool(allowed_hosts), run_audit)
    if not url and not wants_sites(request):
        if not resume:
            raise click.UsageError("Geef het adres van de website, of gebruik --resume om een onderbroken crawl af te maken. "
                                   "Veel websites: --sites LIJST.csv --out MAP.")
        url = start_url_to_resume(db_path)
    with rules_for(rules, profile) as rules_dir:
        options = CrawlOptions(
            start_url=url or "", db_path=str(db_path), resume=resume, max_pages=max_pages, max_depth=max_depth,
            site_config=str(site_config) if site_config else None, sc_feed=sc_feed, obey_robots=not ignore_robots,
            user_agent=user_agent, contact=contact, allowed_hosts=tuple(allowed_hosts), http_cache=not no_cache,
            quiet=quiet, timeout=timeout, rules_dir=str(rules_dir),
        )
        if wants_sites(request):
            if not crawl_sites(request, options, resume=resume, echo=click.echo):
                ctx.exit(1)
            return
        if not run_audit:
            from crawler.runner import run_crawl

            click.echo(run_crawl(options, echo=click.echo).format_nl())
            return
        from wmebv.app.live import crawl_and_audit
        from wmebv.core.decisions import find_decisions_file

        _, audit_summary = crawl_and_audit(options, echo=click.echo, profile_path=profile, rules_dir=rules_dir,
                                           decisions_path=find_decisions_file(decisions, profile, db_path))
    click.echo(audit_summary.format_nl())


@main.command()
@DB_OPTION
@CRAWL_OPTION
@PROFILE_OPTION
@DECISIONS_OPTION
@RULES_OPTION
@click.option("--check-links/--no-check-links", default=True, show_default=True, help="Controleer of de formulierlinks werken.")
@click.option("--recheck-links", is_flag=True,
              help="Vraag ook de links opnieuw die de afgelopen uren al zijn gecontroleerd (standaard: 24 uur, reuse_hours).")
@click.option("--quiet", is_flag=True, help="Toon alleen de samenvatting.")
@friendly_errors
def audit(db_path: Path, crawl_id: int | None, profile: Path | None, decisions: Path | None, rules: Path | None,
          check_links: bool, recheck_links: bool, quiet: bool) -> None:
    """Controleer de opgeslagen pagina's opnieuw, zonder te crawlen. Opnieuw draaien geeft hetzelfde resultaat.

    Bevindingen die de webredactie heeft afgehandeld (besluiten.yml) gaan van de werklijsten af, maar blijven geteld.
    """
    with rules_for(rules, profile) as rules_dir:
        _run_audit(db_path, crawl_id, profile=profile, decisions=decisions, check_links=check_links, quiet=quiet,
                   rules_dir=rules_dir, recheck_links=recheck_links)


def _run_audit(db_path: Path, crawl_id: int | None, *, profile: Path | None, decisions: Path | None,
               check_links: bool, quiet: bool, rules_dir: Path | None = None, recheck_links: bool = False) -> None:
    """Audit one crawl of the database and print the summary; the worklists show it once the audit is complete."""
    from audit.engine import audit_database, resolve_crawl
    from wmebv.core.decisions import find_decisions_file
    from wmebv.core.errors import Interrupted
    from wmebv.core.store import Store
    from wmebv.publish.summaries import publish_crawl

    with Store(db_path, create=False) as store:
        crawl_id = resolve_crawl(store, crawl_id, db_path)
        store.publication.unpublish(crawl_id)
    try:
        summary = audit_database(db_path, crawl_id=crawl_id, profile_path=profile, check_links=check_links,
                                 echo=(lambda line: None) if quiet else click.echo, rules_dir=rules_dir,
                                 decisions_path=find_decisions_file(decisions, profile, db_path), recheck_links=recheck_links)
    except KeyboardInterrupt:
        raise Interrupted(
            f"Gestopt. De controle van crawl {crawl_id} is niet af; de werklijsten tonen deze crawl daarom niet.\n"
            f"Maak de controle af met: wmebv audit --db {db_path} --crawl {crawl_id}"
        ) from None
    with Store(db_path, create=False) as store:
        publish_crawl(store, summary.crawl_id)
    click.echo(summary.format_nl())


@main.command()
@click.argument("target", metavar="BESTAND_OF_URL")
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON (voor scripts).")
@PROFILE_OPTION
@RULES_OPTION
@click.option("--check-links/--no-check-links", default=False, show_default=True, help="Controleer ook of de formulierlinks werken.")
@friendly_errors
def check(target: str, as_json: bool, profile: Path | None, rules: Path | None, check_links: bool) -> None:
    """Controleer één pagina: een opgeslagen HTML-bestand, een URL, of een concepttekst (.txt of .md).

    Handig voor de webredactie: controleer een tekst voordat u hem publiceert.
    """
    from audit.engine import check_target

    with rules_for(rules, profile) as rules_dir:
        result = check_target(user_source(None, None, target) or target, profile_path=profile, check_links=check_links,
                              rules_dir=rules_dir)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(result.format_nl())


@main.command()
@DB_OPTION
@click.option("--dir", "folders", multiple=True, type=click.Path(file_okay=False, path_type=Path), metavar="MAP",
              callback=user_paths,
              help="Vergelijk de gemeenten in deze map (van 'wmebv crawl --sites') en toon de vergelijking (mag vaker).")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADRES", help="Adres waarop Datasette luistert.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True, metavar="POORT",
              help="Poort van Datasette.")
@click.option("--allow-sql", is_flag=True, help="Sta eigen SQL-query's toe (alleen-lezen, hoogstens 3 seconden).")
@click.option("--allow-html", is_flag=True, help="Toon ook de opgeslagen HTML van de pagina's, zoals de website die stuurde.")
@click.pass_context
@friendly_errors
def serve(ctx: click.Context, db_path: Path, folders: tuple[Path, ...], host: str, port: int, allow_sql: bool,
          allow_html: bool) -> None:
    """Open de resultaten in Datasette (alleen-lezen), met de Nederlandse werklijsten.

    U kunt intussen opnieuw crawlen of controleren: de nieuwe resultaten verschijnen vanzelf.
    Een vergelijking van gemeenten (van 'wmebv compare') opent u ook met --db; met --dir MAP maakt
    wmebv de vergelijking eerst.
    """
    from wmebv.core.store.comparison import comparison_kind
    from wmebv.publish import compare_serve
    from wmebv.publish.serve import Publication, serve_datasette

    if folders:
        if _given(ctx, "db_path"):
            raise UserError("Geef --db óf --dir, niet allebei.")
        compare_serve.serve_folder(list(folders), host=host, port=port, echo=click.echo)
    elif db_path.exists() and comparison_kind(db_path):
        compare_serve.serve_comparison(db_path, host=host, port=port, echo=click.echo)
    else:
        publication = Publication(allow_sql=allow_sql, allow_html=allow_html)
        serve_datasette(db_path, host=host, port=port, echo=click.echo, publication=publication)


@main.command()
@click.argument("folders", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=Path), metavar="MAP...",
                callback=user_paths)
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=Path("vergelijking.db"),
              show_default=True, metavar="BESTAND", callback=user_path, help="De vergelijking die wmebv maakt (een bestaande vergelijking wordt vervangen).")
@friendly_errors
def compare(folders: tuple[Path, ...], db_path: Path) -> None:
    """Vergelijk gemeenten per product (UPL): wie heeft een digitaal kanaal, via welk platform, B1 en compleet.

    Leest de databases in de map(pen), bijvoorbeeld van 'wmebv crawl --sites LIJST.csv --out MAP'.
    Voorbeeld: wmebv compare resultaten --db vergelijking.db
    """
    from wmebv.publish.compare import build_comparison

    build_comparison(list(folders), db_path, echo=click.echo)


@main.command()
@DB_OPTION
@click.option("--crawl", "crawl_id", type=int, metavar="NUMMER",
              help="Welke crawl (standaard de crawl die de werklijsten tonen).")
@click.option("--cluster", metavar="NAAM", help="Alleen dit cluster, bijvoorbeeld 'burgerzaken'.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True,
              help="xlsx: Excel met een tabblad per werklijst; csv: alleen de inventaris.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), metavar="BESTAND", callback=user_path,
              help="Uitvoerbestand (standaard in de huidige map).")
@click.option("--overwrite", is_flag=True, help="Vervang een bestand dat al bestaat.")
@friendly_errors
def export(db_path: Path, crawl_id: int | None, cluster: str | None, fmt: str, out: Path | None, overwrite: bool) -> None:
    """Exporteer de werklijsten naar Excel (een tabblad per werklijst) of de inventaris naar CSV."""
    from wmebv.app.reports import export_summary
    from wmebv.publish.export import export_results

    result = export_results(db_path, crawl_id=crawl_id, cluster=cluster, fmt=fmt, out=out, overwrite=overwrite)
    click.echo(export_summary(result))


@main.command()
@DB_OPTION
@click.option("--from", "from_id", type=int, help="De eerdere crawl (standaard: de afgeronde crawl vóór --to).")
@click.option("--to", "to_id", type=int, help="De latere crawl (standaard: de nieuwste afgeronde, gecontroleerde crawl).")
@click.option("--cluster", help="Alleen dit cluster, bijvoorbeeld 'burgerzaken'.")
@click.option("--all", "show_all", is_flag=True, help="Toon alle opgeloste en nieuwe bevindingen, niet alleen de eerste 20.")
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON (voor scripts).")
@friendly_errors
def changes(db_path: Path, from_id: int | None, to_id: int | None, cluster: str | None, show_all: bool, as_json: bool) -> None:
    """Toon wat er veranderd is tussen twee crawls: productpagina's, kanalen, B1, onderdelen en bevindingen.

    Zonder --from en --to: de laatste twee afgeronde, gecontroleerde crawls.
    """
    from wmebv.core.store import Store
    from wmebv.publish.changes import check_cluster, choose_pair, compare
    from wmebv.publish.changes_text import format_changes

    with Store(db_path, create=False) as store:
        from_id, to_id = choose_pair(store, from_id, to_id)
        cluster = check_cluster(store, from_id, to_id, cluster)
        report = compare(store, from_id, to_id).for_cluster(cluster)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_changes(report, limit=None if show_all else 20, cluster=cluster))


@main.command()
@DB_OPTION
@click.option("--keep", type=click.IntRange(min=1), required=True, help="Bewaar zoveel afgeronde crawls per website: de nieuwste.")
@click.option("--dry-run", is_flag=True, help="Toon alleen wat weg zou gaan; er verandert niets.")
@click.option("--vacuum/--no-vacuum", default=True, show_default=True,
              help="Maak het bestand daarna kleiner (kost even tijd en tijdelijk zoveel vrije schijfruimte als de database groot is).")
@friendly_errors
def prune(db_path: Path, keep: int, dry_run: bool, vacuum: bool) -> None:
    """Haal oude crawls weg, met alles wat erbij hoort (pagina's, resultaten, vergelijkingen).

    De nieuwste afgeronde crawls blijven, en ook een nieuwere crawl die nog bezig is of werd onderbroken.
    Voorbeeld: wmebv prune --db voorbeeldstad.db --keep 12
    """
    from wmebv.app.prune import prune as prune_crawls

    click.echo(prune_crawls(db_path, keep, dry_run=dry_run, vacuum=vacuum).format_nl())


@main.command()
@DB_OPTION
@friendly_errors
def crawls(db_path: Path) -> None:
    """Toon alle crawls in de database, en welke crawl de werklijsten tonen."""
    from wmebv.app.reports import crawls_report
    from wmebv.core.store import Store

    with Store(db_path, create=False) as store:
        click.echo(crawls_report(store.crawls.all(), store.publication.shown_crawl()))


@main.command()
@DB_OPTION
@CRAWL_OPTION
@friendly_errors
def coverage(db_path: Path, crawl_id: int | None) -> None:
    """Toon wat een crawl vond, ophaalde, oversloeg en niet kon ophalen, met de reden."""
    from crawler.report import format_coverage
    from wmebv.core.store import Store

    with Store(db_path, create=False) as store:
        crawl_id = crawl_id or _latest_crawl_id(store)
        click.echo(format_coverage(store, crawl_id))


def _given(ctx: click.Context, name: str) -> bool:
    """True when the user typed this option (not its default)."""
    return ctx.get_parameter_source(name) not in (click.core.ParameterSource.DEFAULT, None)


def _latest_crawl_id(store: Any) -> int:
    """The newest crawl's id, or a clear error when there is none."""
    latest = store.crawls.latest()
    if latest is None:
        raise UserError(f"Er staat nog geen crawl in {store.path}. Begin met 'wmebv crawl URL --db {store.path}'.")
    return int(latest["id"])


@main.group()
def upl() -> None:
    """De Uniforme Productnamenlijst (UPL) die wmebv meelevert."""


@upl.command("update")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path), metavar="CSV-BESTAND", callback=existing_file)
@friendly_errors
def upl_update(csv_file: Path) -> None:
    """Gebruik een nieuwere UPL (CSV van standaarden.overheid.nl) in plaats van de meegeleverde.

    De nieuwe lijst komt in uw eigen gegevensmap; de meegeleverde lijst blijft de reserve.
    """
    from wmebv.core.rulefiles import user_rules_dir
    from wmebv.core.upl import snapshot_path, update_snapshot

    count = update_snapshot(csv_file)
    click.echo(f"UPL bijgewerkt: {count} productnamen, opgeslagen in {snapshot_path(user_rules_dir())}.")


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, metavar="POORT",
              help="Poort van de voorbeeldsite.")
@click.option("--datasette-port", type=click.IntRange(0, 65535), default=8001, show_default=True, metavar="POORT",
              help="Poort van Datasette.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=Path("voorbeeldstad.db"),
              show_default=True, metavar="BESTAND", callback=user_path, help="De database voor de resultaten van de demo.")
@click.option("--serve/--no-serve", "serve_after", default=True, show_default=True, help="Start Datasette na afloop.")
@friendly_errors
def demo(port: int, datasette_port: int, db_path: Path, serve_after: bool) -> None:
    """Start de voorbeeldgemeente, crawl en controleer haar, en open de resultaten in Datasette."""
    from wmebv.app.demo import run_demo

    run_demo(port=port, datasette_port=datasette_port, db_path=db_path, serve=serve_after, echo=click.echo)


def _add_subcommands() -> None:
    """Attach the command groups that live beside the code they drive."""
    from wmebv.app.sample_cli import sample
    from wmebv.app.scaleout.cli import scrapyd

    main.add_command(sample)
    main.add_command(scrapyd)


_add_subcommands()
