"""What the benchmarks share: the --rounds argument, the LibreOffice check, timing, medians."""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
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


def median_ms(samples: list[float]) -> str:
    """"median ms  [min–max]  n=…" of samples in seconds."""
    ms = sorted(s * 1000 for s in samples)
    return f"{statistics.median(ms):8.1f} ms  [{ms[0]:.1f}–{ms[-1]:.1f}]  n={len(ms)}"
