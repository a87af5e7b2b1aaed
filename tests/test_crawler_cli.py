"""The crawl, coverage and UPL commands through the `wmebv` command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from wmebv.app.cli import main
from wmebv.core.paths import rules_dir
from crawler_testsite import TestSite, html_page, product_page

pytestmark = pytest.mark.slow


def test_crawl_and_coverage_commands(tmp_path: Path) -> None:
    with TestSite() as site:
        site.page("/", html_page("Home", "<main><h1>Welkom</h1><p><a href='/producten/paspoort'>Paspoort</a> "
                                 "<a href='/weg'>weg</a> en nog wat tekst voor de bezoeker.</p></main>"))
        site.page("/producten/paspoort", product_page("Paspoort aanvragen"))
        db = tmp_path / "cli.db"
        runner = CliRunner()
        result = runner.invoke(main, ["crawl", site.base + "/", "--db", str(db), "--no-audit", "--no-cache",
                                      "--contact", "web@example.nl"])
        assert result.exit_code == 0, result.output
        assert "Productpagina's: 1" in result.output and "Opgehaalde pagina's: 2" in result.output
        assert "web@example.nl" in site.log[0].headers["User-Agent"]
        result = runner.invoke(main, ["coverage", "--db", str(db)])
        assert result.exit_code == 0, result.output
        assert "HTTP-fout 404: 2" in result.output and f"{site.base}/weg" in result.output


def test_crawl_command_shows_user_error_without_traceback(tmp_path: Path) -> None:
    with TestSite() as site:
        site.raw("/", b"{}", "application/json")
        result = CliRunner().invoke(main, ["crawl", site.base + "/", "--db", str(tmp_path / "a.db"), "--no-audit"])
    assert result.exit_code == 1
    assert "is geen webpagina" in result.output and "Traceback" not in result.output


def test_upl_update_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    monkeypatch.setenv("WMEBV_RULES_DIR", str(rules))
    newer = tmp_path / "UPL-actueel.csv"
    shutil.copy(rules / "upl" / "UPL-actueel.csv", newer)
    result = CliRunner().invoke(main, ["upl", "update", str(newer)])
    assert result.exit_code == 0, result.output
    assert "UPL bijgewerkt:" in result.output and "productnamen" in result.output
    wrong = tmp_path / "fout.csv"
    wrong.write_text("a,b\n1,2\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["upl", "update", str(wrong)])
    assert result.exit_code == 1 and "ontbreken" in result.output
