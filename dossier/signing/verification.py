"""Verify the signatures of a PDF and describe them in terms an officer understands.

For each signature: who (CN, O), when (signing time in Vietnam time), which certificate
(serial, issuer, SHA-256 fingerprint, validity), intact (signed bytes unchanged), trusted
(chains to one of the given roots), and coverage: either the signature covers the entire file,
or the file was extended after signing. Extensions are normal — the agency seal is added after
the leader's signature as an incremental update — and pyHanko's difference analysis tells
allowed updates (new signatures, form filling) from anything else.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel

from dossier.signing import loopsafe
from dossier.signing import verification_ltv as longterm
from dossier.signing.certs import common_name, organization
from dossier.signing.errors import SigningError
from dossier.vn.vntime import format_iso, to_vn


class VerificationError(SigningError):
    """The file cannot be read as a PDF at all."""

    code = "verification_unreadable"
    message = "Không đọc được tệp PDF để xác thực chữ ký."


@dataclass(frozen=True)
class SignatureReport:
    field_name: str
    signer_name: str | None
    signer_org: str | None
    signing_time: dt.datetime | None  # Vietnam time
    cert_serial: str
    cert_issuer: str
    cert_sha256: str
    cert_valid_from: dt.datetime
    cert_valid_to: dt.datetime
    intact: bool  # the signed byte ranges hash to the signed digest
    valid: bool  # intact and the cryptographic signature checks out
    trusted: bool  # the certificate chains to one of the trust roots
    covers_entire_file: bool
    coverage: str  # human-readable coverage / later-changes statement
    modification_level: str | None
    bottom_line: bool
    problems: tuple[str, ...] = ()
    # Long-term validation (PAdES B-T / B-LT / B-LTA); see dossier.signing.ltv.
    kind: str = "signature"  # or "document_timestamp" (B-LTA)
    pades_level: str = "B-B"
    timestamp_time: dt.datetime | None = None  # proven by the TSA, Vietnam time
    timestamp_trusted: bool | None = None
    revocation: str = "not_checked"  # good | revoked | unknown | not_checked
    revocation_source: str | None = None  # embedded (DSS, at signing) | online (checked now)
    revoked_at: dt.datetime | None = None
    validated_at: dt.datetime | None = None  # the moment the verdict holds for (timestamp time for LTV)

    @property
    def signing_time_iso(self) -> str | None:
        return format_iso(self.signing_time) if self.signing_time else None

    def summary(self) -> str:
        verdict = "VALID" if self.bottom_line else "INVALID"
        return f"{verdict}: {self.signer_name or '?'} ({self.signer_org or '-'}), {self.signing_time_iso}"


def _to_crypto(cert) -> x509.Certificate:
    return x509.load_der_x509_certificate(cert.dump())


def _to_asn1(cert: x509.Certificate):
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding

    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))


def _coverage_text(coverage, level) -> tuple[bool, str]:
    if coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True, "entire file"
    if coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        if level is None:
            return False, "file was extended after signing (changes could not be analysed)"
        if level <= ModificationLevel.FORM_FILLING:
            return False, ("file was extended after signing with allowed changes only "
                           "(e.g. a later signature or seal)")
        return False, "file was MODIFIED after signing (changes beyond adding signatures / form filling)"
    return False, "the signature does not cover the document properly"


def _status_problems(status, fact_problems: list[str]) -> list[str]:
    problems = []
    if not status.intact:
        problems.append("the signed content was changed")
    elif not status.valid:
        problems.append("the cryptographic signature does not match")
    if not status.trusted:
        problems.append("the certificate does not chain to a trusted root")
    problems.extend(fact_problems)
    if status.docmdp_ok is False:
        problems.append("changes after signing are not allowed by the document's policy")
    return problems


def verify_pdf(pdf: bytes, trust_roots: list[x509.Certificate],
               *, at: dt.datetime | None = None, online: bool = False) -> list[SignatureReport]:
    """Validate every signature in ``pdf`` against ``trust_roots``.

    Without ``online`` nothing is fetched: revocation data embedded at signing (B-LT) is used,
    at the time the signature's timestamp proves. ``online`` also asks the CA's OCSP/CRL
    service for the certificate's status now (or at ``at``).
    """
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:  # pyHanko raises several error types on broken files
        raise VerificationError(f"The file cannot be read as a PDF: {exc}") from exc
    dss = longterm.read_dss(reader)
    reports: list[SignatureReport] = []
    for emb in signatures:
        if longterm.is_document_timestamp(emb):
            reports.append(longterm.document_timestamp_report(emb, trust_roots, dss, _report_failure))
            continue
        vc = longterm.context(trust_roots, dss, at=at)
        problems: list[str] = []
        cert = _to_crypto(emb.signer_cert)
        try:
            status = loopsafe.call(validate_pdf_signature, emb, signer_validation_context=vc)
            facts = longterm.facts(emb, status, trust_roots, dss, at=at, online=online)
        except Exception as exc:  # corrupt CMS etc.: report, never crash the whole check
            problems.append(f"validation error: {exc}")
            reports.append(_report_failure(emb.field_name, cert, problems))
            continue
        status = facts.pop("status")
        covers, coverage = _coverage_text(status.coverage, status.modification_level)
        problems.extend(_status_problems(status, facts.pop("problems")))
        signing_time = status.signer_reported_dt or emb.self_reported_timestamp
        reports.append(
            SignatureReport(
                field_name=str(emb.field_name),
                signer_name=common_name(cert.subject),
                signer_org=organization(cert.subject),
                signing_time=to_vn(signing_time) if signing_time else None,
                cert_serial=format(cert.serial_number, "X"),
                cert_issuer=cert.issuer.rfc4514_string(),
                cert_sha256=cert.fingerprint(hashes.SHA256()).hex(":").upper(),
                cert_valid_from=to_vn(cert.not_valid_before_utc),
                cert_valid_to=to_vn(cert.not_valid_after_utc),
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                covers_entire_file=covers,
                coverage=coverage,
                modification_level=status.modification_level.name if status.modification_level else None,
                bottom_line=bool(status.bottom_line) and not facts.get("revoked_before_signing"),
                problems=tuple(problems),
                **{k: v for k, v in facts.items() if k != "revoked_before_signing"},
            )
        )
    return longterm.mark_archived(reports)


def _report_failure(field_name, cert: x509.Certificate, problems: list[str]) -> SignatureReport:
    return SignatureReport(
        field_name=str(field_name), signer_name=common_name(cert.subject),
        signer_org=organization(cert.subject), signing_time=None,
        cert_serial=format(cert.serial_number, "X"), cert_issuer=cert.issuer.rfc4514_string(),
        cert_sha256=cert.fingerprint(hashes.SHA256()).hex(":").upper(),
        cert_valid_from=to_vn(cert.not_valid_before_utc), cert_valid_to=to_vn(cert.not_valid_after_utc),
        intact=False, valid=False, trusted=False, covers_entire_file=False, coverage="unknown",
        modification_level=None, bottom_line=False, problems=tuple(problems),
    )
