"""Verifying an issued document: an uploaded PDF, or the one behind a verification code.

Trust roots: the ``trust_roots`` table (the demo CA, the roots an administrator added) plus the
port's configured PEM files and ``<instance>/trust/``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.errors import NotFound
from dossier.model import Blob, IssuedDocument
from dossier.services.issuance.failures import SigningFailed
from dossier.services.issuance.port import SigningPort
from dossier.services.issuance.queries import IssuedSummary, by_code, summary_of
from dossier.services.pki import trust_roots
from dossier.services.uow import Database


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


def port_roots(port: SigningPort, session: Session | None) -> list:
    """Every root the port trusts: the database's (when a session is given) and the files."""
    return trust_roots(session, files=port.trust_files, folder=port.trust_folder)


def _by_file(session: Session, pdf: bytes) -> IssuedDocument | None:
    sha = hashlib.sha256(pdf).hexdigest()
    return session.scalars(select(IssuedDocument).where(
        (IssuedDocument.sealed_pdf_sha256 == sha) | (IssuedDocument.signed_pdf_sha256 == sha)
    )).first()


def _lookup(db: Database, port: SigningPort, pdf: bytes | None, code: str | None):
    """(roots, pdf bytes, summary of the record, whether the file is the record's)."""
    with db.read() as session:
        roots = port_roots(port, session)
        if code is not None:
            issued = by_code(session, code)
            if issued is None:
                raise NotFound("Không có văn bản nào mang mã xác thực này.")
            pdf = session.get(Blob, issued.final_pdf_sha256).data
        else:
            issued = _by_file(session, pdf)
        summary = summary_of(session, issued) if issued is not None else None
        return roots, pdf, summary, issued is not None


def _conclusions(reports: list, summary: IssuedSummary | None, matches: bool | None) -> list[str]:
    messages: list[str] = []
    if not reports:
        messages.append("Tệp không có chữ ký số nào.")
    elif all(r.bottom_line for r in reports):
        if len(reports) > 1:
            messages.append(f"Cả {len(reports)} chữ ký số đều hợp lệ; nội dung không bị thay đổi sau khi ký.")
        else:
            messages.append("Chữ ký số hợp lệ; nội dung không bị thay đổi sau khi ký.")
    else:
        messages.append("CẢNH BÁO: có chữ ký số không hợp lệ hoặc tệp đã bị thay đổi sau khi ký.")
    if matches is False:
        messages.append("Tệp này không trùng khớp với bất kỳ văn bản nào đã phát hành trong hệ thống.")
    if summary is not None and summary.cancelled_reason:
        messages.append(f"Lưu ý: số văn bản đã bị hủy trong sổ văn bản đi ({summary.cancelled_reason}).")
    if summary is not None and summary.status == "signed":
        messages.append("Văn bản đã được lãnh đạo ký nhưng chưa được văn thư đóng dấu phát hành.")
    return messages


def verify_issued(
    db: Database | None, *, port: SigningPort, pdf: bytes | None = None, code: str | None = None
) -> Verification:
    """Check a PDF (uploaded) or the issued document behind a verification code."""
    from dossier.signing.pades import verify_pdf
    from dossier.signing.verification import VerificationError

    if (pdf is None) == (code is None):
        raise ValueError("give exactly one of pdf= or code=")
    summary, matches = None, None
    if db is None:
        roots = port_roots(port, None)
    else:
        roots, pdf, summary, matches = _lookup(db, port, pdf, code)
    try:
        reports = verify_pdf(pdf, roots)
    except VerificationError as exc:
        raise SigningFailed("Tệp tải lên không đọc được như một tệp PDF.", detail=str(exc)) from exc
    return Verification(reports=reports, issued=summary, matches_record=matches,
                        messages=_conclusions(reports, summary, matches))


def code_as_addressed(text: str) -> str:
    """A verification code as typed (any case, spaces, dashes) in the form its page's address uses."""
    from dossier.signing.qrstamp import normalise_code

    return normalise_code(text)
