"""The Sở's approval authority by date (model.ApprovalAuthorityVersion).

Who approves the province's đề án — the UBND tỉnh, or the Giám đốc Sở by delegation — is a
setting of the Sở that changes from a day. A decision the UBND tỉnh issued before the change is
still its decision: its text rebuilt later (a paper copy numbered, services/issuance/paper)
prints the authority of its own date (services/snapshot.authority_periods). So the change
applies from a day, today by default, never a future one (the column mirrors today's value), and
not from a day on which a document naming the old authority was already signed on paper: dated
back over it, the change would make that document's rebuilt text read as the new authority's.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.documents.catalog import load_catalog
from dossier.model import ApprovalAuthorityVersion, Dossier, GeneratedDocument, IssuedDocument, Organisation
from dossier.model.register import RegisterEntry
from dossier.services.snapshot import authority_on, authority_periods, sct_of
from dossier.services.uow import Database


def authority_templates() -> frozenset[str]:
    """The templates whose text names the approving body: its own decisions, and what the Sở
    addresses to it (the Tờ trình)."""
    return frozenset(spec.id for spec in load_catalog().values()
                     if spec.issuer == "ubnd" or (spec.profile is not None and "ubnd" in spec.profile.kinh_gui))


def _issued_under(session: Session, sct: Organisation, start: dt.date, end: dt.date | None) -> list[RegisterEntry]:
    """The province's dossier documents naming the approving body signed on paper from `start` to
    before `end`: their electronic text is rebuilt from their date (issuance.paper.numbered_copy).
    One signed electronically is its frozen PDF, and a cancelled one is not in the archive."""
    electronic = select(IssuedDocument.id).where(IssuedDocument.register_entry_id == RegisterEntry.id).exists()
    query = (select(RegisterEntry, Dossier)
             .join(GeneratedDocument, GeneratedDocument.id == RegisterEntry.generated_document_id)
             .join(Dossier, Dossier.id == GeneratedDocument.dossier_id)
             .where(GeneratedDocument.template_id.in_(sorted(authority_templates())), RegisterEntry.issued_on >= start,
                    ~electronic, ~RegisterEntry.cancellation.has())
             .order_by(RegisterEntry.issued_on, RegisterEntry.id))
    if end is not None:
        query = query.where(RegisterEntry.issued_on < end)
    return [entry for entry, dossier in session.execute(query) if sct_of(session, dossier).id == sct.id]


def change_authority(session: Session, sct: Organisation, authority: str, valid_from: dt.date,
                     today: dt.date) -> dict[str, str]:
    """Set the Sở's authority from `valid_from`: the errors that refuse it (by form field), else
    {} with the history written and the column set to the value in force today."""
    if valid_from > today:
        return {"approval_from": f"Ngày áp dụng {valid_from:%d/%m/%Y} sau ngày hôm nay {today:%d/%m/%Y}: chỉ ghi "
                                 "nhận thay đổi đã có hiệu lực."}
    periods = authority_periods(session, sct)
    later = [start for start, _ in periods if start is not None and start > valid_from]
    if authority_on(periods, valid_from) != authority:
        issued = _issued_under(session, sct, valid_from, min(later) if later else None)
        if issued:
            last = issued[-1]
            return {"approval_from": (
                f"Từ ngày {valid_from:%d/%m/%Y} đã có {len(issued)} văn bản ký trên giấy theo cơ quan phê duyệt "
                f"trước đây, sau cùng là văn bản số {last.symbol} ngày {last.issued_on:%d/%m/%Y}: chọn ngày áp dụng "
                "sau ngày đó để văn bản đã ban hành giữ nguyên.")}
    rows = {row.valid_from: row for row in sct.authority_versions}
    if not rows:  # what the column held is the value "since always"
        sct.authority_versions.append(ApprovalAuthorityVersion(valid_from=None, authority=sct.approval_authority))
    if valid_from in rows:
        rows[valid_from].authority = authority
    else:
        sct.authority_versions.append(ApprovalAuthorityVersion(valid_from=valid_from, authority=authority))
    session.flush()
    sct.approval_authority = authority_on(authority_periods(session, sct), today)
    return {}


def history(db: Database, org_id: int) -> list[tuple[dt.date | None, str]]:
    """The Sở's approval authority by date, for its form: (valid_from, authority), oldest first."""
    with db.read() as session:
        org = session.get(Organisation, org_id)
        return list(authority_periods(session, org)) if org is not None else []
