"""Issuing a document: the leader signs (number, date, signature block, signed PDF), the văn thư
seals (agency signature), anybody verifies (code / QR → public page).

Signing is ONE transaction: take the next number from the register (counter row locked),
write number, issue date and the signer's block into the draft's context, render the same
template version again (so the DOCX carries the number), convert to PDF/A-2b, draw the
verification code and QR, PAdES-sign with the leader's certificate, store the frozen
``IssuedDocument``, append the audit event, commit. Whatever fails — wrong password, expired
certificate, LibreOffice down, a template error — rolls all of it back: no number is burnt and
the draft is exactly as it was. The cheap checks (permission, password, certificate validity,
converter present) run before the transaction, so the common failures never take the lock.

Why hold the register lock while converting and signing (~0.5 s): a gap-free series needs the
number and the issued document to commit together. Issuances of one series therefore queue;
a Sở issues tens of documents a day, so the queue is never long (anchors.md §3: frappe/caffeine
#67 — gap-free series cost concurrency; here that cost is acceptable, gaps are not).

PDF/A: the signed file *is* the archive copy. We convert once, to PDF/A-2b, and sign that; PAdES
signatures are incremental updates that PDF/A-2 allows. A separate unsigned PDF/A copy would
have no evidential value (an archive needs the signatures) and could differ from what was signed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dossier.canonical import canonical_json
from dossier.documents.bounded import render_document
from dossier.documents.errors import DocumentError
from dossier.documents.profiles import ISSUED_TYPES
from dossier.errors import DomainError, Forbidden, NotFound, Refused
from dossier.model import Blob, Dossier, GeneratedDocument, IssuedDocument, Organisation, User
from dossier.services import audit
from dossier.services.access import load_user, require_visible, visible_org_ids
from dossier.services.documents import store_blob
from dossier.services.pki import Keystore, NoCertificate, default_keystore, trust_roots
from dossier.services.register import take_number
from dossier.services.snapshot import issuing_bodies, signer_of
from dossier.services.template_store import resolve_spec
from dossier.services.uow import Database
from dossier.signing.errors import (
    CertificateExpiredError,
    CertificateNotYetValidError,
    ConversionError,
    SignaturePlacementError,
    SigningError,
    WrongPasswordError,
)
from dossier.signing.vntime import format_vn, now_vn, to_vn
from dossier.vn.dates import place_date_line
from workflows.states import Role

log = logging.getLogger(__name__)

PdfMaker = Callable[[bytes], bytes]  # DOCX bytes → PDF bytes (PDF/A-2b in production)
NOTHING_DONE = "Văn bản chưa được ký, chưa lấy số; bản dự thảo giữ nguyên."
NOTHING_SEALED = "Văn bản chưa được đóng dấu; văn bản đã ký giữ nguyên."


class SigningFailed(DomainError):
    """Signing or sealing did not happen; ``message`` is Vietnamese, ``detail`` English (logs)."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True)
class IssueResult:
    issued_id: int
    document_id: int
    number_text: str  # "Số: 05/QĐ-SCT"
    issued_on: dt.date
    verification_code: str
    status: str  # "signed" | "issued"
    pdf_sha256: str


def public_url(code: str) -> str:
    """Where the QR leads. DOSSIER_PUBLIC_URL is the address citizens can reach."""
    base = os.environ.get("DOSSIER_PUBLIC_URL", "http://localhost:5000").rstrip("/")
    return f"{base}/xac-thuc/{code}"


def _default_pdf_maker(docx: bytes) -> bytes:
    from dossier.signing.convert import to_pdf

    return to_pdf(docx, pdfa=True)


