"""The văn thư issues a separate-file annex (phụ lục ban hành kèm theo) of a numbered document.

An annex too large or too different in layout to be part of the document's own file (a table of
beneficiaries in landscape, a drawing) is issued as its own PDF: the agency signs it at the top
right of its first page, with no image, naming the main document's number and the signing time
(ND 30/2020 Phụ lục I; domain §9.3). It takes no number of its own: it is registered with the
main document (``issued_annexes``) and audited.

One transaction per annex. The seal is opened (password / PIN checked, certificate valid) before
any lock; a keystore or token signature is made under the main document's row lock, a remote
one (the seal confirmed on a phone) with no transaction open and recorded afterwards. Whatever
fails writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.errors import DomainError, Forbidden, NotFound, Refused
from dossier.model import Blob, IssuedAnnex, IssuedDocument, User
from dossier.services import audit
from dossier.services.access import load_user, visible_of_dossier
from dossier.services.documents import store_blob
from dossier.services.issuance.failures import EXPECTED_FAILURES, NOTHING_SEALED, SigningFailed, signing_failed
from dossier.services.issuance.keys import certificate_serial, open_signer
from dossier.services.issuance.port import SigningPort, long_term_options
from dossier.services.uow import Database
from dossier.signing.signer import Signer
from dossier.vn.vntime import now_vn, to_vn
from workflows.states import Role

log = logging.getLogger(__name__)

MAX_ANNEX_BYTES = 30 * 1024 * 1024  # a scanned table of a hundred pages; anything larger is a mistake
MAX_TITLE = 300  # the column's width
NOT_ISSUED = "Phụ lục chưa được ban hành; văn bản chính giữ nguyên."


@dataclass(frozen=True)
class AnnexRow:
    id: int
    title: str
    sealed_at: dt.datetime
    sealer_name: str
    pdf_sha256: str


@dataclass(frozen=True)
class AnnexPanel:
    """The annexes of one issued document, and whether the reader may issue another one."""

    rows: list[AnnexRow]
    may_issue: bool


def clean_title(raw: str) -> str:
    title = unicodedata.normalize("NFC", " ".join((raw or "").split()))
    if not title:
        raise Refused(["Nhập tên phụ lục (ví dụ: Phụ lục I. Danh sách cơ sở được hỗ trợ). " + NOT_ISSUED])
    if len(title) > MAX_TITLE:
        raise Refused([f"Tên phụ lục dài quá {MAX_TITLE} ký tự. " + NOT_ISSUED])
    return title


def check_annex_pdf(pdf: bytes) -> None:
    """A PDF pyHanko can sign incrementally: readable, not encrypted, with a first page, and not
    already carrying an annex signature."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from dossier.signing.pades import ANNEX_FIELD

    if not pdf:
        raise Refused(["Chọn tệp PDF của phụ lục. " + NOT_ISSUED])
    if len(pdf) > MAX_ANNEX_BYTES:
        raise Refused([f"Tệp phụ lục lớn quá {MAX_ANNEX_BYTES // (1024 * 1024)} MB. " + NOT_ISSUED])
    if not pdf.startswith(b"%PDF"):
        raise Refused(["Tệp phụ lục không phải tệp PDF. " + NOT_ISSUED])
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        encrypted = reader.encrypted
        pages = int(reader.root["/Pages"]["/Count"])
        form = reader.root.get("/AcroForm")
        fields = [str(f.get_object().get("/T")) for f in (form.get_object().get("/Fields") or [])] if form else []
    except Exception as exc:  # pyHanko raises many error types on a damaged file
        log.info("annex PDF refused: %s", exc)
        raise Refused(["Tệp phụ lục bị hỏng hoặc không đọc được. " + NOT_ISSUED]) from exc
    if encrypted:
        raise Refused(["Tệp phụ lục có mật khẩu bảo vệ; hãy tải lên bản không đặt mật khẩu. " + NOT_ISSUED])
    if pages < 1:
        raise Refused(["Tệp phụ lục không có trang nào. " + NOT_ISSUED])
    if ANNEX_FIELD in fields:
        raise Refused(["Tệp này đã có chữ ký số phụ lục của cơ quan; không ký lại. " + NOT_ISSUED])


def annexable(session: Session, user: User, issued_id: int, *, lock: bool = False) -> IssuedDocument:
    """The numbered document whose annex ``user`` may issue now; NotFound / Forbidden / Refused."""
    query = select(IssuedDocument).where(IssuedDocument.id == issued_id)
    issued = session.scalars(query.with_for_update() if lock else query).first()
    if issued is None:
        raise NotFound("Không tìm thấy văn bản đã ký.")
    if not _may_issue(user, issued):
        raise Forbidden(f"Chỉ văn thư của {issued.organisation.name} được ban hành phụ lục của văn bản này.")
    entry = issued.register_entry
    if entry.cancellation is not None:
        raise Refused([f"Số {entry.symbol} đã bị hủy ({entry.cancellation.reason}); không ban hành phụ lục kèm theo."])
    return issued


def _may_issue(user: User, issued: IssuedDocument) -> bool:
    return Role.CLERK in user.roles and user.organisation_id == issued.organisation_id


@dataclass(frozen=True)
class AnnexResult:
    annex_id: int
    issued_id: int
    number_text: str
    title: str
    pdf_sha256: str


