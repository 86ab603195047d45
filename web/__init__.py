"""The Flask application: officers prepare dossiers, leaders approve them (issue 4).

`create_app()` wires configuration, the database handle, sign-in, CSRF, security headers, the
central access check and the blueprints listed in BLUEPRINTS. Other areas add their blueprint
module to that list (admin, signing, reports) and nothing else.
"""

from __future__ import annotations

import importlib
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

from dossier.config import Settings, install
from dossier.config import settings as process_settings

# "module:attribute" of every blueprint; order matters only for the navigation they add.
BLUEPRINTS: tuple[str, ...] = (
    "web.main:bp",
    "web.auth:bp",
    "web.dossiers:bp",
    "web.documents:bp",
    "web.inbox:bp",
    "web.signing:bp",  # issue 5: Ký số, phát hành, sổ văn bản đi, xác thực
    "web.admin:bp",  # issue 4 item 5: users, organisations, template versions
    "web.admin_signing:bp",  # issue 11: signing methods, signature and seal images
    "web.workflow:bp",  # issue 4 item 6: the workflow diagram (/quy-trinh)
    "web.reports:bp",  # issue 6: money dashboard, exports, plan documents, overdue, bundle, import
    "web.exchange:bp",  # issue 12: recipients' status messages, revocation and replacement
    "web.jobs:bp",  # issue 14: background jobs (progress, cancel, result)
    "web.health:bp",  # issue 14: /health and /metrics
    "web.admin_tokens:bp",  # issue 12: the REST API's integration tokens
    "web.records:bp",  # issue 12: electronic records (hồ sơ điện tử, sổ văn bản đến)
    # Later: "web.admin:bp", "web.signing:bp", "web.reports:bp"
)

MAX_UPLOAD_BYTES = 25 * 1024 * 1024  # a request; one attachment is limited to 20 MB by the service


def _secret_key(instance: Path, configured: str | None) -> str:
    """The configured secret key, else a random key generated once into instance/secret_key.

    O_EXCL makes the first of several gunicorn workers starting together create the file and the
    others read it; 0600 keeps it from other local accounts.
    """
    if configured:
        return configured
    path = instance / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another worker may be between open() and write()
            key = path.read_text().strip()
            if key:
                return key
            import time

            time.sleep(0.02)
        raise RuntimeError(f"{path} is empty") from None
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


def _signing_port(app: Flask, settings: Settings) -> Any:
    """The signing port, built once. ISSUANCE_PDF_MAKER (DOCX → PDF) and CONVERTER_STATUS stand in
    for LibreOffice in tests; SIGNING_PORT replaces the whole port."""
    from dossier.services.issuance.port import PdfFunction, signing_port_from

    if app.config.get("SIGNING_PORT") is not None:
        return app.config["SIGNING_PORT"]
    maker = app.config.get("ISSUANCE_PDF_MAKER")
    return signing_port_from(settings, archive_pdf=PdfFunction(maker) if maker else None,
                             converter_status=app.config.get("CONVERTER_STATUS"),
                             preview_cache=Path(app.config["PDF_CACHE_DIR"]))


# Sign-in throttle (dossier.services.signin): free failures per account, then a delay doubling from
# LOGIN_DELAY_SECONDS up to five minutes (never a lock-out); attempts per client address a window.
SIGN_IN_LIMITS = {"LOGIN_LIMIT_ACCOUNT": 5, "LOGIN_LIMIT_IP": 30, "LOGIN_DELAY_SECONDS": 2.0,
                  "LOGIN_DELAY_MAX_SECONDS": 300.0, "LOGIN_WINDOW_SECONDS": 15 * 60}


def _trust_proxies(app: Flask) -> None:
    """Behind DOSSIER_PROXY_HOPS reverse proxies, take the client's address from X-Forwarded-For
    (the sign-in limits per address need it); with none configured the header is ignored."""
    hops = int(app.config["PROXY_HOPS"] or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def _job_queue(app: Flask, settings: Settings) -> Any:
    """The queue the app hands jobs to (JOB_QUEUE in tests; else DOSSIER_QUEUE_URL's), with the
    kinds of job whose results the app serves."""
    from dossier.services.jobs import JobQueue
    from dossier.services.jobs.kinds import load_kinds

    load_kinds()
    return app.config.get("JOB_QUEUE") or JobQueue.from_settings(settings)


def create_app(config: dict[str, Any] | None = None, *, settings: Settings | None = None) -> Flask:
    """Build the application. `config` overrides (tests pass DATABASE, TESTING, INSTANCE_PATH…).

    `settings` defaults to the process's (dossier.config: built from the environment once); the
    app keeps them in ``app.extensions["dossier_settings"]`` for the code below it.
    """
    config = dict(config or {})
    settings = settings or process_settings()
    instance_override = config.pop("INSTANCE_PATH", None)
    if instance_override:
        settings = settings.replace(instance_path=Path(instance_override))
    install(settings)
    instance = settings.instance()
    app = Flask(__name__, instance_path=str(instance), instance_relative_config=True)
    app.extensions["dossier_settings"] = settings
    testing = bool(config.get("TESTING"))
    debug = bool(config.get("DEBUG"))
    app.config.update(
        SECRET_KEY=config.get("SECRET_KEY") or _secret_key(instance, settings.secret_key),
        MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES,
        SESSION_COOKIE_NAME="hskc_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Secure unless told otherwise: the demo on http://127.0.0.1 turns it off explicitly.
        SESSION_COOKIE_SECURE=settings.cookie_secure and not (testing or debug),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),  # one working day from signing in
        SESSION_REFRESH_EACH_REQUEST=False,  # re-signed only when it changes (a logout revokes the row)
        WTF_CSRF_TIME_LIMIT=8 * 3600,
        WTF_CSRF_SSL_STRICT=False,  # the Referer check breaks behind some provincial proxies; the token suffices
        THROTTLE_PATH=str(instance / "login_throttle.sqlite3"),  # signing password and code look-ups
        PDF_CACHE_DIR=str(instance / "cache" / "pdf"),
        **SIGN_IN_LIMITS,
        PROXY_HOPS=settings.proxy_hops,
        EXCHANGE_INBOUND_TOKEN=settings.exchange_inbound_token,
        DOCUMENT_GENERATOR=None,  # None: the real one (dossier.services.documents)
    )
    app.config.update(config)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.autoescape = True

    from dossier.services.uow import Database

    db = app.config.get("DATABASE") or Database(app.config.get("DATABASE_URL") or settings.database_url)
    app.extensions["dossier_db"] = db
    app.extensions["signing_port"] = _signing_port(app, settings)
    app.extensions["job_queue"] = _job_queue(app, settings)

    from web import access, auth, errors, filters, health, security
    from web import db as request_db

    for part in (health, security, auth, request_db, errors, filters):  # health first: its time covers the others
        part.init_app(app)
    for spec in BLUEPRINTS:
        module, _, attr = spec.partition(":")
        app.register_blueprint(getattr(importlib.import_module(module), attr))
    _register_api(app)
    access.init_app(app)
    _trust_proxies(app)
    return app


def _register_api(app: Flask) -> None:
    """Issue 12: the REST API (/api/v1), its own blueprint, JSON errors, no CSRF (bearer tokens,
    no cookies: nothing for a forged form to ride on)."""
    from web import api
    from web.security import csrf

    api.init_app(app)
    csrf.exempt(api.bp)
