"""Enqueue in the caller's transaction, hand over after its commit, sweep up stragglers.

`enqueue(session, …)` adds the `jobs` row to the user action's own transaction and remembers
its id on the session; when that transaction commits, the listener below hands the id to the
queue (a rolled-back action leaves no row and sends nothing). If the hand-over fails (Redis
down, the process killed between commit and send), the row stays `queued` with no
`dispatched_at`, and `sweep` sends it later. `sweep` also puts back in the queue a running job
whose worker stopped beating (killed -9, machine lost): the next run resumes from its finished
units.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event, or_, select, update
from sqlalchemy.orm import Session

from dossier.model import Job
from dossier.model.base import utcnow
from dossier.services.jobs.queue import JobQueue, default_queue

log = logging.getLogger(__name__)
PENDING = "dossier.jobs.pending"
LOST = "Máy chạy nền dừng giữa chừng; công việc được chạy tiếp từ phần đã xong."
DISPATCH_GRACE = timedelta(seconds=5)  # the committing process is still sending it
RESEND_AFTER = timedelta(minutes=10)  # a message the queue lost (store flushed, file deleted)


def enqueue(session: Session, kind: str, *, label: str, params: dict[str, Any], actor_id: int | None,
            total: int = 0, queue: JobQueue | None = None) -> Job:
    """Add a job to the session's transaction; it goes to the queue when that transaction commits."""
    job = Job(kind=kind, label=label, params_json=json.dumps(params, ensure_ascii=False, sort_keys=True),
              total=total, created_by_id=actor_id, status="queued")
    session.add(job)
    session.flush()
    session.info.setdefault(PENDING, []).append((job.id, queue))
    return job


@event.listens_for(Session, "after_commit")
def _dispatch_after_commit(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    engine = session.get_bind()
    for job_id, queue in pending:
        dispatch(engine, job_id, queue)


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


def dispatch(engine: Engine, job_id: int, queue: JobQueue | None = None) -> bool:
    """Send "run job N" to the queue and note when; False (and a warning) if the queue refused."""
    queue = queue or default_queue()
    try:
        task_id = queue.dispatch(job_id)
    except Exception as exc:  # the row is safe; the sweeper sends it again
        log.warning("job %s not handed to the queue (%s); the sweeper will retry", job_id, exc)
        return False
    with engine.begin() as conn:
        conn.execute(update(Job).where(Job.id == job_id).values(dispatched_at=utcnow(), task_id=task_id))
    return True


@dataclass(frozen=True)
class Swept:
    requeued: tuple[int, ...]  # running jobs whose worker went silent
    sent: tuple[int, ...]  # queued jobs handed to the queue again


def sweep(db: Any, queue: JobQueue | None = None, *, stale_seconds: float = 60.0,
          now: datetime | None = None) -> Swept:
    """Requeue jobs whose worker went silent and send queued jobs the queue never got."""
    now = now or utcnow()
    with db.write() as session:
        stale = list(session.scalars(select(Job).where(
            Job.status == "running", Job.heartbeat_at < now - timedelta(seconds=stale_seconds)).with_for_update()))
        for job in stale:
            log.warning("job %s: worker %s silent since %s; back to the queue", job.id, job.worker, job.heartbeat_at)
            job.status, job.error, job.dispatched_at = "queued", LOST, None
        session.flush()
        unsent = list(session.scalars(select(Job.id).where(
            Job.status == "queued", Job.cancel_requested.is_(False),
            or_(Job.id.in_([j.id for j in stale]),
                (Job.dispatched_at.is_(None)) & (Job.created_at < now - DISPATCH_GRACE),
                Job.dispatched_at < now - RESEND_AFTER)).order_by(Job.id)))
    sent = tuple(job_id for job_id in unsent if dispatch(db.engine, job_id, queue))
    return Swept(tuple(j.id for j in stale), sent)
