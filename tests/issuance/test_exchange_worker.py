"""The exchange outbox runs on the job queue (issues 12 and 14): a real `dossier worker`, with no
`exchange send` loop, delivers an issued document's packages to a real HTTP gateway.

The gateway takes one package and then answers 503 (down); the worker's round defers the other
two. Once the back-off has run out (the rows' next attempt moved to now, as time would) and the
gateway is back, a later round sends them: every recipient receives its package exactly once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, update

from dossier.model import Job, OutboxMessage
from dossier.services.exchange_jobs import KIND
from tests.gateway import Gateway
from tests.issuance.test_exchange import SO_TAI_CHINH, TTKC, UBND, _issue_to_trinh, _outbox
from tests.issuance.test_exchange import directory as directory  # noqa: F401 (the fixture)
from tests.jobs.conftest import queue_settings
from tests.jobs.helpers import start_worker, stop, wait_for

pytestmark = pytest.mark.slow


def _states(db) -> dict[str, str]:
    """Each recipient's package state, once every package has been tried at least once."""
    with db.read() as session:
        rows = session.scalars(select(OutboxMessage)).all()
        return {row.agency.organ_id: row.state for row in rows} if all(r.attempts for r in rows) else {}


def test_a_worker_sends_every_package_once_through_a_gateway_that_goes_down(
        db, database_url: str, directory, pdf_maker, tmp_path: Path) -> None:  # noqa: F811
    issued_id = _issue_to_trinh(db, directory, pdf_maker)
    assert {state for _, state, _ in _outbox(db, issued_id)} == {"pending"}
    gateway = Gateway(down_after=1).start()
    settings = queue_settings(tmp_path, "sqlite" if database_url.startswith("sqlite") else "redis")
    env = {"DATABASE_URL": database_url, "DOSSIER_QUEUE_URL": settings.queue_url,
           "DOSSIER_QUEUE_NAME": settings.queue_name, "DOSSIER_JOB_STALE_SECONDS": "3",
           "DOSSIER_INSTANCE_PATH": str(settings.instance_path),
           "DOSSIER_EXCHANGE_URL": gateway.url, "DOSSIER_EXCHANGE_TOKEN": gateway.token}
    log = tmp_path / "worker.log"
    worker = start_worker(env, log)
    try:
        wait_for(lambda: sorted(_states(db).values()) == ["pending", "pending", "sent"], timeout=120)
        with db.read() as session:
            deferred = session.scalars(select(OutboxMessage).where(OutboxMessage.state == "pending")).all()
            assert all(r.attempts == 1 and r.last_error for r in deferred)
        assert gateway.posts == 3 and len(gateway.received) == 1
        gateway.down_after = None  # the gateway is back
        with db.write() as session:  # … and the 30 s back-off has run out
            session.execute(update(OutboxMessage).where(OutboxMessage.state == "pending")
                            .values(next_attempt_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
        wait_for(lambda: set(_states(db).values()) == {"sent"}, timeout=120)
    finally:
        stop(worker)
        gateway.stop()
    assert dict(gateway.deliveries) == {UBND: 1, SO_TAI_CHINH: 1, TTKC: 1}, log.read_text()[-3000:]
    assert gateway.posts == 5  # three first tries (two refused by the 503), two retries; no repeat
    with db.read() as session:
        jobs = session.scalars(select(Job).where(Job.kind == KIND).order_by(Job.id)).all()
        message_ids = set(session.scalars(select(OutboxMessage.message_id)))
    assert set(gateway.received) == message_ids
    assert len(jobs) >= 2 and all(j.status == "done" for j in jobs), [(j.status, j.error) for j in jobs]
    assert "1 đã gửi, 2 hẹn gửi lại" in jobs[0].note
