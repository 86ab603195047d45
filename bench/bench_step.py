"""Benchmark: a workflow step with its documents against rendering those documents alone.

A step is everything `transitions.fire` does in its one transaction (the version the page
showed is read before the clock starts): load the dossier, the
guards (checks, caps, chronology, documents issued), the snapshot of what the documents cite,
the context of each template, the renders through the sandboxed pool, the stored blobs and
rows, the history and the audit chain, the commit. "Renders alone" are the same templates
rendered through the same pool from the very contexts the step stored (read before the clock
starts; each render is checked to give the step's own bytes, so both sides do the same render
work). The content check is on neither side: it runs when a document is issued
(`coherence.refuse_faulted`, inside a step only for the rows that sign), not when a step drafts.
Issue 10 and issue 14 ask the step to stay within 1.3× of its renders.

Real services on a throw-away SQLite database holding the demo province; each round fires the
step on a fresh dossier, and the two sides alternate which goes first
(a round's pair also gives a ratio of its own: its median is printed beside). Two costs per sample:
wall time, and CPU time of the whole process tree — this process plus the render pool's
forkserver and workers, read from their own counters (bench.common.timed_cpu). On a shared,
loaded machine the wall time mostly measures waiting for a core; the CPU time does not, and is
the figure to read there (it leaves out what SQLite waits for the disk: on a quiet machine the
wall ratio says that). Medians are what to read.

    .venv/bin/python -m bench.bench_step [--rounds 12]
"""

from __future__ import annotations

import json
import statistics
import tempfile
from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import partial
from pathlib import Path

from sqlalchemy import select

from bench.common import median_ms, rounds, timed_cpu
from workflows.states import Trigger

# Each step with the steps before it: Đơn + Đề án; QĐ thành lập Hội đồng + Giấy mời.
STEPS = {Trigger.SUBMIT: (), Trigger.START_APPRAISAL: (Trigger.SUBMIT,)}


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


def _step(db, users, dossier_id: int, trigger: str) -> Callable[[], tuple[int, ...]]:
    """The step as a page fires it: with the version the page showed (read here, before the clock)."""
    from dossier.services.transitions import fire
    from tests.core.helpers import version_of

    version, inputs = version_of(db, dossier_id), _inputs(trigger)
    return lambda: fire(db, actor_id=users["chuyenvien"], dossier_id=dossier_id, trigger=trigger,
                        expected_version=version, inputs=inputs).document_ids


def _documents(db, document_ids: Iterable[int]) -> list[tuple]:
    """(template, stored context, sha256) of each document: what rendering them alone takes."""
    from dossier.model import GeneratedDocument
    from dossier.services.template_store import resolve_spec

    with db.read() as session:
        return [(resolve_spec(session, d.template_id), json.loads(d.context_json), d.sha256)
                for d in session.scalars(select(GeneratedDocument).where(GeneratedDocument.id.in_(document_ids))
                                         .order_by(GeneratedDocument.id))]


def _render_alone(work: list[tuple]) -> list[bool]:
    """The documents rendered again through the step's pool, nothing else; whether each gave its bytes."""
    from dossier.documents.bounded import render_document

    return [render_document(spec, context).sha256 == sha256 for spec, context, sha256 in work]


def _measure(db, users, trigger: str, n: int) -> dict[str, list[float]]:
    from tests.core.helpers import new_dossier

    dossiers = [new_dossier(db, users) for _ in range(n + 1)]
    for dossier_id in dossiers:
        for earlier in STEPS[trigger]:
            _fire(db, users, dossier_id, earlier)
    work = _documents(db, _fire(db, users, dossiers[0], trigger))
    _render_alone(work)  # warm: templates read, the pool started
    samples: dict[str, list[float]] = {"step": [], "step_cpu": [], "alone": [], "alone_cpu": []}

    def alone() -> None:
        wall, cpu, same = timed_cpu(partial(_render_alone, work))
        if not all(same):
            raise AssertionError("a render alone did not give the bytes the step stored")
        samples["alone"].append(wall)
        samples["alone_cpu"].append(cpu)

    for i, dossier_id in enumerate(dossiers[1:]):
        if i % 2 == 0:  # the renders first (the previous step's documents: the same templates)
            alone()
        wall, cpu, ids = timed_cpu(_step(db, users, dossier_id, trigger))
        samples["step"].append(wall)
        samples["step_cpu"].append(cpu)
        work = _documents(db, ids)
        if i % 2 == 1:
            alone()
    return samples


def main(argv: list[str] | None = None) -> None:
    n = rounds(__doc__, 12, argv)
    with tempfile.TemporaryDirectory() as tmp:
        db, users = _province(Path(tmp))
        print(f"a step with its documents vs rendering them alone, {n} rounds each, one run")
        for trigger in STEPS:
            samples = _measure(db, users, trigger, n)
            for label, step, alone in (("CPU", samples["step_cpu"], samples["alone_cpu"]),
                                       ("wall", samples["step"], samples["alone"])):
                ratio = statistics.median(step) / statistics.median(alone)
                paired = statistics.median(s / a for s, a in zip(step, alone, strict=True))
                print(f"  {trigger:16s} {label:4s} step    {median_ms(step)}")
                print(f"  {'':16s} {'':4s} renders {median_ms(alone)}   step ÷ renders = {ratio:.2f} "
                      f"(round by round {paired:.2f}; goal ≤ 1.3)")
        db.dispose()


if __name__ == "__main__":
    main()
