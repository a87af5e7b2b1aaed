"""Shared test settings: nothing in the test run may leave this machine, and no test runs in the checkout.

Every name lookup of wmebv goes through the stub in ``offline-network.yml`` (no DNS at all), so
links to other servers come out "niet gecontroleerd", as on a machine without internet. The
guard in ``netguard/`` refuses, in this process and in every Python subprocess, any connection
off loopback and any name lookup; the run fails when one was tried. Each test runs in its own
temporary folder, as a user runs wmebv in a folder of their own.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
GUARD = TESTS / "netguard"
os.environ["WMEBV_TEST_NETWORK"] = str(TESTS / "offline-network.yml")
# The user's own data folder (a newer UPL from 'wmebv upl update'): never the real one of whoever runs the tests.
os.environ["WMEBV_DATA_DIR"] = tempfile.mkdtemp(prefix="wmebv-data-")
os.environ["WMEBV_NETGUARD_LOG"] = os.path.join(tempfile.mkdtemp(prefix="wmebv-netguard-"), "attempts.log")
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(GUARD), os.environ.get("PYTHONPATH")]))
_spec = importlib.util.spec_from_file_location("wmebv_netguard", GUARD / "sitecustomize.py")
assert _spec is not None and _spec.loader is not None
_netguard = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_netguard)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when any process tried to reach off this machine."""
    log = Path(os.environ["WMEBV_NETGUARD_LOG"])
    if log.exists() and log.read_text(encoding="utf-8").strip():
        session.exitstatus = 1
        print(f"\nNetwork guard: the test run tried to leave this machine:\n{log.read_text(encoding='utf-8')}", file=sys.stderr)


@pytest.fixture(autouse=True)
def _run_outside_the_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work in a temporary folder: relative paths in a test mean what they mean to a user there."""
    monkeypatch.chdir(tmp_path)
