"""`wmebv demo`: serve the sample municipality, crawl it, audit it and open Datasette."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from audit.linkcheck import THIS_MACHINE

# The sample's links to national services (Omgevingsloket, Formdesk, ...) are fictional, so the
# demo's link check asks only the sample's own hosts on this machine; the others stay "niet
# gecontroleerd" and keep counting as a channel, as they would on a machine without internet.
DEMO_LINK_HOSTS = THIS_MACHINE
# The sample site is ours, so the demo may ask it for pages faster than its robots.txt
# Crawl-delay (1 s) would allow; crawls of real sites keep the polite defaults.
DEMO_CRAWL_DELAY_CAP = 0.0
DEMO_DOWNLOAD_DELAY = 0.0


def run_demo(*, port: int, datasette_port: int, db_path: Path, serve: bool, echo: Callable[[str], None]) -> int:
    """Run the whole pipeline on Gemeente Voorbeeldstad; returns the crawl id."""
    from crawler.options import CrawlOptions
    from wmebv.app.live import crawl_and_audit
    from wmebv.sample.server import SampleServer

    if db_path.exists():
        # Every crawl is kept: a second demo adds a crawl, so 'voortgang' has two to compare.
        echo(f"De database {db_path} bestaat al; de demo voegt er een nieuwe crawl aan toe.")
    with SampleServer(port=port) as sample:
        echo(f"Voorbeeldgemeente Voorbeeldstad draait op {sample.url}")
        options = CrawlOptions(
            start_url=sample.url, db_path=str(db_path), http_cache=False, quiet=False,
            crawl_delay_cap=DEMO_CRAWL_DELAY_CAP, download_delay=DEMO_DOWNLOAD_DELAY, progress_interval=2.0,
        )
        summary, audit = crawl_and_audit(options, echo=echo, check_links=True, only_hosts=DEMO_LINK_HOSTS)
        echo(audit.format_nl())
        echo("")
        echo("Waar begint u?")
        echo("  - Informatieconsulent: de WMEBV-inventaris (één rij per product, met kanaal en status).")
        echo("  - Clustersessie: kies uw cluster bij 'Mijn cluster: open bevindingen'.")
        echo("  - Webredactie: de werklijst, de ernstigste bevindingen eerst.")
        if serve:
            from wmebv.publish.serve import serve_datasette

            # The sample site keeps running while Datasette serves, so 'Open de pagina op de
            # website' on a page's detail works; both stop with Ctrl+C.
            echo(f"De voorbeeldsite blijft draaien op {sample.url}, zolang Datasette draait.")
            serve_datasette(db_path, host="127.0.0.1", port=datasette_port, echo=echo)
        else:
            echo(f"Bekijk de resultaten met: wmebv serve --db {db_path}")
    return summary.crawl_id
