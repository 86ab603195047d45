"""A job worker: Huey's consumer (threads) plus the sweeper that hands lost jobs back.

`dossier worker` runs this in the foreground on any machine that reaches the database and the
queue; `make run` / `dossier run-demo` start one beside the web server and stop it with it.
Huey's consumer stops gracefully on SIGINT (the job in hand finishes its unit) and at once on
SIGTERM; either way a job cut short is resumed from its last finished unit.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from typing import Any

from dossier.services.jobs.outbox import sweep
from dossier.services.jobs.queue import JobQueue, WorkerRuntime, install_runtime
from dossier.services.jobs.registry import PERIODIC

log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def sweep_interval(stale_seconds: float) -> float:
    return max(0.5, min(stale_seconds / 3, 20.0))


class Sweeper(threading.Thread):
    """Every few seconds: requeue jobs whose worker went silent, send jobs the queue never got, and
    let the periodic hooks (registry.PERIODIC) enqueue the work that is due."""

    def __init__(self, db: Any, queue: JobQueue, stale_seconds: float) -> None:
        super().__init__(name="job-sweeper", daemon=True)
        self.db, self.queue, self.stale_seconds = db, queue, stale_seconds
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                swept = sweep(self.db, self.queue, stale_seconds=self.stale_seconds)
                if swept.requeued or swept.sent:
                    log.info("sweeper: requeued %s, sent %s", list(swept.requeued), list(swept.sent))
            except Exception:  # a database hiccup must not end the sweeper
                log.exception("sweeper failed; trying again")
            for name, hook in list(PERIODIC.items()):
                try:
                    hook(self.db, self.queue)
                except Exception:  # nor one periodic hook the others
                    log.exception("periodic %s failed; trying again next round", name)
            self.stopped.wait(sweep_interval(self.stale_seconds))


def work(db: Any, queue: JobQueue, *, threads: int = 2, stale_seconds: float = 60.0) -> None:
    """Run jobs until SIGINT/SIGTERM (blocks; must be the process's main thread)."""
    install_runtime(WorkerRuntime(db, worker_name(), stale_seconds))
    sweeper = Sweeper(db, queue, stale_seconds)
    sweeper.start()
    try:
        queue.consumer(threads).run()
    finally:
        sweeper.stopped.set()
        install_runtime(None)
