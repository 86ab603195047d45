"""`dossier run-demo` on an empty instance (issue 14 item 6): the sign-in page answers while the demo
is built by the worker started beside the server, its progress public on /cong-viec/du-lieu-mau.json;
the worker dies with the server, also when the server is killed with SIGKILL (parent-death signal)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.jobs.helpers import ROOT, wait_for
from tests.servers import free_port

pytestmark = pytest.mark.slow


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except OSError:
        return 0, b""


def workers_of(pid: int) -> list[int]:
    """The `dossier worker --exit-with PID` processes (run-demo's job worker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"worker" in cmd and b"--exit-with" in cmd and cmd[cmd.index(b"--exit-with") + 1] == str(pid).encode():
                found.append(int(entry.name))
    return found


@pytest.mark.parametrize("stop", ["sigint", "sigkill"])
def test_run_demo_answers_while_the_demo_builds_and_its_worker_dies_with_it(tmp_path: Path, stop: str) -> None:
    port = free_port()
    env = {**os.environ, "DOSSIER_INSTANCE_PATH": str(tmp_path / "instance"), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    env.pop("DOSSIER_QUEUE_URL", None)
    with open(tmp_path / "run-demo.log", "wb") as log:
        server = subprocess.Popen([sys.executable, "-m", "dossier", "run-demo", "--port", str(port), "--workers", "1"],
                                  cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: get(f"{base}/dang-nhap")[0] == 200, timeout=120, every=0.2)
        status = json.loads(get(f"{base}/cong-viec/du-lieu-mau.json")[1])
        # units: the 10 cases, pki, setup, the 75 money dossiers, the plans' documents
        assert status["total"] == 88 and status["status"] in ("queued", "running", "done"), status
        login = get(f"{base}/dang-nhap")[1].decode()
        assert 'data-demo-status="/cong-viec/du-lieu-mau.json"' in login and "<script>" not in login
        wait_for(lambda: json.loads(get(f"{base}/cong-viec/du-lieu-mau.json")[1])["done"] >= 1, timeout=180)
        worker = workers_of(server.pid)
        assert len(worker) == 1
        os.kill(server.pid, signal.SIGINT if stop == "sigint" else signal.SIGKILL)
        wait_for(lambda: not Path(f"/proc/{worker[0]}").exists() or _zombie(worker[0]), timeout=60)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)  # gunicorn's own workers, if the master was killed
    assert "đang được dựng trong nền" in (tmp_path / "run-demo.log").read_text()


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except OSError:
        return True
