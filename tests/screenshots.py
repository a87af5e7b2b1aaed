"""Make the screenshots of the README and docs/publish.md from the real demo database.

Not part of the test run. Usage (from the repository root, Chromium installed):

    .venv/bin/python tests/screenshots.py

Runs `wmebv demo --no-serve`, serves the result with `wmebv serve`, and saves with headless
Chromium, at 1,280 pixels wide (the screen the worklists are made for):

- docs/screenshot-inventaris.png: the inventory of one cluster (README, docs/publish.md);
- docs/screenshots/<worklist>.png: the top of every worklist;
- docs/screenshots/voorpagina.png and docs/screenshots/pagina.png: the front page and a page detail.

Exits with 1 when a file is 300 KB or more.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import yaml  # noqa: E402

from fixtures_db import DatasetteServer, wmebv_command, wmebv_env  # noqa: E402

WIDTH = 1280
HEIGHT = 800
MAX_BYTES = 300_000
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# A worklist that is about one cluster is shown for this one.
CLUSTER = "burgerzaken"


def worklists() -> dict[str, str]:
    """Every worklist view (metadata.yml: a view with a user group) and the address to show it at."""
    tables = yaml.safe_load((REPO / "datasette" / "metadata.yml").read_text(encoding="utf-8"))["databases"]["wmebv"]["tables"]
    return {name: f"/wmebv/{name}" + (f"?Cluster={CLUSTER}" if name == "mijn_cluster" else "")
            for name, about in tables.items() if about.get("group")}


def main() -> int:
    """Build the demo database, serve it, take the screenshots, check their size."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    out = REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "voorbeeldstad.db"
        subprocess.run([*wmebv_command(), "demo", "--no-serve", "--port", "0", "--db", str(db)], cwd=REPO,
                       env=wmebv_env(), check=True, capture_output=True)
        with DatasetteServer(db) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT}, locale="nl-NL")
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.base)
                       else route.abort())
            shots = {out / f"{name}.png": path for name, path in worklists().items()}
            shots[out / "voorpagina.png"] = "/"
            busy = json.loads(server.get(f"/wmebv/werklijst_redactie.json?_shape=array&_size=1&Cluster={CLUSTER}")[2])
            shots[out / "pagina.png"] = f"/pagina/{busy[0]['Pagina']}"
            shots[REPO / "docs" / "screenshot-inventaris.png"] = f"/wmebv/inventaris?Cluster={CLUSTER}"
            for path, address in shots.items():
                page.goto(server.base + address)
                page.screenshot(path=str(path), full_page=False)
            browser.close()
    too_big = []
    for path in sorted(shots):
        size = path.stat().st_size
        print(f"{path.relative_to(REPO)}  {size / 1000:.0f} KB")
        if size >= MAX_BYTES:
            too_big.append(path.name)
    if too_big:
        print(f"Too large (300 KB or more): {too_big}")
    return 1 if too_big else 0


if __name__ == "__main__":
    sys.exit(main())