def _vi_failure(exc: BaseException, *, seal: bool = False, cert=None) -> SigningFailed:
    """A clear Vietnamese message for each way signing can fail."""
    tail = NOTHING_SEALED if seal else NOTHING_DONE
    if isinstance(exc, WrongPasswordError):
        msg = "Mật khẩu chứng thư số không đúng."
    elif isinstance(exc, CertificateExpiredError | CertificateNotYetValidError):
        msg = (
            f"Chứng thư số không còn hiệu lực ({_cert_period(cert)}). "
            "Đề nghị gia hạn hoặc cấp lại chứng thư số trước khi ký."
        )
    elif isinstance(exc, NoCertificate):
        msg = (
            "Chưa có chứng thư số "
            + ("của cơ quan (con dấu số)" if seal else "của người ký")
            + " trong hệ thống; đề nghị liên hệ quản trị để cài đặt."
        )
    elif isinstance(exc, ConversionError):
        msg = (
            "Không chuyển được văn bản sang PDF (dịch vụ LibreOffice không hoạt động hoặc quá thời gian). "
            "Vui lòng thử lại sau ít phút hoặc báo quản trị."
        )
    elif isinstance(exc, SignaturePlacementError):
        msg = (
            "Không tìm thấy vị trí chữ ký (họ tên người ký) trong văn bản; "
            "kiểm tra lại khối chữ ký của dự thảo."
        )
    elif isinstance(exc, DocumentError):
        msg = f"Không tạo lại được văn bản từ mẫu: {exc.message_vi}"
    else:
        msg = "Ký số không thành công do lỗi hệ thống."
    return SigningFailed(f"{msg} {tail}", detail=f"{type(exc).__name__}: {exc}")


def _cert_period(cert) -> str:
    if cert is None:
        return "đã hết hạn hoặc chưa đến ngày có hiệu lực"
    return f"hiệu lực từ {format_vn(cert.not_valid_before_utc)} đến {format_vn(cert.not_valid_after_utc)}"


# -- what may be signed, by whom -------------------------------------------------------------


@dataclass(frozen=True)
class Signable:
    document: GeneratedDocument
    dossier: Dossier
    spec: Any  # TemplateSpec
    organisation: Organisation


def _signable(session: Session, user: User, document_id: int, *, for_signing: bool = True) -> Signable:
    doc = session.get(GeneratedDocument, document_id)
    if doc is None:
        raise NotFound("Không tìm thấy văn bản.")
    dossier = require_visible(session, user, session.get(Dossier, doc.dossier_id))
    issued = session.scalars(
        select(IssuedDocument).where(IssuedDocument.generated_document_id == doc.id)
    ).first()
    if issued is not None and for_signing:
        raise Refused(
            [
                f"Văn bản này đã được ký ({issued.number_text}); văn bản đã ký không sửa, không ký lại. "
                "Nếu cần sửa, hãy tạo văn bản mới đính chính, thay thế văn bản này."
            ]
        )
    try:
        spec = resolve_spec(session, doc.template_id)
    except KeyError as exc:
        raise Refused([f"Không còn mẫu «{doc.template_id}» để tạo lại văn bản."]) from exc
    if spec.doc_type not in ISSUED_TYPES:
        raise Refused(
            [f"{spec.title} không cấp số qua sổ văn bản đi (không phải văn bản do cơ quan ban hành)."]
        )
    if spec.version != doc.template_version:
        raise Refused(
            [
                f"Mẫu «{spec.title}» đã được cập nhật (phiên bản {spec.version}, dự thảo dùng phiên bản "
                f"{doc.template_version}); hãy tạo lại dự thảo trước khi ký."
            ]
        )
    org = issuing_bodies(session, dossier).get(spec.issuer)
    if org is None:
        raise Refused([f"Không xác định được cơ quan ban hành {spec.title}."])
    if for_signing and (Role.LEADER not in user.roles or user.organisation_id != org.id):
        raise Forbidden(f"Chỉ lãnh đạo {org.name} được ký văn bản này.")
    return Signable(doc, dossier, spec, org)


@dataclass(frozen=True)
class SignPreview:
    """What the "Ký số" page shows before the leader types his password."""

    document_id: int
    title: str
    filename: str
    dossier_id: int
    dossier_code: str
    dossier_title: str
    organisation: str
    block_lines: tuple[str, ...]  # the signature block the document will carry
    signer_name: str
    draft_number: str  # "Số:      /QĐ-SCT"


