"""Running one job in a worker: claim it, do its units one transaction each, finish or retry.

At least once, never twice per unit: the claim is one conditional UPDATE (queued → running), so
two deliveries of the same message cannot both run it; each unit commits with its `job_items`
row, the progress count and the heartbeat, so a run killed mid-way loses at most the unit in
hand, and the next run (after the sweeper requeues it) starts after the last recorded unit.
Cancellation is checked before every unit. A DossierError (the work is refused: no dossiers,
no access) fails the job at once with its Vietnamese message; any other error is retried by
Huey with back-off until the job's attempts run out.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from sqlalchemy import func, select, update

from dossier import metrics
from dossier.errors import DossierError
from dossier.model import Job, JobItem
from dossier.model.base import utcnow
from dossier.services.jobs.registry import Handler, JobContext, context_of, handler_for

log = logging.getLogger(__name__)
UNEXPECTED = "Lỗi hệ thống khi chạy công việc (lần {n}): {detail}"


class Superseded(Exception):
    """Another worker owns this job now (this one was taken for dead): stop without writing."""


def claim(db: Any, job_id: int, worker: str) -> bool:
    """queued → running for this worker, in one statement; False if not queued (done, taken, cancelled)."""
    now = utcnow()
    with db.write() as session:
        claimed = session.execute(
            update(Job).where(Job.id == job_id, Job.status == "queued", Job.cancel_requested.is_(False))
            .values(status="running", attempts=Job.attempts + 1, worker=worker, heartbeat_at=now,
                    started_at=func.coalesce(Job.started_at, now), error=""))
        return claimed.rowcount == 1


def run_job(db: Any, job_id: int, *, worker: str, stale_seconds: float = 60.0) -> str:
    """Run the job if it can be claimed; returns its status afterwards ("skipped" if not claimed)."""
    if not claim(db, job_id, worker):
        return "skipped"
    started, outcome, kind = time.monotonic(), "retry", ""
    try:
        outcome, kind = _run_claimed(db, job_id, worker)
        return outcome
    finally:  # Prometheus: every run counted by kind and outcome ("retry" when it raised for Huey)
        metrics.job_done(kind or _kind_of(db, job_id), outcome, time.monotonic() - started)


def _kind_of(db: Any, job_id: int) -> str:
    with db.read() as session:
        return session.get(Job, job_id).kind


def _run_claimed(db: Any, job_id: int, worker: str) -> tuple[str, str]:
    with db.read() as session:
        job = session.get(Job, job_id)
        ctx, attempts, max_attempts, kind = context_of(job, db), job.attempts, job.max_attempts, job.kind
        handler = handler_for(kind)
        finished = set(session.scalars(select(JobItem.key).where(JobItem.job_id == job_id)))
    try:
        if handler is None:
            raise DossierError(f"unknown job kind {kind}", message="Loại công việc này không còn được hỗ trợ.")
        status = _run_units(db, handler, ctx, worker, finished)
        if status == "running":
            status = _finish(db, handler, ctx, worker)
        return status, kind
    except Superseded:
        log.warning("job %s: taken over by another worker; %s stops", job_id, worker)
        return "superseded", kind
    except DossierError as exc:
        _end(db, job_id, worker, "failed", error=exc.message)
        return "failed", kind
    except Exception as exc:
        log.exception("job %s failed (attempt %s of %s)", job_id, attempts, max_attempts)
        error = UNEXPECTED.format(n=attempts, detail=str(exc)[:300])
        if attempts >= max_attempts:
            _end(db, job_id, worker, "failed", error=error)
            return "failed", kind
        _end(db, job_id, worker, "queued", error=error, retry=True)
        raise  # Huey schedules the retry with its back-off


def _owned(session: Any, job_id: int, worker: str) -> Job:
    job = session.scalars(select(Job).where(Job.id == job_id).with_for_update()).one()
    if job.status != "running" or job.worker != worker:
        raise Superseded(job_id)
    return job


def _run_units(db: Any, handler: Handler, ctx: JobContext, worker: str, finished: set[str]) -> str:
    keys = handler.units(ctx)
    for position, key in enumerate(keys):
        if key in finished:
            continue
        value = None if handler.transactional else handler.unit(None, ctx, key)
        with db.write() as session:
            job = _owned(session, ctx.job_id, worker)
            if job.cancel_requested:
                job.status, job.finished_at = "cancelled", utcnow()
                return "cancelled"
            if handler.transactional:
                value = handler.unit(session, ctx, key)
            session.add(JobItem(job_id=ctx.job_id, key=key, position=position,
                                value_json=json.dumps(value, ensure_ascii=False, sort_keys=True)))
            job.done, job.total, job.heartbeat_at = job.done + 1, len(keys), utcnow()
    return "running"


def item_values(session: Any, job_id: int) -> dict[str, Any]:
    """The finished units' values by key, in unit order."""
    items = session.scalars(select(JobItem).where(JobItem.job_id == job_id).order_by(JobItem.position))
    return {item.key: json.loads(item.value_json) for item in items}


def _finish(db: Any, handler: Handler, ctx: JobContext, worker: str) -> str:
    with db.write() as session:
        job = _owned(session, ctx.job_id, worker)
        job.note = handler.summary(ctx, item_values(session, ctx.job_id))
        job.status, job.finished_at, job.error = "done", utcnow(), ""
        job.done = job.total = max(job.total, job.done)
    return "done"


def _end(db: Any, job_id: int, worker: str, status: str, *, error: str, retry: bool = False) -> None:
    with db.write() as session:
        job = session.get(Job, job_id)
        if job is None or job.status != "running" or job.worker != worker:
            return
        job.status, job.error = status, error
        if retry:
            job.dispatched_at = utcnow()  # Huey holds the retry; the sweeper must not resend it yet
        else:
            job.finished_at = utcnow()
