"""A newcomer's first hour: a fresh clone, the README's set-up, a normal install, and every command from another folder.

Two ways in, both outside the checkout and without internet (the offline stub network):

- a fresh clone with ``make demo`` (the README's first command: it does all the set-up), then a
  crawl of the sample site from another folder with a relative ``--db``, ``coverage``, ``serve``
  and ``export``, with the inventory equal to the sample's manifest;
- the wheel built from that clone, installed in a fresh virtual environment (what ``pip install .``
  and ``pipx install .`` do), then ``demo --no-serve``, ``check`` on a saved page and ``serve``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from fast_cli import FAST_KNOBS, fast_wmebv
from fixtures_db import free_port
from wmebv import __version__

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent
TRICKY = Path(__file__).resolve().parent / "tricky"


def package_manager_env() -> dict[str, str]:
    """The environment for pip itself: the machine's own package configuration, without the test's network guard.

    Installing the dependencies is the package manager's work, as in the set-up of `make test`;
    everything wmebv does afterwards runs under the guard again.
    """
    env = {key: value for key, value in os.environ.items() if key not in ("WMEBV_NETGUARD_LOG", "PYTHONPATH")}
    guard = str(Path(__file__).resolve().parent / "netguard")
    rest = [part for part in os.environ.get("PYTHONPATH", "").split(os.pathsep) if part and part != guard]
    return {**env, **({"PYTHONPATH": os.pathsep.join(rest)} if rest else {})}


def run(args: list[str], cwd: Path, timeout: float = 600, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command in ``cwd``; fail with its output when it fails."""
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


class Serving:
    """A `wmebv serve` or `wmebv sample serve` in a subprocess, stopped on exit."""

    def __init__(self, args: list[str], cwd: Path, ready_url: str) -> None:
        self.process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"{args} stopped: {self.process.stdout.read() if self.process.stdout else ''}")
            try:
                with urllib.request.urlopen(ready_url, timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise AssertionError(f"{args} did not answer within 60 s")

    def stop(self) -> None:
        """Stop the server process."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def get(url: str) -> tuple[int, bytes]:
    """Status and body of a GET."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read()


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone of this repository (what is committed), set up with the README's `make demo`."""
    folder = tmp_path_factory.mktemp("nieuw") / "wmebv-audit"
    run(["git", "clone", "-q", str(REPO), str(folder)], cwd=folder.parent, timeout=120)
    run(["make", "setup"], cwd=folder, timeout=900, env=package_manager_env())  # the part of `make demo` that is pip's
    demo_db = folder.parent / "demo.db"
    result = run(["make", "demo", f"ARGS=--no-serve --port 0 --db {demo_db}"], cwd=folder, timeout=900)
    assert "Bekijk de resultaten met: wmebv serve" in result.stdout and demo_db.exists()
    return folder


def test_newcomer_crawls_the_sample_from_another_folder(clone: Path, tmp_path: Path) -> None:
    """From a folder of one's own, relative paths, no internet: the inventory agrees with the manifest."""
    bin_dir = clone / ".venv" / "bin"
    workdir = tmp_path / "werkmap"
    workdir.mkdir()
    port = free_port()
    sample = Serving([str(bin_dir / "wmebv"), "sample", "serve", "--port", str(port)], workdir, f"http://127.0.0.1:{port}/")
    try:
        manifest = json.loads(run([str(bin_dir / "wmebv"), "sample", "manifest", "--port", str(port)], workdir).stdout)
        run(fast_wmebv(str(bin_dir / "python"), FAST_KNOBS, "crawl", f"http://127.0.0.1:{port}/", "--db", "gemeente.db",
                       "--quiet"), workdir, timeout=900)
    finally:
        sample.stop()
    assert sorted(path.name for path in workdir.iterdir()) == ["gemeente.db", "gemeente.db.crawl.log", "gemeente.db.httpcache"]
    coverage = run([str(bin_dir / "wmebv"), "coverage", "--db", "gemeente.db"], workdir).stdout
    assert "Opgehaald" in coverage or "opgehaald" in coverage
    run([str(bin_dir / "wmebv"), "export", "--db", "gemeente.db", "--format", "csv", "--out", "inventaris.csv"], workdir)
    assert (workdir / "inventaris.csv").stat().st_size > 10_000
    serve_port = free_port()
    served = Serving([str(bin_dir / "wmebv"), "serve", "--db", "gemeente.db", "--port", str(serve_port)], workdir,
                     f"http://127.0.0.1:{serve_port}/-/versions.json")
    try:
        status, body = get(f"http://127.0.0.1:{serve_port}/wmebv/inventory.json?_shape=array&_size=max")
    finally:
        served.stop()
    assert status == 200
    inventory = {row["url"].split(str(port), 1)[1]: row["channel_status"] for row in json.loads(body)}
    truth = {entry["path"]: entry["channel_status"] for entry in manifest["pages"] if entry["is_product"]}
    assert len(truth) == 175
    wrong = {path: (inventory.get(path), status) for path, status in truth.items() if inventory.get(path) != status}
    assert wrong == {}


@pytest.fixture(scope="module")
def installed(clone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of the fresh clone, installed in a fresh virtual environment outside the checkout."""
    folder = tmp_path_factory.mktemp("installatie")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder / "wheel"), str(clone)],
        cwd=folder, env=package_manager_env())
    wheels = list((folder / "wheel").glob("wmebv_audit-*.whl"))
    assert len(wheels) == 1
    run([sys.executable, "-m", "venv", str(folder / "venv")], cwd=folder)
    run([str(folder / "venv" / "bin" / "pip"), "install", "-q", str(wheels[0])], cwd=folder, timeout=900, env=package_manager_env())
    return folder / "venv" / "bin"


def test_the_installed_wheel_has_its_data_and_one_version(installed: Path) -> None:
    probe = "import wmebv, wmebv.core.paths as p; print(wmebv.__file__, p.bundled_rules_dir(), p.datasette_dir())"
    module, rules, datasette = run([str(installed / "python"), "-c", probe], cwd=installed).stdout.split()
    site_packages = str(Path(module).parent.parent)
    assert not module.startswith(str(REPO)) and rules.startswith(site_packages) and datasette.startswith(site_packages)
    assert (Path(rules) / "checks" / "kanaal.yml").is_file() and (Path(rules) / "upl" / "UPL-actueel.csv").is_file()
    assert (Path(datasette) / "metadata.yml").is_file() and not (Path(datasette) / "__init__.py").exists()
    assert run([str(installed / "wmebv"), "--version"], cwd=installed).stdout.strip() == f"wmebv, versie {__version__}"


def test_the_installed_wheel_runs_demo_check_and_serve(installed: Path, tmp_path: Path) -> None:
    wmebv = str(installed / "wmebv")
    result = run([wmebv, "demo", "--no-serve", "--port", "0", "--db", "voorbeeldstad.db"], tmp_path)
    assert "Pagina's gecontroleerd" in result.stdout and (tmp_path / "voorbeeldstad.db").exists()
    (tmp_path / "pagina.html").write_bytes((TRICKY / "alleen-brief.html").read_bytes())
    checked = run([wmebv, "check", "pagina.html"], tmp_path).stdout
    assert "Kanaal: alleen op papier" in checked
    port = free_port()
    served = Serving([wmebv, "serve", "--db", "voorbeeldstad.db", "--port", str(port)], tmp_path,
                     f"http://127.0.0.1:{port}/-/versions.json")
    try:
        status, body = get(f"http://127.0.0.1:{port}/wmebv/inventaris")
    finally:
        served.stop()
    assert status == 200 and "inventaris" in body.decode("utf-8").lower()