def sign_preview(db: Database, *, actor_id: int, document_id: int) -> SignPreview:
    """Raises NotFound / Forbidden / Refused (Vietnamese) exactly as signing would."""
    with db.read() as session:
        user = load_user(session, actor_id)
        s = _signable(session, user, document_id)
        block = signer_of(session, s.organisation, user)
        draft = json.loads(s.document.context_json)
        return SignPreview(
            s.document.id, s.document.title, s.document.filename, s.dossier.id, s.dossier.code, s.dossier.title,
            s.organisation.name, tuple(block["dong"]), block["ho_ten"], draft.get("so_ky_hieu") or "",
        )


def can_sign(session: Session, user: User, document_id: int) -> bool:
    try:
        _signable(session, user, document_id)
    except DomainError:
        return False
    return True


def _open(open_signer: Callable[[], Any], when: dt.datetime, *, seal: bool):
    """Open the key (password check) and check the certificate's validity, before any lock."""
    from dossier.signing.pades import check_certificate_validity

    try:
        signer = open_signer()
    except (SigningError, NoCertificate) as exc:
        raise _vi_failure(exc, seal=seal) from exc
    try:
        check_certificate_validity(signer.certificate, when)
    except SigningError as exc:
        signer.close()
        raise _vi_failure(exc, seal=seal, cert=signer.certificate) from exc
    return signer


def _unique_code(session: Session) -> str:
    from dossier.signing.qrstamp import new_code

    while True:  # 50 random bits: a collision is astronomically rare, but cheap to rule out
        code = new_code()
        if (
            session.scalars(select(IssuedDocument.id).where(IssuedDocument.verification_code == code)).first()
            is None
        ):
            return code


def _result(issued: IssuedDocument) -> IssueResult:
    return IssueResult(
        issued.id,
        issued.generated_document_id,
        issued.number_text,
        issued.issued_on,
        issued.verification_code,
        issued.status,
        issued.final_pdf_sha256,
    )


# -- preview -------------------------------------------------------------------------------


def draft_docx(db: Database, *, actor_id: int, document_id: int) -> tuple[str, bytes]:
    with db.read() as session:
        user = load_user(session, actor_id)
        doc = session.get(GeneratedDocument, document_id)
        if doc is None:
            raise NotFound("Không tìm thấy văn bản.")
        require_visible(session, user, session.get(Dossier, doc.dossier_id))
        return doc.filename, session.get(Blob, doc.sha256).data


def preview_pdf(db: Database, *, actor_id: int, document_id: int, pdf_maker: PdfMaker | None = None) -> bytes:
    """The draft as PDF, for reading before signing (not stored: it is a view)."""
    _name, data = draft_docx(db, actor_id=actor_id, document_id=document_id)
    if pdf_maker is None:
        from dossier.signing.convert import to_pdf

        pdf_maker = to_pdf
    try:
        return pdf_maker(data)
    except ConversionError as exc:
        raise SigningFailed(
            "Không tạo được bản xem trước PDF: dịch vụ chuyển đổi (LibreOffice) không hoạt động.",
            detail=str(exc),
        ) from exc


# -- sign ------------------------------------------------------------------------------------


def issued_context(
    session: Session, s: Signable, signer: User, number_line: str, issued_on: dt.date
) -> dict[str, Any]:
    """The draft's context with what issuance adds: number, place and date, signer's block."""
    context = json.loads(s.document.context_json)
    place = (context.get("co_quan") or {}).get("dia_danh") or s.organisation.place_name
    context["so_ky_hieu"] = number_line
    context["dia_danh_ngay"] = place_date_line(place, issued_on)
    context["ngay_ban_hanh"] = issued_on.isoformat()
    context["ky"] = signer_of(session, s.organisation, signer)
    return context


