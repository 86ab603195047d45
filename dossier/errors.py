"""The product's one error family: a stable code, a Vietnamese message and a detail.

Every error the product raises on purpose derives from :class:`DossierError`:

* ``code``: a stable ASCII key (logs, tests, and the web's status table ``web/errors.STATUS``,
  which maps codes, not classes); a subclass inherits its parent's code unless it has its own;
* ``message``: Vietnamese, for the user;
* ``detail``: English, for the log and the developer (may be empty).

The services raise :class:`DomainError` and its subclasses, whose ``str()`` is the Vietnamese
message. The document engine (``dossier.documents.errors``) and the signing package
(``dossier.signing.errors``) build on the same base; their ``str()`` is the English detail, and
their ``message`` a Vietnamese sentence a page can show as it is.
"""

from __future__ import annotations


class DossierError(Exception):
    """Base of every error the product raises on purpose (see the module docstring)."""

    code: str = "error"
    message: str = "Hệ thống không thực hiện được thao tác này."
    detail: str = ""

    def __init__(self, text: str = "", *, message: str | None = None, detail: str | None = None) -> None:
        super().__init__(text or message or self.message)
        if message is not None:
            self.message = message
        if detail is not None:
            self.detail = detail
        elif text and text != self.message:
            self.detail = text


class DomainError(DossierError):
    """A service refused or could not do what the user asked. ``str(exc)`` is ``message`` (Vietnamese)."""

    code = "domain"

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message, message=message, detail=detail)


class NotFound(DomainError):
    code = "not_found"


class Forbidden(DomainError):
    code = "forbidden"


class StaleVersion(DomainError):
    """Someone else saved first: the user's form was based on an older version."""

    code = "stale_version"

    def __init__(self, expected: int, actual: int):
        super().__init__(
            f"Hồ sơ đã được người khác cập nhật (phiên bản {actual}, bạn đang sửa phiên bản {expected}). "
            "Dữ liệu bạn nhập chưa được lưu; hãy xem lại thay đổi mới rồi thực hiện lại."
        )
        self.expected = expected
        self.actual = actual


class Refused(DomainError):
    """A workflow step refused by a guard, the table or the user's role; reasons in Vietnamese."""

    code = "refused"

    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


class ValidationFailed(DomainError):
    """Bad input: field name → Vietnamese message, shown next to the field."""

    code = "invalid"

    def __init__(self, errors: dict[str, str]):
        super().__init__("Dữ liệu chưa hợp lệ: " + "; ".join(errors.values()))
        self.errors = errors
