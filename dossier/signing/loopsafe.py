"""Run pyHanko's synchronous API safely when the calling thread already runs an event loop.

pyHanko's sync entry points (sign_pdf, validate_pdf_signature) call asyncio.run(), which fails
with "cannot be called from a running event loop" inside async servers or next to Playwright's
sync API. In that case the call runs in a short-lived worker thread, which has no loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def call(fn: Callable[..., T], *args, **kwargs) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pyhanko") as executor:
        return executor.submit(fn, *args, **kwargs).result()