def issue_annex(
    db: Database,
    *,
    port: SigningPort,
    actor_id: int,
    issued_id: int,
    title: str,
    pdf: bytes,
    password: str,
    signing_time: dt.datetime | None = None,
) -> AnnexResult:
    """Sign ``pdf`` as a separate-file annex of the issued document ``issued_id`` and register it."""
    title = clean_title(title)
    check_annex_pdf(pdf)
    when = to_vn(signing_time) if signing_time else now_vn()
    original = hashlib.sha256(pdf).hexdigest()
    with db.read() as session:
        user = load_user(session, actor_id)
        org = annexable(session, user, issued_id).organisation
        _refuse_repeated(session, issued_id, original)
        try:
            signer = open_signer(lambda: port.signers.seal_signer(session, org, password), when, seal=True)
        except SigningFailed as failed:  # its tail speaks of sealing the main document
            raise _annex_failure(failed) from failed
        waits = getattr(port.signers, "waits_for_seal", None)
        outside = bool(waits and waits(session, org))
    try:
        made = None
        if outside:
            with db.read() as session:
                job = _AnnexJob.of(session, port, annexable(session, load_user(session, actor_id), issued_id))
            made = job.run(pdf, signer, when)
        with db.write() as session:
            user = load_user(session, actor_id)
            issued = annexable(session, user, issued_id, lock=True)
            _refuse_repeated(session, issued_id, original)
            if made is None:  # keystore, token: signed under the lock, rolled back with it
                made = _AnnexJob.of(session, port, issued).run(pdf, signer, when)
            annex = _record(session, issued, user, signer, when, title, pdf, original, made)
            result = AnnexResult(annex.id, issued.id, issued.number_text, title, annex.signed_pdf_sha256)
        log.info("annex %s of %s issued by user %s", result.annex_id, result.number_text, actor_id)
        return result
    except DomainError:
        raise
    except EXPECTED_FAILURES as exc:
        log.warning("issuing an annex of %s failed: %s", issued_id, exc)
        raise _annex_failure(signing_failed(exc, seal=True)) from exc
    finally:
        signer.close()


def _annex_failure(failed: SigningFailed) -> SigningFailed:
    return SigningFailed(failed.message.removesuffix(NOTHING_SEALED) + NOT_ISSUED, detail=failed.detail)


def _refuse_repeated(session: Session, issued_id: int, original: str) -> None:
    query = select(IssuedAnnex.title).where(IssuedAnnex.issued_document_id == issued_id,
                                            IssuedAnnex.original_sha256 == original)
    earlier = session.scalars(query).first()
    if earlier is not None:
        raise Refused([f"Tệp này đã được ban hành kèm theo văn bản với tên “{earlier}”. " + NOT_ISSUED])


@dataclass(frozen=True)
class _AnnexJob:
    """What signing the annex needs from the database, read beforehand."""

    number_text: str
    org_name: str
    place: str | None
    long_term: object

    @classmethod
    def of(cls, session: Session, port: SigningPort, issued: IssuedDocument) -> _AnnexJob:
        return cls(issued.number_text, issued.organisation.name, issued.organisation.place_name,
                   long_term_options(port, session))

    def run(self, pdf: bytes, signer: Signer, when: dt.datetime) -> bytes:
        from dossier.signing.pades import sign_annex

        return sign_annex(pdf, signer, number_text=self.number_text, org_name=self.org_name,
                          location=self.place, signing_time=when, long_term=self.long_term)  # type: ignore[arg-type]


def _record(session: Session, issued: IssuedDocument, user: User, signer: Signer, when: dt.datetime, title: str,
            original: bytes, original_sha: str, signed: bytes) -> IssuedAnnex:
    signed_sha = hashlib.sha256(signed).hexdigest()
    store_blob(session, original_sha, original)
    store_blob(session, signed_sha, signed)
    annex = IssuedAnnex(issued_document_id=issued.id, title=title, original_sha256=original_sha,
                        signed_pdf_sha256=signed_sha, sealer_id=user.id, sealed_at=when.astimezone(dt.UTC))
    session.add(annex)
    session.flush()
    audit.append(session, actor_id=user.id, action="document.annex", object_type="issued_annex",
                 object_id=annex.id, payload={"issued_document": issued.id, "number": issued.number_text,
                                              "title": title, "original": original_sha, "pdf": signed_sha,
                                              "certificate": certificate_serial(signer)})
    return annex


def annex_panel(db: Database, *, actor_id: int, issued_id: int) -> AnnexPanel:
    with db.read() as session:
        user = load_user(session, actor_id)
        issued = visible_of_dossier(session, user, IssuedDocument, issued_id, "Không tìm thấy văn bản đã ký.")
        query = (select(IssuedAnnex).where(IssuedAnnex.issued_document_id == issued.id)
                 .order_by(IssuedAnnex.sealed_at, IssuedAnnex.id))
        rows = [AnnexRow(a.id, a.title, to_vn(a.sealed_at), session.get(User, a.sealer_id).full_name,
                         a.signed_pdf_sha256) for a in session.scalars(query)]
        may = _may_issue(user, issued) and issued.register_entry.cancellation is None
        return AnnexPanel(rows, may)


def annex_pdf(db: Database, *, actor_id: int, issued_id: int, annex_id: int) -> tuple[str, bytes]:
    """The signed annex file, for a reader of the main document's dossier."""
    with db.read() as session:
        user = load_user(session, actor_id)
        issued = visible_of_dossier(session, user, IssuedDocument, issued_id, "Không tìm thấy văn bản đã ký.")
        annex = session.get(IssuedAnnex, annex_id)
        if annex is None or annex.issued_document_id != issued.id:
            raise NotFound("Không tìm thấy phụ lục.")
        number = issued.number_text.removeprefix("Số: ").replace("/", "-")
        return f"Phu-luc-{annex.id}-kem-theo-{number}.pdf", session.get(Blob, annex.signed_pdf_sha256).data
