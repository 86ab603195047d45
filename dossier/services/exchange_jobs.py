"""The exchange outbox on the job queue (issues 12 and 14): "Gửi văn bản điện tử liên thông".

Nobody clicks to send a package: every job worker's sweeper calls `schedule_due` on each round
(registry.PERIODIC), and when packages are due (just sealed, or a retry whose back-off has run
out) and no sending job is already waiting or running, it enqueues one whose units are those
outbox rows. Each unit sends one message through the configured transport with the outbox's own
lease (services/exchange/outbox.py): a message another sender holds, or one sent meanwhile, is
skipped; a unit cut short after the POST is sent again with the same message id, which the
gateway (HTTP 409) and the spool folder keep once. A deferred message is not retried inside the
job: its next attempt time is in the outbox row, and a later round enqueues a new job then.

So `make run` (its embedded worker) and production workers deliver packages without a separate
`dossier exchange send --every` loop; that command still works for a one-off push.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from sqlalchemy import select

from dossier.config import settings as process_settings
from dossier.exchange.transport import Transport
from dossier.model import Job
from dossier.services.exchange.outbox import due_ids, send_one, transport_from
from dossier.services.jobs import Handler, JobContext, JobQueue, enqueue, register
from dossier.services.jobs.lazy import Lazy
from dossier.services.jobs.registry import register_periodic
from dossier.services.uow import Database

log = logging.getLogger(__name__)
KIND = "exchange_send"
OUTCOMES = {"sent": "đã gửi", "deferred": "hẹn gửi lại", "refused": "bị từ chối", "skipped": "đã có nơi khác gửi"}
_transport: Lazy[Transport] = Lazy(lambda: transport_from(process_settings()))


def use_transport(transport: Transport | None) -> None:
    """The transport the worker sends with (None: from the settings on first use)."""
    _transport.put(transport)


def schedule_due(db: Database, queue: JobQueue | None = None) -> int | None:
    """Enqueue a sending job for the packages due now, unless one is waiting or running already;
    returns the new job's id (None: nothing due, or a job already on it)."""
    ids = due_ids(db)
    if not ids:
        return None
    with db.write() as session:
        busy = session.scalars(select(Job.id).where(Job.kind == KIND, Job.status.in_(("queued", "running")))
                               .limit(1)).first()
        if busy is not None:
            return None
        label = f"Gửi {len(ids)} gói tin văn bản điện tử liên thông"
        return enqueue(session, KIND, label=label, params={"outbox": ids}, actor_id=None, total=len(ids),
                       queue=queue).id


def _units(ctx: JobContext) -> list[str]:
    return [f"outbox:{i}" for i in ctx.params["outbox"]]


def _unit(session: Any, ctx: JobContext, key: str) -> str:
    # Not transactional: the POST happens between the lease's transaction and the settling one.
    return send_one(ctx.db, _transport.get(), int(key.partition(":")[2]))


def _summary(ctx: JobContext, values: dict[str, Any]) -> str:
    counts = Counter(values.values())
    parts = [f"{counts[k]} {label}" for k, label in OUTCOMES.items() if counts[k]]
    return "Gói tin liên thông: " + (", ".join(parts) or "không có") + "."


EXCHANGE_SEND = register(Handler(KIND, _units, _unit, _summary, transactional=False))
register_periodic(KIND, schedule_due)
