"""The REST API for the province's dashboards and integrators (issue 12 item 2): /api/v1.

Read-only views of dossiers (the web's filters and key paging), issued documents with their
verification data, plans and the money report, and firing a step by the same service and rules
as the web. A request carries ``Authorization: Bearer <token>``; the token acts as one user
(dossier.services.api_tokens), so scope and roles are the web's. JSON only: dates ISO 8601,
moments in +07:00, money integer đồng; errors ``{"code", "status", "message"}``.

flask-smorest writes the OpenAPI document from the same marshmallow schemas that serialise the
responses (docs/API.md says why this library).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g, jsonify, request
from flask_smorest import Api as _Api
from flask_smorest import Blueprint
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from dossier.errors import DossierError, Refused, ValidationFailed
from dossier.services import api_tokens
from web.db import get_db
from web.errors import STATUS

bp = Blueprint("api", __name__, url_prefix="/api/v1",
               description="Hồ sơ khuyến công: dossiers, issued documents, plans and money, read-only; firing steps.")
SPEC = {"security": [{"bearer": []}],
        "info": {"description": __doc__.split("\n\n")[1].replace("\n", " ")}}


class Api(_Api):
    """flask-smorest's Api without its application-wide error handler: the web's HTML error
    pages stay as they are; the API's JSON errors are the blueprint's own (``_errors``)."""

    def _register_error_handlers(self) -> None:
        return None


def _error(status: int, message: str, **extra: Any) -> Any:
    return jsonify(code=status, status=HTTP_STATUS_CODES.get(status, "Error"), message=message, **extra), status


def check_token() -> Any:
    """The API's access rule (web.access): a live token, else 401 as JSON."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    principal = api_tokens.authenticate(get_db(), token.strip()) if scheme.lower() == "bearer" else None
    if principal is None:
        return _error(401, "Thiếu hoặc sai mã truy cập API (Authorization: Bearer …).")
    g.api_principal = principal
    return None


@bp.errorhandler(DossierError)
def _domain(exc: DossierError) -> Any:
    status = STATUS.get(exc.code, (500, ""))[0]
    if isinstance(exc, Refused):
        return _error(status, exc.message, errors={"reasons": exc.reasons})
    if isinstance(exc, ValidationFailed):
        return _error(status, exc.message, errors=exc.errors)
    return _error(status, exc.message if status < 500 else "Lỗi hệ thống.")


@bp.errorhandler(HTTPException)
def _http(exc: HTTPException) -> Any:
    data = getattr(exc, "data", {}) or {}
    extra = {"errors": data["messages"]} if "messages" in data else {}
    return _error(exc.code or 500, data.get("message") or exc.description or exc.name, **extra)


def init_app(app: Flask) -> None:
    app.config.setdefault("API_TITLE", "Hồ sơ Khuyến công API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", None)  # the document is served by the blueprint itself
    api = Api(app, spec_kwargs=SPEC)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    from web.api import views  # noqa: F401 — the routes register on bp

    api.register_blueprint(bp)
    app.extensions["dossier_api"] = api
