"""Prometheus metrics: requests, jobs, PDF conversions, signatures (issue 14 item 4).

prometheus_client is imported on first use, never at import time: in multiprocess mode (gunicorn
workers writing their samples to files in PROMETHEUS_MULTIPROC_DIR, which `web.server.serve`
prepares before anything is loaded) the library chooses how it stores values when it is first
imported, so nothing may import it before that directory is set.

Names follow Prometheus' conventions (`hskc_` prefix, base units, `_total` counters). Labels
are bounded sets: an endpoint name (not the URL, which holds ids), a method, a status code, an
outcome word.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, TypeVar

from dossier.config import metrics_dir

F = TypeVar("F", bound=Callable[..., Any])

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 120.0)
_lock = threading.Lock()
_metrics: SimpleNamespace | None = None


def _build() -> SimpleNamespace:
    from prometheus_client import Counter, Histogram

    return SimpleNamespace(
        requests=Counter("hskc_http_requests_total", "HTTP requests answered", ["endpoint", "method", "status"]),
        request_seconds=Histogram("hskc_http_request_duration_seconds", "Time to answer an HTTP request",
                                  ["endpoint"], buckets=_LATENCY_BUCKETS),
        conversions=Counter("hskc_pdf_conversions_total", "DOCX to PDF conversions", ["outcome"]),
        conversion_seconds=Histogram("hskc_pdf_conversion_duration_seconds", "Time of one DOCX to PDF conversion",
                                     buckets=_LATENCY_BUCKETS),
        signatures=Counter("hskc_signatures_total", "PAdES signatures and seals made", ["outcome"]),
        signature_seconds=Histogram("hskc_signature_duration_seconds", "Time to sign one PDF (PAdES)",
                                    buckets=_LATENCY_BUCKETS),
        jobs=Counter("hskc_jobs_total", "Background jobs finished", ["kind", "outcome"]),
        job_seconds=Histogram("hskc_job_duration_seconds", "Time one background job ran", ["kind"],
                              buckets=_LATENCY_BUCKETS),
    )


def metrics() -> SimpleNamespace:
    """The process's metric objects, made on first use."""
    global _metrics
    with _lock:
        if _metrics is None:
            _metrics = _build()
        return _metrics


def request_done(endpoint: str, method: str, status: int, seconds: float) -> None:
    m = metrics()
    m.requests.labels(endpoint, method, str(status)).inc()
    m.request_seconds.labels(endpoint).observe(seconds)


def job_done(kind: str, outcome: str, seconds: float) -> None:
    """For the job queue's worker: one finished job ("done", "failed", "retry", "cancelled")."""
    m = metrics()
    m.jobs.labels(kind, outcome).inc()
    m.job_seconds.labels(kind).observe(seconds)


def _timed(counter: str, histogram: str) -> Callable[[F], F]:
    def decorate(function: F) -> F:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            outcome = "error"
            try:
                result = function(*args, **kwargs)
                outcome = "ok"
                return result
            finally:
                m = metrics()
                getattr(m, counter).labels(outcome).inc()
                if outcome == "ok":
                    getattr(m, histogram).observe(time.perf_counter() - started)
        return timed  # type: ignore[return-value]
    return decorate


timed_conversion = _timed("conversions", "conversion_seconds")
timed_signature = _timed("signatures", "signature_seconds")


def exposition() -> tuple[bytes, str]:
    """The text exposition of every process's samples (all gunicorn workers in multiprocess mode,
    else this process's) and its content type."""
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

    metrics()  # so that the families exist (with no samples) before the first event
    if metrics_dir():
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def worker_exited(pid: int) -> None:
    """gunicorn's child_exit hook: a dead worker's live gauges are dropped (counters are kept)."""
    if metrics_dir():
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)
