"""The workflow engine with thousands of dossiers: our shared machine vs one Machine per dossier.

transitions' users reported >1 GB for 1,000 ORM objects with a machine each (issue #146); we use
one machine and a throw-away cursor per decision. Both variants decide the same 10,000 `submit`
steps in one run; memory is what stays allocated afterwards (tracemalloc), time is per decision.
`python -m bench.bench_workflow [--dossiers N]`.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections.abc import Callable
from datetime import date

from transitions import Machine

from workflows import STEPS, Facts, Role, Status, Trigger, decide

FACTS = Facts(today=date(2026, 1, 5), title="Đề án", has_beneficiary=True, content_group="G1", location="xã",
              start_date=date(2026, 3, 1), end_date=date(2026, 11, 30), item_count=1, total=290_000_000,
              support=130_000_000)
OFFICER = frozenset({Role.OFFICER})


class Record:
    """Stand-in for a loaded dossier kept in memory (as an ORM identity map would)."""

    def __init__(self) -> None:
        self.state = Status.DRAFT.value


def _measure(n: int, submitted: Callable[[], Record]) -> tuple[float, int]:
    """µs per dossier and the bytes still held once `n` dossiers are submitted and kept."""
    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    kept = [submitted() for _ in range(n)]
    elapsed = time.perf_counter() - started
    gc.collect()
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    return elapsed / n * 1e6, size


def per_dossier_machines(n: int) -> tuple[float, int]:
    transitions = [{"trigger": s.trigger, "source": [x.value for x in s.sources], "dest": s.dest.value}
                   for s in STEPS if s.when is None]

    def submitted() -> Record:
        record = Record()
        Machine(model=record, states=[s.value for s in Status], transitions=transitions,
                initial=Status.DRAFT.value, auto_transitions=False)
        record.submit()
        return record

    return _measure(n, submitted)


def shared_machine(n: int) -> tuple[float, int]:
    def submitted() -> Record:
        record = Record()
        record.state = decide(record.state, Trigger.SUBMIT, OFFICER, FACTS).dest.value
        return record

    return _measure(n, submitted)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=10_000)
    args = parser.parse_args(argv)
    ours_us, ours_bytes = shared_machine(args.dossiers)
    theirs_us, theirs_bytes = per_dossier_machines(args.dossiers)
    print(f"{args.dossiers} dossiers, one 'submit' decision each")
    print(f"  one machine per dossier: {theirs_us:8.1f} µs/decision  {theirs_bytes / 2**20:8.1f} MiB kept")
    print(f"  shared machine (ours):   {ours_us:8.1f} µs/decision  {ours_bytes / 2**20:8.1f} MiB kept")
    print(f"  ratio: {theirs_us / ours_us:4.1f}× faster, {theirs_bytes / max(ours_bytes, 1):6.0f}× less memory")


if __name__ == "__main__":
    main()
