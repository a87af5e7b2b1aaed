"""Bad input at the command line: a clear Dutch message, a non-zero exit, never a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from wmebv.sample.server import SampleServer

WMEBV = [sys.executable, "-m", "wmebv"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a subprocess, as a user would."""
    return subprocess.run([*WMEBV, *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def assert_clear_failure(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Non-zero exit, no traceback, and the message names what is wrong."""
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    assert "Fout:" in output, output
    for word in words:
        assert word.lower() in output.lower(), output


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_url(tmp_path: Path) -> None:
    result = run("crawl", f"http://127.0.0.1:{free_port()}/", "--db", str(tmp_path / "a.db"))
    assert_clear_failure(result, "niet bereikbaar")


def test_non_html_start_url(tmp_path: Path) -> None:
    with SampleServer(port=0) as sample:
        result = run("crawl", f"{sample.url}/robots.txt", "--db", str(tmp_path / "a.db"))
    assert_clear_failure(result, "geen webpagina")


def test_database_that_is_not_sqlite(tmp_path: Path) -> None:
    db = tmp_path / "notities.db"
    db.write_text("boodschappen: melk, brood")
    for args in (["audit", "--db", str(db)], ["serve", "--db", str(db)], ["crawls", "--db", str(db)]):
        assert_clear_failure(run(*args), "geen")
    assert db.read_text() == "boodschappen: melk, brood"


def test_missing_database(tmp_path: Path) -> None:
    assert_clear_failure(run("audit", "--db", str(tmp_path / "nergens.db")), "bestaat niet")


def test_port_in_use_for_the_sample(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert_clear_failure(run("sample", "serve", "--port", str(port)), str(port))


def test_port_in_use_for_datasette(tmp_path: Path) -> None:
    from wmebv.core.store import Store

    db = tmp_path / "a.db"
    Store(db).close()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert_clear_failure(run("serve", "--db", str(db), "--port", str(port)), str(port))


@pytest.mark.parametrize("target", ["bestaat-niet.html", "http://127.0.0.1:1/"])
def test_check_on_a_missing_target(target: str, tmp_path: Path) -> None:
    assert_clear_failure(run("check", target, cwd=tmp_path))
