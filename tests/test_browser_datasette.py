"""Headless Chromium on the published results: front page, inventory, page detail (screenshots saved).

Screenshots go to ``artifacts/screenshots/`` (gitignored). The README's ``docs/screenshot-inventaris.png``
is made from the real sample database (see docs/publish.md), not from this small fixture, so it is
not overwritten here; the README-sized shot of the fixture goes to ``artifacts/`` and is checked for size.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixtures_db import DatasetteServer, build_audited_db

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "artifacts" / "screenshots"
README_SHOT = SHOTS / "inventaris-readme.png"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists() and not shutil.which("chromium"),
                       reason="Chromium is not installed (make system-deps installs it)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatasetteServer]:
    db = build_audited_db(tmp_path_factory.mktemp("browser") / "voorbeeldstad.db")
    with DatasetteServer(db) as running:
        yield running


@pytest.fixture(scope="module")
def page(server: DatasetteServer) -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")), args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        # Tests never touch the internet: anything not on our server is refused.
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.base)
                      else route.abort())
        tab = context.new_page()
        dialogs: list[str] = []
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.dialogs = dialogs  # type: ignore[attr-defined]
        yield tab
        browser.close()


def _shot(tab: object, name: str, full_page: bool = True) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=full_page)  # type: ignore[attr-defined]
    return path


def test_front_page(server: DatasetteServer, page: object) -> None:
    page.goto(server.base + "/")  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text().startswith("WMEBV-inventaris")  # type: ignore[attr-defined]
    assert page.get_by_role("heading", name="Waar begint u?").is_visible()  # type: ignore[attr-defined]
    _shot(page, "voorpagina")


def test_inventory_query(server: DatasetteServer, page: object) -> None:
    page.goto(server.base + "/wmebv/inventaris")  # type: ignore[attr-defined]
    rows = page.locator("table.rows-and-columns tbody tr")  # type: ignore[attr-defined]
    assert rows.count() == 14
    _shot(page, "inventaris")
    README_SHOT.parent.mkdir(parents=True, exist_ok=True)
    page.goto(server.base + "/wmebv/inventaris?cluster=burgerzaken")  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 1200, "height": 560})  # type: ignore[attr-defined]
    page.screenshot(path=str(README_SHOT), full_page=False)  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]
    assert README_SHOT.stat().st_size < 300_000


def test_page_detail_runs_no_crawled_script(server: DatasetteServer, page: object) -> None:
    rows = json.loads(server.get("/wmebv/inventaris.json?_shape=array&cluster=vergunningen")[2])
    hostile = next(row["Pagina"] for row in rows if "script" in row["Product"])
    page.goto(f"{server.base}/pagina/{hostile}")  # type: ignore[attr-defined]
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert page.locator("mark").count() >= 1  # type: ignore[attr-defined]
    _shot(page, "pagina-onveilig")
    normal = next(row["Pagina"] for row in rows if row["Product"] == "Evenementenvergunning aanvragen")
    page.goto(f"{server.base}/pagina/{normal}")  # type: ignore[attr-defined]
    assert page.get_by_role("heading", name="Digitaal kanaal (WMEBV) (2)").is_visible()  # type: ignore[attr-defined]
    _shot(page, "pagina")


def test_overview_charts(server: DatasetteServer, page: object) -> None:
    page.goto(server.base + "/overzicht")  # type: ignore[attr-defined]
    assert page.locator("svg.staafdiagram").count() == 4  # type: ignore[attr-defined]
    _shot(page, "overzicht")
