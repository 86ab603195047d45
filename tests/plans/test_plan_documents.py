"""Plan-level documents: the decision's annex lists every approved dossier of the batch, with totals
by content group and amounts in words; the list and the Tờ trình take the appraised ones."""

from __future__ import annotations

import io
import json
from datetime import date

import docx
import pytest
from sqlalchemy import select

from dossier.errors import Refused
from dossier.model import Blob, Dossier, PlanDocument
from dossier.services.plans import generate_plan_document, generate_report
from dossier.vn.words import amount_in_words
from tests.core.helpers import new_dossier
from tests.docx_text import docx_text
from tests.plans.helpers import M, walk

BATCH_1 = [  # group, n, total, support (triệu), stage
    ("G1", 0, 290, 130, "settled"),
    ("G1", 1, 375, 180, "approved"),
    ("G2", 2, 900, 260, "stopped"),  # approved, then stopped: it was in the decision
    ("G6", 3, 650, 560, "contracted"),
]


def _tables(data: bytes) -> list[list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def _money(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def test_the_decision_annex_lists_every_approved_dossier_of_the_batch(db, users) -> None:
    ids = [walk(db, users, 2025, g, n, t, s, stage, batch=1) for g, n, t, s, stage in BATCH_1]
    walk(db, users, 2025, "G1", 9, 400, 190, "approved", batch=2)  # another batch: not in this decision
    draft = new_dossier(db, users, year=2025)  # registered, never approved: not listed
    result = generate_plan_document(db, users["chuyenvien"], "qd_phe_duyet_ke_hoach", 2025, batch_number=1,
                                    today=date(2025, 3, 20))
    with db.read() as session:
        codes = {session.get(Dossier, i).code for i in ids}
        titles = {session.get(Dossier, i).title for i in ids}
        assert set(result.dossier_codes) == codes
        assert session.get(Dossier, draft).code not in result.dossier_codes
        stored = session.get(PlanDocument, result.id)
        data = session.get(Blob, stored.sha256).data
        assert [code for _, code in json.loads(stored.dossiers_json)] == list(result.dossier_codes)
    annex = _tables(data)[-1]
    assert annex[0][0] == "STT" and annex[0][1] == "Tên đề án"
    rows = [r for r in annex[1:] if r[0].isdigit()]
    assert {r[1] for r in rows} == titles
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(ids) + 1)]
    support = sum(s for *_, s, _ in BATCH_1) * M
    total = sum(t for _, _, t, _, _ in BATCH_1) * M
    assert annex[-1][0] == "Tổng cộng"
    assert annex[-1][-3:] == [_money(total), _money(support), _money(total - support)]
    # one subtotal row per content group, before its đề án
    groups = {r[0]: r for r in annex[1:] if r[0] in ("I", "II", "III")}
    assert set(groups) == {"I", "II", "III"}
    assert "(2 đề án)" in groups["I"][1] and groups["I"][-2] == _money((130 + 180) * M)
    assert groups["II"][-2] == _money(260 * M) and groups["III"][-2] == _money(560 * M)
    text = docx_text(data)
    assert f"{_money(support)} đồng (Bằng chữ: {amount_in_words(support)})" in text
    assert f"kinh phí khuyến công hỗ trợ {_money(310 * M)} đồng (Bằng chữ: {amount_in_words(310 * M)})" in text
    assert "QUYẾT ĐỊNH" in text and "PHỤ LỤC" in text and "(đợt 1)" in text
    assert "Số:" in text and "/QĐ-UBND" in text


