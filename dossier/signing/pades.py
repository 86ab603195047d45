"""PAdES B-B signing and sealing of PDFs (pyHanko), with ND 30/2020 visible stamps.

* ``sign_pdf``: the leader's signature, placed between the title and the name.
* ``seal_pdf``: the agency seal, added later as an incremental update (the leader's signature
  stays valid), placed over the left third of the leader's signature box.
* ``find_signature_box`` and ``verify_pdf`` are re-exported from their own modules.

Nothing is written anywhere: bytes in, bytes out. Every check (password, certificate validity,
placement) runs before pyHanko touches the document, so on error the caller still has exactly
the input it passed in.
"""

from __future__ import annotations

import datetime as dt
import io

from cryptography import x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields as ph_fields
from pyhanko.sign import signers as ph_signers
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko_certvalidator.errors import PathValidationError

from dossier.metrics import timed_signature
from dossier.signing import loopsafe, ltv
from dossier.signing.appearance import Appearance, seal_appearance, signature_appearance
from dossier.signing.certs import common_name, organization, subject_title
from dossier.signing.errors import (
    CertificateExpiredError,
    CertificateNotYetValidError,
    SignaturePlacementError,
    SigningError,
)
from dossier.signing.locate import Box, find_signature_box
from dossier.signing.ltv import LongTermOptions
from dossier.signing.signer import Signer
from dossier.signing.verification import SignatureReport, verify_pdf
from dossier.vn.vntime import format_vn, now_vn, to_vn

__all__ = [
    "ANNEX_FIELD",
    "LEADER_FIELD",
    "SEAL_FIELD",
    "SignatureReport",
    "find_signature_box",
    "fit_image",
    "seal_box_for",
    "seal_layout",
    "seal_pdf",
    "sign_annex",
    "sign_pdf",
    "verify_pdf",
]

LEADER_FIELD = "ChuKyLanhDao"
SEAL_FIELD = "DauCoQuan"


class _VietnamTimePdfSigner(ph_signers.PdfSigner):
    """PdfSigner whose signing time (CMS signingTime, /M, stamp) is a fixed Vietnam time.

    pyHanko takes "now" in the host's local zone (often UTC in containers), so the stamp would
    show +0000; we decide the time once, in Asia/Ho_Chi_Minh, and use it everywhere.
    """

    def __init__(self, *args, signing_time: dt.datetime, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out, existing_fields_only=False):  # type: ignore[override]
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._signing_time
        return session


def check_certificate_validity(cert: x509.Certificate, at: dt.datetime) -> None:
    """Refuse to sign with an expired or not-yet-valid certificate."""
    who = common_name(cert.subject) or cert.subject.rfc4514_string()
    if at < cert.not_valid_before_utc:
        raise CertificateNotYetValidError(
            f"The certificate of {who} is not valid yet: it starts on "
            f"{format_vn(cert.not_valid_before_utc)} (now {format_vn(at)})"
        )
    if at > cert.not_valid_after_utc:
        raise CertificateExpiredError(
            f"The certificate of {who} expired on {format_vn(cert.not_valid_after_utc)}; "
            "renew it before signing"
        )


# A timestamp token is the TSA's certificate chain plus ~1.5 KB (hex digits: 2 per byte).
_TIMESTAMP_RESERVE = 2 * 6144


def _reserve(signer: Signer) -> int:
    """A tight /Contents reserve: the CMS is ~the certificates + ~1.5 KB of attributes and
    signature. Tight matters: validation parses the hex blob in Python (baselines §6)."""
    der = sum(len(c.tbs_certificate_bytes) + 300 for c in [signer.certificate, *signer.chain])
    size = 2 * (der + 1536)  # pyHanko counts the reserve in hex digits: 2 per DER byte
    return (size + 511) // 512 * 512


def _page_index(pdf: bytes, page: int) -> int:
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    count = int(reader.root["/Pages"]["/Count"])
    if not -count <= page < count:
        raise SignaturePlacementError(f"The document has {count} pages; page {page + 1} does not exist")
    return page % count


