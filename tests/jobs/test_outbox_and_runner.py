"""The job core on real SQLite and PostgreSQL with a real Huey queue: enqueued with the action's
transaction (none lost, none sent for a rolled-back action), run at least once, units never done
twice, retried with back-off, cancelled, swept back after a silent worker."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from dossier.model import Job
from dossier.model.base import utcnow
from dossier.services.jobs import cancel_job, enqueue, job_status, sweep
from dossier.services.jobs.queue import RETRIES, RETRY_BACKOFF, RETRY_DELAY
from dossier.services.jobs.runner import claim, run_job
from tests.jobs.helpers import FAILURES, blob_count, counts, job_row


def ask(db, queue, n: int, actor_id: int | None = None, **params) -> int:
    with db.write() as session:
        return enqueue(session, "test_blobs", label="Thử", params={"n": n, **params}, actor_id=actor_id, total=n,
                       queue=queue).id


def test_a_rolled_back_action_leaves_no_job_and_sends_nothing(db, sqlite_queue) -> None:
    with pytest.raises(RuntimeError), db.write() as session:
        enqueue(session, "test_blobs", label="Thử", params={"n": 1}, actor_id=None, queue=sqlite_queue)
        raise RuntimeError("the user action failed after asking for the job")
    with db.read() as session:
        assert session.query(Job).count() == 0
    assert sqlite_queue.pending() == 0


def test_a_committed_job_is_sent_once_after_the_commit(db, sqlite_queue) -> None:
    job_id = ask(db, sqlite_queue, 3)
    job = job_row(db, job_id)
    assert (job.status, job.total, job.dispatched_at is not None, bool(job.task_id)) == ("queued", 3, True, True)
    assert sqlite_queue.pending() == 1
    assert json.loads(job.params_json) == {"n": 3}


def test_a_run_does_every_unit_once_and_a_second_delivery_does_nothing(db, sqlite_queue) -> None:
    job_id = ask(db, sqlite_queue, 5)
    assert run_job(db, job_id, worker="w1") == "done"
    assert run_job(db, job_id, worker="w2") == "skipped"  # the same message delivered twice
    assert counts(db, job_id) == {"items": 5, "plan_documents": 0, "done": 5, "total": 5, "attempts": 1}
    assert blob_count(db, job_id, 5) == 5
    assert job_row(db, job_id).note == "5 phần"


def test_a_failing_unit_is_retried_and_the_run_resumes_after_the_finished_units(db, sqlite_queue) -> None:
    job_id = ask(db, sqlite_queue, 6)
    FAILURES[(job_id, "u3")] = 1
    with pytest.raises(RuntimeError, match="unit u3 broke"):  # Huey sees the error and retries
        run_job(db, job_id, worker="w1")
    job = job_row(db, job_id)
    assert (job.status, job.done, job.attempts) == ("queued", 3, 1)
    assert "lần 1" in job.error and "unit u3 broke" in job.error
    assert run_job(db, job_id, worker="w1") == "done"
    assert counts(db, job_id)["items"] == 6 and blob_count(db, job_id, 6) == 6
    assert job_row(db, job_id).attempts == 2


def test_huey_retries_with_exponential_back_off() -> None:
    from huey import MemoryHuey

    from dossier.services.jobs import JobQueue

    task = JobQueue(MemoryHuey("t"))._run.s(1)
    assert (task.retries, task.retry_delay, task.retry_backoff) == (RETRIES, RETRY_DELAY, RETRY_BACKOFF)
    assert RETRY_BACKOFF > 1 and Job.max_attempts.default.arg == RETRIES + 1


def test_attempts_running_out_fail_the_job(db, sqlite_queue) -> None:
    job_id = ask(db, sqlite_queue, 2)
    with db.write() as session:
        session.get(Job, job_id).max_attempts = 1
    FAILURES[(job_id, "u0")] = 1
    assert run_job(db, job_id, worker="w1") == "failed"
    assert job_row(db, job_id).status == "failed"


def test_a_refused_unit_fails_the_job_at_once_with_its_message(db, sqlite_queue) -> None:
    job_id = ask(db, sqlite_queue, 3, refuse_at="u1")
    assert run_job(db, job_id, worker="w1") == "failed"
    job = job_row(db, job_id)
    assert (job.status, job.error, job.attempts) == ("failed", "Không có hồ sơ nào để lập.", 1)


def test_cancel_a_queued_job_drops_it_and_no_worker_runs_it(db, sqlite_queue, users) -> None:
    officer = users["chuyenvien"]
    job_id = ask(db, sqlite_queue, 3, actor_id=officer)
    assert cancel_job(db, officer, job_id, sqlite_queue).status == "cancelled"
    assert run_job(db, job_id, worker="w1") == "skipped"
    assert counts(db, job_id)["items"] == 0
    from dossier.errors import NotFound, Refused

    with pytest.raises(Refused):
        cancel_job(db, officer, job_id, sqlite_queue)
    with pytest.raises(NotFound):  # someone else's job does not exist for this user
        job_status(db, users["chuyenvien2"], job_id)


def test_cancel_a_running_job_stops_it_before_its_next_unit(db, sqlite_queue, users) -> None:
    officer = users["chuyenvien"]
    job_id = ask(db, sqlite_queue, 4, actor_id=officer)
    assert claim(db, job_id, "w1")
    cancel_job(db, officer, job_id, sqlite_queue)
    assert job_row(db, job_id).status == "running"  # the worker stops it at the next unit
    from dossier.services.jobs.registry import context_of, handler_for
    from dossier.services.jobs.runner import _run_units

    job = job_row(db, job_id)
    assert _run_units(db, handler_for("test_blobs"), context_of(job, db), "w1", set()) == "cancelled"
    assert (job_row(db, job_id).status, counts(db, job_id)["items"]) == ("cancelled", 0)


def test_the_sweeper_requeues_a_silent_job_and_sends_one_the_queue_never_got(db, sqlite_queue) -> None:
    silent = ask(db, sqlite_queue, 2)
    assert claim(db, silent, "dead-worker:1")
    with db.write() as session:  # a job whose after-commit hand-over never happened
        lost = Job(kind="test_blobs", label="Thử", params_json='{"n": 1}', status="queued",
                   created_at=utcnow() - timedelta(minutes=1))
        session.add(lost)
        session.flush()
        lost_id = lost.id
    before = sqlite_queue.pending()
    first = sweep(db, sqlite_queue, stale_seconds=60)
    assert (first.requeued, first.sent) == ((), (lost_id,))  # the silent job's heartbeat is still fresh
    assert job_row(db, lost_id).dispatched_at is not None
    swept = sweep(db, sqlite_queue, stale_seconds=60, now=utcnow() + timedelta(seconds=61))
    assert (swept.requeued, swept.sent) == ((silent,), (silent,))
    assert sqlite_queue.pending() == before + 2
    job = job_row(db, silent)
    assert job.status == "queued" and "chạy tiếp" in job.error
    assert run_job(db, silent, worker="w2") == "done"


def test_a_worker_taken_for_dead_stops_without_writing(db, sqlite_queue) -> None:
    job_id = ask(db, sqlite_queue, 3)
    assert claim(db, job_id, "slow:1")
    sweep(db, sqlite_queue, stale_seconds=1, now=utcnow() + timedelta(seconds=5))
    assert claim(db, job_id, "fresh:2")
    from dossier.services.jobs.registry import context_of, handler_for
    from dossier.services.jobs.runner import Superseded, _run_units

    with pytest.raises(Superseded):
        _run_units(db, handler_for("test_blobs"), context_of(job_row(db, job_id), db), "slow:1", set())
    assert counts(db, job_id)["items"] == 0
