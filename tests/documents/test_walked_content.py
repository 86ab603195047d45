"""What an expert reading the documents of a walked dossier sent back (issue 10, items 5 and 6):
each test walks a dossier through the real workflow (services/walk.py) and reads the text of the
documents it produced."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dossier.model import Blob, GeneratedDocument
from tests.core.helpers import new_dossier, walk_dossier
from tests.docx_text import docx_text
from workflows import Status as S


def texts(db, dossier_id: int) -> dict[str, list[str]]:
    """Every document of the dossier by template, oldest first, as its visible text."""
    found: dict[str, list[str]] = {}
    with db.read() as session:
        for doc in session.scalars(select(GeneratedDocument).where(GeneratedDocument.dossier_id == dossier_id)
                                   .order_by(GeneratedDocument.id)):
            found.setdefault(doc.template_id, []).append(docx_text(session.get(Blob, doc.sha256).data))
    return found


def test_the_council_decision_names_members_with_their_honorific_and_charges_only_the_sos_units(db, users):
    dossier_id = new_dossier(db, users)
    walk_dossier(db, users, dossier_id, S.UNDER_APPRAISAL)
    decision = texts(db, dossier_id)["qd_thanh_lap_hoi_dong"][0]
    assert "Ông/Bà" not in decision and "None" not in decision
    assert "Bà Nguyễn Thị Hồng Nhung" in decision and "Ông Hoàng Văn Tâm" in decision
    article_3 = next(line for line in decision.splitlines() if line.startswith("Điều 3."))
    assert "Chánh Văn phòng Sở" in article_3 and "các thành viên có tên tại Điều 1" in article_3
    # a Giám đốc Sở directs neither the UBND tỉnh's office, nor another Sở, nor a UBND xã
    for outside in ("Ủy ban nhân dân tỉnh", "Sở Tài chính", "Ủy ban nhân dân xã", "Hộ kinh doanh"):
        assert outside not in article_3, outside


def test_the_sheets_tick_the_members_marks_and_the_minutes_count_name_and_invite(db, users):
    """Item 6: each Phiếu ticks the member's own marks; the Biên bản họp counts the voting members'
    sheets only, writes one discussion line per member's comment with the member's name, lists the
    presenter and the invitees in Thành phần, and proposes what the members proposed."""
    from dossier.errors import Refused
    from dossier.model import Dossier
    from dossier.services.dossiers import record_review
    from dossier.services.walk import Reviews

    dossier_id = new_dossier(db, users)
    walk_dossier(db, users, dossier_id, S.UNDER_APPRAISAL)
    with db.read() as session:
        members = session.get(Dossier, dossier_id).council.members
        secretary = next(m for m in members if not m.voting)
    with pytest.raises(Refused, match="không biểu quyết"):  # the secretary gets no vote in the form
        record_review(db, users["chuyenvien"], dossier_id, secretary.id, passed=True)
    walk_dossier(db, users, dossier_id, S.APPRAISED,
                 reviews=Reviews(comment="Thiết bị phù hợp", recommended_support=120_000_000))
    found = texts(db, dossier_id)
    sheets, [minutes] = found["phieu_nhan_xet"], found["bien_ban_hop_hoi_dong"]
    voting = [m for m in members if m.voting]
    assert len(sheets) == len(voting)
    for sheet in sheets:  # five criteria, each ticked Đạt from the member's marks
        lines = sheet.splitlines()
        rows = [lines[i + 1:i + 4] for i, line in enumerate(lines) if line in {"1", "2", "3", "4", "5"}]
        assert len(rows) == 5 and all(row[1:] == ["x", ""] for row in rows), rows
    assert f"4. Kết quả bỏ phiếu: {len(voting)} phiếu đạt, 0 phiếu không đạt." in minutes
    for member in voting:
        assert f"{member.full_name} (" in minutes and "): Thiết bị phù hợp" in minutes
    assert minutes.count("): Thiết bị phù hợp") == len(voting)
    assert "3. Đại biểu dự họp:" in minutes and "(trình bày đề án);" in minutes
    assert "Đại diện Hộ kinh doanh Trung Tuấn;" in minutes
    assert "Hội đồng đề nghị hỗ trợ: 120.000.000 đồng" in minutes


def test_the_application_lists_the_applicants_own_papers_and_the_de_an_has_its_bases_and_need(db, users):
    """Item 6: the Đơn lists what the applicant uploaded (not the Tờ trình's list); the Đề án has a
    Căn cứ xây dựng đề án and a Sự cần thiết that is not its Mục tiêu."""
    from dossier.services.attachments import add_attachment

    dossier_id = new_dossier(db, users)
    from tests.plans.test_bundle import PDF

    add_attachment(db, users["chuyenvien"], dossier_id, filename="Báo giá lò sấy.pdf", data=PDF, kind="bao_gia")
    walk_dossier(db, users, dossier_id, S.SUBMITTED)
    found = texts(db, dossier_id)
    application, de_an = found["don_de_nghi_ho_tro"][0], found["de_an_khuyen_cong"][0]
    attached = application.split("Hồ sơ gửi kèm:")[1].split("STT")[0].split()
    assert "Báo giá, hồ sơ thiết bị" in " ".join(attached) and "Đề án khuyến công" not in " ".join(attached)
    lines = de_an.splitlines()
    bases = lines[lines.index("2. Căn cứ xây dựng đề án") + 1]
    assert bases.startswith("Căn cứ Nghị định số 45/2012/NĐ-CP")
    need = lines[lines.index("3. Sự cần thiết") + 1]
    goal = lines[lines.index("II. MỤC TIÊU") + 1]
    assert need and goal and need != goal and "Hộ kinh doanh Trung Tuấn" in need


def test_a_failed_appraisals_minutes_conclude_as_the_votes_did_and_propose_no_support(db, users):
    from dossier.documents.content import check_content

    dossier_id = new_dossier(db, users, year=2026)
    walk_dossier(db, users, dossier_id, S.APPRAISAL_FAILED)
    lines = texts(db, dossier_id)["bien_ban_hop_hoi_dong"][-1].splitlines()
    assert "5. Kết luận của Hội đồng: Đề án không đạt yêu cầu." in lines
    assert not [line for line in lines if "Hội đồng đề nghị hỗ trợ" in line]  # a failed đề án gets no proposal
    assert check_content(lines) == []
