"""Exceptions raised by the signing package, members of the product's error family (dossier.errors).

``str(exc)`` (and ``detail``) is plain English and safe to show to an officer: it says what went
wrong and, where possible, what to do about it. ``message`` is the Vietnamese sentence for the
UI, ``code`` a stable key. They stay RuntimeErrors for callers that catch those.
"""

from __future__ import annotations

from dossier.errors import DossierError


class ConversionError(DossierError, RuntimeError):
    """DOCX → PDF conversion failed (LibreOffice missing, crashed, timed out, bad input)."""

    code = "conversion_failed"
    message = ("Không chuyển được văn bản sang PDF (dịch vụ LibreOffice không hoạt động hoặc quá thời gian). "
               "Vui lòng thử lại sau ít phút hoặc báo quản trị.")


class SigningError(DossierError, RuntimeError):
    """Signing or sealing a PDF failed; the input bytes were not changed."""

    code = "signing_failed"
    message = "Ký số không thành công do lỗi hệ thống."


class WrongPasswordError(SigningError):
    """The PKCS#12 password does not open the certificate file."""

    code = "wrong_password"
    message = "Mật khẩu chứng thư số không đúng."


class CertificateError(SigningError):
    """The certificate cannot be used to sign (bad file, wrong key usage, …)."""

    code = "certificate_unusable"
    message = "Chứng thư số không dùng được để ký."


class CertificateExpiredError(CertificateError):
    """The signer's certificate is past its notAfter date."""

    code = "certificate_expired"
    message = "Chứng thư số đã hết hiệu lực."


class CertificateNotYetValidError(CertificateError):
    """The signer's certificate is before its notBefore date."""

    code = "certificate_not_yet_valid"
    message = "Chứng thư số chưa đến ngày có hiệu lực."


class CertificateRevokedError(CertificateError):
    """The certificate (or one above it in its chain) is revoked: it must not sign."""

    code = "certificate_revoked"
    message = "Chứng thư số đã bị thu hồi; không thể dùng để ký."


class SignaturePlacementError(SigningError):
    """The signature box could not be placed (signer name not found, bad page, …)."""

    code = "signature_placement"
    message = ("Không tìm thấy vị trí chữ ký (họ tên người ký) trong văn bản; "
               "kiểm tra lại khối chữ ký của dự thảo.")


class TimestampError(SigningError):
    """The timestamp authority could not be reached or gave an unusable answer."""

    code = "timestamp_failed"
    message = "Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian; vui lòng thử lại sau."