def test_list_and_to_trinh_take_the_appraised_dossiers_and_the_report_is_stored(db, users) -> None:
    for g, n, t, s, stage in BATCH_1[:2]:
        walk(db, users, 2025, g, n, t, s, stage, batch=1)
    officer = users["chuyenvien"]
    listing = generate_plan_document(db, officer, "bang_tong_hop_de_an", 2025, batch_number=1, today=date(2025, 3, 1))
    proposal = generate_plan_document(db, officer, "to_trinh_ke_hoach", 2025, today=date(2025, 3, 2))
    report = generate_report(db, officer, 2025, "6m", today=date(2025, 7, 5))
    with db.read() as session:
        for result in (listing, proposal):
            text = docx_text(session.get(Blob, result.sha256).data)
            assert "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến" in text
            assert f"{_money(310 * M)} đồng (Bằng chữ: Ba trăm mười triệu đồng)" in text
        text = docx_text(session.get(Blob, report.sha256).data)
        assert "6 tháng đầu năm 2025" in text and "BÁO CÁO" in text
        assert session.scalar(select(PlanDocument.id).where(PlanDocument.id == report.id))


def test_nothing_to_decide_is_refused(db, users) -> None:
    with pytest.raises(Refused) as refused:
        generate_plan_document(db, users["chuyenvien"], "qd_phe_duyet_ke_hoach", 2023, batch_number=2)
    assert "chưa có đề án được phê duyệt" in refused.value.message


def test_the_reports_assessment_writes_amounts_and_rates_as_its_figures_do(db, users) -> None:
    """The report's Đánh giá chung printed "đã phê duyệt 580.000.000 đồng. ký hợp đồng …" and
    "đạt 3.04% dự toán năm" (a replace(",", ".") over the whole sentence) while section I said
    "đạt 3,04% dự toán"."""
    import re

    walk(db, users, 2025, "G1", 0, 290, 130, "settled", batch=1)
    report = generate_report(db, users["chuyenvien"], 2025, "year", today=date(2025, 12, 20))
    with db.read() as session:
        text = docx_text(session.get(Blob, report.sha256).data)
    assessment = [line for line in text.splitlines() if line.startswith(("- Kế hoạch năm", "- Đã giải ngân"))]
    assert len(assessment) == 2, assessment
    assert re.search(r"đã phê duyệt [\d.]+ đồng, ký hợp đồng [\d.]+ đồng\.$", assessment[0]), assessment[0]
    rate = re.search(r"Kinh phí đã giải ngân: .*, đạt (\S+)% dự toán\.", text).group(1)
    assert "," in rate and f"đạt {rate}% dự toán năm; đã quyết toán" in assessment[1], (rate, assessment[1])


def test_the_plan_documents_name_the_trung_tam_and_the_kho_bac_of_their_date(db, users) -> None:
    """The plan's Tờ trình sent a copy to "Trung tâm Khuyến công", its Quyết định charged
    "Giám đốc Trung tâm Khuyến công" and sent one to "Kho bạc Nhà nước", none of them a body's
    name; the dossier decisions name the Trung tâm and its Kho bạc of the day."""
    from dossier.services.snapshot import body_of_kind, org_version

    walk(db, users, 2025, "G1", 0, 290, 130, "approved", batch=1)
    officer, on = users["chuyenvien"], date(2025, 3, 20)
    proposal = generate_plan_document(db, officer, "to_trinh_ke_hoach", 2025, today=on)
    decision = generate_plan_document(db, officer, "qd_phe_duyet_ke_hoach", 2025, today=on)
    with db.read() as session:
        centre = org_version(session, body_of_kind(session, "trung_tam_khuyen_cong", "Ninh Thuận"), on)
        proposal_text = docx_text(session.get(Blob, proposal.sha256).data)
        decision_text = docx_text(session.get(Blob, decision.sha256).data)
    assert centre.name != "Trung tâm Khuyến công" and centre.bank_name.startswith("Kho bạc")
    assert f"- {centre.name};" in proposal_text.splitlines()
    assert f"Giám đốc {centre.name};" in decision_text
    assert f"- {centre.bank_name};" in decision_text.splitlines()
    for text in (proposal_text, decision_text):
        assert "Trung tâm Khuyến công;" not in text and "- Kho bạc Nhà nước;" not in text.splitlines()


