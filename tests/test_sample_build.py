"""Large built variants of the sample site and the `sample` CLI commands."""

from __future__ import annotations

import gzip
import http.client
import json
import time

from click.testing import CliRunner

from english_words import english_words_in
from wmebv.app.sample_cli import sample
from wmebv.sample.bulk import build_directory
from wmebv.sample.server import SampleServer


def get(server, path, host="127.0.0.1"):
    """GET one path; return status and body."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", path, headers={"Host": f"{host}:{server.port}"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def test_build_2000_and_serve(tmp_path):
    started = time.perf_counter()
    counts = build_directory(2000, tmp_path / "site")
    assert time.perf_counter() - started < 10
    assert 1900 <= counts["pages"] <= 2100 and counts["products"] > 1800
    manifest = json.loads((tmp_path / "site" / "manifest.json").read_text(encoding="utf-8"))
    with SampleServer(port=0, directory=tmp_path / "site") as server:
        for entry in manifest["pages"][::97]:
            assert get(server, entry["path"])[0] == 200, entry["path"]
        status, robots = get(server, "/robots.txt")
        assert f"Sitemap: {server.url}/sitemap.xml".encode() in robots
        status, data = get(server, "/sitemap-producten.xml.gz")
        xml = gzip.decompress(data)
        assert xml.count(b"<url>") > 1500 and server.url.encode() in xml
        assert b"voorbeeldstad.invalid" not in get(server, "/samenwerkende-catalogi.xml")[1]
        assert get(server, "/auth/verhuizing-doorgeven/digid/start", host="localhost")[0] == 302


def test_cli_help_is_dutch():
    result = CliRunner().invoke(sample, ["--help"])
    assert result.exit_code == 0 and "Voorbeeldstad" in result.output
    for command in ("serve", "manifest", "build"):
        output = CliRunner().invoke(sample, [command, "--help"]).output
        assert output.startswith("Gebruik: ") and not english_words_in(output), output


def test_cli_manifest():
    result = CliRunner().invoke(sample, ["manifest", "--port", "8765"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["site"]["base_url"] == "http://127.0.0.1:8765" and len(data["pages"]) > 200


def test_cli_build(tmp_path):
    result = CliRunner().invoke(sample, ["build", "--pages", "300", "--out", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    assert "pagina's gemaakt" in result.output


def test_cli_serve_missing_dir(tmp_path):
    result = CliRunner().invoke(sample, ["serve", "--port", "0", "--dir", str(tmp_path / "leeg")])
    assert result.exit_code != 0 and "geen gebouwde site" in result.output
