"""Bad input everywhere: broken rules and profiles, odd databases, a full disk, odd URLs.

Each case must end with one clear Dutch line ("Fout: ..."), a non-zero exit and no traceback.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixtures_db import build_audited_db
from wmebv.app.cli import main
from wmebv.core.store import Store
from wmebv.core.store.database import Database
from wmebv.core.store.results import Results

PROJECT_ROOT = Path(__file__).resolve().parent.parent
WMEBV = [sys.executable, "-m", "wmebv"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a subprocess, as a user would."""
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run([*WMEBV, *args], capture_output=True, text=True, timeout=120, env=full_env)


def assert_clear_failure(output: str, code: int, *words: str) -> None:
    """Non-zero exit, no traceback, one 'Fout:' message that names what is wrong."""
    assert code != 0, output
    assert "Traceback" not in output, output
    assert "Fout:" in output, output
    for word in words:
        assert word.lower() in output.lower(), output


@pytest.fixture(scope="module")
def audited_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small database with crawls, pages and audit results."""
    return build_audited_db(tmp_path_factory.mktemp("db") / "voorbeeld.db")


@pytest.fixture()
def rules_copy(tmp_path: Path) -> Path:
    """A private copy of rules/ that a test may break."""
    return Path(shutil.copytree(PROJECT_ROOT / "rules", tmp_path / "rules"))


# -- rules and profiles ---------------------------------------------------------------------------

BROKEN_RULES = {
    "bad yaml": ("checks/taal.yml", "- id: [unclosed\n  kind: : :\n", "taal.yml"),
    "not a list": ("checks/norm.yml", "gewoon een zin\n", "norm.yml"),
    "unknown kind": ("checks/kanaal.yml", None, "kanaal.yml"),
    "empty word list": ("language/officialese.yml", "", "officialese.yml"),
    "binary page rules": ("page.yml", "\x00\x01\x02", "page.yml"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_RULES))
def test_broken_rules_file(case: str, rules_copy: Path, audited_db: Path, tmp_path: Path) -> None:
    relative, text, named = BROKEN_RULES[case]
    target = rules_copy / relative
    if text is None:  # keep the file valid YAML but give its first rule a kind that does not exist
        content = target.read_text(encoding="utf-8")
        target.write_text(content.replace("kind:", "kind: bestaat-niet #", 1), encoding="utf-8")
    else:
        target.write_text(text, encoding="utf-8")
    db = tmp_path / "kopie.db"
    shutil.copy(audited_db, db)
    result = run("audit", "--db", str(db), "--no-check-links", env={"WMEBV_RULES_DIR": str(rules_copy)})
    assert_clear_failure(result.stdout + result.stderr, result.returncode, named)


def test_missing_rules_folder(audited_db: Path, tmp_path: Path) -> None:
    result = run("check", str(PROJECT_ROOT / "tests/tricky/geen-kanaal.html"), env={"WMEBV_RULES_DIR": str(tmp_path / "weg")})
    assert_clear_failure(result.stdout + result.stderr, result.returncode)


PROFILES = {
    "bad yaml": "rules: {taal.lange-zin: [\n",
    "unknown key": "name: x\nonbekend: 1\n",
    "unknown rule": "rules:\n  taal.bestaat-niet: {enabled: false}\n",
    "wrong type": "language:\n  long_sentence_words: twintig\n",
    "not a mapping": "- een\n- lijst\n",
    "binary": "\x00\xff\x00",
}


@pytest.mark.parametrize("case", sorted(PROFILES))
def test_bad_profile(case: str, audited_db: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profiel.yml"
    profile.write_bytes(PROFILES[case].encode("utf-8", errors="surrogateescape"))
    db = tmp_path / "kopie.db"
    shutil.copy(audited_db, db)
    result = run("audit", "--db", str(db), "--no-check-links", "--profile", str(profile))
    assert_clear_failure(result.stdout + result.stderr, result.returncode, "profiel.yml")


# -- databases ----------------------------------------------------------------------------------------

def test_missing_database(tmp_path: Path) -> None:
    for command in (["audit"], ["coverage"], ["crawls"], ["export"]):
        result = run(*command, "--db", str(tmp_path / "nergens.db"))
        assert_clear_failure(result.stdout + result.stderr, result.returncode, "bestaat niet")


def test_database_in_missing_folder(tmp_path: Path) -> None:
    result = run("crawl", "http://127.0.0.1:9/", "--db", str(tmp_path / "geen" / "map" / "a.db"))
    assert_clear_failure(result.stdout + result.stderr, result.returncode, "map")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to read-only files")
def test_read_only_database(audited_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "alleen-lezen.db"
    shutil.copy(audited_db, db)
    db.chmod(stat.S_IRUSR)
    result = run("audit", "--db", str(db), "--no-check-links")
    assert_clear_failure(result.stdout + result.stderr, result.returncode, "alleen-lezen")


def test_read_only_database_as_root_too(audited_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root ignores file modes, so the read-only error is raised by SQLite itself."""
    db = tmp_path / "alleen-lezen.db"
    shutil.copy(audited_db, db)
    original = Results.save_audit

    def refuse(self: Results, *args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(Results, "save_audit", refuse)
    result = CliRunner().invoke(main, ["audit", "--db", str(db), "--no-check-links"])
    assert_clear_failure(result.output, result.exit_code, "alleen-lezen")
    assert original is not None


def test_truncated_database(audited_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "half.db"
    db.write_bytes(audited_db.read_bytes()[: 4096 * 3])
    result = run("audit", "--db", str(db), "--no-check-links")
    assert_clear_failure(result.stdout + result.stderr, result.returncode)


def test_garbage_after_the_header(audited_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "kapot.db"
    data = bytearray(audited_db.read_bytes())
    data[100:4096] = os.urandom(3996)
    db.write_bytes(bytes(data))
    result = run("crawls", "--db", str(db))
    assert_clear_failure(result.stdout + result.stderr, result.returncode)


# -- a full disk --------------------------------------------------------------------------------------

@pytest.mark.parametrize("error", [sqlite3.OperationalError("database or disk is full"),
                                   OSError(errno.ENOSPC, "No space left on device")])
def test_full_disk_during_audit(error: Exception, audited_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "vol.db"
    shutil.copy(audited_db, db)

    def full(self: Results, *args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(Results, "save_audit", full)
    result = CliRunner().invoke(main, ["audit", "--db", str(db), "--no-check-links"])
    assert_clear_failure(result.output, result.exit_code, "schijf is vol")


def test_full_disk_for_real_with_max_page_count(audited_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite itself runs out of room: the database may not grow past its current size."""
    db = tmp_path / "vol.db"
    shutil.copy(audited_db, db)
    with Store(db) as store:  # the audit rewrites its results: make room run out halfway
        store.database.db.execute("delete from findings")
        store.database.db.execute("vacuum")
    original_init = Database.__init__

    def tiny(self: Database, *args: object, **kwargs: object) -> None:
        original_init(self, *args, **kwargs)  # type: ignore[arg-type]
        pages = next(self.db.query("pragma page_count"))["page_count"]
        self.db.execute(f"pragma max_page_count = {int(pages) + 1}")

    monkeypatch.setattr(Database, "__init__", tiny)
    result = CliRunner().invoke(main, ["audit", "--db", str(db), "--no-check-links"])
    assert_clear_failure(result.output, result.exit_code, "schijf is vol")
    monkeypatch.undo()
    with Store(db) as store:  # nothing half-written: the database is still sound
        assert next(store.database.db.query("pragma integrity_check"))["integrity_check"] == "ok"


# -- odd URLs -------------------------------------------------------------------------------------------

# urlsplit raises ValueError on an unclosed IPv6 address; the crawler must still answer in Dutch.
BROKEN_IPV6 = "http://[::1"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "mailto:info@voorbeeldstad.nl", "ftp://voorbeeldstad.nl/",
                                 "voorbeeldstad.nl", "http://", BROKEN_IPV6, "http://exa mple.nl/", "",
                                 "#top", "file:///etc/passwd"])
def test_crawl_refuses_odd_start_urls(url: str, tmp_path: Path) -> None:
    result = run("crawl", url, "--db", str(tmp_path / "a.db"), "--max-pages", "1")
    assert_clear_failure(result.stdout + result.stderr, result.returncode)


@pytest.mark.parametrize("url", ["http://bücher.invalid/", "http://127.0.0.1:1/met spatie/", "http://127.0.0.1:1/#alleen-fragment"])
def test_crawl_unreachable_odd_urls(url: str, tmp_path: Path) -> None:
    """IDN, spaces and fragments are understood; the site is unreachable, which is said in Dutch."""
    result = run("crawl", url, "--db", str(tmp_path / "a.db"), "--max-pages", "1")
    assert_clear_failure(result.stdout + result.stderr, result.returncode, "niet bereikbaar")


@pytest.mark.parametrize("target", ["javascript:void(0)", "mailto:info@voorbeeldstad.nl", "http://[::1", "ftp://x/"])
def test_check_refuses_odd_targets(target: str) -> None:
    result = run("check", target)
    assert_clear_failure(result.stdout + result.stderr, result.returncode)
