"""Hardening: one CLI crawl of a site whose pages misbehave on purpose ends in bounded time with a reason for every URL."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from audit.language.extract import readability_element
from audit.linkcheck import LinkChecker, LinkCheckOptions
from crawler.reasons import reason_label
from crawler_testsite import product_page
from fast_cli import fast_wmebv
from misbehaving_server import MisbehavingServer, html_page
from wmebv.core.outbound.policy import OutboundPolicy
from wmebv.core.store import Store

pytestmark = pytest.mark.slow

MAX_PAGES = 60
MAX_DEPTH = 3
TIME_LIMIT = 60.0  # seconds for the whole crawl; it takes about 8 on a laptop
# The real `wmebv crawl` command with only these knobs made small (see fast_cli.py).
FAST_KNOBS = {
    "timeout": 1.0, "retry_times": 1, "backoff_base": 0.1, "max_retry_after": 2.0,
    "max_page_bytes": 1024 * 1024, "warn_page_bytes": 256 * 1024,
    "download_delay": 0.0, "crawl_delay_cap": 0.0, "progress_interval": 0.5,
}
SITE_CONFIG = r"""
crawl:
  skip_url_patterns:
    - '[?&]sorteer='   # the same search results in another order
"""
AUDIT_PROFILE = """
name: hardening
channels:
  linkcheck: {timeout: 2}
