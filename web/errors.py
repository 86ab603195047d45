"""Every error becomes one HTTP status and a Vietnamese page, decided here and nowhere else.

Views that own a form catch ValidationFailed and StaleVersion themselves to re-render the form
with what the user typed (nothing is lost); everything else reaches these handlers.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from dossier.errors import DossierError, Refused, ValidationFailed

log = logging.getLogger(__name__)

# Error code (dossier.errors: a subclass inherits its parent's) → HTTP status and page title.
STATUS: dict[str, tuple[int, str]] = {
    "not_found": (404, "Không tìm thấy"),
    "forbidden": (403, "Không có quyền"),
    "stale_version": (409, "Hồ sơ đã được người khác cập nhật"),
    "invalid": (422, "Dữ liệu chưa hợp lệ"),
    "refused": (422, "Chưa thể thực hiện"),
    "domain": (422, "Chưa thể thực hiện"),
}

HTTP_MESSAGES = {
    400: ("Yêu cầu không hợp lệ", "Yêu cầu gửi lên không hợp lệ."),
    401: ("Cần đăng nhập", "Vui lòng đăng nhập để tiếp tục."),
    403: ("Không có quyền", "Bạn không có quyền sử dụng chức năng này."),
    404: ("Không tìm thấy", "Không tìm thấy trang hoặc hồ sơ bạn yêu cầu."),
    405: ("Không hỗ trợ", "Trang này không nhận kiểu yêu cầu vừa gửi."),
    413: ("Tệp quá lớn", "Tệp hoặc dữ liệu gửi lên vượt quá giới hạn cho phép (25 MB mỗi lần gửi)."),
    429: ("Quá nhiều yêu cầu", "Bạn gửi quá nhiều yêu cầu; vui lòng thử lại sau ít phút."),
    500: ("Lỗi hệ thống", "Hệ thống gặp lỗi khi xử lý yêu cầu. Dữ liệu chưa được thay đổi; "
               "vui lòng thử lại hoặc báo quản trị hệ thống."),
}


def status_of(exc: DossierError) -> tuple[int, str] | None:
    """The status and title for the error's code; None for a code the web has no page for."""
    return STATUS.get(exc.code)


def error_page(status: int, title: str, message: str, *, reasons: list[str] | None = None) -> Any:
    return render_template("error.html", status=status, title=title, message=message,
                           reasons=reasons or []), status


def init_app(app: Flask) -> None:
    @app.errorhandler(DossierError)
    def domain(exc: DossierError) -> Any:
        known = status_of(exc)
        if known is None:  # an engine failure nobody turned into a user's error: a system error
            return unexpected(exc)
        status, title = known
        if status == 404:
            log.warning("not found or not visible: %s %s", request.method, request.path)
        reasons = exc.reasons if isinstance(exc, Refused) else (
            list(exc.errors.values()) if isinstance(exc, ValidationFailed) else [])
        message = exc.message if not reasons else ""
        return error_page(status, title, message, reasons=reasons)

    @app.errorhandler(StaleDataError)
    def stale(_exc: StaleDataError) -> Any:
        # Two writers raced past the version check: the loser changed nothing.
        return error_page(409, "Hồ sơ đã được người khác cập nhật",
                          "Hồ sơ vừa được người khác cập nhật cùng lúc. Dữ liệu của bạn chưa được lưu; "
                          "hãy tải lại trang và thực hiện lại.")

    @app.errorhandler(CSRFError)
    def csrf(_exc: CSRFError) -> Any:
        return error_page(400, "Phiên làm việc đã hết hạn",
                          "Biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ (CSRF). Vì an toàn, thao tác chưa được "
                          "thực hiện. Hãy tải lại trang rồi gửi lại.")

    @app.errorhandler(HTTPException)
    def http(exc: HTTPException) -> Any:
        code = exc.code or 500
        title, message = HTTP_MESSAGES.get(code, (exc.name, exc.description or ""))
        if request.path.startswith("/api/"):  # a route of the API that matched no method: JSON too
            response = jsonify(code=code, status=exc.name, message=message)
            response.status_code = code
        else:
            body, _ = error_page(code, title, message)
            response = make_response(body, code)
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response.headers["Allow"] = ", ".join(sorted(exc.valid_methods))  # RFC 9110 §15.5.6
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Any:
        if isinstance(exc, HTTPException):
            return http(exc)
        log.exception("unhandled error on %s %s", request.method, request.path)
        if app.testing and app.config.get("PROPAGATE_UNEXPECTED", True):
            raise exc
        title, message = HTTP_MESSAGES[500]
        return error_page(500, title, message)
