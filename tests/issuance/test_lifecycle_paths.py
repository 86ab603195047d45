"""Issuance is part of the lifecycle (issue 10): every path of the table walked with dated steps
through the real services, each numbered document issued where the next step needs it, and the
product's content check (`dossier check-document`, and `--dossier` across the documents) run on
every document the walk produced."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from dossier.documents.content import check_document
from dossier.errors import Refused
from dossier.model import (
    AuditEvent,
    Blob,
    Dossier,
    DraftCancellation,
    GeneratedDocument,
    IssuedDocument,
    RegisterEntry,
)
from dossier.services.coherence import check_stored_dossier
from dossier.services.dossiers import create_dossier
from dossier.services.issuance.cancel import cancel_draft
from dossier.services.walk import issue_drafts
from dossier.vn.vntime import today_vn
from tests.core.helpers import advance, advance_signed, dossier_data, new_dossier, review_all, walk_dossier
from workflows import Status, Trigger
from workflows.walks import Waypoint

S, T = Status, Trigger
Y = 2025
# Dated by the walk's calendar in the dossier's year (workflows.walks.walk_date): each step after
# the one before it, the dates its inputs hold following from its day.
INPUTS = {T.APPROVE_ADJUSTMENT: {}, T.REQUEST_ADJUSTMENT: {"new_end_date": date(Y, 12, 15)}}

# Between them the walks fire every row of the table.
PATHS: dict[str, tuple[tuple[Waypoint, ...], Status]] = {
    "revision-adjustment-failed-acceptance-settlement": (
        (S.REVISION_REQUESTED, T.RECORD_INSPECTION, S.ADJUSTMENT_PENDING, T.APPROVE_ADJUSTMENT, S.ACCEPTANCE_FAILED,
         S.SETTLED), S.ARCHIVED),
    "returned-rejected-adjustment": (
        (S.SUBMITTED_FOR_APPROVAL, T.RETURN_TO_OFFICER, S.ADJUSTMENT_PENDING, T.REJECT_ADJUSTMENT, S.SETTLED),
        S.ARCHIVED),
    "failed-appraisal": ((S.APPRAISAL_FAILED,), S.ARCHIVED),
    "stop": ((S.IN_PROGRESS, S.STOPPED), S.ARCHIVED),
}


def _content_problems(db, dossier_id: int) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    with db.read() as session:
        for doc in session.scalars(select(GeneratedDocument).where(GeneratedDocument.dossier_id == dossier_id)
                                   .order_by(GeneratedDocument.id)):
            problems = check_document(session.get(Blob, doc.sha256).data)
            if problems:
                found[f"{doc.id}:{doc.template_id}"] = [str(p) for p in problems]
        for issued in session.scalars(select(IssuedDocument).where(IssuedDocument.dossier_id == dossier_id)):
            problems = check_document(session.get(Blob, issued.docx_sha256).data)
            if problems:  # the issued text: number, date and signer filled in
                found[f"issued {issued.number_text}:{issued.template_id}"] = [str(p) for p in problems]
        # across the documents: dates in the dossier's order, citations, figures
        for finding in check_stored_dossier(session, dossier_id):
            found.setdefault(f"dossier:{finding.document_id}", []).append(str(finding))
    return found


@pytest.mark.parametrize("path", list(PATHS), ids=str)
def test_every_path_issues_what_the_next_step_cites_and_its_documents_pass_the_content_check(db, users, path):
    via, goal = PATHS[path]
    dossier_id = new_dossier(db, users, year=Y)
    walk_dossier(db, users, dossier_id, goal, via=via, inputs=INPUTS)
    with db.read() as session:
        assert session.get(Dossier, dossier_id).status == Status.ARCHIVED.value
        numbered = {e.generated_document_id: e for e in session.scalars(
            select(RegisterEntry).where(RegisterEntry.dossier_id == dossier_id))}
        docs = session.scalars(select(GeneratedDocument).where(GeneratedDocument.dossier_id == dossier_id)).all()
        decisions = [d for d in docs if d.template_id.startswith(("qd_", "to_trinh", "giay_moi", "bao_cao"))]
        assert decisions and all(d.id in numbered for d in decisions)  # archived: every one issued
        for entry in numbered.values():  # each issued on the day of the step that made it
            assert entry.issued_on.year == Y
    assert _content_problems(db, dossier_id) == {}


def test_the_next_step_waits_for_the_document_and_says_who_must_sign(db, users):
    dossier_id = new_dossier(db, users)
    walk_dossier(db, users, dossier_id, Status.UNDER_APPRAISAL)  # its QĐ thành lập and Giấy mời: drafts
    review_all(db, users, dossier_id)
    with pytest.raises(Refused) as refused:
        advance(db, users, "chuyenvien", dossier_id, Trigger.RECORD_APPRAISAL, meeting_date="2026-03-12",
                conclusion="Đạt")
    text = " ".join(refused.value.reasons)
    assert "Quyết định thành lập Hội đồng thẩm định đề án khuyến công chưa được ban hành: đang chờ lãnh đạo " \
           "Sở Công Thương tỉnh Khánh Hòa (Phạm Văn Hùng, Nguyễn Thị Hồng Nhung) ký." in text
    assert "Giấy mời họp Hội đồng thẩm định chưa được ban hành" in text


def test_approval_is_the_approving_leaders_signature_not_the_so_directors_click(db, users):
    dossier_id = new_dossier(db, users)
    walk_dossier(db, users, dossier_id, Status.SUBMITTED_FOR_APPROVAL)
    with pytest.raises(Refused, match="Tờ trình đề nghị phê duyệt đề án khuyến công chưa được ban hành: đang chờ "
                                      "lãnh đạo Sở Công Thương"):
        advance_signed(db, users, "phochutich", dossier_id, Trigger.APPROVE)
    issue_drafts(db, dossier_id, None)  # the Sở's director signs the Tờ trình
    with pytest.raises(Refused, match="Bước này do lãnh đạo Ủy ban nhân dân tỉnh Khánh Hòa quyết định"):
        advance_signed(db, users, "giamdoc", dossier_id, Trigger.APPROVE)
    with pytest.raises(Refused, match="ký ban hành"):  # no approval without the decision's signature
        advance(db, users, "phochutich", dossier_id, Trigger.APPROVE)
    advance_signed(db, users, "phochutich", dossier_id, Trigger.APPROVE)
    with db.read() as session:
        assert session.get(Dossier, dossier_id).status == Status.APPROVED.value
        decision = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == "qd_phe_duyet_de_an")).one()
        entry = session.scalars(select(RegisterEntry).where(RegisterEntry.generated_document_id == decision.id)).one()
        assert entry.symbol.endswith("/QĐ-UBND") and entry.signer_name == "Trần Hòa Nam"
        text = session.get(Blob, decision.sha256).data
    assert check_document(text) == []  # it cites the Tờ trình by its number and date


def test_archive_waits_for_every_document_and_a_cancelled_draft_needs_its_reason(db, users):
    dossier_id = new_dossier(db, users)
    walk_dossier(db, users, dossier_id, Status.SETTLED)  # its Báo cáo quyết toán is a draft
    with pytest.raises(Refused, match="Chưa lưu trữ được hồ sơ: Báo cáo quyết toán kinh phí đề án khuyến công chưa "
                                      "được ban hành: đang chờ lãnh đạo Trung tâm Khuyến công"):
        advance(db, users, "chuyenvien", dossier_id, Trigger.ARCHIVE)
    with db.read() as session:
        report = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == "bao_cao_quyet_toan")).one()
    from dossier.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        cancel_draft(db, actor_id=users["chuyenvien"], document_id=report.id, reason=" ")
    cancel_draft(db, actor_id=users["chuyenvien"], document_id=report.id, reason="Quyết toán gộp vào báo cáo năm")
    with pytest.raises(Refused, match="đã bị hủy"):
        cancel_draft(db, actor_id=users["chuyenvien"], document_id=report.id, reason="Lần nữa cho chắc")
    # the Sở's approval of the settlement, the step's other document, waits too until issued
    with pytest.raises(Refused, match="Quyết định phê duyệt quyết toán kinh phí đề án khuyến công chưa được ban hành"):
        advance(db, users, "chuyenvien", dossier_id, Trigger.ARCHIVE)
    issue_drafts(db, dossier_id, None)
    advance(db, users, "chuyenvien", dossier_id, Trigger.ARCHIVE)
    with db.read() as session:
        assert session.get(Dossier, dossier_id).status == Status.ARCHIVED.value
        row = session.scalars(select(DraftCancellation)).one()
        assert row.reason == "Quyết toán gộp vào báo cáo năm"
        events = [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.seq))]
    assert "document.cancel_draft" in events


def test_with_the_sos_delegation_the_director_approves_by_signing_and_the_walk_issues_electronically(
        db, province):
    """The browser test's path without a browser, the approving authority being the Sở by
    delegation: every document signed with the leaders' keys (LibreOffice PDF/A, PAdES) and
    sealed by the văn thư, on to settlement."""
    from dossier.demo.people import DEMO_PASSWORD
    from dossier.services.dossiers import create_dossier
    from dossier.services.issuance import SigningPort
    from dossier.services.walk import Issuing
    from dossier.vn.vntime import now_vn
    from tests.conftest import require_program
    from tests.core.helpers import dossier_data
    from tests.issuance.test_citations import delegate_approval

    require_program("soffice")
    users = province
    delegate_approval(db, users)
    # Signed now with certificates made now: every step and every date it records is today's, so
    # the implementation period runs to today at least (acceptance after it is refused).
    today = now_vn().date()
    data = dossier_data(db)
    data.end_date = max(data.end_date, today)
    dossier_id = create_dossier(db, users["chuyenvien"], data)
    on_today = {T.START_APPRAISAL: {"meeting_date": today}, T.RECORD_APPRAISAL: {"meeting_date": today},
                T.SIGN_CONTRACT: {"contract_date": today}, T.START_IMPLEMENTATION: {"start_date": today},
                T.ACCEPT: {"acceptance_date": today}, T.LIQUIDATE: {"liquidation_date": today},
                T.SETTLE: {"settlement_date": today}}
    issuing = Issuing(port=SigningPort(), password=DEMO_PASSWORD)
    walk_dossier(db, users, dossier_id, Status.SETTLED, issuing=issuing, inputs=on_today,
                 dates=dict.fromkeys(Trigger, today))
    # the Trung tâm's director signs its Báo cáo quyết toán, the Sở's director its approval
    issue_drafts(db, dossier_id, None, issuing)
    with db.read() as session:
        issued = {i.template_id: i for i in session.scalars(
            select(IssuedDocument).where(IssuedDocument.dossier_id == dossier_id))}
        # no Tờ trình: the Sở does not submit to itself, its officer's submission is the step
        assert set(issued) == {"qd_thanh_lap_hoi_dong", "giay_moi_hop_hoi_dong",
                               "qd_phe_duyet_de_an", "bao_cao_quyet_toan", "qd_phe_duyet_quyet_toan"}
        decision = issued["qd_phe_duyet_de_an"]
        assert decision.number_text.endswith("/QĐ-SCT") and decision.signer.username == "giamdoc"
        # sealed by the văn thư of each body that has one (the demo's Trung tâm has none)
        assert {t: i.status for t, i in issued.items()} == {t: "signed" if t == "bao_cao_quyet_toan" else "issued"
                                                           for t in issued}
        assert session.get(Dossier, dossier_id).status == Status.SETTLED.value
    assert _content_problems(db, dossier_id) == {}
    advance(db, users, "chuyenvien", dossier_id, Trigger.ARCHIVE)


def test_the_contract_is_not_signed_without_bên_bs_registration_id_and_bank_account(db, users):
    """Điều 4 pays by transfer: a beneficiary without its papers stops the contract step, the
    guard naming each missing particular; the walked dossier with them signs it."""
    data = dossier_data(db, year=Y)
    data = replace(data, beneficiary=replace(data.beneficiary, registration_number="", registration_date=None,
                                             representative_id_number="", bank_account=""))
    dossier_id = create_dossier(db, users["chuyenvien"], data)
    walk_dossier(db, users, dossier_id, Status.APPROVED)
    with pytest.raises(Refused) as refused:
        advance(db, users, "chuyenvien", dossier_id, T.SIGN_CONTRACT, contract_number="05/2025/HĐ-KC",
                contract_date=today_vn(), contract_value=data.requested_support)
    reason = str(refused.value)
    for label in ("số Giấy chứng nhận đăng ký kinh doanh", "ngày cấp Giấy chứng nhận đăng ký kinh doanh",
                  "số CCCD của người đại diện", "số tài khoản"):
        assert label in reason
    assert "ngân hàng mở tài khoản" not in reason  # the bank itself was given
    with db.read() as session:
        assert session.get(Dossier, dossier_id).status == Status.APPROVED.value

    complete = new_dossier(db, users, year=Y)
    walk_dossier(db, users, complete, Status.CONTRACTED)
    with db.read() as session:
        assert session.get(Dossier, complete).status == Status.CONTRACTED.value
