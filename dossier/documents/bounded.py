"""Rendering in worker processes with a wall-clock timeout, RLIMIT_AS, RLIMIT_CPU and an output cap.

Why: the sandbox stops templates from reaching Python internals but not from burning CPU. Two
nested loops of 100 000 items each pass the sandbox (MAX_RANGE limits one range only) and never
finish (architecture.md B1). So untrusted templates render in a child process that we can kill.

Why a persistent pool: a fresh interpreter plus ``import docxtpl`` costs ~120 ms, three times a
render (baselines.md §1), and the per-process compiled-part cache (engine.py) only pays off when
the process lives on. A worker that times out is killed and replaced; a worker is also recycled
after ``max_jobs`` renders so slow leaks cannot accumulate. Workers are started with
"forkserver" by default (forking a threaded web process directly can deadlock the child).
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing as mp
import os
import queue
import resource
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dossier.config import settings

from .catalog import TemplateSpec
from .engine import RenderedDocument, TemplateEngine
from .errors import DocumentError, RenderFailed, RenderTimeout
from .plaindata import plain_context


@dataclass(frozen=True)
class Limits:
    """Resource limits of one render."""

    timeout_s: float = 20.0
    memory_bytes: int = 1 << 30  # RLIMIT_AS of the worker process
    cpu_seconds: int = 30  # RLIMIT_CPU per job (the wall-clock timeout usually fires first)
    max_output_bytes: int = 50 << 20
    max_jobs: int = 500  # recycle a worker after this many renders


def _set_cpu_budget(seconds: int) -> None:
    # RLIMIT_CPU counts the whole life of the process, so each job gets "used so far + budget".
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime) + seconds + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _worker_main(conn, limits: Limits) -> None:
    """Worker loop: receive a job, render it, send back (status, result or exception, retire)."""
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    engine: TemplateEngine | None = None
    templates: dict[str, bytes] = {}  # sha256 → template bytes already sent to this worker
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        sha, docx, template_id, version, context = job
        if docx is not None:
            templates[sha] = docx
        _set_cpu_budget(limits.cpu_seconds)
        try:
            engine = engine or TemplateEngine()
            result = engine.render_docx(templates[sha], context, template_id=template_id,
                                        template_version=version, template_sha256=sha)
            if len(result.data) > limits.max_output_bytes:
                raise RenderFailed(
                    f"template {template_id!r} produced {len(result.data)} bytes, over the "
                    f"{limits.max_output_bytes} byte cap",
                    message_vi="Văn bản tạo ra vượt quá dung lượng cho phép.")
            conn.send(("ok", result, False))
        except DocumentError as exc:
            conn.send(("err", exc, False))
        except MemoryError:
            conn.send(("err", RenderFailed(
                f"template {template_id!r} exceeded the {limits.memory_bytes >> 20} MiB memory limit",
                message_vi="Mẫu văn bản dùng quá nhiều bộ nhớ khi tạo văn bản."), True))
            return  # the heap may be in a bad state; let the pool start a fresh worker
        except Exception as exc:  # anything else must still come back as a clear error
            conn.send(("err", RenderFailed(f"template {template_id!r}: {type(exc).__name__}: {exc}"), False))


class _Worker:
    def __init__(self, ctx, limits: Limits) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, limits), daemon=True,
                                name="dossier-render")
        self.proc.start()
        child.close()
        self.jobs = 0
        self.known: set[str] = set()

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.proc.join(2)
        self.kill()


class RenderPool:
    """A fixed-size pool of render workers; ``render`` is thread-safe and blocks for a worker."""

    def __init__(self, size: int | None = None, limits: Limits | None = None,
                 start_method: str | None = None) -> None:
        self.size = size or min(os.cpu_count() or 1, 4)
        self.limits = limits or Limits()
        method = start_method or settings().render_start_method
        self._ctx = mp.get_context(method)
        if method == "forkserver":
            self._ctx.set_forkserver_preload(["dossier.documents.engine"])
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _ in range(self.size):
            self._idle.put(None)  # a slot; the worker process starts on first use
        self._lock = threading.Lock()
        self._closed = False

    def render(self, spec: TemplateSpec, context: Mapping[str, Any]) -> RenderedDocument:
        """Render a catalogue template in a worker (see Limits)."""
        return self.render_docx(spec.docx, context, template_id=spec.id,
                                template_version=spec.version, template_sha256=spec.sha256)

    def render_docx(self, docx: bytes, context: Mapping[str, Any], *, template_id: str = "(upload)",
                    template_version: int = 0, template_sha256: str | None = None) -> RenderedDocument:
        """Render raw template bytes in a worker."""
        import hashlib

        plain = plain_context(context)  # refuse non-plain data here, with the caller's traceback
        sha = template_sha256 or hashlib.sha256(docx).hexdigest()
        if self._closed:
            raise RenderFailed("render pool is shut down")
        worker = self._idle.get() or _Worker(self._ctx, self.limits)
        keep = False
        try:
            worker.conn.send((sha, None if sha in worker.known else docx, template_id,
                              template_version, plain))
            worker.known.add(sha)
            if not worker.conn.poll(self.limits.timeout_s):
                raise RenderTimeout(
                    f"template {template_id!r} did not finish within {self.limits.timeout_s:g} s; "
                    "the render worker was killed")
            status, payload, retire = worker.conn.recv()
            worker.jobs += 1
            keep = not retire and worker.jobs < self.limits.max_jobs
        except (EOFError, OSError, BrokenPipeError):
            code = worker.proc.exitcode
            raise RenderFailed(
                f"render worker for {template_id!r} died (exit code {code}); it probably hit the "
                "CPU or memory limit") from None
        finally:
            if keep:
                self._idle.put(worker)
            else:
                worker.kill()
                self._idle.put(None)
        if status == "ok":
            return payload
        raise payload

    def close(self) -> None:
        """Stop all idle workers (busy ones stop when returned)."""
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            if worker is not None:
                worker.stop()


_pool: RenderPool | None = None
_pool_lock = threading.Lock()


def default_pool() -> RenderPool:
    """The process-wide render pool, created on first use and stopped at exit."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = RenderPool()
            atexit.register(_pool.close)
        return _pool


