"""One LibreOffice for the whole server (issue 14 item 5): `dossier run-demo` with 2 gunicorn workers
and its job worker converts through one conversion service, whatever process asks.

The server runs on a copy of the demo province (so no demo is built); every process it starts
carries a marker in its environment, so the test counts exactly this server's processes. Web
workers convert on a PDF preview, the job worker on "every document as PDF"; a web worker is
killed with -9 while it waits on the service, the service's LibreOffice is killed, then the service
itself, and the whole server is stopped (SIGTERM, as a service manager does) or killed (SIGKILL).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from dossier.signing.convert_service import ServiceConverter
from tests.conftest import require_program
from tests.faults.procs import children, connected_to, descendants, marked
from tests.multinode.test_two_app_servers import Browser
from tests.servers import free_port

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
LIBREOFFICE, UNOSERVER, SERVICE = "soffice.bin", "unoserver.server", "dossier.signing.convert_service"


class DemoServer:
    def __init__(self, tmp: Path, demo_sqlite: Path) -> None:
        self.instance = tmp / "instance"
        self.instance.mkdir()
        shutil.copy(demo_sqlite, self.instance / "dossier.sqlite3")
        self.marker = uuid.uuid4().hex
        self.base = f"http://127.0.0.1:{free_port()}"
        env = {**os.environ, "FAULTS_MARKER": self.marker, "DOSSIER_INSTANCE_PATH": str(self.instance),
               "DOSSIER_CACHE_DIR": str(tmp / "cache"), "DOSSIER_LIBREOFFICE_POOL": "1", "TMPDIR": str(tmp),
               "PYTHONPATH": str(ROOT)}
        for name in ("DATABASE_URL", "DOSSIER_QUEUE_URL", "DOSSIER_CONVERTER_URL", "PROMETHEUS_MULTIPROC_DIR"):
            env.pop(name, None)
        self.log = tmp / "run-demo.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "dossier", "run-demo", "--port", self.base.rsplit(":", 1)[1], "--workers", "2"],
                cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)

    def wait_up(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text()[-3000:]
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{self.base}/healthz", timeout=2).read()
                return
            time.sleep(0.3)
        raise AssertionError("run-demo did not answer")

    def processes(self, needle: str) -> dict[int, str]:
        return {pid: cmd for pid, cmd in marked(self.marker).items() if needle in cmd}

    def service(self) -> tuple[int, int]:
        """(pid, port) of the conversion service."""
        ((pid, cmd),) = self.processes(SERVICE).items()
        return pid, int(re.search(r"--port (\d+)", cmd).group(1))

    def web_workers(self) -> set[int]:
        return children(self.proc.pid) - set(self.processes("--exit-with"))  # not the service nor the job worker

    def documents(self) -> list[tuple[int, int]]:
        """(dossier id, document id) of every generated document, the dossier with most first."""
        with contextlib.closing(sqlite3.connect(self.instance / "dossier.sqlite3")) as conn:
            rows = conn.execute("SELECT dossier_id, id FROM generated_documents ORDER BY id").fetchall()
        sizes = {d: sum(1 for r in rows if r[0] == d) for d, _ in rows}
        return sorted(rows, key=lambda r: -sizes[r[0]])


def _preview(browser: Browser, server: DemoServer, doc: tuple[int, int]) -> bytes:
    status, _, body = browser.get(f"{server.base}/ho-so/{doc[0]}/van-ban/{doc[1]}/pdf")
    assert status == 200 and body.startswith(b"%PDF"), (status, body[:300])
    return body


def _preview_of_a_dying_worker(browser: Browser, server: DemoServer, doc: tuple[int, int]) -> None:
    with contextlib.suppress(OSError):  # the connection drops with the worker
        browser.get(f"{server.base}/ho-so/{doc[0]}/van-ban/{doc[1]}/pdf")


def _wait(predicate, timeout: float, what: str):  # noqa: ANN001, ANN202 - a condition and its value
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.01)
    raise AssertionError(what)


def _pdfs_job(browser: Browser, server: DemoServer, dossier_id: int) -> None:
    """Every document of the dossier as PDF, by the job worker; until the job is done."""
    status, location, _ = browser.post(f"{server.base}/ho-so/{dossier_id}/ban-pdf", [],
                                       form_page=f"{server.base}/ho-so/{dossier_id}")
    assert status == 302 and "/cong-viec/" in location, (status, location)
    job = re.search(r"/cong-viec/(\d+)", location).group(1)

    def done() -> bool:
        state = json.loads(browser.get(f"{server.base}/cong-viec/{job}.json")[2])
        assert state["status"] not in ("failed", "cancelled"), state
        return state["status"] == "done"
    _wait(done, 240, "the PDF job did not finish")


@pytest.mark.parametrize("stop", ["sigterm", "sigkill"])
def test_one_libreoffice_serves_every_process_of_the_server(demo_sqlite: Path, tmp_path: Path, stop: str) -> None:
    require_program("soffice")
    server = DemoServer(tmp_path, demo_sqlite)
    try:
        server.wait_up()
        browser = Browser()
        browser.sign_in(server, "chuyenvien")
        (job_dossier, _), *rest = server.documents()
        previews = [d for d in rest if d[0] != job_dossier]
        assert len(previews) >= 6

        # Two previews at once (one per sync web worker), then the job worker's conversions.
        both = [threading.Thread(target=_preview, args=(browser, server, d)) for d in previews[:2]]
        for thread in both:
            thread.start()
        for thread in both:
            thread.join(240)
        _pdfs_job(browser, server, job_dossier)
        office = server.processes(LIBREOFFICE)
        assert len(office) == 1 and len(server.processes(UNOSERVER)) == 1, marked(server.marker)
        service, port = server.service()
        assert set(office) <= descendants(service)  # the service's, not a worker's

        # A web worker killed with -9 while the service converts for it: the instance serves on.
        killer = threading.Thread(target=_preview_of_a_dying_worker, args=(browser, server, previews[2]))
        killer.start()
        victim = _wait(lambda: next((w for w in server.web_workers() if connected_to(w, port)), None), 60,
                       "no web worker reached the conversion service")
        os.kill(victim, signal.SIGKILL)
        killer.join(60)
        _preview(browser, server, previews[3])
        assert server.processes(LIBREOFFICE) == office and server.service()[0] == service

        # The service's LibreOffice killed: the service starts another, and only one.
        os.kill(next(iter(office)), signal.SIGKILL)
        _preview(browser, server, previews[4])
        assert len(server.processes(LIBREOFFICE)) == 1 and set(server.processes(LIBREOFFICE)) != set(office)

        # The service itself killed with -9: its LibreOffice goes with it; the server starts another.
        office = server.processes(LIBREOFFICE)
        os.kill(service, signal.SIGKILL)
        _wait(lambda: not set(server.processes(LIBREOFFICE)) & set(office), 30, "LibreOffice outlived its service")
        _wait(lambda: set(server.processes(SERVICE)) - {service}, 30, "the service was not restarted")
        _wait(lambda: ServiceConverter(f"http://127.0.0.1:{port}").state(), 30, "the new service does not answer")
        _preview(browser, server, previews[5])
        assert len(server.processes(LIBREOFFICE)) == 1 and set(server.processes(LIBREOFFICE)) <= descendants(
            server.service()[0])

        os.kill(server.proc.pid, signal.SIGTERM if stop == "sigterm" else signal.SIGKILL)
        server.proc.wait(90)
        lingering = _settle(server, (LIBREOFFICE, UNOSERVER, SERVICE))
        assert lingering == {}, f"left after {stop} of the server: {lingering}"
        if stop == "sigterm":
            assert _settle(server, ("",)) == {}  # a clean stop leaves nothing at all
    finally:
        if server.proc.poll() is None:
            server.proc.kill()
        server.proc.wait(30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.proc.pid, signal.SIGKILL)  # gunicorn's workers notice a dead master late


def _settle(server: DemoServer, needles: tuple[str, ...], timeout: float = 45) -> dict[int, str]:
    def left() -> dict[int, str]:
        return {pid: cmd for pid, cmd in marked(server.marker).items() if any(n in cmd for n in needles)}
    deadline = time.monotonic() + timeout
    while left() and time.monotonic() < deadline:
        time.sleep(0.3)
    return left()