def test_the_decision_says_which_proposed_đề_án_it_leaves_out_and_why(db, users) -> None:
    """Issue 10: the plan's Quyết định covers the đề án its Tờ trình proposed, or says which it does
    not approve and why (here: returned to the Sở by the UBND's leader)."""
    from tests.core.helpers import advance, walk_dossier
    from workflows import Status, Trigger

    approved = walk(db, users, 2025, "G1", 0, 290, 130, "approved", batch=1)
    returned = new_dossier(db, users, year=2025)
    walk_dossier(db, users, returned, Status.SUBMITTED_FOR_APPROVAL)
    officer = users["chuyenvien"]
    proposal = generate_plan_document(db, officer, "to_trinh_ke_hoach", 2025, batch_number=1, today=date(2025, 6, 2))
    assert len(proposal.dossier_codes) == 2  # both had passed their appraisal
    advance(db, users, "phochutich", returned, Trigger.RETURN_TO_OFFICER, reason="Bổ sung báo giá thiết bị.")
    decision = generate_plan_document(db, officer, "qd_phe_duyet_ke_hoach", 2025, batch_number=1,
                                      today=date(2025, 6, 20))
    with db.read() as session:
        kept, left = session.get(Dossier, approved), session.get(Dossier, returned)
        assert decision.dossier_codes == (kept.code,)
        text = docx_text(session.get(Blob, decision.sha256).data)
        leaving = (f"- Đề án “{left.title}” ({left.code}, {left.beneficiary.name}): trả lại Sở Công Thương để "
                   "hoàn thiện (Bổ sung báo giá thiết bị).")
    lines = text.splitlines()
    assert "Các đề án sau trong danh mục Sở Công Thương đề nghị không được phê duyệt tại Quyết định này:" in lines
    assert leaving in lines, [line for line in lines if left.code in line]


def _stored(db, document_id: int) -> bytes:
    with db.read() as session:
        return session.get(Blob, session.get(PlanDocument, document_id).sha256).data


def test_the_plan_documents_annex_after_the_signature_is_their_layout_not_a_fault(db, users) -> None:
    """Issue 10: the Tờ trình and the Quyết định of a plan end with their Phụ lục after the signature
    block, on a page of its own (ND 30/2020 Phụ lục III, mẫu 2.1): check-layout finds the signature
    block before it and nothing to report; an annex not on its own page, or a document whose block
    is gone, is still found."""
    from docx.oxml.ns import qn

    from dossier.documents.layout import check_layout

    for g, n, t, s, stage in BATCH_1[:2]:
        walk(db, users, 2025, g, n, t, s, stage, batch=1)
    made = [generate_plan_document(db, users["chuyenvien"], template_id, 2025, batch_number=1, today=on)
            for template_id, on in (("to_trinh_ke_hoach", date(2025, 3, 16)), ("qd_phe_duyet_ke_hoach",
                                                                               date(2025, 3, 20)))]
    for result in made:
        data = _stored(db, result.id)
        assert "PHỤ LỤC" in docx_text(data)
        assert [str(p) for p in check_layout(data)] == []

    document = docx.Document(io.BytesIO(_stored(db, made[1].id)))
    heading = next(p for p in document.paragraphs if p.text == "PHỤ LỤC")
    heading._p.pPr.remove(heading._p.pPr.find(qn("w:pageBreakBefore")))
    out = io.BytesIO()
    document.save(out)
    assert [p.message_vi for p in check_layout(out.getvalue())] == [
        "«PHỤ LỤC» phải bắt đầu ở trang mới (sau khối chữ ký)"]

    # the signature block (with its Nơi nhận) moved after the annex: the decision itself lacks it
    document = docx.Document(io.BytesIO(_stored(db, made[1].id)))
    signature = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))._tbl
    body = signature.getparent()
    body.remove(signature)
    body.insert(len(body) - 1, signature)  # before the final sectPr
    out = io.BytesIO()
    document.save(out)
    assert "Thiếu «Nơi nhận:»" in [p.message_vi for p in check_layout(out.getvalue())]
