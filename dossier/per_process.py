"""One object per process, made on first use under a lock.

The settings, the template engine, the render pool and the LibreOffice pool are each held so:
`get` makes the object the first time (and again when `stale` says the one held cannot serve —
closed, or made by the parent before a fork), `replace` installs another or forgets it, `close`
forgets it and closes it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def _never(_: object) -> bool:
    return False


class PerProcess(Generic[T]):
    def __init__(self, make: Callable[[], T], stale: Callable[[T], bool] = _never) -> None:
        self._make, self._stale = make, stale
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        with self._lock:
            if self._value is None or self._stale(self._value):
                self._value = self._make()
            return self._value

    def peek(self) -> T | None:
        """The object held if it can serve, else None; never makes one (for a health check)."""
        with self._lock:
            value = self._value
        return None if value is None or self._stale(value) else value

    def replace(self, value: T | None) -> T | None:
        """Hold `value` from now on (None: make a new one on next use); returns the one held before."""
        with self._lock:
            old, self._value = self._value, value
        return old

    def close(self) -> T | None:
        """Forget the object held and close it (a pool: its processes stop); returns it."""
        old = self.replace(None)
        close = getattr(old, "close", None)
        if close is not None:
            close()
        return old

    def forget_in_child(self) -> None:
        """In a freshly forked child: drop the parent's object and a lock another thread may hold."""
        self._value, self._lock = None, threading.Lock()


def settle_after_start() -> None:
    """Once a long-lived process has started (a web worker with its app built, the job worker):
    collect what start-up left behind, then move every object alive into the collector's
    permanent generation (`gc.freeze`).

    Why: the modules, mapped classes, compiled statements and templates of a started process are
    ~170,000 objects that live as long as it does, and every full (gen-2) collection walked them
    all: a pass of 100–150 ms every 30–40 workflow steps (bench/bench_step.py). Frozen, a full
    collection walks only what came after. Not for a process that builds apps again and again
    (the tests): what is frozen is never collected.
    """
    gc.collect()
    gc.freeze()
