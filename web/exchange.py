"""The exchange on the web: the connector posts recipients' status messages here, and the văn
thư revokes or replaces an issued document (the packages follow through the outbox).

The status endpoint takes no session: the provincial connector authenticates with the bearer
token configured as DOSSIER_EXCHANGE_INBOUND_TOKEN; without one the endpoint does not exist.
"""

from __future__ import annotations

import hmac
from typing import Any

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, request, url_for

from dossier.errors import DomainError, NotFound
from dossier.services import exchange
from web.access import public, requires
from web.db import actor_id, get_db
from web.security import csrf
from workflows.states import Role

bp = Blueprint("exchange", __name__)
MAX_STATUS = 1024 * 1024  # a status message is a few hundred bytes


def _authorised() -> bool:
    expected = current_app.config.get("EXCHANGE_INBOUND_TOKEN")
    if not expected:
        abort(404)
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return hmac.compare_digest(given.encode(), expected.encode())


@bp.route("/lien-thong/trang-thai", methods=["POST"])
@public
@csrf.exempt  # a machine posts here with its bearer token, not a browser session
def status_message() -> Any:
    if not _authorised():
        return jsonify(ok=False, error="token không hợp lệ"), 401
    if (request.content_length or 0) > MAX_STATUS:
        return jsonify(ok=False, error="thông báo quá lớn"), 413
    try:
        kept = exchange.record_status(get_db(), request.get_data())
    except NotFound as exc:
        return jsonify(ok=False, error=exc.message), 404
    except DomainError as exc:
        return jsonify(ok=False, error=exc.message), 400
    return jsonify(ok=True, id=kept.id)


@bp.route("/van-ban-ban-hanh/<int:issued_id>/thu-hoi", methods=["POST"])
@requires(Role.CLERK)
def revoke(issued_id: int) -> Any:
    replaced_by = request.form.get("replaced_by", "").strip()
    try:
        queued = exchange.revoke_issued(get_db(), actor_id=actor_id(), issued_id=issued_id,
                                        reason=request.form.get("reason", ""),
                                        replaced_by_id=int(replaced_by) if replaced_by.isdigit() else None)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(f"Đã ghi thu hồi/thay thế văn bản; {queued} gói tin thông báo cho các cơ quan đã nhận.", "success")
    return redirect(url_for("signing.issued", issued_id=issued_id))
