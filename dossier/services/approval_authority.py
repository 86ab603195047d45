"""The Sở's approval authority by date (model.ApprovalAuthorityVersion).

Who approves the province's đề án — the UBND tỉnh, or the Giám đốc Sở by delegation — is a
setting of the Sở that changes from a day. A decision the UBND tỉnh issued before the change is
still its decision: its text rebuilt later (a paper copy numbered, services/issuance/paper)
prints the authority of its own date (services/snapshot.authority_periods). So the change
applies from a day, today by default, never a future one (the column mirrors today's value), and
not from a day on which a document naming the old authority was already signed on paper: dated
back over it, the change would make that document's rebuilt text read as the new authority's.
A delegation to the Sở records the UBND tỉnh's decision that makes it (its number and date, not
after the day it applies from): the Sở's decisions under it cite it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

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


@dataclass(frozen=True)
class DelegationAct:
    """The UBND tỉnh's decision delegating approval to the Giám đốc Sở: "15/2026/QĐ-UBND" of its date."""

    number: str = ""
    issued_on: dt.date | None = None


# a UBND tỉnh's decision: "125/QĐ-UBND", or a legal one "15/2026/QĐ-UBND"
_ACT_NUMBER = re.compile(r"\d{1,5}(/\d{4})?/QĐ-UBND")


def _act_errors(act: DelegationAct, valid_from: dt.date) -> dict[str, str]:
    errors = {}
    if not _ACT_NUMBER.fullmatch(act.number):
        errors["approval_act_number"] = (
            "Nhập số, ký hiệu Quyết định ủy quyền của UBND tỉnh, ví dụ 15/2026/QĐ-UBND hoặc 125/QĐ-UBND: các quyết "
            "định của Sở ban hành theo ủy quyền căn cứ vào đó.")
    if act.issued_on is None:
        errors["approval_act_date"] = "Nhập ngày ban hành Quyết định ủy quyền (ngày/tháng/năm)."
    elif act.issued_on > valid_from:
        errors["approval_act_date"] = (f"Quyết định ủy quyền ngày {act.issued_on:%d/%m/%Y} sau ngày áp dụng "
                                       f"{valid_from:%d/%m/%Y}: ủy quyền chỉ áp dụng từ khi đã có quyết định.")
    return errors


def change_authority(session: Session, sct: Organisation, authority: str, valid_from: dt.date,
                     today: dt.date, act: DelegationAct | None = None) -> dict[str, str]:
    """Set the Sở's authority from `valid_from` (a delegation with the `act` that makes it): the
    errors that refuse it (by form field), else {} with the history written and the column set
    to the value in force today."""
    if valid_from > today:
        return {"approval_from": f"Ngày áp dụng {valid_from:%d/%m/%Y} sau ngày hôm nay {today:%d/%m/%Y}: chỉ ghi "
                                 "nhận thay đổi đã có hiệu lực."}
    delegated = authority == "so_cong_thuong"
    act = act or DelegationAct()
    if delegated and (errors := _act_errors(act, valid_from)):
        return errors
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
    number, act_date = (act.number, act.issued_on) if delegated else (None, None)
    if valid_from in rows:
        row = rows[valid_from]
        row.authority, row.act_number, row.act_date = authority, number, act_date
    else:
        sct.authority_versions.append(ApprovalAuthorityVersion(valid_from=valid_from, authority=authority,
                                                               act_number=number, act_date=act_date))
    session.flush()
    sct.approval_authority = authority_on(authority_periods(session, sct), today)
    return {}


def history(db: Database, org_id: int) -> list[tuple[dt.date | None, str, str]]:
    """The Sở's approval authority by date, for its form: (valid_from, authority, the delegating
    act "15/2026/QĐ-UBND ngày 20/03/2026" or ""), oldest first."""
    from dossier.services.snapshot import approval_periods

    with db.read() as session:
        org = session.get(Organisation, org_id)
        if org is None:
            return []
        acts = {p.valid_from: f"{p.act_number} ngày {p.act_date:%d/%m/%Y}" for p in approval_periods(session, org)
                if p.act_number and p.act_date}
        return [(start, authority, acts.get(start, "")) for start, authority in authority_periods(session, org)]
