"""The job queue: Huey, over a SQLite file (the embedded default), Redis or PostgreSQL.

Huey carries one kind of message, "run job N"; everything else about a job (what, for whom, how
far, the result) lives in the application's own `jobs` table, written in the transaction that
asked for the job (outbox.py). Huey does not promise at-least-once delivery (a message a killed
worker had taken is gone), so the table is the truth and the sweeper (outbox.sweep) hands a job
to the queue again when its worker stopped beating. Why Huey: docs/JOBS.md.

Which store: ``DOSSIER_QUEUE_URL`` — unset: a SQLite file in the instance folder, read by a
worker on this machine (`make run` starts one beside the web server); ``redis://…``: Redis,
for workers on other machines (`dossier worker`); ``postgresql://…``: Huey's PostgreSQL
storage (LISTEN/NOTIFY, SKIP LOCKED); ``sqlite:///path``: that file; ``immediate``: run each
job in the process that enqueued it, as soon as its transaction commits (tests, one-off CLI).
"""

from __future__ import annotations

import logging
from typing import Any

from huey import Huey, MemoryHuey, PostgresHuey, RedisHuey, SqliteHuey

from dossier.config import Settings
from dossier.config import settings as process_settings
from dossier.services.jobs.lazy import Lazy

log = logging.getLogger(__name__)

# Huey's own retry with exponential back-off: 2 s, 4 s, 8 s, 16 s between the five attempts a job
# gets (Job.max_attempts); a run that crashed the whole worker is handed back by the sweeper.
RETRIES = 4
RETRY_DELAY = 2
RETRY_BACKOFF = 2.0


def make_huey(settings: Settings) -> Huey:
    """The Huey instance for the configured store (see the module docstring)."""
    url, name = settings.queue_url, settings.queue_name
    if not url:
        return SqliteHuey(name, filename=str(settings.instance() / "jobs-queue.sqlite3"))
    if url == "immediate":
        return MemoryHuey(name, immediate=True)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(name, url=url)
    if url.startswith(("postgres://", "postgresql://")):
        return PostgresHuey(name, dsn=url.replace("postgresql+psycopg://", "postgresql://"))
    if url.startswith("sqlite:///"):
        return SqliteHuey(name, filename=url.removeprefix("sqlite:///"))
    raise ValueError(f"DOSSIER_QUEUE_URL: unknown queue store {url!r} (redis://, postgresql://, sqlite:///, immediate)")


class JobQueue:
    """A Huey instance with the one task it runs: the job whose id the message carries."""

    def __init__(self, huey: Huey) -> None:
        self.huey = huey
        self._run = huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=RETRY_BACKOFF,
                              name="dossier.run_job")(_run_job)

    @classmethod
    def from_settings(cls, settings: Settings) -> JobQueue:
        return cls(make_huey(settings))

    @property
    def immediate(self) -> bool:
        return bool(self.huey.immediate)

    def dispatch(self, job_id: int) -> str:
        """Hand the job to the queue; returns the queue's id of this message."""
        return self._run(job_id).id

    def revoke(self, task_id: str) -> None:
        """Drop a message not yet taken by a worker (cancel); a taken one is stopped by the runner."""
        if task_id:
            self.huey.revoke_by_id(task_id, revoke_once=True)

    def pending(self) -> int:
        return self.huey.pending_count()

    def consumer(self, workers: int) -> Any:
        """Huey's consumer with `workers` threads (rendering and LibreOffice run in their own pools)."""
        return self.huey.create_consumer(workers=workers, worker_type="thread", periodic=False,
                                         initial_delay=0.1, backoff=1.15, max_delay=1.0)


def _run_job(job_id: int) -> str:
    from dossier.services.jobs.runner import run_job

    runtime = worker_runtime()
    return run_job(runtime.db, job_id, worker=runtime.name, stale_seconds=runtime.stale_seconds)


class WorkerRuntime:
    """What a task needs in the process that runs it: the database and the worker's name."""

    def __init__(self, db: Any, name: str, stale_seconds: float) -> None:
        self.db, self.name, self.stale_seconds = db, name, stale_seconds


def _runtime_from_settings() -> WorkerRuntime:
    """In immediate mode (no worker process) the runtime is made from the settings."""
    import os
    import socket

    from dossier.services.uow import Database

    current = process_settings()
    return WorkerRuntime(Database(current.database_url), f"{socket.gethostname()}:{os.getpid()}",
                         current.job_stale_seconds)


_queue: Lazy[JobQueue] = Lazy(lambda: JobQueue.from_settings(process_settings()))
_runtime: Lazy[WorkerRuntime] = Lazy(_runtime_from_settings)


def default_queue() -> JobQueue:
    """The process's queue, built from its settings on first use."""
    return _queue.get()


def install_queue(queue: JobQueue | None) -> JobQueue | None:
    """Make `queue` the process's queue (entry points, tests); None forgets it."""
    _queue.put(queue)
    return queue


def install_runtime(runtime: WorkerRuntime | None) -> None:
    _runtime.put(runtime)


def worker_runtime() -> WorkerRuntime:
    """The worker's runtime; in immediate mode (no worker process) one made from the settings."""
    return _runtime.get()
