"""A document names the bodies as they were on its own date (issue 10, item 7), on every path:
the drafts a walked 2025 dossier made before and after the Ninh Thuận–Khánh Hòa merger of
1 July 2025, the decisions it cites, and what issuance rebuilds for the issue date."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from dossier.model import Blob, GeneratedDocument, RegisterEntry
from tests.core.helpers import new_dossier, walk_dossier
from tests.docx_text import docx_text
from workflows import Status as S
from workflows import Trigger as T


def _latest(db, dossier_id: int, template_id: str, *, issued: bool = False) -> str:
    """The latest document of `template_id`: its draft, or (issued) its numbered copy."""
    from dossier.services.issuance.paper import numbered_copy

    with db.read() as session:
        doc = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == template_id)
            .order_by(GeneratedDocument.id.desc())).first()
        if not issued:
            return docx_text(session.get(Blob, doc.sha256).data, headers=True)
        entry = session.scalars(select(RegisterEntry).where(RegisterEntry.generated_document_id == doc.id)).one()
        return docx_text(numbered_copy(session, entry).data, headers=True)


def test_an_adjustment_after_the_merger_cites_the_decision_as_ninh_thuans(db, users):
    """Approved in March 2025 by the UBND tỉnh Ninh Thuận, adjusted in August 2025 by the merged
    province: the QĐ điều chỉnh carries Khánh Hòa's header and treasury, and cites the decision
    it adjusts as Ninh Thuận's; the inspection of June 2025 names the inspector's Sở as it then was."""
    dossier_id = new_dossier(db, users, year=2025)
    walk_dossier(db, users, dossier_id, S.IN_PROGRESS, via=(T.RECORD_INSPECTION,),
                 dates={T.RECORD_INSPECTION: date(2025, 6, 20)})
    walk_dossier(db, users, dossier_id, S.ADJUSTMENT_PENDING, dates={T.REQUEST_ADJUSTMENT: date(2025, 8, 5)})
    walk_dossier(db, users, dossier_id, S.IN_PROGRESS, dates={T.APPROVE_ADJUSTMENT: date(2025, 8, 12)})

    approval = _latest(db, dossier_id, "qd_phe_duyet_de_an", issued=True)
    # the Kho bạc had become regional on 1 March 2025, before the provinces merged
    assert "TỈNH NINH THUẬN" in approval and "- Kho bạc Nhà nước khu vực XV;" in approval
    assert "Khánh Hòa" not in approval.replace("tỉnh Khánh Hòa", "")  # the beneficiary's commune is today's
    adjustment = _latest(db, dossier_id, "qd_dieu_chinh", issued=True)
    assert "TỈNH KHÁNH HÒA" in adjustment and "Khánh Hòa, ngày 12 tháng 8 năm 2025" in adjustment
    article_1 = next(line for line in adjustment.splitlines() if line.startswith("Điều 1."))
    assert "ngày 25 tháng 3 năm 2025 của Ủy ban nhân dân tỉnh Ninh Thuận, như sau:" in article_1, article_1
    assert "- Kho bạc Nhà nước khu vực XV;" in adjustment
    inspection = _latest(db, dossier_id, "bien_ban_kiem_tra")
    assert "Sở Công Thương tỉnh Ninh Thuận" in inspection and "Sở Công Thương tỉnh Khánh Hòa" not in inspection


def test_a_submission_drafted_before_the_merger_and_issued_after_it_is_addressed_to_the_merged_ubnd(db, users):
    """Drafted on 30/6/2025, issued on 1/7/2025: the issued Tờ trình carries the merged Sở's header
    and is addressed to the merged province's UBND (not a header of one province and an addressee
    of the other)."""
    from dossier.services.walk import issue_drafts

    dossier_id = new_dossier(db, users, year=2025)
    walk_dossier(db, users, dossier_id, S.SUBMITTED_FOR_APPROVAL, dates={T.SUBMIT_FOR_APPROVAL: date(2025, 6, 30)})
    draft = _latest(db, dossier_id, "to_trinh_phe_duyet")
    assert "Kính gửi: Ủy ban nhân dân tỉnh Ninh Thuận." in draft
    issue_drafts(db, dossier_id, date(2025, 7, 1))
    issued = _latest(db, dossier_id, "to_trinh_phe_duyet", issued=True)
    assert "Khánh Hòa, ngày 01 tháng 7 năm 2025" in issued
    assert "Kính gửi: Ủy ban nhân dân tỉnh Khánh Hòa." in issued
    assert "Sở Công Thương tỉnh Khánh Hòa kính trình Ủy ban nhân dân tỉnh Khánh Hòa" in issued
    for old in ("Ủy ban nhân dân tỉnh Ninh Thuận", "Sở Công Thương tỉnh Ninh Thuận", "NINH THUẬN"):
        assert old not in issued, old



def _delegate(db, users, on: date | None = None) -> None:
    """The administrator makes the Sở the approving authority, from `on` (today by default)."""
    from tests.issuance.test_citations import delegate_approval

    delegate_approval(db, users, on)


def test_a_decision_of_the_ubnd_keeps_its_authority_when_approval_is_delegated_later(db, users):
    """Approved by the UBND tỉnh (signed on paper), then the province delegates approval to the
    Sở: the decision's numbered copy, rebuilt for the archive, still reads as the UBND's — its
    header, authority line, Căn cứ on the Tờ trình, Điều 3 and signature — because the setting
    has its history by date. A dossier approved after the change reads as the Sở's."""
    from dossier.vn.vntime import today_vn

    earlier = new_dossier(db, users)
    walk_dossier(db, users, earlier, S.APPROVED)
    before = _latest(db, earlier, "qd_phe_duyet_de_an", issued=True)
    assert "Số: 01/QĐ-UBND" in before and "TM. ỦY BAN NHÂN DÂN" in before
    _delegate(db, users)
    assert _latest(db, earlier, "qd_phe_duyet_de_an", issued=True) == before
    later = new_dossier(db, users)
    walk_dossier(db, users, later, S.APPROVED, dates={T.APPROVE: today_vn()})
    delegated = _latest(db, later, "qd_phe_duyet_de_an", issued=True)
    assert "GIÁM ĐỐC SỞ CÔNG THƯƠNG" in delegated and "/QĐ-SCT" in delegated and "Lưu: VT, QLCN." in delegated
    assert "Theo đề nghị của Trưởng phòng Quản lý công nghiệp." in delegated
    for ubnd in ("TM. ỦY BAN NHÂN DÂN", "Chánh Văn phòng Ủy ban nhân dân tỉnh", "Tờ trình số"):
        assert ubnd not in delegated, ubnd


