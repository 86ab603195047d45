"""A worker killed with SIGKILL in the middle of the plan's 100 dossiers: the job resumes on another
worker, from its last finished unit, and makes no document twice (issue 14, "Done when").

Real processes: `python -m dossier worker` as an operator starts it, on real SQLite (queue in a
SQLite file) and real PostgreSQL (queue in Redis, the production pair).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from dossier.services.jobs import result_file
from dossier.services.plan_jobs import start_plan_documents
from tests.jobs.conftest import queue_settings
from tests.jobs.helpers import YEAR, counts, job_row, kill_9, plan_with_dossiers, start_worker, stop, wait_for

pytestmark = pytest.mark.slow
DOSSIERS = 100


def worker_env(database_url: str, settings) -> dict[str, str]:
    return {"DATABASE_URL": database_url, "DOSSIER_QUEUE_URL": settings.queue_url,
            "DOSSIER_QUEUE_NAME": settings.queue_name, "DOSSIER_JOB_STALE_SECONDS": "3",
            "DOSSIER_INSTANCE_PATH": str(settings.instance_path)}


def test_a_killed_worker_s_job_resumes_without_duplicates(db, database_url: str, users, tmp_path: Path) -> None:
    from dossier.services.jobs import JobQueue

    settings = queue_settings(tmp_path, "sqlite" if database_url.startswith("sqlite") else "redis")
    queue = JobQueue.from_settings(settings)
    officer = plan_with_dossiers(db, DOSSIERS)
    job_id = start_plan_documents(db, officer, YEAR, queue=queue)
    log = tmp_path / "workers.log"
    first = start_worker(worker_env(database_url, settings), log)
    try:
        wait_for(lambda: job_row(db, job_id).done >= 25, timeout=300)
        kill_9(first)
    finally:
        stop(first)
    cut = job_row(db, job_id)
    assert cut.status == "running" and 25 <= cut.done < 3 + DOSSIERS, (cut.status, cut.done)
    second = start_worker(worker_env(database_url, settings), log)
    try:
        wait_for(lambda: job_row(db, job_id).status in ("done", "failed"), timeout=300)
    finally:
        stop(second)
    job = job_row(db, job_id)
    assert (job.status, job.done, job.total, job.attempts) == ("done", 3 + DOSSIERS, 3 + DOSSIERS, 2), \
        log.read_text()[-3000:]
    assert counts(db, job_id)["items"] == 3 + DOSSIERS
    assert counts(db, job_id)["plan_documents"] == 3  # none made twice by the second run
    with zipfile.ZipFile(io.BytesIO(result_file(db, officer, job_id).data)) as archive:
        names = archive.namelist()
    archives = [n for n in names if n.startswith("ho_so_luu_tru/")]
    assert len(archives) == len(set(archives)) == DOSSIERS
    assert len([n for n in names if n.startswith("van_ban_ke_hoach/")]) == 3
    assert "back to the queue" in log.read_text()  # the second worker's sweeper took it back
