"""Servers the tests start as processes of their own (gunicorn, `dossier serve`, `make run`)."""

from __future__ import annotations

import signal
import socket
import subprocess


def free_port() -> int:
    """A TCP port nothing listens on now, for a server to bind."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM, as a service stop sends it, and wait for the server to finish (unless it already has)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)
