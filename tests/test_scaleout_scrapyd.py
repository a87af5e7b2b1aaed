"""Scale out on Scrapyd: a local Scrapyd on 127.0.0.1 gets the project as an egg (scrapyd-deploy),
runs two sample municipalities as two jobs, and `wmebv compare` reads the databases they wrote."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from crawler.options import CrawlOptions
from wmebv.app.scaleout.jobs import format_states, job_states, schedule_sites
from wmebv.app.sites.sitelist import read_sites
from wmebv.publish.compare import build_comparison
from wmebv.sample.region import municipality, site_builder
from wmebv.sample.server import SampleServer

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# What scrapyd-deploy needs to build the egg: the packages, their data and the project files.
PROJECT_PARTS = ("audit", "crawler", "wmebv", "rules", "datasette", "pyproject.toml", "setup.py", "README.md")


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def copy_project(target: Path, scrapyd_url: str) -> None:
    """The project as scrapyd-deploy sees it, with scrapy.cfg pointing at the test's Scrapyd."""
    target.mkdir()
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy(source, target / part)
    config = (ROOT / "scrapy.cfg").read_text(encoding="utf-8").replace("http://localhost:6800/", scrapyd_url)
    (target / "scrapy.cfg").write_text(config, encoding="utf-8")


def start_scrapyd(folder: Path, port: int) -> subprocess.Popen[bytes]:
    """Scrapyd on 127.0.0.1:port with its eggs, logs and queues in ``folder``; waits until it answers."""
    folder.mkdir()
    (folder / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
        f"eggs_dir = {folder / 'eggs'}\nlogs_dir = {folder / 'logs'}\ndbs_dir = {folder / 'dbs'}\nitems_dir =\n"
        "max_proc = 2\npoll_interval = 0.5\njobs_to_keep = 10\n",
        encoding="utf-8",
    )
    log = (folder / "scrapyd.out").open("wb")
    # The jobs unpack the egg's rules into a cache folder: the test's own, not the user's.
    env = dict(os.environ, XDG_CACHE_HOME=str(folder / "cache"))
    process = subprocess.Popen([str(BIN / "scrapyd"), "--pidfile="], cwd=folder, stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/daemonstatus.json", timeout=1).read()
            return process
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.3)
    process.kill()
    raise AssertionError((folder / "scrapyd.out").read_text(errors="replace"))


@pytest.mark.slow
def test_two_sample_municipalities_on_scrapyd(tmp_path: Path) -> None:
    """Deploy as an egg, schedule two sites through the HTTP API, and compare the databases the jobs wrote."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    scrapyd = start_scrapyd(tmp_path / "scrapyd", port)
    places = [municipality(number, products=12) for number in (0, 1)]
    servers = [SampleServer(port=0, builder=site_builder(place)).start() for place in places]
    try:
        project = tmp_path / "project"
        copy_project(project, url)
        deployed = subprocess.run([str(BIN / "scrapyd-deploy"), "-p", "wmebv", "-v", "test"], cwd=project,
                                  capture_output=True, text=True, timeout=120)
        assert deployed.returncode == 0 and '"status": "ok"' in deployed.stdout, deployed.stderr + deployed.stdout
        assert '"spiders": 1' in deployed.stdout

        sites = tmp_path / "gemeenten.csv"
        sites.write_text("naam,url\n" + "".join(f"{s.site.name},{s.url}/\n" for s in servers), encoding="utf-8")
        out = tmp_path / "resultaten"
        crawl = CrawlOptions(start_url="", db_path="", http_cache=False, download_delay=0.0, crawl_delay_cap=0.0)
        jobs = schedule_sites(read_sites(sites), out, [url], crawl, echo=lambda line: None)
        assert len({job.job for job in jobs}) == 2

        deadline = time.monotonic() + 180
        states = job_states(out)
        while any(state != "finished" for _, state in states) and time.monotonic() < deadline:
            time.sleep(1)
            states = job_states(out)
        assert all(state == "finished" for _, state in states), format_states(states)
        assert "2 van 2 jobs klaar" in format_states(states)

        report = build_comparison([out], tmp_path / "vergelijking.db", echo=lambda line: None)
        logs = "\n".join(path.read_text(errors="replace")[-3000:] for path in (tmp_path / "scrapyd" / "logs").rglob("*.log"))
        assert sorted(report.compared) == sorted(place.name for place in places), (report.left_out, logs)
        with sqlite3.connect(tmp_path / "vergelijking.db") as db:
            per_site = dict(db.execute("select name, count(*) from municipalities m join products p "
                                       "on p.municipality_id = m.id group by name").fetchall())
            statuses = {row[0] for row in db.execute("select crawl_status from municipalities")}
        assert per_site == {place.name: len(place.products) for place in places}
        assert statuses == {"finished"}
    finally:
        for server in servers:
            server.stop()
        scrapyd.terminate()
        scrapyd.wait(timeout=20)
