"""The long-term half of verification: timestamps, embedded revocation data, document timestamps.

:func:`dossier.signing.verification.verify_pdf` asks this module for the facts it adds to each
report. Rules:

* A signature's RFC 3161 timestamp (B-T) proves when it was made. When the file carries the
  chain's revocation data (B-LT, in the DSS), the signature is judged *at that time* with that
  data and nothing fetched: a certificate revoked after the timestamp leaves the signature valid.
* ``online`` asks the CA now (hard-fail: an unreachable responder is "unknown", never "good").
  A certificate revoked before the proven signing time, or with no proof of time at all, makes
  the signature invalid.
* A document timestamp after the signatures (B-LTA) is reported as its own entry.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from cryptography import x509
from pyhanko.sign.validation import DocumentSecurityStore, validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko_certvalidator import ValidationContext

from dossier.signing import loopsafe
from dossier.signing.trust import TrustAnchors
from dossier.vn.vntime import format_vn, to_vn


def read_dss(reader) -> DocumentSecurityStore | None:
    try:
        return DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return None


def has_revocation_data(dss: DocumentSecurityStore | None) -> bool:
    return dss is not None and bool(dss.ocsps or dss.crls)


def is_document_timestamp(emb) -> bool:
    return emb.sig_object_type == "/DocTimeStamp"


def context(roots: list[x509.Certificate], dss: DocumentSecurityStore | None, *, at: dt.datetime | None,
            revocation_mode: str = "soft-fail") -> ValidationContext:
    """Offline context with everything the file carries (certificates, OCSP, CRLs).

    Revocation data issued *after* the moment judged counts (``retroactive_revinfo``): an OCSP
    "good" fetched when the file was accepted — a browser agent's upload comes minutes after its
    timestamp — proves the certificate was not revoked at the earlier signing time (ETSI EN 319
    102-1 even asks for data from after the signing time); a "revoked" one carries its date.
    """
    anchors = TrustAnchors.of(roots)
    if not roots:
        return ValidationContext(trust_roots=[], allow_fetching=False, moment=at)
    if dss is None:
        return anchors.offline(at=at, revocation_mode=revocation_mode)
    return dss.as_validation_context({
        "trust_roots": [_asn1(c) for c in roots], "allow_fetching": False, "moment": at,
        "revocation_mode": revocation_mode, "retroactive_revinfo": True,
    })


def _asn1(cert: x509.Certificate):
    from dossier.signing.trust import to_asn1

    return to_asn1(cert)


def _validate(emb, vc: ValidationContext):
    return loopsafe.call(validate_pdf_signature, emb, signer_validation_context=vc, skip_diff=True)


def facts(emb, status, roots: list[x509.Certificate], dss: DocumentSecurityStore | None, *,
          at: dt.datetime | None, online: bool) -> dict:
    """What the report adds for long-term validation; ``status`` may be replaced by the LTV verdict."""
    out: dict = {"status": status, "problems": [], "pades_level": "B-B", "timestamp_time": None,
                 "timestamp_trusted": None, "revocation": "not_checked", "revocation_source": None,
                 "revoked_at": None, "validated_at": at, "revoked_before_signing": False}
    ts = status.timestamp_validity
    proven: dt.datetime | None = None
    if ts is not None:
        out["pades_level"] = "B-T"
        out["timestamp_time"] = to_vn(ts.timestamp)
        out["timestamp_trusted"] = bool(ts.intact and ts.valid and ts.trusted)
        if out["timestamp_trusted"]:
            proven = ts.timestamp
        else:
            out["problems"].append("the timestamp is not from a trusted timestamp authority")
    if has_revocation_data(dss) and roots:
        # Judged when it was made (as the timestamp proves), not today: that is the point of B-LT.
        _embedded_check(emb, roots, dss, proven if proven is not None else at, out)
    if online and roots:
        _online_check(emb, roots, at, proven, out)
    return out


def _embedded_check(emb, roots, dss, moment, out: dict) -> None:
    lt_status = _validate(emb, context(roots, dss, at=moment, revocation_mode="hard-fail"))
    out["status"] = lt_status
    out["validated_at"] = to_vn(moment) if moment else None
    out["revocation_source"] = "embedded"
    if lt_status.revocation_details is not None:
        out["revocation"] = "revoked"
        out["revoked_at"] = to_vn(lt_status.revocation_details.revocation_date)
    elif lt_status.trusted:
        out["revocation"] = "good"
        if out["pades_level"] == "B-T":
            out["pades_level"] = "B-LT"
    else:
        out["revocation"] = "unknown"
        out["problems"].append("the revocation data in the file do not cover the certificate chain")


def _online_check(emb, roots, at, proven, out: dict) -> None:
    vc = TrustAnchors.of(roots).online(at=at)
    for cert in emb.other_embedded_certs:
        vc.certificate_registry.register(cert)
    now_status = _validate(emb, vc)
    details = now_status.revocation_details
    if details is not None:
        out["revocation"], out["revocation_source"] = "revoked", "online"
        out["revoked_at"] = to_vn(details.revocation_date)
        if proven is None or details.revocation_date <= proven:
            out["revoked_before_signing"] = True
            out["problems"].append(f"the certificate was revoked on {format_vn(details.revocation_date)}"
                                   + (", before the signing time the timestamp proves" if proven else
                                      " and no timestamp proves the signature is older"))
    elif out["revocation"] != "revoked":
        out["revocation"] = "good" if now_status.trusted else "unknown"
        out["revocation_source"] = "online"


def document_timestamp_report(emb, roots: list[x509.Certificate], dss, failure):
    """A B-LTA document timestamp as a report entry (its 'signer' is the TSA)."""
    from cryptography.hazmat.primitives import hashes

    from dossier.signing.certs import common_name, organization
    from dossier.signing.verification import SignatureReport

    cert = x509.load_der_x509_certificate(emb.signer_cert.dump())
    try:
        status = loopsafe.call(validate_pdf_timestamp, emb, validation_context=context(roots, dss, at=None))
    except Exception as exc:  # a corrupt token is reported like a corrupt signature
        return failure(emb.field_name, cert, [f"validation error: {exc}"])
    ok = bool(status.intact and status.valid and status.trusted)
    return SignatureReport(
        field_name=str(emb.field_name), signer_name=common_name(cert.subject), signer_org=organization(cert.subject),
        signing_time=to_vn(status.timestamp), cert_serial=format(cert.serial_number, "X"),
        cert_issuer=cert.issuer.rfc4514_string(), cert_sha256=cert.fingerprint(hashes.SHA256()).hex(":").upper(),
        cert_valid_from=to_vn(cert.not_valid_before_utc), cert_valid_to=to_vn(cert.not_valid_after_utc),
        intact=bool(status.intact), valid=bool(status.valid), trusted=bool(status.trusted),
        covers_entire_file=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
        coverage="document timestamp", modification_level=status.modification_level.name
        if status.modification_level else None, bottom_line=ok,
        problems=() if ok else ("the document timestamp is not valid or not from a trusted authority",),
        kind="document_timestamp", pades_level="B-LTA", timestamp_time=to_vn(status.timestamp),
        timestamp_trusted=ok,
    )


def mark_archived(reports: list) -> list:
    """Signatures followed by a valid document timestamp are B-LTA."""
    out = list(reports)
    for i, report in enumerate(out):
        later = out[i + 1:]
        if report.kind == "signature" and report.pades_level == "B-LT" and any(
                r.kind == "document_timestamp" and r.bottom_line for r in later):
            out[i] = dataclasses.replace(report, pades_level="B-LTA")
    return out
