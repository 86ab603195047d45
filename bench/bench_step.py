"""Benchmark: a workflow step with its documents against rendering those documents alone.

A step is everything `transitions.fire` does in its one transaction: load the dossier, the
guards (checks, caps, chronology, documents issued), the snapshot of what the documents cite,
the context of each template, the renders through the sandboxed pool, the content check, the
stored blobs and rows, the history and the audit chain. "Renders alone" are the same templates
rendered through the same pool from the very contexts the step stored. Issue 10 and issue 14
ask the step to stay within 1.3× of its renders.

Real services on a throw-away SQLite database holding the demo province; each round fires the
step on a fresh dossier, and the two sides alternate which goes first so host noise hits both
alike. Medians are what to read.

    .venv/bin/python -m bench.bench_step [--rounds 12]
"""

from __future__ import annotations

import json
import statistics
import tempfile
from datetime import timedelta
from functools import partial
from pathlib import Path

from sqlalchemy import select

from bench.common import median_ms, rounds, timed
from workflows import Trigger

STEPS = (Trigger.SUBMIT, Trigger.START_APPRAISAL)  # Đơn + Đề án; QĐ thành lập Hội đồng + Giấy mời


def _province(folder: Path):
    from dossier.db.migrate import upgrade
    from dossier.demo.seed import seed_province
    from dossier.services.uow import Database

    db = Database(f"sqlite:///{folder / 'bench.sqlite3'}")
    upgrade(db.engine)
    return db, seed_province(db)


def _inputs(trigger: str) -> dict[str, str]:
    from dossier.vn.vntime import today_vn

    if trigger == Trigger.START_APPRAISAL:  # the Giấy mời of today announces a meeting to come
        return {"meeting_date": (today_vn() + timedelta(days=7)).isoformat(), "meeting_time": "08 giờ 00",
                "meeting_place": "Phòng họp Sở Công Thương"}
    return {}


def _fire(db, users, dossier_id: int, trigger: str) -> list[int]:
    from tests.core.helpers import advance

    return advance(db, users, "chuyenvien", dossier_id, trigger, **_inputs(trigger)).document_ids


def _renders_alone(db, document_ids: list[int]) -> None:
    """The step's documents rendered again from the contexts it stored, nothing else."""
    from dossier.documents.bounded import render_document
    from dossier.model import GeneratedDocument
    from dossier.services.template_store import resolve_spec

    with db.read() as session:
        work = [(resolve_spec(session, d.template_id), json.loads(d.context_json)) for d in session.scalars(
            select(GeneratedDocument).where(GeneratedDocument.id.in_(document_ids)))]
    for spec, context in work:
        render_document(spec, context)


def _measure(db, users, trigger: str, n: int) -> tuple[list[float], list[float]]:
    from tests.core.helpers import new_dossier

    before = {Trigger.SUBMIT: (), Trigger.START_APPRAISAL: (Trigger.SUBMIT,)}[trigger]
    dossiers = [new_dossier(db, users) for _ in range(n + 1)]
    for dossier_id in dossiers:
        for earlier in before:
            _fire(db, users, dossier_id, earlier)
    previous = _fire(db, users, dossiers[0], trigger)
    _renders_alone(db, previous)  # warm: templates read, the pool started
    step, alone = [], []
    for i, dossier_id in enumerate(dossiers[1:]):
        fire = partial(_fire, db, users, dossier_id, trigger)
        if i % 2 == 0:  # the renders first (the previous step's documents: the same templates)
            alone.append(timed(partial(_renders_alone, db, previous))[0])
            seconds, previous = timed(fire)
            step.append(seconds)
        else:
            seconds, previous = timed(fire)
            step.append(seconds)
            alone.append(timed(partial(_renders_alone, db, previous))[0])
    return step, alone


def main(argv: list[str] | None = None) -> None:
    n = rounds(__doc__, 12, argv)
    with tempfile.TemporaryDirectory() as tmp:
        db, users = _province(Path(tmp))
        print(f"a step with its documents vs rendering them alone, {n} rounds each, one run")
        for trigger in STEPS:
            step, alone = _measure(db, users, trigger, n)
            ratio = statistics.median(step) / statistics.median(alone)
            print(f"  {trigger.value:16s} step    {median_ms(step)}")
            print(f"  {'':16s} renders {median_ms(alone)}   step ÷ renders = {ratio:.2f} (goal ≤ 1.3)")
        db.dispose()


if __name__ == "__main__":
    main()
