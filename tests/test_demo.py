"""The main job end to end: `wmebv demo` on the sample municipality, then Datasette over HTTP."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from fixtures_db import DatasetteServer
from wmebv.core.store import Store
from wmebv.sample.site import manifest


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the demo once without Datasette; the database it leaves behind."""
    db = tmp_path_factory.mktemp("demo") / "voorbeeldstad.db"
    result = subprocess.run(
        [sys.executable, "-m", "wmebv", "demo", "--no-serve", "--port", "0", "--db", str(db)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "Waar begint u?" in result.stdout
    return db


def test_demo_inventories_every_product_page(demo_db: Path) -> None:
    truth = {page["path"] for page in manifest("http://127.0.0.1:1")["pages"] if page["is_product"]}
    with Store(demo_db, create=False) as store:
        crawl = store.crawls.latest()
        assert crawl["status"] == "finished"
        rows = store.publication.inventory(crawl["id"])
    found = {"/" + row["url"].split("/", 3)[3] for row in rows}
    assert len(truth) >= 150
    assert len(found & truth) / len(truth) >= 0.99
    assert len(found & truth) / len(found) >= 0.97
    assert all(row["channel_status"] for row in rows)


def test_demo_database_in_datasette(demo_db: Path) -> None:
    with DatasetteServer(demo_db) as server:
        with urllib.request.urlopen(server.base + "/", timeout=10) as response:
            front = response.read().decode()
        # The front page names the crawled site and counts its product pages.
        with Store(demo_db, create=False) as store:
            crawl = store.crawls.latest()
            products = store.pages.count(crawl["id"], products_only=True)
        assert crawl["start_url"] in front
        assert f"{products} productpagina" in " ".join(re.sub(r"<[^>]+>", " ", front).split())
        url = server.base + "/wmebv/inventaris.json?_shape=array&_size=max"
        with urllib.request.urlopen(url, timeout=10) as response:
            rows = json.loads(response.read())
        assert len(rows) >= 150


def test_demo_again_adds_a_crawl(demo_db: Path, tmp_path: Path) -> None:
    """Running the demo twice keeps the first crawl and adds a second one."""
    import shutil

    db = tmp_path / "again.db"
    shutil.copy(demo_db, db)
    result = subprocess.run([sys.executable, "-m", "wmebv", "demo", "--no-serve", "--port", "0", "--db", str(db)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    with Store(db, create=False) as store:
        assert [crawl["status"] for crawl in store.crawls.all()] == ["finished", "finished"]


def test_demo_keeps_the_sample_site_running_while_datasette_serves(tmp_path: Path) -> None:
    """'Open de pagina op de website' on a page's detail works during the demo; Ctrl+C stops both."""
    import signal
    import time

    from fixtures_db import free_port, wmebv_env

    site_port, datasette_port = free_port(), free_port()
    demo = subprocess.Popen(
        [sys.executable, "-m", "wmebv", "demo", "--port", str(site_port), "--datasette-port", str(datasette_port),
         "--db", str(tmp_path / "demo.db")], env=wmebv_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{datasette_port}/-/versions.json", timeout=2):
                    break
            except OSError:
                assert demo.poll() is None, demo.communicate()
                time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{datasette_port}/wmebv/inventaris.json?_shape=array&_size=1",
                                    timeout=10) as response:
            page = json.loads(response.read())[0]
        with urllib.request.urlopen(page["Adres"], timeout=10) as response:
            assert response.status == 200  # the live page of the product, while Datasette serves
    finally:
        demo.send_signal(signal.SIGINT)
        demo.communicate(timeout=30)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{site_port}/", timeout=2)
