"""Run calls at the same moment on threads: what races for a row lock, a number or a token."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any


def at_once(calls: Sequence[Callable[[], Any]], timeout: float = 120) -> tuple[list[Any], list[BaseException]]:
    """Start every call on its own thread behind one barrier, so none begins before all are
    ready; wait for them. Returns what they returned (in no particular order) and what they raised."""
    start = threading.Barrier(len(calls))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(call: Callable[[], Any]) -> None:
        try:
            start.wait()
            results.append(call())
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results, errors
