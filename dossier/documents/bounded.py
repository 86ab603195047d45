"""Rendering in worker processes with a wall-clock timeout, RLIMIT_AS, RLIMIT_CPU and an output cap.

Why: the sandbox stops templates from reaching Python internals but not from burning CPU. Two
nested loops of 100 000 items each pass the sandbox (MAX_RANGE limits one range only) and never
finish (architecture.md B1). So untrusted templates render in a child process that we can kill.

Why a persistent pool: a fresh interpreter plus ``import docxtpl`` costs ~120 ms, three times a
render (baselines.md §1), and the per-process compiled-part cache (engine.py) only pays off when
the process lives on. A worker that times out is killed and replaced; a worker is also recycled
after ``max_jobs`` renders so slow leaks cannot accumulate. Workers are started with
"forkserver" by default (forking a threaded web process directly can deadlock the child).

A pool belongs to the process that made it. A forked child (a gunicorn worker forked from a
master that rendered while seeding the demo) inherits the parent's pool object and forkserver
handle but must never use them: multiprocessing refuses to watch another process's children
("can only test a child process") and the forkserver is not its child. So ``default_pool``
makes a new pool when the pid changed, and after every fork the child forgets the inherited
forkserver (``_forget_parent_forkserver``), so its first render starts a forkserver of its own.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing as mp
import multiprocessing.forkserver as mp_forkserver
import os
import queue
import resource
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dossier.config import settings
from dossier.per_process import PerProcess

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


def _hold_lifeline(lifeline) -> None:
    """End this worker as soon as the process that started it is gone, even mid-render.

    ``lifeline`` is the read end of a pipe whose only write end is held by the pool's process:
    EOF means it died (killed with -9 too). A parent-death signal would not do under
    forkserver: the worker's parent is the forkserver, which outlives the web worker as long
    as any of its children holds the inherited "alive" pipe, and each child does.
    """
    def watch() -> None:
        with contextlib.suppress(EOFError, OSError):
            lifeline.recv_bytes()
        os._exit(1)

    threading.Thread(target=watch, name="render-lifeline", daemon=True).start()


def _worker_main(conn, limits: Limits, lifeline=None) -> None:
    """Worker loop: receive a job, render it, send back (status, result or exception, retire)."""
    if lifeline is not None:
        _hold_lifeline(lifeline)
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
        sha, docx, template_id, version, context, paragraphs = job
        if docx is not None:
            templates[sha] = docx
        _set_cpu_budget(limits.cpu_seconds)
        try:
            engine = engine or TemplateEngine()
            result = engine.render_docx(templates[sha], context, template_id=template_id,
                                        template_version=version, template_sha256=sha, paragraphs=paragraphs)
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
        # forkserver and spawn hand the child only the ends passed here; a forked child would
        # inherit the write end too and never see EOF, so "fork" goes without a lifeline.
        lifeline, self._lifeline = ctx.Pipe(duplex=False) if ctx.get_start_method() != "fork" else (None, None)
        self.proc = ctx.Process(target=_worker_main, args=(child, limits, lifeline), daemon=True,
                                name="dossier-render")
        self.proc.start()
        child.close()
        if lifeline is not None:
            lifeline.close()
        self.jobs = 0
        self.known: set[str] = set()

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()
        if self._lifeline is not None:
            self._lifeline.close()

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
        self.pid = os.getpid()  # the only process that may use or stop these workers

    def render(self, spec: TemplateSpec, context: Mapping[str, Any], *, plain: bool = False,
               paragraphs: bool = False) -> RenderedDocument:
        """Render a catalogue template in a worker (see Limits)."""
        return self.render_docx(spec.docx, context, template_id=spec.id, template_version=spec.version,
                                template_sha256=spec.sha256, plain=plain, paragraphs=paragraphs)

    def render_docx(self, docx: bytes, context: Mapping[str, Any], *, template_id: str = "(upload)",
                    template_version: int = 0, template_sha256: str | None = None,
                    plain: bool = False, paragraphs: bool = False) -> RenderedDocument:
        """Render raw template bytes in a worker; `plain`: the caller made `context` with plain_context
        (the worker makes it plain again: a context that is not still fails, with the worker's ContextError);
        `paragraphs`: with its body's text (RenderedDocument.paragraphs)."""
        import hashlib

        if not plain:
            context = plain_context(context)  # refuse non-plain data here, with the caller's traceback
        sha = template_sha256 or hashlib.sha256(docx).hexdigest()
        if self._closed or self.pid != os.getpid():
            raise RenderFailed("render pool is shut down or belongs to another process")
        worker = self._idle.get() or _Worker(self._ctx, self.limits)
        keep = False
        try:
            worker.conn.send((sha, None if sha in worker.known else docx, template_id,
                              template_version, context, paragraphs))
            worker.known.add(sha)
            # A fresh worker's first job also pays for its start (process, engine, first parse):
            # seconds on a loaded machine, so it gets three times the budget.
            if not worker.conn.poll(self.limits.timeout_s * (3 if worker.jobs == 0 else 1)):
                raise RenderTimeout(
                    f"template {template_id!r} did not finish within {self.limits.timeout_s:g} s; "
                    "the render worker was killed")
            status, payload, retire = worker.conn.recv()
            worker.jobs += 1
            keep = not retire and worker.jobs < self.limits.max_jobs
        except (EOFError, OSError, BrokenPipeError):
            worker.proc.join(1)  # reap it, so that the exit code is known
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
        """Stop all idle workers (busy ones stop when returned); in a forked child, only forget them."""
        self._closed = True
        if self.pid != os.getpid():
            return
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            if worker is not None:
                worker.stop()


def _new_pool() -> RenderPool:
    pool = RenderPool()
    atexit.register(pool.close)
    return pool


_pool = PerProcess(_new_pool, stale=lambda pool: pool.pid != os.getpid() or pool._closed)


def default_pool() -> RenderPool:
    """This process's render pool, created on first use (also in a forked child) and stopped at exit."""
    return _pool.get()


def shutdown_default_pool() -> None:
    """Stop this process's render pool and its forkserver (a server's master before it forks)."""
    pool = _pool.close()
    stop = getattr(mp_forkserver._forkserver, "_stop", None)  # not public: kept optional
    if stop is not None and (pool is None or pool.pid == os.getpid()):
        with contextlib.suppress(OSError, ChildProcessError):
            stop()


def _forget_parent_forkserver() -> None:
    """In a freshly forked child: drop the parent's forkserver handle (see the module doc).

    multiprocessing has no public way to do this; its private fields are reset when present.
    Closing the inherited "alive" pipe also lets the parent's forkserver exit with the parent.
    """
    _pool.forget_in_child()
    server = mp_forkserver._forkserver
    if getattr(server, "_forkserver_pid", None) is None:
        return
    with contextlib.suppress(OSError, TypeError):
        os.close(server._forkserver_alive_fd)
    server._forkserver_alive_fd = server._forkserver_address = server._forkserver_pid = None
    server._lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_parent_forkserver)


def render_document(spec: TemplateSpec, context: Mapping[str, Any], *, plain: bool = False,
                    paragraphs: bool = False) -> RenderedDocument:
    """Render one document from a catalogue template, bounded in time, memory and output size.

    For a template with ``repeat_over`` the context must already hold the item as ``muc``;
    use :func:`render_documents` to get one document per item. ``plain``: the context is
    already what `plain_context` returned (a caller that stores it too makes it plain once);
    ``paragraphs``: with its body's text, as `content.document_paragraphs` reads it.
    """
    if spec.repeat_over and "muc" not in context:
        raise DocumentError(
            f"template {spec.id!r} repeats over {spec.repeat_over!r}: pass 'muc' or use render_documents",
            message_vi="Mẫu này tạo một văn bản cho mỗi mục; thiếu dữ liệu 'muc'.")
    return default_pool().render(spec, context, plain=plain, paragraphs=paragraphs)


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
