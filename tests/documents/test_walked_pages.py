"""What the rendered pages of walked dossiers showed a reader (issue 10: every template looked at
as PDF pages, from a dossier that moved through the workflow, not from its sample): each test
walks a dossier and reads the documents it produced."""

from __future__ import annotations

from dossier.documents.content import check_content
from tests.core.helpers import new_dossier, walk_dossier
from tests.documents.test_walked_content import texts
from workflows import Status as S


def _line(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


def test_an_unstated_capacity_is_a_hand_fill_blank_not_the_workers_and_products_again(db, users):
    """KC-2025-001's Đơn read "- Năng lực sản xuất hiện tại: 15 lao động; sản phẩm chính: ." under
    "- Số lao động hiện có: 15 người." (the Đề án the same): the workers twice, an empty products."""
    dossier_id = new_dossier(db, users)  # the applicant states no capacity
    walk_dossier(db, users, dossier_id, S.SUBMITTED)
    found = texts(db, dossier_id)
    for template, label in (("don_de_nghi_ho_tro", "- Năng lực sản xuất hiện tại:"),
                            ("de_an_khuyen_cong", "- Năng lực hiện tại:")):
        text = found[template][0]
        assert _line(text, label) == f"{label} ……………………."
        assert "lao động; sản phẩm chính" not in text
        # nor an empty telephone ("điện thoại: .") for an applicant who gave none
        assert _line(text, "- Địa chỉ:").endswith("; điện thoại: …………………….")
        assert [p for p in check_content(text.splitlines()) if "label" in p.message_en] == []


def _recipients(text: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index("Nơi nhận:") + 1
    return [line for line in lines[start:] if line.startswith("- ")][:8]


def test_recipients_name_the_trung_tam_of_the_day_and_the_leaders_whoever_signs(db, users):
    """The Tờ trình and the Thông báo sent a copy to "Trung tâm Khuyến công" while the đề án's
    Trung tâm was the Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh Ninh Thuận; the Giấy
    mời the Giám đốc signed sent one to "Giám đốc Sở (để báo cáo)"."""
    from workflows import Trigger as T

    revised = new_dossier(db, users)
    walk_dossier(db, users, revised, S.REVISION_REQUESTED,
                 inputs={T.REQUEST_REVISION: {"missing_items": ["Báo giá của 03 nhà cung cấp"]}})
    notice = texts(db, revised)["thong_bao_yeu_cau_bo_sung"][0]
    dossier_id = new_dossier(db, users)
    walk_dossier(db, users, dossier_id, S.SUBMITTED_FOR_APPROVAL)
    found = texts(db, dossier_id)
    submission = found["to_trinh_phe_duyet"][0]
    centre = _line(submission, "- Đơn vị thực hiện: ").removeprefix("- Đơn vị thực hiện: ").rstrip(".")
    assert centre.startswith("Trung tâm") and centre != "Trung tâm Khuyến công"
    for text in (submission, notice):
        assert f"- {centre};" in _recipients(text), _recipients(text)
        assert "- Trung tâm Khuyến công;" not in _recipients(text)
    invitation = _recipients(found["giay_moi_hop_hoi_dong"][0])
    assert "- Ban Giám đốc Sở;" in invitation and not any("để báo cáo" in r for r in invitation)


def test_the_council_decision_charges_the_trung_tam_only_when_it_is_the_sos_unit(db, users):
    """In 2025 Ninh Thuận's đề án were carried out by the Trung tâm Xúc tiến Đầu tư, Thương mại và
    Du lịch, a unit of the UBND tỉnh: the Giám đốc Sở's QĐ thành lập Hội đồng charged its Giám đốc
    in Điều 3 all the same. Khánh Hòa's Trung tâm Khuyến công of 2026 is the Sở's own unit."""
    from datetime import date

    from dossier.services.snapshot import body_of_kind, org_version
    from workflows import Trigger as T

    with db.read() as session:
        centre = body_of_kind(session, "trung_tam_khuyen_cong", "Khánh Hòa")
        then, now = org_version(session, centre, date(2025, 3, 2)), org_version(session, centre, date(2026, 3, 2))
    assert then.header_parent.startswith("UBND") and now.header_parent.startswith("SỞ CÔNG THƯƠNG")
    for year, body, charged in ((2025, then, False), (2026, now, True)):
        dossier_id = new_dossier(db, users, year=year)
        walk_dossier(db, users, dossier_id, S.UNDER_APPRAISAL, dates={T.SUBMIT: date(year, 3, 1),
                                                                      T.START_APPRAISAL: date(year, 3, 2)})
        decision = texts(db, dossier_id)["qd_thanh_lap_hoi_dong"][0]
        article_3 = _line(decision, "Điều 3.")
        assert (f"Giám đốc {body.name}" in article_3) is charged, article_3
        assert "Chánh Văn phòng Sở" in article_3 and "các thành viên có tên tại Điều 1" in article_3


def test_the_councils_papers_print_the_so_as_a_parent_line_that_fits(db, users):
    """The Phiếu and the Biên bản họp carried "SỞ CÔNG THƯƠNG TỈNH NINH THUẬN" above the council's
    name, which wrapped "THUẬN" onto a line of its own in the 7.2 cm header column; the Sở's own
    units print it "SỞ CÔNG THƯƠNG NINH THUẬN"."""
    from sqlalchemy import select

    from dossier.documents.content import document_paragraphs
    from dossier.model import Blob, GeneratedDocument

    dossier_id = new_dossier(db, users)
    walk_dossier(db, users, dossier_id, S.APPRAISED)
    with db.read() as session:
        for template in ("phieu_nhan_xet", "bien_ban_hop_hoi_dong"):
            doc = session.scalars(select(GeneratedDocument).where(
                GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == template)).first()
            head = [p for p in document_paragraphs(session.get(Blob, doc.sha256).data) if p.strip()][:2]
            assert head[0] == "SỞ CÔNG THƯƠNG KHÁNH HÒA" and head[1].startswith("HỘI ĐỒNG THẨM ĐỊNH"), head


def test_the_signers_title_starts_level_with_what_stands_beside_it(db, users):
    """The signer's title of the QĐ phê duyệt stood a line above "Nơi nhận:", the Đề án's GIÁM ĐỐC
    above XÁC NHẬN CỦA ĐƠN VỊ THỤ HƯỞNG: the spacing sat on the {%p for %} rendering removes."""
    import io

    import docx
    from sqlalchemy import select

    from dossier.model import Blob, GeneratedDocument

    def above_text(cell) -> float:
        """Points from the cell's top to its first printed line (an empty spacer counts whole)."""
        total = 0.0
        for paragraph in cell.paragraphs:
            total += (paragraph.paragraph_format.space_before or docx.shared.Pt(0)).pt
            if paragraph.text.strip():
                return total
            total += paragraph.paragraph_format.line_spacing.pt
        return total

    dossier_id = new_dossier(db, users)
    walk_dossier(db, users, dossier_id, S.APPROVED)
    with db.read() as session:
        docs = session.scalars(select(GeneratedDocument).where(GeneratedDocument.dossier_id == dossier_id)).all()
        rendered = {d.template_id: session.get(Blob, d.sha256).data for d in docs}
    for template in ("qd_phe_duyet_de_an", "de_an_khuyen_cong", "to_trinh_phe_duyet", "qd_thanh_lap_hoi_dong"):
        signatures = docx.Document(io.BytesIO(rendered[template])).tables[-1]
        left, right = (above_text(cell) for cell in signatures.rows[0].cells)
        assert left == right > 0, (template, left, right)


def test_an_absent_member_is_named_without_a_made_up_reason_and_not_counted(db, users):
    """A council meeting one voting member missed: the Biên bản lists the member as absent with a
    reason to write in (it printed "lý do: Bận công tác", which nobody recorded), counts the four
    present, and the Tờ trình reports 4/4 voting members present."""
    from datetime import date

    from dossier.model import Dossier
    from dossier.services.dossiers import record_review
    from dossier.services.walk import issue_drafts
    from tests.core.helpers import advance
    from workflows import Trigger as T

    dossier_id = new_dossier(db, users)
    walk_dossier(db, users, dossier_id, S.UNDER_APPRAISAL)
    with db.read() as session:
        voting = [m for m in session.get(Dossier, dossier_id).council.members if m.voting]
    issue_drafts(db, dossier_id, date(2026, 3, 5))  # the QĐ thành lập and the Giấy mời
    for member in voting[:-1]:
        record_review(db, users["chuyenvien"], dossier_id, member.id, passed=True, score=85, comment="Phù hợp",
                      recommended_support=130_000_000)
    advance(db, users, "chuyenvien", dossier_id, T.RECORD_APPRAISAL, meeting_date="2026-03-12",
            conclusion="Đề án đạt yêu cầu.", recommended_support="130.000.000")
    [minutes] = texts(db, dossier_id)["bien_ban_hop_hoi_dong"]
    absent = voting[-1]
    line = _line(minutes, f"- {absent.full_name}, ")
    assert line.endswith("(lý do: ……………………);") and "Bận công tác" not in minutes, line
    assert f"4. Kết quả bỏ phiếu: {len(voting) - 1} phiếu đạt, 0 phiếu không đạt." in minutes
    assert f"1. Thành viên Hội đồng có mặt: {len(voting)}/{len(voting) + 1} thành viên, gồm:" in minutes
