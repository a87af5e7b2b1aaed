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
import yaml

from fixtures_db import DatasetteServer, build_audited_db

REPO = Path(__file__).resolve().parent.parent
TABLES = yaml.safe_load((REPO / "datasette" / "metadata.yml").read_text(encoding="utf-8"))["databases"]["wmebv"]["tables"]
WORKLISTS = {name: about for name, about in TABLES.items() if about.get("group")}
WIDTHS = (1280, 1920)
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


def test_inventory_worklist(server: DatasetteServer, page: object) -> None:
    page.goto(server.base + "/wmebv/inventaris")  # type: ignore[attr-defined]
    rows = page.locator("table.rows-and-columns tbody tr")  # type: ignore[attr-defined]
    assert rows.count() == 14
    _shot(page, "inventaris")
    README_SHOT.parent.mkdir(parents=True, exist_ok=True)
    page.goto(server.base + "/wmebv/inventaris?Cluster=burgerzaken")  # type: ignore[attr-defined]
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


def _layout(tab: object) -> dict[str, object]:
    """How wide the page is against the window, and which elements stick out on the right."""
    return tab.evaluate("""() => ({  // type: ignore[attr-defined]
        page: document.documentElement.scrollWidth,
        window: document.documentElement.clientWidth,
        outside: Array.from(document.querySelectorAll("body *"))
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
            .slice(0, 5).map(e => e.tagName + "." + e.className),
    })""")


def _header_stays_in_view(tab: object) -> bool | None:
    """Scroll past the top of the table; is its header still at the top of the window? None: too short to tell."""
    return tab.evaluate("""() => {  // type: ignore[attr-defined]
        const table = document.querySelector("table.werklijst");
        const target = table.getBoundingClientRect().top + window.scrollY + 80;
        window.scrollTo(0, target);
        if (window.scrollY < target - 1) return null;
        const top = table.querySelector("thead th").getBoundingClientRect().top;
        window.scrollTo(0, 0);
        return Math.abs(top) < 2;
    }""")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(WORKLISTS))
def test_worklist_fits_the_screen_with_what_to_do_in_view(server: DatasetteServer, page: object, name: str,
                                                          width: int) -> None:
    """No sideways scrolling; the column that says what to do is on screen; the header stays in view."""
    page.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
    query = "?Cluster=vergunningen" if name == "mijn_cluster" else ""
    page.goto(f"{server.base}/wmebv/{name}{query}&_size=10" if query else f"{server.base}/wmebv/{name}?_size=10")  # type: ignore[attr-defined]
    sizes = _layout(page)
    assert sizes["page"] <= sizes["window"], f"{name} scrolls sideways at {width} px: {sizes}"
    headers = page.locator("table.werklijst thead th")  # type: ignore[attr-defined]
    assert headers.count() >= 3
    last = headers.nth(headers.count() - 1).bounding_box()
    assert last is not None and last["x"] + last["width"] <= width, f"{name}: the last column is off screen"
    what_to_do = WORKLISTS[name].get("what_to_do")
    if what_to_do:
        header = page.locator("table.werklijst thead th", has_text=what_to_do).first  # type: ignore[attr-defined]
        box = header.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        assert box["width"] >= 180, f"{name}: '{what_to_do}' is only {box['width']:.0f} px wide"
    assert _header_stays_in_view(page) in (True, None), f"{name}: the header does not stay in view"
    _shot(page, f"werklijst-{name}-{width}", full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]