def test_delegation_dated_back_over_a_decision_signed_on_paper_is_refused(db, users):
    """A change of the approving authority from a day before a decision the UBND tỉnh signed on
    paper would make that decision's rebuilt text the Sở's: refused, naming the decision; from a
    later day it is taken, and from a future day refused (the change has to have happened)."""
    import pytest

    from dossier.errors import ValidationFailed
    from dossier.vn.vntime import today_vn

    dossier_id = new_dossier(db, users)
    walk_dossier(db, users, dossier_id, S.APPROVED, dates={T.APPROVE: date(today_vn().year, 3, 25)})
    with pytest.raises(ValidationFailed) as refused:
        _delegate(db, users, date(today_vn().year, 3, 1))
    message = refused.value.errors["approval_from"]
    assert "01/QĐ-UBND" in message and f"25/03/{today_vn().year}" in message, message
    with pytest.raises(ValidationFailed) as future:
        _delegate(db, users, date.fromordinal(today_vn().toordinal() + 1))
    assert "sau ngày hôm nay" in future.value.errors["approval_from"]
    _delegate(db, users, date(today_vn().year, 3, 26))
    from dossier.model import ApprovalAuthorityVersion

    with db.read() as session:
        rows = session.scalars(select(ApprovalAuthorityVersion).order_by(
            ApprovalAuthorityVersion.valid_from.asc().nullsfirst())).all()
        assert [(r.valid_from, r.authority) for r in rows] == [
            (None, "ubnd_tinh"), (date(today_vn().year, 3, 26), "so_cong_thuong")]


def test_an_approval_dated_before_the_delegation_is_the_ubnd_s(db, users):
    """Approval is delegated from today; a dossier's approval recorded with an earlier date (a
    decision the UBND tỉnh signed on paper then) is the UBND's: its leader is the approver of that
    day (the guard `by_approver`), the decision is numbered in the UBND's register and reads as
    the UBND's. For a step dated today the Giám đốc Sở is the approver."""
    from dossier.model import Dossier, User
    from dossier.services.facts import build_facts
    from dossier.vn.vntime import today_vn

    dossier_id = new_dossier(db, users)
    walk_dossier(db, users, dossier_id, S.SUBMITTED_FOR_APPROVAL)
    _delegate(db, users)
    with db.read() as session:
        dossier, director = session.get(Dossier, dossier_id), session.get(User, users["giamdoc"])
        march = date(today_vn().year, 3, 25)
        assert not build_facts(session, dossier, march, director).actor_is_approver
        assert build_facts(session, dossier, march, session.get(User, users["phochutich"])).actor_is_approver
        assert build_facts(session, dossier, today_vn(), director).actor_is_approver
    walk_dossier(db, users, dossier_id, S.APPROVED, dates={T.APPROVE: march})
    decision = _latest(db, dossier_id, "qd_phe_duyet_de_an", issued=True)
    assert "/QĐ-UBND" in decision and "TM. ỦY BAN NHÂN DÂN" in decision and "Tờ trình số" in decision
    assert "GIÁM ĐỐC SỞ CÔNG THƯƠNG" not in decision