def sign_document(
    db: Database,
    *,
    actor_id: int,
    document_id: int,
    password: str,
    issued_on: dt.date | None = None,
    corrects_id: int | None = None,
    pdf_maker: PdfMaker | None = None,
    keystore: Keystore | None = None,
    signing_time: dt.datetime | None = None,
) -> IssueResult:
    """The leader signs a draft: number + date + signature block, frozen, PDF/A, PAdES-signed.

    ``issued_on`` (default: today in Vietnam) decides the register year, so a back-dated
    issuance continues that year's series and leaves the current year's alone.
    """
    keystore = keystore or default_keystore()
    when = to_vn(signing_time) if signing_time else now_vn()
    issued_on = issued_on or when.date()
    if pdf_maker is None:
        from dossier.signing.convert import converter_status

        status = converter_status()
        if status:
            raise _vi_failure(ConversionError(status))
        pdf_maker = _default_pdf_maker

    with db.read() as session:
        user = load_user(session, actor_id)
        _signable(session, user, document_id)
        signer = _open(lambda: keystore.user_signer(session, user, password), when, seal=False)
    try:
        return _sign_in_transaction(
            db, actor_id, document_id, signer, issued_on, when, corrects_id, pdf_maker
        )
    finally:
        signer.close()


def _sign_in_transaction(
    db: Database,
    actor_id: int,
    document_id: int,
    signer,
    issued_on: dt.date,
    when: dt.datetime,
    corrects_id: int | None,
    pdf_maker: PdfMaker,
) -> IssueResult:
    from dossier.signing.pades import sign_pdf
    from dossier.signing.qrstamp import stamp_verification

    try:
        with db.write() as session:
            user = load_user(session, actor_id)
            s = _signable(session, user, document_id)  # again, under the write lock
            if corrects_id is not None:
                old = session.get(IssuedDocument, corrects_id)
                if old is None or old.dossier_id != s.dossier.id:
                    raise NotFound("Không tìm thấy văn bản được đính chính trong cùng hồ sơ.")
            draft = json.loads(s.document.context_json)
            entry = take_number(
                session,
                organisation=s.organisation,
                doc_type=s.spec.doc_type,
                issued_on=issued_on,
                draft_number_line=draft.get("so_ky_hieu"),
                abstract=draft.get("trich_yeu") or s.document.title,
                signer=user,
                recipients=[str(r) for r in draft.get("noi_nhan") or []],
                dossier_id=s.dossier.id,
                generated_document_id=s.document.id,
            )
            number_line = f"Số: {entry.symbol}"
            context = issued_context(session, s, user, number_line, issued_on)
            rendered = render_document(s.spec, context)
            code = _unique_code(session)
            pdf = stamp_verification(pdf_maker(rendered.data), code=code, url=public_url(code))
            signed = sign_pdf(
                pdf,
                signer,
                name_in_document=context["ky"]["ho_ten"],
                signing_time=when,
                reason=f"Ký ban hành văn bản số {entry.symbol}",
                location=s.organisation.place_name,
            )
            signed_sha = hashlib.sha256(signed).hexdigest()
            store_blob(session, rendered.sha256, rendered.data)
            store_blob(session, signed_sha, signed)
            issued = IssuedDocument(
                generated_document_id=s.document.id,
                dossier_id=s.dossier.id,
                organisation_id=s.organisation.id,
                register_entry_id=entry.id,
                corrects_id=corrects_id,
                status="signed",
                number_text=number_line,
                issued_on=issued_on,
                verification_code=code,
                template_id=s.spec.id,
                template_version=s.spec.version,
                context_json=canonical_json(context),
                docx_sha256=rendered.sha256,
                text_sha256=rendered.text_sha256,
                signed_pdf_sha256=signed_sha,
                signer_id=user.id,
                signed_at=when.astimezone(dt.UTC),
            )
            session.add(issued)
            session.flush()
            audit.append(
                session,
                actor_id=user.id,
                action="document.sign",
                object_type="issued_document",
                object_id=issued.id,
                payload={
                    "document": s.document.id,
                    "number": number_line,
                    "issued_on": issued_on,
                    "register_entry": entry.id,
                    "pdf": signed_sha,
                    "docx": rendered.sha256,
                    "certificate": format(signer.certificate.serial_number, "X"),
                    "corrects": corrects_id,
                },
            )
            log.info("document %s signed by %s as %s", s.document.id, user.username, number_line)
            return _result(issued)
    except DomainError:
        raise
    except IntegrityError as exc:
        # Two leaders signed the same draft at the same moment: the unique index let one win.
        raise Refused(["Văn bản này vừa được người khác ký; hãy tải lại trang."]) from exc
    except (SigningError, ConversionError, DocumentError, NoCertificate) as exc:
        log.warning("signing document %s failed: %s", document_id, exc)
        raise _vi_failure(exc) from exc


