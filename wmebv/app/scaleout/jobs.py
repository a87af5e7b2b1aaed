"""Give Scrapyd one job per site (``schedule.json``) and read back where they stand (``status.json``).

Scrapyd queues and runs the jobs, as many at a time as each node allows; wmebv writes nothing of
its own for that. It only remembers which job is which site, in ``scrapyd-jobs.json`` in the
output folder, so ``wmebv scrapyd status`` can report per municipality.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from crawler.options import CrawlOptions
from wmebv.app.sites.sitelist import SiteEntry
from wmebv.core.errors import UserError

JOBS_FILE = "scrapyd-jobs.json"
SPIDER = "wmebv"
STATE_NL = {"pending": "wacht", "running": "bezig", "finished": "klaar", "unknown": "onbekend"}


@dataclass(frozen=True)
class ScheduledJob:
    """One site's job on a Scrapyd node."""

    name: str
    start_url: str
    node: str
    job: str
    db_path: str


def client(url: str) -> Any:
    """A Scrapyd client (from scrapyd-client), or a Dutch error when it is not installed."""
    try:
        from scrapyd_client import ScrapydClient
    except ImportError as error:
        raise UserError("Voor Scrapyd is het pakket scrapyd-client nodig: pip install 'wmebv-audit[scrapyd]'.") from error
    return ScrapydClient(url.rstrip("/"))


def spider_arguments(options: CrawlOptions, entry: SiteEntry) -> list[tuple[str, str]]:
    """The spider arguments of one site's job: its crawl options and, as text, its norm profile."""
    arguments = [("options_json", options.to_json())]
    if entry.profile is not None:
        arguments.append(("profile_yaml", entry.profile.read_text(encoding="utf-8")))
    return arguments


def _schedule(scrapyd: Any, project: str, options: CrawlOptions, entry: SiteEntry) -> Any:
    """Ask Scrapyd to crawl one site; its answer is the job id."""
    return scrapyd.schedule(project, SPIDER, spider_arguments(options, entry))


def _ask(action: Callable[[], Any], node: str) -> Any:
    """Call Scrapyd; a Dutch error when the node cannot be reached or refuses."""
    try:
        return action()
    except Exception as error:  # requests' and scrapyd-client's errors: the message says what happened
        said = " ".join(str(error).split())[:200]
        raise UserError(f"Scrapyd op {node} antwoordt niet goed: {said}. Draait Scrapyd daar, en is het project "
                        "gedeployed met 'scrapyd-deploy'? Zie docs/scale.md.") from error


def schedule_sites(entries: list[SiteEntry], out_dir: Path, nodes: list[str], crawl: CrawlOptions, *,
                   project: str = "wmebv", node_dir: str | None = None, echo: Callable[[str], None] = print) -> list[ScheduledJob]:
    """Schedule one job per site, the sites spread over the nodes in turn; returns the jobs."""
    if not nodes:
        raise UserError("Geef met --url het adres van minstens één Scrapyd, bijvoorbeeld http://127.0.0.1:6800.")
    out_dir.mkdir(parents=True, exist_ok=True)
    folder = node_dir or str(out_dir.resolve())
    jobs: list[ScheduledJob] = []
    for index, entry in enumerate(entries):
        node = nodes[index % len(nodes)]
        db_path = f"{folder.rstrip('/')}/{entry.slug}.db"
        options = replace(crawl, start_url=entry.start_url, db_path=db_path, site_name=entry.name, quiet=True,
                          progress_interval=0.0, crawl_id=None)
        scrapyd = client(node)
        job_id = _ask(partial(_schedule, scrapyd, project, options, entry), node)
        jobs.append(ScheduledJob(entry.name, entry.start_url, node, str(job_id), db_path))
        echo(f"{entry.name}: job {job_id} op {node}.")
    save_jobs(out_dir, jobs, project)
    return jobs


def save_jobs(out_dir: Path, jobs: list[ScheduledJob], project: str) -> None:
    """Remember which job is which site (written whole, atomically)."""
    data = {"project": project, "jobs": [asdict(job) for job in jobs]}
    handle, temporary = tempfile.mkstemp(prefix=".scrapyd-jobs-", suffix=".json", dir=out_dir)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, indent=1)
    os.replace(temporary, out_dir / JOBS_FILE)


def load_jobs(out_dir: Path) -> tuple[str, list[ScheduledJob]]:
    """The project and the jobs scheduled into ``out_dir``."""
    path = out_dir / JOBS_FILE
    if not path.exists():
        raise UserError(f"In {out_dir} staan geen Scrapyd-jobs. Plan ze eerst met 'wmebv scrapyd schedule'.")
    data = json.loads(path.read_text(encoding="utf-8"))
    return str(data["project"]), [ScheduledJob(**job) for job in data["jobs"]]


def job_states(out_dir: Path) -> list[tuple[ScheduledJob, str]]:
    """Each job with its state on its node: pending, running, finished or unknown."""
    project, jobs = load_jobs(out_dir)
    states = []
    for job in jobs:
        scrapyd = client(job.node)
        answer = _ask(partial(scrapyd.status, job.job, project), job.node)
        states.append((job, str(answer.get("currstate") or "unknown")))
    return states


def format_states(states: list[tuple[ScheduledJob, str]]) -> str:
    """The jobs in Dutch: one line per municipality, and the totals."""
    width = max((len(job.name) for job, _ in states), default=0)
    lines = [f"  {job.name:<{width}}  {STATE_NL.get(state, state):<8}  job {job.job} op {job.node}" for job, state in states]
    done = sum(1 for _, state in states if state == "finished")
    lines.append(f"{done} van {len(states)} jobs klaar.")
    return "\n".join(lines)
