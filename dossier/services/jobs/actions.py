"""What a user sees and does with their jobs: progress, the list, cancel, the result file.

A job is its creator's: its result may list beneficiaries and amounts, so another user gets
"not found", as for a dossier outside their scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from dossier.errors import NotFound, Refused
from dossier.model import JOB_STATUS_LABELS, Job
from dossier.model.base import utcnow
from dossier.model.jobs import FINISHED
from dossier.services.jobs.queue import JobQueue, default_queue
from dossier.services.jobs.registry import ResultFile, context_of, handler_for
from dossier.services.jobs.runner import item_values
from dossier.services.uow import Database


@dataclass(frozen=True)
class JobView:
    id: int
    kind: str
    label: str
    status: str
    status_label: str
    done: int
    total: int
    attempts: int
    error: str
    note: str
    has_result: bool
    created_at: datetime
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    def as_json(self) -> dict[str, Any]:
        """The progress endpoint's answer (web/static/jobs.js reads it)."""
        return {"id": self.id, "status": self.status, "status_label": self.status_label, "done": self.done,
                "total": self.total, "percent": self.percent, "finished": self.finished, "error": self.error,
                "note": self.note, "has_result": self.has_result, "attempts": self.attempts}


def view_of(job: Job) -> JobView:
    handler = handler_for(job.kind)
    return JobView(job.id, job.kind, job.label, job.status, JOB_STATUS_LABELS.get(job.status, job.status), job.done,
                   job.total, job.attempts, job.error, job.note,
                   job.status == "done" and handler is not None and handler.result is not None,
                   job.created_at, job.finished_at)


def _own(session: Any, actor_id: int, job_id: int) -> Job:
    job = session.get(Job, job_id)
    if job is None or job.created_by_id != actor_id:
        raise NotFound(f"Không tìm thấy công việc số {job_id}.")
    return job


def job_status(db: Database, actor_id: int, job_id: int) -> JobView:
    with db.read() as session:
        return view_of(_own(session, actor_id, job_id))


def my_jobs(db: Database, actor_id: int, limit: int = 50) -> list[JobView]:
    with db.read() as session:
        jobs = session.scalars(select(Job).where(Job.created_by_id == actor_id).order_by(Job.id.desc()).limit(limit))
        return [view_of(job) for job in jobs]


def recent_jobs(db: Database, limit: int = 30) -> list[JobView]:
    """Everyone's newest jobs (the `dossier jobs` command, for the operator)."""
    with db.read() as session:
        return [view_of(job) for job in session.scalars(select(Job).order_by(Job.id.desc()).limit(limit))]


def latest_of_kind(db: Database, kind: str) -> JobView | None:
    """The newest job of a kind (the demo's construction, shown on the sign-in page)."""
    with db.read() as session:
        job = session.scalars(select(Job).where(Job.kind == kind).order_by(Job.id.desc()).limit(1)).first()
        return view_of(job) if job is not None else None


def cancel_job(db: Database, actor_id: int, job_id: int, queue: JobQueue | None = None) -> JobView:
    """Cancel: a queued job at once (and its message dropped); a running one before its next unit."""
    with db.write() as session:
        job = _own(session, actor_id, job_id)
        if job.status in FINISHED:
            raise Refused([f"Công việc đã kết thúc ({JOB_STATUS_LABELS[job.status].lower()}), không hủy được nữa."])
        if job.status == "queued":
            job.status, job.finished_at = "cancelled", utcnow()
        job.cancel_requested = True
        task_id, view = job.task_id, view_of(job)
    (queue or default_queue()).revoke(task_id)
    return view


def result_file(db: Database, actor_id: int, job_id: int) -> ResultFile:
    """The finished job's file, assembled from its units (stored once, in the units' own rows)."""
    with db.read() as session:
        job = _own(session, actor_id, job_id)
        handler = handler_for(job.kind)
        if job.status != "done" or handler is None or handler.result is None:
            raise NotFound("Công việc chưa xong hoặc không có tệp kết quả.")
        return handler.result(session, context_of(job, db), item_values(session, job_id))
