"""One object a process builds from its settings on first use, which an entry point or a test may
put in instead (the job queue, the worker's runtime, the transport and the converters jobs use)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Lazy(Generic[T]):
    """`get()` builds the value with `build` the first time; `put(None)` forgets it."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        with self._lock:
            if self._value is None:
                self._value = self._build()
            return self._value

    def put(self, value: T | None) -> None:
        with self._lock:
            self._value = value
