"""Processes that never leak or wedge: a real gunicorn, its worker killed with -9 mid-work.

Every process the server starts carries a marker in its environment (gunicorn, its workers, the
forkserver and render workers, unoserver and LibreOffice inherit it), so the test counts exactly
the processes this server made, wherever they were reparented.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.conftest import require_program
from tests.faults.procs import children, descendants, marked
from tests.servers import free_port, stop

ROOT = Path(__file__).resolve().parents[2]


class Server:
    """gunicorn with one sync worker serving tests/faults/faults_app.py on a loopback port."""

    def __init__(self, tmp: Path, *, preload: bool = False, workers: int = 1) -> None:
        self.marker = uuid.uuid4().hex
        self.port = free_port()
        env = {**os.environ, "FAULTS_MARKER": self.marker, "DOSSIER_CACHE_DIR": str(tmp / "cache"),
               "DOSSIER_LIBREOFFICE_POOL": "1", "TMPDIR": str(tmp), "PYTHONPATH": str(ROOT)}
        if preload:
            env["FAULTS_RENDER_IN_MASTER"] = "1"
        cmd = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-k", "sync", "--timeout", "300",
               "-b", f"127.0.0.1:{self.port}", "--log-level", "warning", "tests.faults.faults_app:create()"]
        if preload:
            cmd.insert(3, "--preload")
        self.proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
        self.get("/healthz", timeout=60)

    def get(self, path: str, timeout: float = 240) -> tuple[int, bytes]:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=timeout) as r:
                    return r.status, r.read()
            except urllib.error.HTTPError as exc:
                return exc.code, exc.read()
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise
                time.sleep(0.3)

    def workers(self) -> set[int]:
        return children(self.proc.pid)

    def leftovers(self) -> dict[int, str]:
        """Marked processes that are neither the master, nor a live worker, nor under one: the
        replacement worker may already be warming its own LibreOffice and render pools, while
        what the killed worker left is reparented away from the tree."""
        keep = descendants(self.proc.pid) | {self.proc.pid}
        return {pid: cmd for pid, cmd in marked(self.marker).items() if pid not in keep}

    def wait_for_descendant(self, worker: int, needle: str, count: int = 1, timeout: float = 180) -> None:
        """Until `count` processes under `worker` have `needle` in their command line (the work has
        started)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            seen = descendants(worker)
            cmds = {p: c for p, c in marked(self.marker).items() if p in seen}
            if sum(needle in c for c in cmds.values()) >= count:
                return
            time.sleep(0.2)
        raise AssertionError(f"no {needle!r} under worker {worker}")

    def stop(self) -> None:
        stop(self.proc)


def _assert_all_reaped(server: Server, timeout: float) -> None:
    """No process of the run's marker is left once the server stopped (waiting up to `timeout`)."""
    deadline = time.monotonic() + timeout
    while marked(server.marker) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert marked(server.marker) == {}


def _settle(server: Server, timeout: float = 60) -> dict[int, str]:
    deadline = time.monotonic() + timeout
    left = server.leftovers()
    while left and time.monotonic() < deadline:
        time.sleep(0.3)
        left = server.leftovers()
    return left


def _in_background(server: Server, path: str) -> threading.Thread:
    def call() -> None:
        with contextlib.suppress(OSError):  # the worker serving it is killed: the connection drops
            server.get(path, timeout=240)
    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    return thread


def _kill_worker(server: Server) -> int:
    (worker,) = server.workers()
    os.kill(worker, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # gunicorn forks a replacement
        if server.workers() - {worker}:
            return worker
        time.sleep(0.2)
    raise AssertionError("gunicorn did not replace the killed worker")


def test_a_pool_inherited_from_the_master_is_not_used_and_survives_a_memory_bomb(tmp_path):
    """The master rendered before forking (like run-demo seeding): the workers render anyway."""
    server = Server(tmp_path, preload=True, workers=2)
    try:
        for _ in range(3):
            status, body = server.get("/render")
            assert status == 200, body
        status, body = server.get("/bomb")
        assert status == 422, body  # refused with a message, not a 500 or a hang
        for _ in range(4):  # both workers, after the bomb killed a render worker
            status, body = server.get("/render")
            assert status == 200, body
    finally:
        server.stop()
    assert _settle(server) == {}


def test_killed_worker_leaves_no_libreoffice_nor_render_process(tmp_path):
    require_program("soffice")
    server = Server(tmp_path)
    try:
        # Mid-conversion: LibreOffice is up under the worker serving /convert.
        (worker,) = server.workers()
        _in_background(server, "/convert")
        server.wait_for_descendant(worker, "soffice")
        assert any("unoserver" in c for c in marked(server.marker).values())
        _kill_worker(server)
        left = _settle(server)
        assert left == {}, f"left after kill -9 mid-conversion: {left}"

        # Mid-render: a render worker is looping under the (new) worker.
        (worker,) = server.workers()
        _in_background(server, "/slow-render")
        server.wait_for_descendant(worker, "forkserver", count=2)  # the forkserver and its render worker
        time.sleep(1.0)  # the render worker is busy with the template
        _kill_worker(server)
        left = _settle(server)
        assert left == {}, f"left after kill -9 mid-render: {left}"

        # And the server works right after.
        status, body = server.get("/render")
        assert status == 200, body
        status, pdf = server.get("/convert")
        assert status == 200 and pdf.startswith(b"%PDF")
        assert any("soffice" in c for c in marked(server.marker).values())
    finally:
        server.stop()
    # A clean shutdown reaps everything: no LibreOffice, unoserver, forkserver or render worker.
    _assert_all_reaped(server, timeout=30)


@pytest.mark.parametrize("size", [1, 2])
def test_libreoffice_pool_size_is_a_setting(size, monkeypatch):
    from dossier import config
    from dossier.signing.convert import PdfConverter

    monkeypatch.setenv("DOSSIER_LIBREOFFICE_POOL", str(size))
    config.reset()
    with PdfConverter() as converter:
        assert converter.size == size


@pytest.mark.parametrize("whom", ["master", "every process"])
def test_sigterm_mid_conversion_leaves_no_libreoffice(tmp_path, whom):
    """SIGTERM to the server (a service stop) or to every process of its tree at once (a session
    ending, `kill` of a process list) while LibreOffice converts: nothing survives, unoserver
    included (issue 14 saw three unoservers reparented to init once)."""
    require_program("soffice")
    server = Server(tmp_path, workers=2)
    try:
        status, _ = server.get("/convert")  # one worker's pool is up
        assert status == 200
        _in_background(server, "/convert")
        _in_background(server, "/convert")  # the second worker starts its own pool meanwhile
        server.wait_for_descendant(server.proc.pid, "soffice.bin")
        targets = [server.proc.pid] if whom == "master" else list(marked(server.marker))
        for pid in targets:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        server.proc.wait(90)
    finally:
        server.stop()
    _assert_all_reaped(server, timeout=45)