def render_document(spec: TemplateSpec, context: Mapping[str, Any]) -> RenderedDocument:
    """Render one document from a catalogue template, bounded in time, memory and output size.

    For a template with ``repeat_over`` the context must already hold the item as ``muc``;
    use :func:`render_documents` to get one document per item.
    """
    if spec.repeat_over and "muc" not in context:
        raise DocumentError(
            f"template {spec.id!r} repeats over {spec.repeat_over!r}: pass 'muc' or use render_documents",
            message_vi="Mẫu này tạo một văn bản cho mỗi mục; thiếu dữ liệu 'muc'.")
    return default_pool().render(spec, context)


def repeat_items(spec: TemplateSpec, context: Mapping[str, Any]) -> list[Any]:
    """The items of ``spec.repeat_over`` in ``context`` (a dotted path to a list)."""
    value: Any = context
    for key in (spec.repeat_over or "").split("."):
        if not isinstance(value, Mapping) or key not in value:
            raise DocumentError(f"context has no {spec.repeat_over!r} for template {spec.id!r}",
                                message_vi=f"Thiếu dữ liệu «{spec.repeat_over}».")
        value = value[key]
    if not isinstance(value, list):
        raise DocumentError(f"{spec.repeat_over!r} is not a list in the context of {spec.id!r}")
    return value


def render_documents(spec: TemplateSpec, context: Mapping[str, Any]) -> list[RenderedDocument]:
    """All documents a template yields: one, or one per ``repeat_over`` item (given as ``muc``)."""
    if not spec.repeat_over:
        return [render_document(spec, context)]
    return [render_document(spec, {**context, "muc": item}) for item in repeat_items(spec, context)]
