"""Exceptions raised by the signing package.

Every message is plain English and safe to show to an officer: it says what went wrong and,
where possible, what to do about it.
"""

from __future__ import annotations


class ConversionError(RuntimeError):
    """DOCX → PDF conversion failed (LibreOffice missing, crashed, timed out, bad input)."""


class SigningError(RuntimeError):
    """Signing or sealing a PDF failed; the input bytes were not changed."""


class WrongPasswordError(SigningError):
    """The PKCS#12 password does not open the certificate file."""


class CertificateError(SigningError):
    """The certificate cannot be used to sign (bad file, wrong key usage, …)."""


class CertificateExpiredError(CertificateError):
    """The signer's certificate is past its notAfter date."""


class CertificateNotYetValidError(CertificateError):
    """The signer's certificate is before its notBefore date."""


class CertificateRevokedError(CertificateError):
    """The certificate (or one above it in its chain) is revoked: it must not sign."""


class SignaturePlacementError(SigningError):
    """The signature box could not be placed (signer name not found, bad page, …)."""


class TimestampError(SigningError):
    """The timestamp authority could not be reached or gave an unusable answer."""
