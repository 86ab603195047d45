"""`dossier convert-service`, and the service `dossier serve` / `run-demo` start beside gunicorn.

The service (``python -m dossier.signing.convert_service``, not the whole ``dossier`` command:
a third of the memory) is a child of the server's first process (gunicorn's master), never of a
web worker: started before gunicorn forks, by a watcher thread that restarts it if it dies and
lives as long as the server (the service's parent-death signal fires when that thread ends: a
server killed with -9 takes the service, and the service its LibreOffice). See
dossier/signing/convert_service.py for why one service per machine.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import click

from dossier.child_processes import stop_child
from dossier.config import Settings, install, set_converter_url

log = logging.getLogger(__name__)


@click.command("convert-service")
@click.option("--port", default=8021, show_default=True, type=int, help="loopback port (127.0.0.1)")
def convert_service(port: int) -> None:
    """Convert DOCX to PDF for this machine's processes: one LibreOffice pool for all of them
    (DOSSIER_LIBREOFFICE_POOL instances); they find it at DOSSIER_CONVERTER_URL."""
    from dossier.signing.convert_service import main

    main(["--port", str(port)])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ConversionService:
    """The conversion service as a child of this process, restarted if it dies."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.owner = os.getpid()  # a forked gunicorn worker must not stop the master's service
        self._stopping = threading.Event()
        self._spawned = threading.Event()
        self._proc: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._watch, name="conversion-service", daemon=True)

    def start(self, timeout: float = 30.0) -> str:
        """Start the service and wait until it answers; returns its address."""
        from dossier.signing.convert_service import ServiceConverter

        self._thread.start()
        self._spawned.wait(timeout)
        deadline = time.monotonic() + timeout
        while ServiceConverter(self.url).state(timeout=1.0) is None:
            if time.monotonic() > deadline:  # the clients convert one-shot meanwhile, and say so
                log.warning("the PDF conversion service did not answer on %s within %.0f s", self.url, timeout)
                break
            time.sleep(0.1)
        return self.url

    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM (the service stops its LibreOffice), then SIGKILL if it does not exit in time."""
        if os.getpid() != self.owner:
            return
        self._stopping.set()
        if self._proc is not None:
            stop_child(self._proc, signal.SIGTERM, timeout)
        self._thread.join(5)

    def _watch(self) -> None:
        delay = 1.0
        while not self._stopping.is_set():
            started = time.monotonic()
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "dossier.signing.convert_service", "--port", str(self.port),
                 "--exit-with", str(self.owner)], stdin=subprocess.DEVNULL)
            self._spawned.set()
            code = self._proc.wait()  # also returns when gunicorn's master reaped it first
            if self._stopping.is_set():
                return
            # A service that keeps dying at start waits longer each time (at most a minute).
            delay = 1.0 if time.monotonic() - started > 30 else min(delay * 2, 60.0)
            log.warning("the PDF conversion service exited (%s); restarting it in %.0f s", code, delay)
            self._stopping.wait(delay)


@contextmanager
def shared_conversion(settings: Settings) -> Iterator[Settings]:
    """The settings a server's processes run with: those of a conversion service started here
    for all of them (unless DOSSIER_CONVERTER_URL names one already), stopped on the way out."""
    if settings.converter_url:
        yield settings
        return
    service = ConversionService()
    url = service.start()
    set_converter_url(url)  # for the job worker started after this
    try:
        yield install(settings.replace(converter_url=url))  # gunicorn's workers get these settings
    finally:
        service.stop()