# -- seal ------------------------------------------------------------------------------------


def _sealable(session: Session, user: User, issued_id: int, *, lock: bool = False) -> IssuedDocument:
    query = select(IssuedDocument).where(IssuedDocument.id == issued_id)
    issued = session.scalars(query.with_for_update() if lock else query).first()
    if issued is None:
        raise NotFound("Không tìm thấy văn bản đã ký.")
    if Role.CLERK not in user.roles or user.organisation_id != issued.organisation_id:
        raise Forbidden(f"Chỉ văn thư của {issued.organisation.name} được đóng dấu, phát hành văn bản này.")
    if issued.status != "signed":
        raise Refused([f"Văn bản {issued.number_text} đã được đóng dấu, phát hành."])
    if issued.register_entry.cancellation is not None:
        raise Refused(
            [
                f"Số {issued.register_entry.symbol} đã bị hủy ({issued.register_entry.cancellation.reason}); "
                "không phát hành văn bản này."
            ]
        )
    return issued


def seal_document(
    db: Database,
    *,
    actor_id: int,
    issued_id: int,
    password: str,
    keystore: Keystore | None = None,
    signing_time: dt.datetime | None = None,
) -> IssueResult:
    """The văn thư adds the agency's seal signature: issuance is complete."""
    from dossier.signing.pades import seal_pdf

    keystore = keystore or default_keystore()
    when = to_vn(signing_time) if signing_time else now_vn()
    with db.read() as session:
        user = load_user(session, actor_id)
        issued = _sealable(session, user, issued_id)
        org = issued.organisation
        signer = _open(lambda: keystore.seal_signer(session, org, password), when, seal=True)
    try:
        with db.write() as session:
            user = load_user(session, actor_id)
            issued = _sealable(session, user, issued_id, lock=True)
            pdf = session.get(Blob, issued.signed_pdf_sha256).data
            sealed = seal_pdf(
                pdf,
                signer,
                signing_time=when,
                location=issued.organisation.place_name,
                reason=f"Phát hành văn bản số {issued.register_entry.symbol}",
            )
            sha = hashlib.sha256(sealed).hexdigest()
            store_blob(session, sha, sealed)
            issued.sealed_pdf_sha256 = sha
            issued.status = "issued"
            issued.sealer_id = user.id
            issued.sealed_at = when.astimezone(dt.UTC)
            session.flush()
            audit.append(
                session,
                actor_id=user.id,
                action="document.seal",
                object_type="issued_document",
                object_id=issued.id,
                payload={
                    "number": issued.number_text,
                    "pdf": sha,
                    "certificate": format(signer.certificate.serial_number, "X"),
                },
            )
            return _result(issued)
    except DomainError:
        raise
    except (SigningError, NoCertificate) as exc:
        log.warning("sealing issued document %s failed: %s", issued_id, exc)
        raise _vi_failure(exc, seal=True) from exc
    finally:
        signer.close()


# -- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedSummary:
    id: int
    dossier_id: int
    document_id: int
    title: str
    number_text: str
    issued_on: dt.date
    organisation: str
    abstract: str
    status: str
    status_label: str
    signer_name: str
    signed_at: dt.datetime
    sealed_at: dt.datetime | None
    verification_code: str
    cancelled_reason: str | None
    pdf_sha256: str


STATUS_LABELS = {"signed": "Đã ký, chờ văn thư đóng dấu phát hành", "issued": "Đã phát hành"}


