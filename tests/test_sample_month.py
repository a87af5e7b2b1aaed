"""Month 2 of the sample municipality: the scripted edits are served, month 1 stays as it was."""

from __future__ import annotations

import http.client
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from wmebv.app.cli import main
from wmebv.core.errors import UserError
from wmebv.sample.content import CONTENT_DIR
from wmebv.sample.server import SampleServer
from wmebv.sample.site import build_site

BASE = "http://127.0.0.1:8000"


def _fetch(server: SampleServer, path: str, host: str = "127.0.0.1",
           headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", path, headers={"Host": f"{host}:{server.port}", **(headers or {})})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


def _logged(log: Path, path: str, count: int) -> list[list[str]]:
    """The last ``count`` log lines for ``path``; the server writes a line just after its answer, so wait a moment."""
    deadline = time.monotonic() + 5
    while True:
        lines = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
        found = [line for line in lines if line[3] == path]
        if len(found) >= count or time.monotonic() > deadline:
            return found[-count:]
        time.sleep(0.05)


@pytest.fixture(scope="module")
def month2(tmp_path_factory: pytest.TempPathFactory):
    log = tmp_path_factory.mktemp("month") / "requests.tsv"
    with SampleServer(port=0, month=2, max_age=0, request_log=log) as server:
        server.log_path = log
        yield server


def test_month_one_is_the_site_as_it_was() -> None:
    plain, first = build_site(BASE), build_site(BASE, month=1)
    assert {path: res.body for path, res in plain.site.items()} == {path: res.body for path, res in first.site.items()}
    assert first.redirects == {} and first.manifest()["changes"] == []


def test_every_edit_states_its_changes_and_moves_are_served(month2: SampleServer) -> None:
    manifest = month2.site.manifest()
    changes = {entry["slug"]: entry for entry in manifest["changes"]}
    assert len(changes) == 12 and all(entry["changes"] for entry in changes.values())
    moved = changes["parkeervergunning-bewoners"]
    status, headers, _ = _fetch(month2, moved["old_path"])
    assert status == 301 and headers["Location"] == month2.url + moved["path"]
    assert _fetch(month2, moved["path"])[0] == 200
    assert _fetch(month2, changes["hondenbelasting"]["old_path"])[0] == 404  # moved without a redirect
    assert _fetch(month2, changes["automatische-incasso"]["path"])[0] == 404
    assert _fetch(month2, changes["buurtsubsidie"]["path"])[0] == 200
    assert _fetch(month2, "/auth/huisnummer-aanvragen/digid/start", host="localhost")[0] == 404
    paths = {entry["path"] for entry in manifest["pages"]}
    assert changes["buurtsubsidie"]["path"] in paths and changes["automatische-incasso"]["path"] not in paths


def test_conditional_requests_and_the_request_log(month2: SampleServer) -> None:
    status, headers, body = _fetch(month2, "/")
    assert status == 200 and headers["Cache-Control"] == "max-age=0" and body
    assert _fetch(month2, "/", headers={"If-None-Match": headers["ETag"]})[0] == 304
    full, not_modified = _logged(month2.log_path, "/", 2)
    assert full[4:6] == ["200", str(len(body))] and int(full[6]) > len(body) and int(full[7]) > 0
    assert not_modified[4:6] == ["304", "0"] and 0 < int(not_modified[6]) < 400


def test_a_changed_page_has_a_new_etag_an_unchanged_one_keeps_it() -> None:
    first, second = build_site(BASE, month=1), build_site(BASE, month=2)
    assert first.site["/robots.txt"].body == second.site["/robots.txt"].body
    assert first.site["/producten/klacht-indienen"].body != second.site["/producten/klacht-indienen"].body


def test_mistakes_in_a_month_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="maand 7 niet"):
        build_site(BASE, month=7)
    content = tmp_path / "content"
    content.mkdir()
    for item in CONTENT_DIR.iterdir():
        (content / item.name).symlink_to(item)
    (content / "maand-3.yml").write_text("edits:\n  - {product: bestaat-niet, why: x}\n", encoding="utf-8")
    with pytest.raises(UserError, match="onbekend product bestaat-niet"):
        build_site(BASE, content_dir=content, month=3)
    (content / "maand-3.yml").write_text("edits:\n  - {product: tapontheffing, expect: {changes: [verdwenen]}}\n", encoding="utf-8")
    with pytest.raises(UserError, match="onbekende verandering verdwenen"):
        build_site(BASE, content_dir=content, month=3)
    (content / "maand-3.yml").write_text("edits:\n  - {product: tapontheffing, wanneer: morgen}\n", encoding="utf-8")
    with pytest.raises(UserError, match="onbekende sleutel"):
        build_site(BASE, content_dir=content, month=3)


def test_the_command_line_serves_and_describes_month_two() -> None:
    result = CliRunner().invoke(main, ["sample", "manifest", "--month", "2"])
    assert result.exit_code == 0 and '"month": 2' in result.output and "product-verhuisd" in result.output
    both = CliRunner().invoke(main, ["sample", "serve", "--month", "2", "--dir", "ergens", "--port", "0"])
    assert both.exit_code != 0 and "niet allebei" in both.output
