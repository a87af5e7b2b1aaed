"""`wmebv check`: a saved HTML file, a URL on 127.0.0.1 and a text draft, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from linkserver import html, serve
from wmebv.app.cli import main

TRICKY = Path(__file__).parent / "tricky"
JSON_KEYS = {"is_product_page", "channel_status", "channels", "sections", "readability", "findings"}


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI; returns exit code, stdout and stderr."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_saved_file_json() -> None:
    """A saved page: JSON with the documented keys."""
    code, out, _ = run("check", str(TRICKY / "knop-in-zijbalk.html"), "--json")
    assert code == 0
    data = json.loads(out)
    assert JSON_KEYS <= set(data)
    assert data["channel_status"] == "digital"
    assert {"kind", "url", "label", "auth"} <= set(data["channels"][0])
    assert {"present", "missing"} <= set(data["sections"])
    assert "b1_ok" in data["readability"]


def test_check_file_in_dutch() -> None:
    """The plain report is Dutch and names the finding (by its title, not its code) and what to do."""
    code, out, _ = run("check", str(TRICKY / "alleen-brief.html"))
    assert code == 0
    assert "Kanaal: alleen op papier" in out and "WMEBV: actie nodig." in out
    assert "- Alleen een papieren formulier (ernst hoog):" in out and "Wat te doen:" in out
    assert "kanaal.alleen-papier" not in out and "actie-nodig" not in out and "wat_is_het" not in out


def test_check_url_on_localhost() -> None:
    """A URL on 127.0.0.1 (the address the user typed), with its form link on the same server found dead."""
    routes: dict = {}
    with serve(routes) as (site, _):
        routes["/afvalpas"] = html(f"<html><body><main><h1>Afvalpas aanvragen</h1><p><a class='btn' href='{site}/weg/'>Vraag aan</a></p></main></body></html>")
        code, out, _ = run("check", f"{site}/afvalpas", "--json", "--check-links")
    data = json.loads(out)
    assert code == 0
    assert data["channels"][0]["check_status"] == "dead"
    assert data["channels"][0]["check_detail"] == "HTTP 404 (pagina bestaat niet)"
    assert data["channel_status"] == "none"
    assert "kanaal.dode-link" in {finding["rule_id"] for finding in data["findings"]}


def test_check_url_never_asks_another_port_of_this_machine() -> None:
    """A form link to another port of 127.0.0.1 is another (internal) service: not requested, not judged."""
    routes: dict = {}
    with serve({}) as (internal, asked), serve(routes) as (site, _):
        routes["/afvalpas"] = html(f"<html><body><main><h1>Afvalpas aanvragen</h1><p><a class='btn' href='{internal}/formulier/'>Vraag aan</a></p></main></body></html>")
        code, out, _ = run("check", f"{site}/afvalpas", "--json", "--check-links")
    data = json.loads(out)
    assert code == 0 and asked == []
    assert data["channels"][0]["check_status"] == "unverified"
    assert "intern netwerk" in data["channels"][0]["check_detail"]
    assert data["channel_status"] == "digital"


def test_check_markdown_draft(tmp_path: Path) -> None:
    """A Markdown draft: headings become sections, the link a channel."""
    draft = tmp_path / "concept.md"
    draft.write_text("# Parkeervergunning aanvragen\n\nWoont u in het centrum? Dan kunt u een vergunning krijgen.\n\n"
                     "## Hoe vraag ik het aan?\n\n[Vraag aan met DigiD](https://loket.voorbeeldstad.nl/auth/parkeren/digid/start)\n",
                     encoding="utf-8")
    code, out, _ = run("check", str(draft), "--json")
    data = json.loads(out)
    assert code == 0 and data["is_draft"] is True
    assert data["channel_status"] == "digital" and data["channels"][0]["auth"] == "digid"
    assert "aanvragen" in data["sections"]["present"]


def test_check_plain_text_draft(tmp_path: Path) -> None:
    """A plain-text draft: a short line ending in '?' is a heading."""
    draft = tmp_path / "concept.txt"
    draft.write_text("Boom kappen\n\nWilt u een boom kappen? Dan heeft u soms een vergunning nodig.\n\n"
                     "Hoe vraag ik het aan?\n\nDownload het aanvraagformulier, vul het in en stuur het op naar Postbus 1.\n",
                     encoding="utf-8")
    code, out, _ = run("check", str(draft))
    assert code == 0
    assert "Pagina: Boom kappen" in out and "alleen op papier" in out


def test_check_draft_without_title_is_matched_by_its_file_name(tmp_path: Path) -> None:
    """A draft that starts with its text: the file name is the UPL name, as the crawl uses a page's address."""
    draft = tmp_path / "parkeervergunning-aanvragen.txt"
    draft.write_text("Woont u in het centrum? Dan heeft u een vergunning nodig om uw auto in de straat te zetten.\n",
                     encoding="utf-8")
    data = json.loads(run("check", str(draft), "--json")[1])
    assert data["upl"] and "parkeervergunning" in data["upl"]["name"].lower()
    assert data["wmebv"]["applies"] is True


@pytest.mark.parametrize(
    ("target", "words"),
    [("/bestaat/niet.html", "bestaat niet"), ("ftp://example.org/x", "http- en https")],
)
def test_check_errors_are_dutch(target: str, words: str) -> None:
    """A missing file or unsupported address: exit 1 and a Dutch message, no traceback."""
    code, _, err = run("check", target)
    assert code == 1 and words in err and "Traceback" not in err


def test_check_refuses_non_html(tmp_path: Path) -> None:
    """A URL that answers with a PDF, an unreachable URL, and a binary file are refused in Dutch."""
    with serve({"/folder.pdf": (200, "application/pdf", b"%PDF-1.4", {})}) as (site, _):
        code, _, err = run("check", f"{site}/folder.pdf")
        assert code == 1 and "geen HTML-pagina" in err
        code, _, err = run("check", f"{site}/weg")
        assert code == 1 and "HTTP 404" in err
    with serve({}) as (gone, _):
        pass
    code, _, err = run("check", f"{gone}/pagina")
    assert code == 1 and "niet bereikbaar" in err
    binary = tmp_path / "formulier.pdf"
    binary.write_bytes(b"%PDF-1.4 binary")
    code, _, err = run("check", str(binary))
    assert code == 1 and "geen HTML-pagina" in err


def test_upl_entry_carries_sdg_codes() -> None:
    """The UPL entry given to the checks keeps the Single Digital Gateway codes (norm.geen-anderstalig needs them)."""
    from audit.resources import load_resources

    resources = load_resources(None)
    birth = resources.upl_entry("http://standaarden.overheid.nl/owms/terms/geboorteaangifte", "geboorteaangifte")
    tax = resources.upl_entry("http://standaarden.overheid.nl/owms/terms/forensenbelasting", "forensenbelasting")
    assert birth is not None and birth["sdg"] == ["G1"]
    assert tax is not None and tax["sdg"] == []
