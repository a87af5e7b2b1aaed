"""Paths mean what the user typed: every command from a folder outside the checkout, with relative paths.

The commands run as a user runs them: the installed `wmebv` in a subprocess, in a temporary
folder (conftest.py puts every test there), with relative file names.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from crawler_testsite import TestSite, html_page, product_page, sc_feed, sitemap
from fixtures_db import wmebv_command
from wmebv.core.paths import bundled_rules_dir
from wmebv.core.store import Store

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent
FAST = ["--no-cache", "--timeout", "5"]


def wmebv(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `wmebv` in the current (temporary) folder."""
    return subprocess.run([*wmebv_command(), *args], capture_output=True, text=True, timeout=timeout)


def small_site(site: TestSite, pages: int = 3) -> None:
    """A home page linking to some product pages, with robots.txt and a sitemap."""
    links = "".join(f"<a href='/producten/p{n}'>Product {n}</a> " for n in range(pages))
    site.page("/", html_page("Home", f"<main><h1>Welkom</h1><p>{links} en wat tekst voor de bezoeker.</p></main>"))
    for n in range(pages):
        site.page(f"/producten/p{n}", product_page(f"Parkeervergunning {n} aanvragen"))
    site.raw("/robots.txt", b"User-agent: *\nCrawl-delay: 0\n", "text/plain")
    site.raw("/sitemap.xml", sitemap([f"{site.base}/producten/p{n}" for n in range(pages)]), "application/xml")


def test_relative_paths_mean_the_users_folder(tmp_path: Path) -> None:
    """--db, --site-config, --sc-feed and --out as relative names: everything lands in the user's folder."""
    assert Path.cwd() == tmp_path and not str(tmp_path).startswith(str(REPO))
    Path("mijn-site.yml").write_text("crawl:\n  strip_query_params: [sessie]\n", encoding="utf-8")
    with TestSite() as site:
        small_site(site)
        Path("feed.xml").write_bytes(sc_feed([{"url": f"{site.base}/producten/p0", "title": "Parkeervergunning 0",
                                               "online": "ja", "upl_name": "parkeervergunning",
                                               "upl_uri": "http://standaarden.overheid.nl/owms/terms/parkeervergunning"}]))
        result = wmebv("crawl", site.base + "/", "--db", "gemeente.db", "--site-config", "mijn-site.yml",
                       "--sc-feed", "feed.xml", *FAST)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Samenwerkende Catalogi-feed gelezen: 1 producten" in result.stdout
    assert sorted(path.name for path in tmp_path.iterdir()) == ["feed.xml", "gemeente.db", "gemeente.db.crawl.log", "mijn-site.yml"]
    with Store("gemeente.db") as store:
        assert store.pages.count(1) == 4 and len(store.pages.sc_claims(1)) == 1
    assert wmebv("coverage", "--db", "gemeente.db").returncode == 0
    exported = wmebv("export", "--db", "gemeente.db", "--format", "csv", "--out", "inventaris.csv")
    assert exported.returncode == 0 and str(tmp_path / "inventaris.csv") in exported.stdout
    with open("inventaris.csv", encoding="utf-8-sig") as handle:
        assert len(list(csv.reader(handle, delimiter=";"))) == 4  # header + three products
    Path("pagina.html").write_text(product_page("Parkeervergunning aanvragen"), encoding="utf-8")
    assert "Parkeervergunning aanvragen" in wmebv("check", "pagina.html").stdout
    missing = wmebv("crawl", site.base + "/", "--db", "gemeente.db", "--sc-feed", "weg.xml")
    assert missing.returncode == 2 and str(tmp_path / "weg.xml") in missing.stderr


def test_a_crawl_that_cannot_store_stops_at_once(tmp_path: Path) -> None:
    """The database refuses every page: one Dutch line, and the crawl does not fetch on while storing nothing."""
    with Store("gemeente.db") as store:  # an existing database that cannot take pages (as if the disk were full)
        store.database.db.execute("create trigger vol before insert on pages begin select raise(abort, 'database or disk is full'); end")
    with TestSite() as site:
        small_site(site, pages=150)
        result = wmebv("crawl", site.base + "/", "--db", "gemeente.db", "--no-audit", *FAST, timeout=120)
        fetched = len([request for request in site.log if request.path.startswith("/producten/")])
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if line.startswith("Fout:")]
    assert len(errors) == 1 and "De crawl is gestopt" in errors[0] and "schijf is vol" in errors[0]
    assert fetched < 60, f"the crawl fetched {fetched} pages after the store failed"


def test_own_rules_lie_over_the_bundled_rules(tmp_path: Path) -> None:
    """--rules DIR (or rules_dir in the profile): a file there replaces the bundled one; the rest stays bundled."""
    own = Path("eigen-regels")
    (own / "checks").mkdir(parents=True)
    bundled = (bundled_rules_dir() / "checks" / "taal.yml").read_text(encoding="utf-8")
    rule_id = "taal.ambtelijk-woord"
    assert f"id: {rule_id}" in bundled
    (own / "checks" / "taal.yml").write_text(bundled.replace(f"id: {rule_id}", f"id: {rule_id}-eigen"), encoding="utf-8")
    Path("concept.md").write_text("# Parkeervergunning\n\nIndien u een auto heeft, kunt u middels dit formulier een vergunning aanvragen.\n",
                                  encoding="utf-8")
    plain = wmebv("check", "concept.md", "--json")
    mine = wmebv("check", "concept.md", "--json", "--rules", "eigen-regels")
    assert f'"{rule_id}"' in plain.stdout and f'"{rule_id}-eigen"' not in plain.stdout
    assert f'"{rule_id}-eigen"' in mine.stdout, mine.stderr
    assert '"kanaal.' in mine.stdout or '"norm.' in mine.stdout or '"structuur.' in mine.stdout  # the other files: bundled
    Path("profiel.yml").write_text("name: Eigen\nrules_dir: eigen-regels\n", encoding="utf-8")
    assert f'"{rule_id}-eigen"' in wmebv("check", "concept.md", "--json", "--profile", "profiel.yml").stdout
    (own / "checks" / "taal.yml").write_text("- id: [kapot\n", encoding="utf-8")
    broken = wmebv("check", "concept.md", "--rules", "eigen-regels")
    assert broken.returncode == 1 and str((own / "checks" / "taal.yml").resolve()) in broken.stderr, broken.stderr
    assert "wmebv-regels-" not in broken.stderr  # never the temporary folder of the overlay
    gone = wmebv("check", "concept.md", "--rules", "bestaat-niet")
    assert gone.returncode == 1 and str(tmp_path / "bestaat-niet") in gone.stderr
    shutil.rmtree(own)
