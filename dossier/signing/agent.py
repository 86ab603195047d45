"""Signing in the official's own browser (the Ban Cơ yếu plugin's protocol), server side.

The flow, as in ``vgcaplugin.js``: the page hands the local signing agent the URL of one
prepared PDF, an upload URL (``FileUploadHandler``) and a token; the agent signs with the USB
token on the official's machine and POSTs the signed PDF back. The server must then accept the
file only if it is *that* PDF plus exactly one new signature, by a certificate registered for
that user, chaining to a configured trust anchor, valid at the signing time, with nothing else
changed. This module holds those rules, free of any database:

* :func:`new_token` / :func:`check_ticket`: a random one-time token (only its SHA-256 is
  stored), bound to one user and one prepared PDF, expiring;
* :func:`check_returned_pdf`: the checks on the returned bytes, each refusal an
  :class:`AgentRefusal` with a Vietnamese reason (``message``) and a stable ``code``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import secrets
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel, SuspiciousModification
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel

from dossier.signing import loopsafe
from dossier.signing.errors import SigningError
from dossier.signing.trust import TrustAnchors, from_asn1
from dossier.vn.vntime import to_vn

TOKEN_LIFETIME = dt.timedelta(minutes=15)
CLOCK_SKEW = dt.timedelta(minutes=5)  # the official's PC clock may be a little off


class AgentRefusal(SigningError):
    """The returned file (or the token) is refused; ``message`` says why, in Vietnamese.

    ``reason`` is a stable key for each check (tests, logs); ``code`` stays the family's one.
    """

    code = "agent_refused"
    message = "Tệp ký số gửi về không được chấp nhận."

    def __init__(self, reason: str, message: str, detail: str = "") -> None:
        super().__init__(detail or reason, message=message, detail=detail or reason)
        self.reason = reason


def new_token() -> tuple[str, str]:
    """A one-time token for the agent and the hash the server keeps (never the token itself)."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def pdf_digest(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()


