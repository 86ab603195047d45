"""Builders for the job tests: a plan with many dossiers (bulk rows, as bench/bench_web.py loads
them, plus the appraisal and approval records the plan documents select by), and a small job
kind whose units write blobs, to count what a run wrote."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from dossier.model import (
    Beneficiary,
    Blob,
    ContentGroup,
    Dossier,
    DossierItem,
    Job,
    JobItem,
    Plan,
    PlanDocument,
    TransitionRecord,
    User,
)
from dossier.services.documents import store_blob
from dossier.services.jobs import Handler, JobContext, register
from dossier.services.uow import Database
from dossier.vn.text import fold
from workflows.states import Status, Trigger

YEAR = 2026
STEPS = ((Trigger.RECORD_APPRAISAL, Status.UNDER_APPRAISAL, Status.APPRAISED, 2),
         (Trigger.APPROVE, Status.SUBMITTED_FOR_APPROVAL, Status.APPROVED, 3))
ROOT = Path(__file__).resolve().parents[2]


def plan_with_dossiers(db: Database, n: int, year: int = YEAR) -> int:
    """`n` approved dossiers of the officer's body in plan `year`, batch 1; returns the officer's id."""
    now = datetime.now(UTC)
    with db.write() as session:
        officer = session.scalars(select(User).where(User.username == "chuyenvien")).one()
        plan = session.scalars(select(Plan).where(Plan.year == year)).first()
        groups = list(session.scalars(select(ContentGroup).where(ContentGroup.programme_id == plan.programme_id)))
        for i in range(1, n + 1):
            name = f"Hợp tác xã mây tre đan số {i}"
            beneficiary = Beneficiary(organisation_id=officer.organisation_id, kind="htx", name=name,
                                      commune="xã Cam An", province="Khánh Hòa", representative="Nguyễn Văn An")
            title = f"Hỗ trợ máy chẻ nan tự động cho {name}"
            code = f"KC-{year}-{i:04d}"
            dossier = Dossier(code=code, title=title, owner_org_id=officer.organisation_id, beneficiary=beneficiary,
                              content_group_id=groups[i % len(groups)].id, support_type="may_moc_thiet_bi",
                              plan_id=plan.id, batch_id=plan.batches[0].id, location="xã Cam An, tỉnh Khánh Hòa",
                              commune="xã Cam An", start_date=date(year, 4, 1), end_date=date(year, 11, 30),
                              requested_support=150_000_000 + i * 1_000_000, status=Status.APPROVED.value, version=3,
                              created_by_id=officer.id, search_text=fold(f"{code} {title}"))
            session.add(dossier)
            session.flush()
            session.add(DossierItem(dossier_id=dossier.id, position=1, name="Máy chẻ nan tự động", quantity=1,
                                    unit="máy", unit_price=400_000_000, specification="", origin="Việt Nam"))
            for trigger, before, after, version in STEPS:
                session.add(TransitionRecord(dossier_id=dossier.id, trigger=trigger.value, from_status=before.value,
                                             to_status=after.value, actor_id=officer.id, at=now, version_after=version))
        return officer.id


def counts(db: Database, job_id: int) -> dict[str, int]:
    """What a job wrote: its recorded units, the plan documents, and its row's progress."""
    with db.read() as session:
        job = session.get(Job, job_id)
        return {"items": session.scalar(select(func.count()).select_from(JobItem).where(JobItem.job_id == job_id)),
                "plan_documents": session.scalar(select(func.count()).select_from(PlanDocument)),
                "done": job.done, "total": job.total, "attempts": job.attempts}


def wait_for(predicate: Any, timeout: float = 120.0, every: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not reached within {timeout} s")


def job_row(db: Database, job_id: int) -> Job:
    with db.read() as session:
        job = session.get(Job, job_id)
        session.expunge(job)
        return job


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`python -m dossier worker` as a user starts it, in its own process group (killed with -9)."""
    full = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "dossier", "worker", "--threads", "1"], cwd=ROOT, env=full,
                                stdout=out, stderr=out, start_new_session=True)


def kill_9(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


# ---- a small kind of job for the core tests: unit k stores the blob "unit k of job N" ----------

FAILURES: dict[tuple[int, str], int] = {}  # (job, key) → failures still to raise


def _units(ctx: JobContext) -> list[str]:
    return [f"u{k}" for k in range(ctx.params["n"])]


def _unit(session: Any, ctx: JobContext, key: str) -> dict[str, Any]:
    if FAILURES.get((ctx.job_id, key), 0) > 0:
        FAILURES[(ctx.job_id, key)] -= 1
        raise RuntimeError(f"unit {key} broke")
    if key == ctx.params.get("refuse_at"):
        from dossier.errors import Refused

        raise Refused(["Không có hồ sơ nào để lập."])
    data = f"unit {key} of job {ctx.job_id}".encode()
    import hashlib

    digest = hashlib.sha256(data).hexdigest()
    store_blob(session, digest, data)
    if ctx.params.get("sleep"):
        time.sleep(ctx.params["sleep"])
    return {"sha256": digest}


BLOBS = register(Handler("test_blobs", _units, _unit, lambda ctx, values: f"{len(values)} phần"))


def blob_count(db: Database, job_id: int, n: int) -> int:
    """How many of the job's unit blobs exist (each is stored once, or the test fails on the key)."""
    import hashlib

    shas = [hashlib.sha256(f"unit u{k} of job {job_id}".encode()).hexdigest() for k in range(n)]
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(Blob).where(Blob.sha256.in_(shas)))
