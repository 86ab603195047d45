"""What the benchmarks share: the --rounds argument, the LibreOffice check, timing (wall and CPU), medians."""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def rounds(doc: str | None, default: int, argv: list[str] | None) -> int:
    """The `--rounds N` of a bench's command line."""
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--rounds", type=int, default=default)
    return parser.parse_args(argv).rounds


def converter_missing() -> bool:
    """True, after saying why, when LibreOffice cannot convert on this machine."""
    from dossier.signing.convert import converter_status

    problem = converter_status()
    if problem:
        print(problem)
    return bool(problem)


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    """(seconds `fn` took, what it returned)."""
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def _descendants(pid: int) -> list[int]:
    """Every process below `pid` (Linux: /proc/…/task/…/children), e.g. the render pool's
    forkserver and the workers it forked."""
    found, todo = [], [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:  # gone meanwhile
                continue
            found += children
            todo += children
    return found


def _cpu_ns(pid: int) -> int:
    """CPU time of every thread of `pid` in ns (schedstat: exact, where /proc/…/stat counts 10 ms ticks)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
    return total


def _children_cpu() -> float:
    return sum(_cpu_ns(pid) for pid in _descendants(os.getpid())) / 1e9


def timed_cpu(fn: Callable[[], T]) -> tuple[float, float, T]:
    """(wall seconds, CPU seconds, what `fn` returned); the CPU is this process's and that of every
    process below it. The render pool's workers live on between renders, so `RUSAGE_CHILDREN`
    (children that ended and were waited for) never sees them; their own counters do. The
    children are read outside the parent's own window, so reading them is not counted."""
    children = _children_cpu()
    own = time.process_time()
    wall, result = timed(fn)
    own = time.process_time() - own
    return wall, own + _children_cpu() - children, result


def median_ms(samples: list[float]) -> str:
    """"median ms  [min–max]  n=…" of samples in seconds."""
    ms = sorted(s * 1000 for s in samples)
    return f"{statistics.median(ms):8.1f} ms  [{ms[0]:.1f}–{ms[-1]:.1f}]  n={len(ms)}"


def council_decision_draft(folder) -> tuple:
    """A throw-away SQLite database with the demo province and its PKI, and one dossier walked to
    appraisal: (database, users by login, dossier id, the id of its QĐ thành lập Hội đồng draft)."""
    from datetime import timedelta

    from sqlalchemy import select

    from dossier.db.migrate import upgrade
    from dossier.demo.pki import seed_demo_pki
    from dossier.demo.seed import seed_province
    from dossier.model import GeneratedDocument
    from dossier.services.uow import Database
    from dossier.vn.vntime import today_vn
    from tests.core.helpers import advance, new_dossier
    from workflows.states import Trigger

    db = Database(f"sqlite:///{folder / 'bench.sqlite3'}")
    upgrade(db.engine)
    users = seed_province(db)
    seed_demo_pki(db)
    dossier_id = new_dossier(db, users)
    advance(db, users, "chuyenvien", dossier_id, Trigger.SUBMIT)
    meeting = today_vn() + timedelta(days=7)  # the Giấy mời of today announces a meeting to come
    advance(db, users, "chuyenvien", dossier_id, Trigger.START_APPRAISAL, meeting_date=meeting.isoformat(),
            meeting_time="08 giờ 00", meeting_place="Phòng họp Sở Công Thương")
    with db.read() as session:
        draft = session.scalars(select(GeneratedDocument.id).where(
            GeneratedDocument.dossier_id == dossier_id,
            GeneratedDocument.template_id == "qd_thanh_lap_hoi_dong")).one()
    return db, users, dossier_id, draft


def medians_by_rps(results: dict[str, list[dict[str, float]]]) -> dict[str, dict[str, float]]:
    """Per page, the wrk run of median throughput, with the median req/s, all errors and every run's req/s."""
    medians = {}
    for name, rs in results.items():
        med = sorted(rs, key=lambda r: r["rps"])[len(rs) // 2]
        medians[name] = {**med, "rps": statistics.median(r["rps"] for r in rs),
                         "errors": sum(r["errors"] for r in rs), "runs": [r["rps"] for r in rs]}
    return medians
