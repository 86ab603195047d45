"""`dossier worker` (run background jobs) and `dossier jobs` (list them, sweep, cancel)."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys

import click


def load_all_kinds() -> None:
    """The services' kinds and the demo's construction (a worker must be able to run every kind)."""
    from dossier.demo.job import register_demo_kind
    from dossier.services.jobs.kinds import load_kinds

    load_kinds()
    register_demo_kind()


def describe_queue(url: str | None) -> str:
    if not url:
        return "SQLite trong thư mục instance (máy này)"
    return url.split("@")[-1] if "@" in url else url  # never print a password


def start_local_worker() -> subprocess.Popen[bytes]:
    """A `dossier worker` beside this process (same environment), killed with it."""
    return subprocess.Popen([sys.executable, "-m", "dossier", "worker", "--exit-with", str(os.getpid())],
                            stdin=subprocess.DEVNULL)


def stop_local_worker(proc: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """SIGINT (the unit in hand finishes), then SIGKILL if it does not stop in time."""
    from dossier.child_processes import stop_child

    stop_child(proc, signal.SIGINT, timeout)


@click.command("worker")
@click.option("--threads", default=2, show_default=True, type=int, help="jobs run at the same time")
@click.option("--exit-with", type=int, hidden=True, help="stop when this process (run-demo) dies")
def worker(threads: int, exit_with: int | None) -> None:
    """Run background jobs until interrupted (SIGINT finishes the unit in hand; SIGTERM stops at once)."""
    from dossier.cli.settings import cli_settings, open_database
    from dossier.per_process import settle_after_start
    from dossier.services.jobs import JobQueue, install_queue
    from dossier.services.jobs.worker import work, worker_name

    if exit_with:
        from dossier.child_processes import die_with_parent

        die_with_parent(exit_with)
    settings = cli_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("transitions").setLevel(logging.WARNING)  # every state callback, at INFO
    load_all_kinds()
    queue = install_queue(JobQueue.from_settings(settings))
    db = open_database()
    settle_after_start()  # started: what it holds now lives as long as the worker
    click.echo(f"Worker {worker_name()}: queue {describe_queue(settings.queue_url)} ({settings.queue_name}), "
               f"{threads} threads, database {db.dialect}")
    try:
        work(db, queue, threads=threads, stale_seconds=settings.job_stale_seconds)
    finally:
        db.dispose()


@click.command("jobs")
@click.option("--sweep", is_flag=True, help="Requeue jobs whose worker died and send jobs the queue never got.")
def jobs_command(sweep: bool) -> None:
    """The background jobs: state and progress (newest first)."""
    from dossier.cli.settings import cli_settings, open_database
    from dossier.services.jobs import JobQueue
    from dossier.services.jobs import sweep as sweep_jobs
    from dossier.services.jobs.actions import recent_jobs

    db = open_database()
    try:
        if sweep:
            settings = cli_settings()
            swept = sweep_jobs(db, JobQueue.from_settings(settings), stale_seconds=settings.job_stale_seconds)
            click.echo(f"requeued {list(swept.requeued)}, sent {list(swept.sent)}")
        for job in recent_jobs(db):
            click.echo(f"{job.id:6d}  {job.status:9s}  {job.done:5d}/{job.total:<5d}  {job.kind:15s}  {job.label}"
                       + (f"  [{job.error}]" if job.error else ""))
    finally:
        db.dispose()


job_commands = [worker, jobs_command]