def _summary(session: Session, issued: IssuedDocument) -> IssuedSummary:
    doc = session.get(GeneratedDocument, issued.generated_document_id)
    cancel = issued.register_entry.cancellation
    return IssuedSummary(
        id=issued.id,
        dossier_id=issued.dossier_id,
        document_id=issued.generated_document_id,
        title=doc.title,
        number_text=issued.number_text,
        issued_on=issued.issued_on,
        organisation=issued.organisation.name,
        abstract=issued.register_entry.abstract,
        status=issued.status,
        status_label=f"Số đã bị hủy: {cancel.reason}" if cancel else STATUS_LABELS[issued.status],
        signer_name=issued.signer.full_name,
        signed_at=to_vn(issued.signed_at),
        sealed_at=to_vn(issued.sealed_at) if issued.sealed_at else None,
        verification_code=issued.verification_code,
        cancelled_reason=cancel.reason if cancel else None,
        pdf_sha256=issued.final_pdf_sha256,
    )


def get_issued(db: Database, *, actor_id: int, issued_id: int) -> IssuedSummary:
    with db.read() as session:
        user = load_user(session, actor_id)
        issued = session.get(IssuedDocument, issued_id)
        if issued is None:
            raise NotFound("Không tìm thấy văn bản đã ký.")
        require_visible(session, user, session.get(Dossier, issued.dossier_id))
        return _summary(session, issued)


def issued_pdf(
    db: Database, *, actor_id: int | None = None, issued_id: int | None = None, code: str | None = None
) -> tuple[str, bytes]:
    """(filename, bytes) of the final PDF: by id for a user who may see the dossier, or by code."""
    from dossier.signing.qrstamp import normalise_code

    with db.read() as session:
        if code is not None:
            issued = session.scalars(
                select(IssuedDocument).where(IssuedDocument.verification_code == normalise_code(code))
            ).first()
        else:
            issued = session.get(IssuedDocument, issued_id)
            if issued is not None:
                require_visible(
                    session, load_user(session, actor_id), session.get(Dossier, issued.dossier_id)
                )
        if issued is None:
            raise NotFound("Không tìm thấy văn bản.")
        name = issued.register_entry.symbol.replace("/", "_") + ".pdf"
        return name, session.get(Blob, issued.final_pdf_sha256).data


@dataclass(frozen=True)
class DraftRow:
    document_id: int
    dossier_id: int
    dossier_code: str
    title: str
    created_at: dt.datetime
    organisation: str


def drafts_to_sign(db: Database, *, actor_id: int, limit: int = 200) -> list[DraftRow]:
    """Drafts the user may sign: numbered types, issued by his organisation, not signed yet."""
    with db.read() as session:
        user = load_user(session, actor_id)
        if Role.LEADER not in user.roles:
            return []
        signed = select(IssuedDocument.generated_document_id)
        query = (
            select(GeneratedDocument, Dossier)
            .join(Dossier, Dossier.id == GeneratedDocument.dossier_id)
            .where(
                Dossier.owner_org_id.in_(visible_org_ids(session, user) | {user.organisation_id}),
                GeneratedDocument.id.not_in(signed),
            )
            .order_by(GeneratedDocument.id.desc())
            .limit(limit * 4)
        )
        rows = []
        for doc, dossier in session.execute(query):
            try:
                spec = resolve_spec(session, doc.template_id)
            except KeyError:
                continue
            if spec.doc_type not in ISSUED_TYPES or spec.version != doc.template_version:
                continue
            org = issuing_bodies(session, dossier).get(spec.issuer)
            if org is None or org.id != user.organisation_id:
                continue
            rows.append(DraftRow(doc.id, dossier.id, dossier.code, doc.title, doc.created_at, org.name))
            if len(rows) >= limit:
                break
        return rows


def awaiting_seal(db: Database, *, actor_id: int) -> list[IssuedSummary]:
    with db.read() as session:
        user = load_user(session, actor_id)
        if Role.CLERK not in user.roles:
            return []
        rows = session.scalars(
            select(IssuedDocument)
            .where(IssuedDocument.status == "signed", IssuedDocument.organisation_id == user.organisation_id)
            .order_by(IssuedDocument.id)
        )
        return [_summary(session, r) for r in rows if r.register_entry.cancellation is None]


