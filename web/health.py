"""`/health` (is this node fit to serve) and `/metrics` (Prometheus), issue 14 item 4.

/health is public — load balancers and monitors call it without signing in — and says only
statuses and short reasons. /metrics shows the counters and latencies of every gunicorn worker
of this node (prometheus_client's multiprocess mode, set up by `dossier serve`); it answers a
caller on this machine (loopback, not through a proxy) or one sending DOSSIER_METRICS_TOKEN as a
bearer token, and 404 to anyone else.
"""

from __future__ import annotations

import hmac
import time
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, g, request

from dossier import metrics
from dossier.services import health
from web.access import public
from web.db import get_db

bp = Blueprint("health", __name__)
LOOPBACK = frozenset({"127.0.0.1", "::1"})


@bp.route("/health")
@public
def health_report() -> Any:
    status, checks = health.run(get_db(), current_app.extensions["dossier_settings"])
    body = {"status": status, "checks": {c.name: {"ok": c.ok, "detail": c.detail, "ms": round(c.seconds * 1000, 1)}
                                         for c in checks}}
    return body, 503 if status == "fail" else 200, {"Cache-Control": "no-store"}


def _may_read_metrics() -> bool:
    token = current_app.extensions["dossier_settings"].metrics_token
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    # On this machine and not relayed by a proxy (a local proxy would make every client loopback).
    forwarded = any(h in request.headers for h in ("X-Forwarded-For", "Forwarded", "X-Real-Ip"))
    return request.remote_addr in LOOPBACK and not forwarded


@bp.route("/metrics")
@public  # not anonymous in practice: _may_read_metrics answers 404 to other callers
def metrics_page() -> Any:
    if not _may_read_metrics():
        abort(404)
    data, content_type = metrics.exposition()
    return Response(data, content_type=content_type, headers={"Cache-Control": "no-store"})


def init_app(app: Flask) -> None:
    """Count and time every request by endpoint (not by URL: URLs hold ids)."""

    @app.before_request
    def started() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def counted(response: Response) -> Response:
        began = g.pop("request_started", None)
        if began is not None:
            metrics.request_done(request.endpoint or "unmatched", request.method, response.status_code,
                                 time.perf_counter() - began)
        return response