@timed_signature
def _sign(
    pdf: bytes,
    signer: Signer,
    *,
    field_name: str,
    page: int,
    box: Box,
    reason: str | None,
    location: str | None,
    contact: str | None,
    appearance: Appearance,
    signing_time: dt.datetime,
    long_term: LongTermOptions | None = None,
) -> bytes:
    meta = ph_signers.PdfSignatureMetadata(
        **(long_term.metadata_options() if long_term else {}),
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=ph_fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        contact_info=contact,
        name=common_name(signer.certificate.subject),
    )
    pdf_signer = _VietnamTimePdfSigner(
        meta,
        signer.pyhanko_signer(),
        stamp_style=appearance.stamp_style(signing_time),
        new_field_spec=ph_fields.SigFieldSpec(sig_field_name=field_name, on_page=page, box=box),
        signing_time=signing_time,
        timestamper=long_term.timestamper() if long_term else None,
    )
    reserve = _reserve(signer) + (_TIMESTAMP_RESERVE if long_term and long_term.tsa_url else 0)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = io.BytesIO()
        try:
            loopsafe.call(pdf_signer.sign_pdf, writer, output=out, bytes_reserved=reserve)
        except PyHankoSigningError as exc:
            if "larger than expected" not in str(exc):
                raise
            # Our estimate was too tight for this chain: let pyHanko size it (one extra pass).
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
            out = io.BytesIO()
            loopsafe.call(pdf_signer.sign_pdf, writer, output=out)
    except PyHankoSigningError as exc:
        raise (ltv.explain_failure(exc) if long_term else SigningError(f"Signing failed: {exc}")) from exc
    except SigningError:
        raise
    except (PathValidationError, TimestampRequestError) as exc:
        raise ltv.explain_failure(exc) from exc
    except Exception as exc:  # a malformed PDF surfaces as many pyHanko/IO error types
        raise SigningError(f"Signing failed, the PDF could not be processed: {exc}") from exc
    return out.getvalue()


def _check_field_free(pdf: bytes, field_name: str) -> None:
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    for name, value, _ref in ph_fields.enumerate_sig_fields(reader):
        if name == field_name and value is not None:
            raise SigningError(f"The document is already signed in field {field_name!r}")


def _checked_signing_time(pdf: bytes, signer: Signer, field_name: str, signing_time: dt.datetime | None) -> dt.datetime:
    """When the signature is made (Vietnam time), once the input is a PDF whose `field_name` is
    still free and the certificate is valid then; SigningError or a CertificateError otherwise."""
    if not pdf.startswith(b"%PDF"):
        raise SigningError("The input is not a PDF file")
    when = to_vn(signing_time) if signing_time else now_vn()
    check_certificate_validity(signer.certificate, when)
    _check_field_free(pdf, field_name)
    return when


def sign_pdf(
    pdf: bytes,
    signer: Signer,
    *,
    field_name: str = LEADER_FIELD,
    page: int = -1,
    box: Box | None = None,
    reason: str | None = "Ký duyệt văn bản",
    location: str | None = None,
    contact: str | None = None,
    appearance: Appearance | None = None,
    name_in_document: str | None = None,
    signing_time: dt.datetime | None = None,
    long_term: LongTermOptions | None = None,
) -> bytes:
    """Add the leader's PAdES B-B signature (SHA-256) with a visible blue stamp.

    ``box=None`` places the stamp between the title line and the signer's name, found by
    ``name_in_document`` (default: the certificate's CN) on the last page that contains it.
    ``long_term`` adds an RFC 3161 timestamp and the chain's revocation data (PAdES B-T/B-LT);
    a revoked certificate is then refused (``CertificateRevokedError``).
    """
    when = _checked_signing_time(pdf, signer, field_name, signing_time)
    cn = common_name(signer.certificate.subject) or ""
    if box is None:
        page, box = find_signature_box(pdf, name_in_document or cn)
    else:
        page = _page_index(pdf, page)
    if appearance is None:
        appearance = signature_appearance(cn, subject_title(signer.certificate.subject))
    if appearance.image_png is not None:
        box = fit_image(box, appearance.image_size_pt)
    return _sign(pdf, signer, field_name=field_name, page=page, box=box, reason=reason,
                 location=location, contact=contact, appearance=appearance, signing_time=when,
                 long_term=long_term)