def prepare_pdf(pdf: bytes, *, field_name: str, page: int, box: tuple[float, float, float, float]) -> bytes:
    """The PDF handed to the agent: the document plus an empty signature field where the signature goes.

    The agent fills that field; the server then knows which field the one new signature must be
    in, and pyHanko's difference analysis can tell "filled the prepared field" from anything else.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields as ph_fields

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    ph_fields.append_signature_field(writer, ph_fields.SigFieldSpec(sig_field_name=field_name, on_page=page, box=box))
    # SignaturesExist | AppendOnly, as signing sets it: otherwise filling the field changes /SigFlags.
    acroform = writer.root["/AcroForm"]
    acroform = acroform.get_object() if hasattr(acroform, "get_object") else acroform
    acroform[generic.pdf_name("/SigFlags")] = generic.NumberObject(3)
    writer.update_container(acroform)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class Ticket:
    """What the server stored when it prepared the PDF for one user."""

    token_sha256: str
    user_key: str
    pdf_sha256: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    field_name: str = "ChuKyLanhDao"
    used_at: dt.datetime | None = None


def check_ticket(ticket: Ticket | None, token: str, *, user_key: str, now: dt.datetime) -> None:
    """Refuse an unknown, foreign, used (replayed) or expired token."""
    if ticket is None or not hmac.compare_digest(ticket.token_sha256, token_hash(token)):
        raise AgentRefusal("agent_token_unknown", "Mã phiên ký không hợp lệ.")
    if ticket.user_key != user_key:
        raise AgentRefusal("agent_token_foreign", "Phiên ký này không thuộc về người dùng đang đăng nhập.")
    if ticket.used_at is not None:
        raise AgentRefusal("agent_token_replayed",
                           "Mã phiên ký đã được dùng; mỗi phiên ký chỉ dùng được một lần.")
    if now >= ticket.expires_at:
        raise AgentRefusal("agent_token_expired", "Phiên ký đã hết hạn; vui lòng mở lại văn bản để ký.")


@dataclass(frozen=True)
class AcceptedSignature:
    field_name: str
    certificate: x509.Certificate
    signing_time: dt.datetime  # Vietnam time


def check_returned_pdf(prepared: bytes, returned: bytes, *, registered: list[x509.Certificate],
                       trust: TrustAnchors, ticket: Ticket, now: dt.datetime) -> AcceptedSignature:
    """Accept ``returned`` only as ``prepared`` plus exactly one new, trusted, registered signature."""
    if pdf_digest(prepared) != ticket.pdf_sha256:
        raise AgentRefusal("agent_pdf_mismatch", "Tệp không khớp với văn bản của phiên ký.")
    if not returned.startswith(b"%PDF"):
        raise AgentRefusal("agent_not_pdf", "Tệp gửi về không phải tệp PDF.")
    if len(returned) <= len(prepared) or returned[: len(prepared)] != prepared:
        raise AgentRefusal("agent_prefix_changed",
                           "Tệp gửi về không phải văn bản đã chuẩn bị để ký: nội dung trước chữ ký đã bị thay đổi.")
    before, after = _reader(prepared), _reader(returned)
    if after.xrefs.total_revisions != before.xrefs.total_revisions + 1:
        raise AgentRefusal("agent_extra_update", "Tệp gửi về có nhiều hơn một lần cập nhật sau văn bản đã "
                                                 "chuẩn bị; chỉ được thêm đúng một chữ ký số.")
    emb = _the_new_signature(before, after, len(returned), ticket.field_name)
    _check_nothing_else_changed(after, before.xrefs.total_revisions - 1, str(emb.field_name))
    cert = from_asn1(emb.signer_cert)
    if not any(cert.fingerprint(hashes.SHA256()) == c.fingerprint(hashes.SHA256()) for c in registered):
        raise AgentRefusal("agent_certificate_not_registered", "Chứng thư số ký văn bản không phải chứng thư "
                                                                "đã đăng ký cho người dùng này.")
    signing_time = _signing_time(emb, ticket, now)
    _check_signature_and_chain(emb, trust, signing_time)
    return AcceptedSignature(field_name=str(emb.field_name), certificate=cert, signing_time=to_vn(signing_time))


def _reader(pdf: bytes) -> PdfFileReader:
    try:
        return PdfFileReader(io.BytesIO(pdf), strict=False)
    except Exception as exc:  # pyHanko raises several error types on broken files
        raise AgentRefusal("agent_not_pdf", "Tệp gửi về không đọc được như một tệp PDF.", str(exc)) from exc


def _the_new_signature(before: PdfFileReader, after: PdfFileReader, size: int, field_name: str):
    try:
        old = {str(e.field_name) for e in before.embedded_signatures}
        new = [e for e in after.embedded_signatures if str(e.field_name) not in old]
    except Exception as exc:  # the appended update does not parse
        raise AgentRefusal("agent_damaged", "Tệp gửi về bị hỏng: phần chữ ký số thêm vào không đọc được.",
                           str(exc)) from exc
    if len(new) != 1 or len(after.embedded_signatures) != len(old) + 1:
        raise AgentRefusal("agent_signature_count", f"Tệp gửi về phải có đúng một chữ ký số mới (có {len(new)}).")
    emb = new[0]
    if str(emb.field_name) != field_name:
        raise AgentRefusal("agent_wrong_field", "Chữ ký số không nằm ở ô chữ ký đã chuẩn bị trong văn bản.")
    start, len1, start2, len2 = (int(v) for v in emb.byte_range)
    # The signed bytes are the whole file except the /Contents hex string of this signature.
    if start != 0 or start2 + len2 != size or start2 <= len1:
        raise AgentRefusal("agent_byte_range", "Chữ ký số không bao trùm toàn bộ tệp gửi về.")
    return emb


def _check_nothing_else_changed(after: PdfFileReader, base_revision: int, field_name: str) -> None:
    try:
        result = DEFAULT_DIFF_POLICY.review_file(after, base_revision, doc_mdp=MDPPerm.FILL_FORMS)
    except Exception as exc:  # pyHanko cannot even compare the revisions: not a plain signature
        raise AgentRefusal("agent_other_changes", "Ngoài chữ ký số, tệp gửi về còn thay đổi cấu trúc của văn bản.",
                           str(exc)) from exc
    if isinstance(result, SuspiciousModification) or result.modification_level > ModificationLevel.FORM_FILLING \
            or not result.changed_form_fields <= {field_name}:
        raise AgentRefusal("agent_other_changes",
                           "Ngoài chữ ký số, tệp gửi về còn thay đổi nội dung hoặc biểu mẫu của văn bản.",
                           str(result))


def _signing_time(emb, ticket: Ticket, now: dt.datetime) -> dt.datetime:
    claimed = emb.self_reported_timestamp
    if claimed is None:
        raise AgentRefusal("agent_no_signing_time", "Chữ ký số không ghi thời điểm ký.")
    if not ticket.issued_at - CLOCK_SKEW <= claimed <= now + CLOCK_SKEW:
        raise AgentRefusal("agent_signing_time", "Thời điểm ký ghi trong chữ ký nằm ngoài thời gian của phiên ký.")
    return claimed


def _check_signature_and_chain(emb, trust: TrustAnchors, signing_time: dt.datetime) -> None:
    try:
        status = loopsafe.call(validate_pdf_signature, emb, signer_validation_context=trust.offline(at=signing_time),
                               skip_diff=True)
    except Exception as exc:  # a corrupt CMS blob
        raise AgentRefusal("agent_signature_invalid", "Chữ ký số trong tệp gửi về bị hỏng.", str(exc)) from exc
    if not (status.intact and status.valid) or status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        raise AgentRefusal("agent_signature_invalid",
                           "Chữ ký số không hợp lệ: nội dung đã bị thay đổi sau khi ký.")
    if status.revocation_details is not None:
        raise AgentRefusal("agent_certificate_revoked", "Chứng thư số đã bị thu hồi.")
    cert = from_asn1(emb.signer_cert)
    if not cert.not_valid_before_utc <= signing_time <= cert.not_valid_after_utc:
        raise AgentRefusal("agent_certificate_expired", "Chứng thư số không còn hiệu lực tại thời điểm ký.")
    if not status.trusted:
        raise AgentRefusal("agent_untrusted", "Chứng thư số không do tổ chức cung cấp dịch vụ chứng thực được "
                                              "hệ thống tin cậy cấp (kiểm tra danh sách CA tin cậy).")
