"""The crawl, coverage and UPL commands through the `wmebv` command line."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler_testsite import TestSite, html_page, product_page
from wmebv.app.cli import main
from wmebv.core.rulefiles import rules_in_use
from wmebv.core.upl import load_upl, snapshot_path

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


def test_upl_update_command_writes_to_the_users_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The newer UPL lands in the user's data folder (0644), the bundled one stays, and the next run reads it."""
    data = tmp_path / "gegevens"
    monkeypatch.setenv("WMEBV_DATA_DIR", str(data))
    bundled = snapshot_path()
    before = bundled.read_bytes()
    rows = bundled.read_text(encoding="utf-8-sig").splitlines()
    # A newer list in which one product got another name: a relative path, as a user types it.
    renamed = [rows[0]] + [line.replace("noodreisdocument,", "nood-reisdocument,", 1) for line in rows[1:]]
    Path("UPL-actueel.csv").write_text("\n".join(renamed) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["upl", "update", "UPL-actueel.csv"])
    assert result.exit_code == 0, result.output
    assert "UPL bijgewerkt:" in result.output and str(data) in result.output
    stored = data / "rules" / "upl" / "UPL-actueel.csv"
    assert stored.read_text(encoding="utf-8").startswith(rows[0])
    assert stat.S_IMODE(stored.stat().st_mode) == 0o644
    assert bundled.read_bytes() == before
    with rules_in_use() as folder:
        names = {product.name for product in load_upl(snapshot_path(folder))}
    assert "nood-reisdocument" in names and "noodreisdocument" not in names
    Path("fout.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["upl", "update", "fout.csv"])
    assert result.exit_code == 1 and "ontbreken" in result.output
    result = CliRunner().invoke(main, ["upl", "update", "bestaat-niet.csv"])
    assert result.exit_code == 2 and str(tmp_path / "bestaat-niet.csv") in result.output
