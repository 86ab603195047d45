"""The processes a server starts beside itself (job worker, conversion service): they die with
it, and it stops them on its way out."""

from __future__ import annotations

import os
import signal
import subprocess


def die_with_parent(parent: int) -> None:
    """Ask Linux for SIGTERM when `parent` (the server that started this process) dies — more
    exactly when the thread of it that started this one ends — and exit now if it already has."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM))  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the server still stops it on a clean exit
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        raise SystemExit(0)


def stop_child(proc: subprocess.Popen[bytes], signum: int, timeout: float) -> None:
    """Send `signum` (the child's own way of stopping cleanly), then SIGKILL if it is not gone
    within `timeout` seconds."""
    if proc.poll() is None:
        proc.send_signal(signum)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