"""
GOOD_PAGES = ["/", "/nieuws/", "/producten/paspoort", "/producten/rijbewijs", "/verborgen-goed",
              "/verkeerde-charset", "/zonder-charset", "/kapotte-html", "/leeg"]
EXPECTED_FAILURES = {
    "/traag": "timeout",
    "/hangt": "timeout",
    "/hangt-halverwege": "timeout",
    "/reset": "connection-error",
    "/afgebroken": "connection-error",
    "/geen-http": "connection-error",
    "/gzip-kapot": "connection-error",
    "/fout-500": "http-500",
    "/druk-503": "http-503",
    "/te-veel-429": "http-429",
    "/bestaat-niet": "http-404",
    "/lus-a": "redirect-loop",
    "/lus-b": "redirect-loop",
    "/keten?n=1": "redirect-loop",
    "/groot": "too-large",
    "/eindeloos": "too-large",
}
TRAP_REASONS = {"cap-depth", "cap-pages", "excluded", "link-trap"}


def build_site(server: MisbehavingServer) -> None:
    """A home page linking to every misbehaving path, plus a few good pages."""
    links = list(EXPECTED_FAILURES) + ["/agenda?maand=2026-12", "/zoeker", "/nieuws/", "/producten/paspoort",
                                       "/producten/rijbewijs", "/verkeerde-charset", "/zonder-charset", "/kapotte-html",
                                       "/binair", "/leeg", "/verboden/geheim"]
    anchors = " ".join(f"<a href='{href}'>link {i}</a>" for i, href in enumerate(links))
    server.page("/", html_page("Gemeente Storingstad", f"<p>Welkom bij de gemeente, met genoeg tekst voor een pagina.</p>{anchors}"))
    server.page("/nieuws/", html_page("Nieuws", "<p>Het nieuws van de gemeente, elke week nieuwe berichten uit de stad.</p>"))
    server.page("/verborgen-goed", html_page("Verder lezen", "<p>Alleen bereikbaar via de kapotte pagina, met genoeg tekst.</p>"))
    server.page("/producten/paspoort", product_page("Paspoort aanvragen").encode())
    server.page("/producten/rijbewijs", product_page("Rijbewijs verlengen").encode())


def run(args: list[str], timeout: float = 120) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run a command from the project folder; returns the result and how long it took."""
    started = time.monotonic()
    result = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    return result, time.monotonic() - started


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Crawl the misbehaving site once through the CLI, then print coverage and audit it."""
    folder = tmp_path_factory.mktemp("faults")
    db = folder / "storingstad.db"
    (folder / "site.yml").write_text(SITE_CONFIG, encoding="utf-8")
    (folder / "profiel.yml").write_text(AUDIT_PROFILE, encoding="utf-8")
    wmebv = str(Path(sys.executable).parent / "wmebv")
    with MisbehavingServer(slow_seconds=3.0, huge_bytes=3 * 1024 * 1024) as server:
        build_site(server)
        crawl, crawl_seconds = run([*fast_wmebv(sys.executable, FAST_KNOBS, "crawl",
                                    server.base + "/", "--db", str(db), "--site-config", str(folder / "site.yml"),
                                    "--max-pages", str(MAX_PAGES), "--max-depth", str(MAX_DEPTH), "--no-cache",
                                    "--no-audit")])
        crawl_log = list(server.log)
        coverage, _ = run([wmebv, "coverage", "--db", str(db)])
        audit, audit_seconds = run([wmebv, "audit", "--db", str(db), "--profile", str(folder / "profiel.yml")])
        yield {"server": server, "db": db, "crawl": crawl, "crawl_seconds": crawl_seconds, "log": crawl_log,
               "coverage": coverage, "audit": audit, "audit_seconds": audit_seconds}


def url_rows(db: Path, base: str) -> dict[str, dict[str, Any]]:
    """The frontier rows by path (with query string)."""
    with Store(db) as store:
        return {row["url"][len(base):]: row for row in store.database.db.query("select * from urls where crawl_id = 1")}


def stored_pages(db: Path, base: str) -> dict[str, dict[str, Any]]:
    """The stored pages by path (with query string)."""
    with Store(db) as store:
        return {row["url"][len(base):]: row for row in store.pages.iterate(1)}


def test_crawl_finishes_in_bounded_time_without_traceback(faulty: Any) -> None:
    crawl = faulty["crawl"]
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert faulty["crawl_seconds"] < TIME_LIMIT
    assert "Traceback" not in crawl.stdout + crawl.stderr
    assert "Crawl 1 klaar" in crawl.stdout
    with Store(faulty["db"]) as store:
        assert store.crawls.get(1)["status"] == "finished"
        assert not store.frontier.queued(1)


def test_every_failure_has_its_reason(faulty: Any) -> None:
    rows = url_rows(faulty["db"], faulty["server"].base)
    for path, reason in EXPECTED_FAILURES.items():
        assert (rows[path]["state"], rows[path]["reason"]) == ("failed", reason), path
    assert (rows["/verboden/geheim"]["state"], rows["/verboden/geheim"]["reason"]) == ("skipped", "robots")
    # The endless redirect chain stops at the hop limit (5); each hop is recorded.
    chain = [path for path in rows if path.startswith("/keten")]
    assert 2 <= len(chain) <= 7 and all(rows[path]["reason"] == "redirect-loop" for path in chain)
    assert all(row["reason"] for row in rows.values())


def test_binary_body_served_as_html_does_not_break_the_crawl(faulty: Any) -> None:
    row = url_rows(faulty["db"], faulty["server"].base)["/binair"]
    # Mostly control bytes: not a web page, whatever its Content-Type says.
    assert (row["state"], row["reason"]) == ("skipped", "not-html")


def test_every_good_page_is_stored(faulty: Any) -> None:
    base = faulty["server"].base
    pages = stored_pages(faulty["db"], base)
    assert set(GOOD_PAGES) <= set(pages)
    assert pages["/producten/paspoort"]["is_product"] and pages["/producten/rijbewijs"]["is_product"]
    # Latin-1 bytes declared as UTF-8: decoded with replacement characters, not refused.
    assert "Verhuizing doorgeven" in pages["/verkeerde-charset"]["html"] and "\ufffd" in pages["/verkeerde-charset"]["html"]
    assert "café" in pages["/zonder-charset"]["html"]  # no charset anywhere: UTF-8 is detected
    assert "Kapot" in pages["/kapotte-html"]["title"]
    assert url_rows(faulty["db"], base)["/verborgen-goed"]["found_on"] == base + "/kapotte-html"
    assert pages["/leeg"]["html"] == ""


def test_link_traps_are_cut_off_with_a_reason(faulty: Any) -> None:
    base = faulty["server"].base
    rows = url_rows(faulty["db"], base)
    traps = {path: row for path, row in rows.items() if path.startswith(("/agenda", "/zoeker"))}
    fetched = {path for path, row in traps.items() if row["state"] == "fetched"}
    cut_off = {path: row["reason"] for path, row in traps.items() if row["state"] != "fetched"}
    # Filter combinations outgrow the page cap; pages of three filters lie beyond the depth cap; sorted
    # views match the site's own exclusion pattern. The calendar ends at one of the caps.
    assert set(cut_off.values()) == TRAP_REASONS
    assert {reason for path, reason in cut_off.items() if path.startswith("/agenda")} <= {"cap-depth", "cap-pages", "link-trap"}
    assert len(stored_pages(faulty["db"], base)) <= MAX_PAGES
    # Every neighbour of a fetched month is in the frontier, fetched or cut off with its reason.
    months = [re.search(r"maand=([\d-]+)", path).group(1) for path in fetched if path.startswith("/agenda")]  # type: ignore[union-attr]
    assert "2026-12" in months
    for month in months:
        year, number = (int(part) for part in month.split("-"))
        for index in (year * 12 + number - 2, year * 12 + number):
            assert f"/agenda?maand={index // 12:04d}-{index % 12 + 1:02d}" in rows
    # Nothing that was cut off was requested.
    requested = {request.path for request in faulty["log"]}
    assert not requested & set(cut_off)


def test_retries_are_bounded_and_retry_after_is_honoured(faulty: Any) -> None:
    log = faulty["log"]
    for path in EXPECTED_FAILURES:
        assert 1 <= sum(request.path == path for request in log) <= 2, path  # retry_times=1
    first, second = [request.at for request in log if request.path == "/druk-503"]
    assert second - first >= 0.9  # Retry-After: 1
    first, second = [request.at for request in log if request.path == "/te-veel-429"]
    assert second - first >= 0.9


def test_coverage_names_every_reason(faulty: Any) -> None:
    coverage = faulty["coverage"]
    assert coverage.returncode == 0 and "Traceback" not in coverage.stdout + coverage.stderr
    for reason in set(EXPECTED_FAILURES.values()) | TRAP_REASONS | {"robots"}:
        assert reason_label(reason) in coverage.stdout, reason


def test_audit_of_the_result_completes(faulty: Any) -> None:
    audit = faulty["audit"]
    assert audit.returncode == 0, audit.stdout[-1000:] + audit.stderr[-2000:]
    assert "Traceback" not in audit.stdout + audit.stderr
    assert faulty["audit_seconds"] < TIME_LIMIT
    pages = len(stored_pages(faulty["db"], faulty["server"].base))
    assert f"Pagina's gecontroleerd: {pages}," in audit.stdout
    with Store(faulty["db"]) as store:
        assert store.database.db.execute("select count(*) from page_audits where crawl_id = 1").fetchone()[0] == pages


def test_readability_survives_control_bytes() -> None:
    # Regression: readability returned text with control bytes that lxml refused (ValueError in `wmebv audit`).
    with MisbehavingServer() as server:
        body = lxml.html.document_fromstring(server.binary_body.decode("utf-8", "replace")).find("body")
    assert body is not None
    element = readability_element(body)
    assert element is None or element.tag == "div"


@pytest.mark.parametrize("path", ["/geen-http", "/reset", "/afgebroken", "/hangt", "/gzip-kapot", "/fout-500"])
def test_link_check_turns_every_fault_into_a_status(path: str) -> None:
    # Regression: a server that does not speak HTTP raised BadStatusLine out of the link check and stopped `wmebv audit`.
    with MisbehavingServer() as server:
        checker = LinkChecker(LinkCheckOptions(timeout=1.0), OutboundPolicy.for_site([server.base]))
        status = checker.check_one(server.base + path)
    assert status.status in {"ok", "unverified", "dead"}
    if path in ("/geen-http", "/hangt", "/fout-500"):
        assert status.status == "unverified", status
    assert "Errno" not in status.detail and "[" not in status.detail  # our words, never the system's message


def test_calendar_trap_ends_without_any_cap(tmp_path: Path) -> None:
    """No --max-pages, no --max-depth: the crawl of an endless calendar still ends, with 'link-trap'."""
    db = tmp_path / "agenda.db"
    with MisbehavingServer() as server:
        build_site(server)
        result, seconds = run([*fast_wmebv(sys.executable, FAST_KNOBS, "crawl",
                               server.base + "/agenda?maand=2026-12", "--db", str(db), "--no-cache", "--no-audit")])
        rows = url_rows(db, server.base)
    assert "Traceback" not in result.stdout + result.stderr
    agenda = [row for path, row in rows.items() if path.startswith("/agenda")]
    assert any(row["reason"] == "link-trap" for row in agenda)
    assert sum(row["state"] == "fetched" for row in agenda) <= 32
