"""Long-term validation: RFC 3161 timestamps and embedded revocation data (PAdES B-T, B-LT, B-LTA).

A signed decision is archived for decades, long after the signer's certificate has expired or
been revoked. What keeps it verifiable:

* **B-T**: a timestamp from a trusted TSA over the signature proves *when* it was made;
* **B-LT**: at signing, the OCSP responses / CRLs of the whole chain are fetched (and a revoked
  or unverifiable certificate is refused) and stored in the document security store (DSS),
  so a verifier decades later needs no network;
* **B-LTA**: later, a document timestamp over everything (signatures, DSS) renews the proof
  before the TSA's own certificate or algorithms age out; it can be repeated.

pyHanko does the protocol work; this module only decides which of it to ask for.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers as ph_signers
from pyhanko.sign import timestamps as ph_timestamps
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.sign.validation import add_validation_info
from pyhanko_certvalidator.errors import PathValidationError, RevokedError

from dossier.signing import loopsafe
from dossier.signing.errors import CertificateError, CertificateRevokedError, SigningError, TimestampError
from dossier.signing.trust import TrustAnchors

DOCUMENT_TIMESTAMP_FIELD = "DauThoiGianLuuTru"


@dataclass(frozen=True)
class LongTermOptions:
    """What a signature carries beyond B-B. ``tsa_url`` None means no timestamp."""

    trust: TrustAnchors
    tsa_url: str | None = None
    embed_revocation: bool = True
    tsa_timeout: float = 10.0

    @property
    def level(self) -> str:
        if self.tsa_url and self.embed_revocation:
            return "B-LT"
        return "B-T" if self.tsa_url else "B-B"

    def timestamper(self) -> ph_timestamps.TimeStamper | None:
        if not self.tsa_url:
            return None
        return ph_timestamps.HTTPTimeStamper(self.tsa_url, timeout=self.tsa_timeout)

    def metadata_options(self) -> dict:
        """Keyword arguments for pyHanko's PdfSignatureMetadata."""
        if not self.embed_revocation:
            return {}
        return {"validation_context": self.trust.for_signing(), "embed_validation_info": True}


def explain_failure(exc: BaseException) -> SigningError:
    """Turn what pyHanko raises on a failed long-term signature into one of our errors."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, RevokedError):
            return CertificateRevokedError(f"The certificate is revoked: {seen}")
        if isinstance(seen, TimestampRequestError):
            return TimestampError(f"The timestamp authority did not answer properly: {seen}")
        if isinstance(seen, PathValidationError):
            return CertificateError(f"The certificate chain could not be validated: {seen}")
        seen = seen.__cause__ or seen.__context__
    return SigningError(f"Signing failed: {exc}")


def has_signature_timestamp(emb) -> bool:
    """Whether a signature carries its own RFC 3161 timestamp (an unsigned CMS attribute: B-T)."""
    attrs = emb.signer_info["unsigned_attrs"]
    return attrs.native is not None and any(a["type"].native == "signature_time_stamp_token" for a in attrs)


def add_revocation_data(pdf: bytes, options: LongTermOptions, *, field_name: str) -> bytes:
    """B-LT for a signature made elsewhere (the official's browser agent signs with his token and
    his agent's TSA): fetch and embed the chain's OCSP/CRL in the DSS, refusing a revoked
    certificate as signing does. A signature without its own timestamp also gets a document
    timestamp, so that the time of issuance is proven by a TSA all the same."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        emb = next(e for e in reader.embedded_signatures if e.field_name == field_name)
        out = loopsafe.call(add_validation_info, emb, options.trust.for_signing(), output=io.BytesIO()).getvalue()
        if has_signature_timestamp(emb) or not options.tsa_url:
            return out
        stamper = ph_signers.PdfTimeStamper(options.timestamper(), field_name=_free_timestamp_field(out))
        result = io.BytesIO()
        loopsafe.call(stamper.timestamp_pdf, IncrementalPdfFileWriter(io.BytesIO(out), strict=False), "sha256",
                      validation_context=options.trust.for_signing(), output=result)
        return result.getvalue()
    except (PyHankoSigningError, PathValidationError, TimestampRequestError, OSError) as exc:
        raise explain_failure(exc) from exc


def add_archive_timestamp(pdf: bytes, options: LongTermOptions) -> bytes:
    """B-LTA: refresh the DSS with the current revocation data, then add a document timestamp.

    Run on archived documents before the last timestamp's certificate expires; each run adds
    one incremental update and keeps every earlier signature valid.
    """
    if not options.tsa_url:
        raise TimestampError("No timestamp authority is configured (DOSSIER_TSA_URL)")
    try:
        out = _refresh_dss(pdf, options)
        stamper = ph_signers.PdfTimeStamper(options.timestamper(), field_name=_free_timestamp_field(out))
        writer = IncrementalPdfFileWriter(io.BytesIO(out), strict=False)
        result = io.BytesIO()
        loopsafe.call(stamper.timestamp_pdf, writer, "sha256",
                      validation_context=options.trust.for_signing(), output=result)
    except (PyHankoSigningError, PathValidationError, TimestampRequestError, OSError) as exc:
        raise explain_failure(exc) from exc
    return result.getvalue()


def _refresh_dss(pdf: bytes, options: LongTermOptions) -> bytes:
    current = pdf
    count = len(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)
    for index in range(count):  # re-read each time: every update appends a revision
        reader = PdfFileReader(io.BytesIO(current), strict=False)
        emb = reader.embedded_signatures[index]
        out = loopsafe.call(add_validation_info, emb, options.trust.for_signing(), output=io.BytesIO())
        current = out.getvalue()
    return current


def _free_timestamp_field(pdf: bytes) -> str:
    from pyhanko.sign import fields as ph_fields

    names = {name for name, _v, _r in ph_fields.enumerate_sig_fields(PdfFileReader(io.BytesIO(pdf), strict=False))}
    index = 1
    while f"{DOCUMENT_TIMESTAMP_FIELD}{index}" in names:
        index += 1
    return f"{DOCUMENT_TIMESTAMP_FIELD}{index}"
