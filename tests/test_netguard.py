"""The network guard of the test run: any connection or name lookup off this machine is refused and recorded."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

TRY_TO_LEAVE = """
import socket
for attempt in (lambda: socket.create_connection(("10.0.0.1", 80), timeout=1), lambda: socket.getaddrinfo("www.example.org", 443)):
    try:
        attempt()
    except PermissionError as error:
        print("refused:", error)
"""


def test_the_guard_refuses_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "attempts.log"
    monkeypatch.setenv("WMEBV_NETGUARD_LOG", str(log))  # a log of its own: the run's log stays clean
    with pytest.raises(PermissionError):
        socket.create_connection(("169.254.169.254", 80), timeout=1)
    with pytest.raises(PermissionError):
        socket.getaddrinfo("metadata.google.internal", 80)
    assert socket.getaddrinfo("127.0.0.1", 80)  # loopback stays open
    assert log.read_text(encoding="utf-8").count("\n") == 2


def test_the_guard_refuses_in_every_python_subprocess(tmp_path: Path) -> None:
    log = tmp_path / "attempts.log"
    env = dict(os.environ, WMEBV_NETGUARD_LOG=str(log))
    result = subprocess.run([sys.executable, "-P", "-c", TRY_TO_LEAVE], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.count("refused:") == 2, result.stdout + result.stderr
    assert "10.0.0.1" in log.read_text(encoding="utf-8") and "www.example.org" in log.read_text(encoding="utf-8")
