"""Errors the services raise; the web maps each to one HTTP status and a Vietnamese page."""

from __future__ import annotations


class DomainError(Exception):
    """Base class. `message` is Vietnamese, for the user; str(exc) is the same text."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    pass


class Forbidden(DomainError):
    pass


class StaleVersion(DomainError):
    """Someone else saved first: the user's form was based on an older version."""

    def __init__(self, expected: int, actual: int):
        super().__init__(
            f"Hồ sơ đã được người khác cập nhật (phiên bản {actual}, bạn đang sửa phiên bản {expected}). "
            "Dữ liệu bạn nhập chưa được lưu; hãy xem lại thay đổi mới rồi thực hiện lại."
        )
        self.expected = expected
        self.actual = actual


class Refused(DomainError):
    """A workflow step refused by a guard, the table or the user's role; reasons in Vietnamese."""

    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


class ValidationFailed(DomainError):
    """Bad input: field name → Vietnamese message, shown next to the field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("Dữ liệu chưa hợp lệ: " + "; ".join(errors.values()))
        self.errors = errors
