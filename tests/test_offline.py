"""The app never opens a network connection: runs with an audit hook that refuses any socket."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

GUARD = """
import runpy, sys
def refuse(event, args):
    if event.startswith("socket."):
        raise RuntimeError(f"network use refused: {event}")
sys.addaudithook(refuse)
sys.argv = ["main.py", *sys.argv[1:]]
runpy.run_path("main.py", run_name="__main__")
"""


def run_guarded(*args: str) -> subprocess.CompletedProcess:
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-c", GUARD, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def test_headless_run_uses_no_network():
    result = run_guarded("--headless", "--days", "1", "--sample-hours", "24")
    assert result.returncode == 0, result.stderr
    assert "network use refused" not in result.stderr


def test_window_uses_no_network(tmp_path):
    result = run_guarded("--smoke", str(tmp_path / "shot.png"))
    assert result.returncode == 0, result.stderr
    assert "network use refused" not in result.stderr
    assert (tmp_path / "shot.png").stat().st_size > 0
