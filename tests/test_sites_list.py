"""The list of sites (`--sites FILE`), the run's state for --resume, the Dutch progress view and the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from wmebv.app.cli import main
from wmebv.app.sites.ledger import Ledger, SiteState, plan_run
from wmebv.app.sites.progress import duration_nl, status_line, summary
from wmebv.app.sites.sitelist import read_sites, slug_of
from wmebv.core.errors import UserError


def write(tmp_path: Path, text: str, name: str = "gemeenten.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_a_list_as_excel_writes_it(tmp_path: Path) -> None:
    (tmp_path / "profielen").mkdir()
    (tmp_path / "profielen" / "streng.yml").write_text("name: streng\n", encoding="utf-8")
    path = write(tmp_path, "Naam;URL;Profiel\nGemeente Den Haag;https://www.denhaag.nl/;profielen/streng.yml\n"
                           ";;\n's-Hertogenbosch;https://www.s-hertogenbosch.nl;\n", encoding="utf-8-sig")
    first, second = read_sites(path)
    assert (first.name, first.start_url, first.line, first.slug) == ("Gemeente Den Haag", "https://www.denhaag.nl/", 2, "gemeente-den-haag")
    assert first.profile == (tmp_path / "profielen" / "streng.yml").resolve()  # relative to the list's folder
    assert (second.line, second.profile, second.slug) == (4, None, "s-hertogenbosch")


@pytest.mark.parametrize(("text", "message"), [
    ("", "is leeg"),
    ("gemeente\nA\n", "regel 1: .*url ontbreekt"),
    ("naam,url\n", "geen enkele website"),
    ("naam,url\n,https://a.nl/\n", "regel 2: de naam ontbreekt"),
    ("naam,url\nA,\n", "regel 2: het adres .* van A ontbreekt"),
    ("naam,url\nA,www.a.nl\n", "regel 2: 'www.a.nl' is geen webadres"),
    ("naam,url\nA,https://a.nl/\nB,https://A.nl/producten\n", "regel 3: de website https://a.nl staat al op regel 2"),
    ("naam,url\nGemeente A,https://a.nl/\ngemeente a,https://b.nl/\n", "regel 3: de naam 'gemeente a' staat al op regel 2"),
    ("naam,url\n???,https://a.nl/\n", "regel 2: de naam '\\?\\?\\?' heeft geen letters"),
    ("naam,url,profiel\nA,https://a.nl/,weg.yml\n", "regel 2: het profiel weg.yml bestaat niet"),
])
def test_problems_are_named_with_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(UserError, match=message) as error:
        read_sites(path)
    assert str(path) in str(error.value)


def test_a_list_that_is_no_text_or_missing(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="UTF-8"):
        read_sites(write(tmp_path, "naam,url\nA,https://a.nl/\n", encoding="utf-16"))
    with pytest.raises(UserError, match="bestaat niet"):
        read_sites(tmp_path / "weg.csv")
    assert slug_of("Súdwest-Fryslân") == "sudwest-fryslan"


def test_resume_skips_done_audits_crawled_and_continues_the_rest(tmp_path: Path) -> None:
    entries = read_sites(write(tmp_path, "naam,url\nA,https://a.nl/\nB,https://b.nl/\nC,https://c.nl/\nD,https://d.nl/\n"))
    out = tmp_path / "uit"
    out.mkdir()
    ledger = plan_run(entries, out, resume=False)
    assert [site.status for site in ledger.sites] == ["waiting"] * 4 and not any(site.resume for site in ledger.sites)
    a, b, c, d = ledger.sites
    a.status, a.crawl_id, a.pages = "done", 1, 80
    b.status, b.crawl_id, b.audit_pending = "failed", 2, True  # the crawl was stored, the audit was cut off
    c.status = "running"
    d.status = "done"  # but its database is gone: crawl it again
    for site in (a, b, c):
        (out / site.db_name).touch()
    ledger.save()
    again = plan_run(entries, out, resume=True)
    assert [(site.status, site.resume, site.crawl_id) for site in again.sites] == [
        ("done", False, 1), ("crawled", False, 2), ("waiting", True, None), ("waiting", True, None)]
    assert again.sites[0].pages == 80
    fresh = plan_run(entries, out, resume=False)  # without --resume every site gets a new crawl
    assert {site.status for site in fresh.sites} == {"waiting"}


def test_a_damaged_state_file_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "voortgang.json").write_text("{kapot", encoding="utf-8")
    with pytest.raises(UserError, match="zonder --resume"):
        Ledger.load(tmp_path)


def test_progress_view_in_dutch(tmp_path: Path) -> None:
    sites = [SiteState("Gemeente A", "gemeente-a", "https://a.nl/", status="done", pages=120, products=40, digital=30),
             SiteState("Gemeente B", "gemeente-b", "https://b.nl/", status="running"),
             SiteState("Gemeente C", "gemeente-c", "https://c.nl/", status="failed", reason="De robots.txt verbiedt het"),
             SiteState("Gemeente D", "gemeente-d", "https://d.nl/")]
    ledger = Ledger(tmp_path, sites, "gemeenten.csv")
    line = status_line(ledger, {"gemeente-b": {"pages": 17, "rate": 2.5}})
    assert line == ("Stand: 1 klaar, 1 bezig, 1 in de wachtrij, 1 mislukt (van 4). "
                    "Bezig: Gemeente B (17 pagina's, 2,5/s).")
    text = summary(ledger, 3725)
    assert text.startswith("Klaar: 1 van 4 websites in 1 uur en 2 minuten.")
    assert "De robots.txt verbiedt het" in text and "gemeente-a.db" in text
    assert f"wmebv crawl --sites gemeenten.csv --out {tmp_path} --resume" in text
    assert f"wmebv compare {tmp_path} --db vergelijking.db" in text
    assert duration_nl(42) == "42 seconden" and duration_nl(185) == "3 minuten en 5 seconden"


@pytest.mark.parametrize(("arguments", "message"), [
    (["--sites", "x.csv"], "zowel --sites LIJST.csv als --out MAP"),
    (["--out", "uit"], "zowel --sites LIJST.csv als --out MAP"),
    (["http://a.nl/", "--sites", "x.csv", "--out", "uit"], "niet allebei"),
    (["--sites", "x.csv", "--out", "uit", "--db", "a.db"], "laat --db weg"),
    (["--sites", "x.csv", "--out", "uit", "--allowed-host", "b.nl"], "gaan niet samen met --sites"),
    (["--sites", "x.csv", "--out", "uit", "--no-audit"], "--no-audit gaat niet samen"),
])
def test_options_that_do_not_go_with_a_list(tmp_path: Path, arguments: list[str], message: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["crawl", *arguments])
    assert result.exit_code == 1 and message in result.output


def test_without_address_or_list_the_usage_names_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["crawl"])
    assert result.exit_code == 2 and "Geef het adres van de website" in result.output and "--sites" in result.output


def test_a_broken_list_stops_before_anything_is_crawled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "naam,url,profiel\nA,https://a.nl/,kapot.yml\n")
    (tmp_path / "kapot.yml").write_text("name: x\nonbekend: 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["crawl", "--sites", "gemeenten.csv", "--out", "uit"])
    assert result.exit_code == 1 and "kapot.yml" in result.output
    assert not (tmp_path / "uit").exists()
