"""Many sites at once (`make bench-sites`): 20 sample municipalities crawled with --jobs 1, 2, 4 and 8.

Run: .venv/bin/python tests/benchmarks/sites.py [--sites 20] [--products 10] [--jobs 1,2,4,8] [--no-singles]

Serves N municipalities of the sample region (own names and product mixes) on N ports of
127.0.0.1, from their own process. First crawls them as N single `wmebv crawl` commands one after
another, then as `wmebv crawl --sites` with each number of jobs. Every crawl keeps the politeness
of a normal crawl (0.5 s between requests to a host, AutoThrottle, 2 at a time per host; the
region's robots.txt sets no Crawl-delay), audits beside the crawl and checks the form links on
127.0.0.1 only. Memory is sampled from /proc every 0.2 s over the whole process tree: the peak of
the largest job (a site's audit process and its crawl process together) and of all together.
The last line of the output is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
WMEBV = str(Path(sys.executable).parent / "wmebv")
SAMPLE_SECONDS = 0.2


def children(pid: int) -> list[int]:
    """The direct children of a process (Linux /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(part) for part in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def rss_mb(pid: int) -> float:
    """Resident memory of one process in MB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree_rss(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    return rss_mb(pid) + sum(tree_rss(child) for child in children(pid))


class MemorySampler(threading.Thread):
    """Samples the memory of a running command's process tree: total and per job (child of the top process)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.stopped = pid, threading.Event()
        self.peak_total = self.peak_job = 0.0

    def run(self) -> None:
        while not self.stopped.wait(SAMPLE_SECONDS):
            jobs = [tree_rss(child) for child in children(self.pid)]
            self.peak_total = max(self.peak_total, rss_mb(self.pid) + sum(jobs))
            self.peak_job = max([self.peak_job, *jobs])


def timed(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run a command; its wall time and memory peaks."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=str(ROOT), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = MemorySampler(process.pid)
    sampler.start()
    output, _ = process.communicate()
    sampler.stopped.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} ... failed (exit {process.returncode}):\n{output[-3000:]}")
    return {"seconds": time.perf_counter() - started, "peak_total_mb": sampler.peak_total, "peak_job_mb": sampler.peak_job}


def pages_in(out_dir: Path) -> int:
    """Pages fetched in a run over many sites (from its voortgang.json)."""
    data = json.loads((out_dir / "voortgang.json").read_text(encoding="utf-8"))
    assert all(site["status"] == "done" for site in data["sites"]), data
    return sum(int(site["pages"]) for site in data["sites"])


def main() -> None:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--products", type=int, default=10, help="product pages per municipality")
    parser.add_argument("--jobs", default="1,2,4,8")
    parser.add_argument("--no-singles", action="store_true", help="skip the single crawls one after another")
    args = parser.parse_args()
    jobs_list = [int(part) for part in args.jobs.split(",")]
    # The sample sites' links elsewhere are fictional: no DNS, so they stay 'niet gecontroleerd'.
    env = dict(os.environ, PYTHONUNBUFFERED="1", WMEBV_TEST_NETWORK=str(Path(__file__).resolve().parents[1] / "offline-network.yml"))
    server = subprocess.Popen([sys.executable, str(HERE / "regionserver.py"), str(args.sites), str(args.products)],
                              stdout=subprocess.PIPE, text=True, cwd=str(ROOT))
    results: dict[str, Any] = {"sites": args.sites, "products_per_site": args.products, "cores": os.cpu_count(),
                               "load_before": os.getloadavg()[0]}
    try:
        assert server.stdout is not None
        sites = json.loads(server.stdout.readline())
        with tempfile.TemporaryDirectory(prefix="wmebv-bench-sites-") as folder:
            work = Path(folder)
            csv = work / "gemeenten.csv"
            csv.write_text("naam,url\n" + "".join(f"{s['name']},{s['url']}\n" for s in sites), encoding="utf-8")
            if not args.no_singles:
                started = time.perf_counter()
                peak = 0.0
                for number, site in enumerate(sites):
                    run = timed([WMEBV, "crawl", site["url"], "--db", str(work / f"single-{number}.db"), "--no-cache", "--quiet"], env)
                    peak = max(peak, run["peak_total_mb"])
                results["singles_wall_s"] = round(time.perf_counter() - started, 1)
                results["singles_peak_rss_mb"] = round(peak, 1)
                print(f"{args.sites} single crawls one after another: {results['singles_wall_s']} s, peak {peak:.0f} MB", flush=True)
            walls: dict[str, float] = {}
            peaks: dict[str, dict[str, float]] = {}
            for jobs in jobs_list:
                out = work / f"jobs-{jobs}"
                run = timed([WMEBV, "crawl", "--sites", str(csv), "--out", str(out), "--jobs", str(jobs), "--no-cache"], env)
                pages = pages_in(out)
                results["pages"] = pages
                walls[str(jobs)] = round(run["seconds"], 1)
                peaks[str(jobs)] = {"per_job": round(run["peak_job_mb"], 1), "total": round(run["peak_total_mb"], 1)}
                print(f"--jobs {jobs}: {run['seconds']:.1f} s, {pages / run['seconds']:.1f} pages/s, "
                      f"peak per job {run['peak_job_mb']:.0f} MB, in total {run['peak_total_mb']:.0f} MB", flush=True)
            results["wall_s_by_jobs"] = walls
            results["pages_per_s_by_jobs"] = {jobs: round(results["pages"] / wall, 2) for jobs, wall in walls.items()}
            results["peak_rss_mb"] = peaks
            if "1" in walls and "4" in walls:
                results["speedup_4_jobs"] = round(walls["1"] / walls["4"], 2)
            if "singles_wall_s" in results:
                results["ratio_to_singles_by_jobs"] = {jobs: round(results["singles_wall_s"] / wall, 2) for jobs, wall in walls.items()}
            results["load_after"] = os.getloadavg()[0]
    finally:
        server.kill()
        server.wait()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