def issued_for_dossier(db: Database, *, actor_id: int, dossier_id: int) -> list[IssuedSummary]:
    with db.read() as session:
        user = load_user(session, actor_id)
        require_visible(session, user, session.get(Dossier, dossier_id))
        rows = session.scalars(
            select(IssuedDocument).where(IssuedDocument.dossier_id == dossier_id).order_by(IssuedDocument.id)
        )
        return [_summary(session, r) for r in rows]


# -- verification ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What the verification page and ``dossier verify`` show."""

    reports: list  # list[SignatureReport], in signing order
    issued: IssuedSummary | None = None  # the register's record, when the file/code is known
    matches_record: bool | None = None  # the file is byte-identical to the stored issued PDF
    messages: list[str] = field(default_factory=list)  # Vietnamese conclusions

    @property
    def all_valid(self) -> bool:
        return bool(self.reports) and all(r.bottom_line for r in self.reports)


def verify_issued(db: Database | None, *, pdf: bytes | None = None, code: str | None = None) -> Verification:
    """Check a PDF (uploaded) or the issued document behind a verification code.

    Trust roots: the ``trust_roots`` table (demo CA) plus the configured PEM files.
    """
    from dossier.signing.pades import verify_pdf
    from dossier.signing.qrstamp import normalise_code
    from dossier.signing.verification import VerificationError

    if (pdf is None) == (code is None):
        raise ValueError("give exactly one of pdf= or code=")
    summary = None
    matches = None
    messages: list[str] = []
    if db is None:
        roots = trust_roots(None)
    else:
        with db.read() as session:
            roots = trust_roots(session)
            if code is not None:
                issued = session.scalars(
                    select(IssuedDocument).where(IssuedDocument.verification_code == normalise_code(code))
                ).first()
                if issued is None:
                    raise NotFound("Không có văn bản nào mang mã xác thực này.")
                pdf = session.get(Blob, issued.final_pdf_sha256).data
                matches = True
            else:
                sha = hashlib.sha256(pdf).hexdigest()
                issued = session.scalars(
                    select(IssuedDocument).where(
                        (IssuedDocument.sealed_pdf_sha256 == sha) | (IssuedDocument.signed_pdf_sha256 == sha)
                    )
                ).first()
                matches = issued is not None
            if issued is not None:
                summary = _summary(session, issued)
    try:
        reports = verify_pdf(pdf, roots)
    except VerificationError as exc:
        raise SigningFailed("Tệp tải lên không đọc được như một tệp PDF.", detail=str(exc)) from exc
    if not reports:
        messages.append("Tệp không có chữ ký số nào.")
    elif all(r.bottom_line for r in reports):
        which = "Chữ ký số" if len(reports) == 1 else f"Cả {len(reports)} chữ ký số"
        messages.append(f"{which} đều hợp lệ; nội dung không bị thay đổi sau khi ký."
                        if len(reports) > 1 else f"{which} hợp lệ; nội dung không bị thay đổi sau khi ký.")
    else:
        messages.append("CẢNH BÁO: có chữ ký số không hợp lệ hoặc tệp đã bị thay đổi sau khi ký.")
    if matches is False and pdf is not None:
        messages.append("Tệp này không trùng khớp với bất kỳ văn bản nào đã phát hành trong hệ thống.")
    if summary is not None and summary.cancelled_reason:
        messages.append(f"Lưu ý: số văn bản đã bị hủy trong sổ văn bản đi ({summary.cancelled_reason}).")
    if summary is not None and summary.status == "signed":
        messages.append("Văn bản đã được lãnh đạo ký nhưng chưa được văn thư đóng dấu phát hành.")
    return Verification(reports=reports, issued=summary, matches_record=matches, messages=messages)


__all__ = [
    "DraftRow",
    "IssueResult",
    "IssuedSummary",
    "SigningFailed",
    "Verification",
    "awaiting_seal",
    "can_sign",
    "draft_docx",
    "drafts_to_sign",
    "get_issued",
    "issued_context",
    "issued_for_dossier",
    "issued_pdf",
    "preview_pdf",
    "public_url",
    "seal_document",
    "sign_document",
    "verify_issued",
]