def _field_box(pdf: bytes, field_name: str) -> tuple[int, Box]:
    """Page index and /Rect of an existing signature field's widget."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    pages = [(ref.idnum, ref.generation) for ref in _page_refs(reader)]
    for name, _value, ref in ph_fields.enumerate_sig_fields(reader):
        if name != field_name:
            continue
        widget = ref.get_object()
        if "/Rect" not in widget and "/Kids" in widget:
            widget = widget["/Kids"][0].get_object()
        rect = [float(v) for v in widget["/Rect"]]
        x1, x2 = sorted((rect[0], rect[2]))
        y1, y2 = sorted((rect[1], rect[3]))
        p_ref = widget.raw_get("/P") if "/P" in widget else None
        key = (p_ref.idnum, p_ref.generation) if hasattr(p_ref, "idnum") else None
        index = pages.index(key) if key in pages else len(pages) - 1
        return index, (x1, y1, x2, y2)
    raise SignaturePlacementError(f"No signature field named {field_name!r} in the document")


def _page_refs(reader: PdfFileReader) -> list:
    count = int(reader.root["/Pages"]["/Count"])
    return [reader.find_page_for_modification(i)[0] for i in range(count)]


def fit_image(box: Box, size_pt: tuple[float, float] | None) -> Box:
    """The signature image's own rectangle: its physical size shrunk to fit ``box``, centred in it,
    so that the seal can be placed over the left third of the image itself (not of the blank)."""
    if not size_pt:
        return box
    x1, y1, x2, y2 = box
    scale = min(1.0, (x2 - x1) / size_pt[0], (y2 - y1) / size_pt[1])
    w, h = size_pt[0] * scale, size_pt[1] * scale
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    return round(cx - w / 2, 2), round(cy - h / 2, 2), round(cx + w / 2, 2), round(cy + h / 2, 2)


# The caption of a seal image goes under the leader's name: this far below the signature's box
# (the name's capitals start 2 pt under it; a 14 pt name with descenders ends ~17 pt lower).
_CAPTION_DROP = 22.0


def seal_layout(signature_box: Box, seal_pt: tuple[float, float], caption: tuple[float, float]) -> Box:
    """The agency signature's box: the seal at actual size, its right edge one third into the
    signature image and its centre level with it; the caption centred under the leader's name.
    The box is their union, the seal in its top left corner and the caption in its bottom right."""
    x1, y1, x2, y2 = signature_box
    side_w, side_h = seal_pt
    right = x1 + (x2 - x1) / 3
    cy = (y1 + y2) / 2
    seal = (right - side_w, cy - side_h / 2, right, cy + side_h / 2)
    cx, (cap_w, cap_h) = (x1 + x2) / 2, caption
    cap_top = min(y1 - _CAPTION_DROP, seal[1] - 4)
    left = min(seal[0], cx - cap_w / 2)
    box_right = max(seal[2], cx + cap_w / 2)
    return round(left, 2), round(cap_top - cap_h, 2), round(box_right, 2), round(seal[3], 2)


def seal_box_for(signature_box: Box, *, size: float | None = None) -> Box:
    """Seal box overlapping the left third of the signature box (ND 30/2020 Phụ lục I)."""
    x1, y1, x2, y2 = signature_box
    width, height = x2 - x1, y2 - y1
    side = size or max(50.0, min(110.0, height * 1.1))
    right = x1 + width / 3  # the seal's right edge reaches one third into the signature
    cy = (y1 + y2) / 2
    return (round(right - side, 2), round(cy - side / 2, 2), round(right, 2), round(cy + side / 2, 2))


def seal_pdf(
    pdf: bytes,
    signer: Signer,
    *,
    field_name: str = SEAL_FIELD,
    over_field: str = LEADER_FIELD,
    page: int = -1,
    box: Box | None = None,
    reason: str | None = "Đóng dấu cơ quan",
    location: str | None = None,
    contact: str | None = None,
    appearance: Appearance | None = None,
    signing_time: dt.datetime | None = None,
    long_term: LongTermOptions | None = None,
) -> bytes:
    """Add the agency's seal signature as an incremental update.

    ``box=None`` puts it over the left third of the signature in ``over_field``.
    """
    when = _checked_signing_time(pdf, signer, field_name, signing_time)
    if appearance is None:
        org = common_name(signer.certificate.subject) or organization(signer.certificate.subject) or ""
        appearance = seal_appearance(org)
    if box is None:
        page, sig_box = _field_box(pdf, over_field)
        if appearance.image_png is not None:
            box = seal_layout(sig_box, appearance.image_size_pt, appearance.text_size(when))
        else:
            box = seal_box_for(sig_box)
    else:
        page = _page_index(pdf, page)
    return _sign(pdf, signer, field_name=field_name, page=page, box=box, reason=reason,
                 location=location, contact=contact, appearance=appearance, signing_time=when,
                 long_term=long_term)


ANNEX_FIELD = "DauCoQuanPhuLuc"


def annex_box(pdf: bytes, appearance: Appearance, when: dt.datetime) -> Box:
    """Top right of page 1, in the top margin (ND 30: 20–25 mm) and inside the right one (15 mm)."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    media = [float(v) for v in reader.find_page_for_modification(0)[0].get_object()["/MediaBox"]]
    width, height = appearance.text_size(when)
    width, height = width + 12, height + 10  # room for pyHanko's own line metrics: never clipped
    right, top = media[2] - 15 * 72 / 25.4, media[3] - 6 * 72 / 25.4
    return round(right - width, 2), round(top - height, 2), round(right, 2), round(top, 2)


def sign_annex(pdf: bytes, signer: Signer, *, number_text: str, org_name: str, location: str | None = None,
               signing_time: dt.datetime | None = None, long_term: LongTermOptions | None = None) -> bytes:
    """The agency's signature on a separate-file annex: top right of its first page, no image,
    the main document's number and the signing time (ND 30/2020 Phụ lục I; domain §9.3)."""
    from dossier.signing.appearance import annex_appearance

    when = _checked_signing_time(pdf, signer, ANNEX_FIELD, signing_time)
    appearance = annex_appearance(org_name, number_text)
    number = number_text.removeprefix("Số: ")
    return _sign(pdf, signer, field_name=ANNEX_FIELD, page=0, box=annex_box(pdf, appearance, when),
                 reason=f"Phụ lục kèm theo văn bản số {number}", location=location, contact=None,
                 appearance=appearance, signing_time=when, long_term=long_term)
