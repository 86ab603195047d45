"""Why signing or sealing did not happen, in Vietnamese: one table from error type to message.

The first row whose type matches wins, so a subclass comes before its base (the certificate
errors before ``SigningError``). The message ends with what was NOT done — no number burnt,
the draft or the signed document as it was — because that is what the officer asks next.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dossier.documents.errors import DocumentError
from dossier.errors import DomainError, DossierError
from dossier.services.pki import NoCertificate
from dossier.services.signing_methods import NoSigningMethod
from dossier.signing.errors import CertificateExpiredError, CertificateNotYetValidError, ConversionError, SigningError
from dossier.vn.vntime import format_vn

NOTHING_DONE = "Văn bản chưa được ký, chưa lấy số; bản dự thảo giữ nguyên."
NOTHING_SEALED = "Văn bản chưa được đóng dấu; văn bản đã ký giữ nguyên."


class SigningFailed(DomainError):
    """Signing or sealing did not happen; ``message`` is Vietnamese, ``detail`` English (logs)."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message, detail=detail)


def _cert_period(cert: Any) -> str:
    if cert is None:
        return "đã hết hạn hoặc chưa đến ngày có hiệu lực"
    return f"hiệu lực từ {format_vn(cert.not_valid_before_utc)} đến {format_vn(cert.not_valid_after_utc)}"


# (error type, message(exception, seal?, certificate)) — read top to bottom. Signing errors carry
# their own Vietnamese sentence (dossier.signing.errors); the rows above the last add what only
# issuance knows: the certificate's dates, whose certificate is missing, that a template failed.
Message = Callable[[BaseException, bool, Any], str]
FAILURE_MESSAGES: tuple[tuple[type[BaseException], Message], ...] = (
    (CertificateExpiredError | CertificateNotYetValidError, lambda _e, _seal, cert: (
        f"Chứng thư số không còn hiệu lực ({_cert_period(cert)}). "
        "Đề nghị gia hạn hoặc cấp lại chứng thư số trước khi ký.")),
    (NoCertificate | NoSigningMethod, lambda _e, seal, _cert: (
        "Chưa có chứng thư số " + ("của cơ quan (con dấu số)" if seal else "của người ký")
        + " trong hệ thống; đề nghị liên hệ quản trị để cài đặt.")),
    (DocumentError, lambda e, _seal, _cert: f"Không tạo lại được văn bản từ mẫu: {e.message}"),
    (DossierError, lambda e, _seal, _cert: e.message),
)
UNKNOWN_FAILURE = "Ký số không thành công do lỗi hệ thống."

# What the issuance transactions turn into SigningFailed (anything else propagates as a bug).
EXPECTED_FAILURES = (SigningError, ConversionError, DocumentError, NoCertificate, NoSigningMethod)


def signing_failed(exc: BaseException, *, seal: bool = False, cert: Any = None) -> SigningFailed:
    """A clear Vietnamese message for ``exc``, with what was left untouched."""
    message = next((m(exc, seal, cert) for cls, m in FAILURE_MESSAGES if isinstance(exc, cls)), UNKNOWN_FAILURE)
    tail = NOTHING_SEALED if seal else NOTHING_DONE
    return SigningFailed(f"{message} {tail}", detail=f"{type(exc).__name__}: {exc}")


__all__ = ["EXPECTED_FAILURES", "FAILURE_MESSAGES", "NOTHING_DONE", "NOTHING_SEALED", "SigningFailed",
           "signing_failed"]
