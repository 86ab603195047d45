"""The implementation and closing documents (contract, inspection, adjustment, stop, acceptance,
liquidation, settlement report and its approval) rendered from dossiers walked through the real
services, read as a văn thư reads them before they go out (issue 10: rendered pages looked at)."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from dossier.model import Blob, GeneratedDocument, RegisterEntry
from dossier.services.coherence import check_stored_dossier
from dossier.services.ledger import record_advance
from tests.core.helpers import new_dossier, walk_dossier
from tests.docx_text import docx_text
from workflows import Status, Trigger

CLOSING = ("hop_dong_thuc_hien", "bien_ban_kiem_tra", "qd_dieu_chinh", "qd_ngung_thuc_hien", "bien_ban_nghiem_thu",
           "bien_ban_thanh_ly", "bao_cao_quyet_toan", "qd_phe_duyet_quyet_toan")
TITLE = "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến táo sấy"


def texts(db, dossier_id: int) -> dict[str, str]:
    """The latest document of each closing template, as issued (the register's number and date in
    place) when it was, else as drafted; one line per paragraph, spaces collapsed."""
    from dossier.services.issuance.paper import numbered_copy

    found: dict[str, str] = {}
    with db.read() as session:
        entries = {e.generated_document_id: e for e in session.scalars(
            select(RegisterEntry).where(RegisterEntry.dossier_id == dossier_id))}
        for doc in session.scalars(select(GeneratedDocument).where(
                GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id.in_(CLOSING))
                .order_by(GeneratedDocument.id)):
            copy = numbered_copy(session, entries[doc.id]) if doc.id in entries else None
            data = copy.data if copy is not None else session.get(Blob, doc.sha256).data
            found[doc.template_id] = "\n".join(" ".join(line.split()) for line in docx_text(data).splitlines()
                                               if line.strip())
    return found


def adjusted_and_archived(db, users) -> int:
    """A 2025 dossier: inspected, 65 triệu advanced, its equipment adjusted by a QĐ điều chỉnh
    of 12/8/2025 (after the merger), accepted, liquidated, settled and archived."""
    dossier_id = new_dossier(db, users, year=2025)
    walk_dossier(db, users, dossier_id, Status.IN_PROGRESS, via=(Trigger.RECORD_INSPECTION,))
    record_advance(db, users["chuyenvien"], dossier_id, 65_000_000, date(2025, 4, 20), reference="UNC 15")
    walk_dossier(db, users, dossier_id, Status.ADJUSTMENT_PENDING)
    walk_dossier(db, users, dossier_id, Status.IN_PROGRESS, dates={Trigger.APPROVE_ADJUSTMENT: date(2025, 8, 12)})
    walk_dossier(db, users, dossier_id, Status.ARCHIVED, via=(Status.SETTLED,))
    return dossier_id


def stopped_after_an_advance(db, users) -> int:
    """A 2026 dossier advanced 65 triệu, then stopped at the beneficiary's request, all recovered."""
    dossier_id = new_dossier(db, users, year=2026)
    walk_dossier(db, users, dossier_id, Status.IN_PROGRESS)
    record_advance(db, users["chuyenvien"], dossier_id, 65_000_000, date(2026, 4, 20), reference="UNC 21")
    walk_dossier(db, users, dossier_id, Status.STOPPED, inputs={Trigger.STOP: {"recovered_amount": 65_000_000}})
    return dossier_id


def test_the_đề_án_is_quoted_as_vietnamese_official_text_quotes_it(db, users):
    found = texts(db, adjusted_and_archived(db, users)) | texts(db, stopped_after_an_advance(db, users))
    assert sorted(found) == sorted(CLOSING)
    for template_id, text in found.items():
        assert '"' not in text, (template_id, [line for line in text.splitlines() if '"' in line])
        assert f"“{TITLE}”" in text, template_id


def test_the_stop_decision_sends_to_those_its_article_4_charges_and_leaves_the_deadline_to_fill_in(db, users):
    from dossier.documents.content import check_content

    text = texts(db, stopped_after_an_advance(db, users))["qd_ngung_thuc_hien"]
    lines = text.splitlines()
    assert "- Như Điều 4;" in lines and "- Như Điều 3;" not in lines
    assert next(line for line in lines if line.startswith("Điều 4.")).endswith("chịu trách nhiệm thi hành Quyết định "
                                                                             "này./.")
    # the officer's reason ends with a full stop; the sentence does once, after its basis
    reason = next(line for line in lines if line.startswith("Lý do: "))
    assert reason.endswith("(Đơn xin dừng thực hiện đề án của cơ sở ngày 25 tháng 8 năm 2026).") \
        and ". (" not in reason, reason
    recovery = next(line for line in lines if line.startswith("Kinh phí phải thu hồi, nộp trả ngân sách: "))
    assert recovery.startswith("Kinh phí phải thu hồi, nộp trả ngân sách: 65.000.000 đồng (Bằng chữ: Sáu mươi lăm "
                               "triệu đồng).")
    assert recovery.endswith("có trách nhiệm thu hồi và nộp trả trước ngày …… tháng …… năm …….")
    assert check_content(lines) == []


def test_the_stop_gives_the_reason_and_the_basis_the_leader_entered_never_the_application(db, users):
    """The QĐ ngừng's "Lý do" cited "(Đơn đề nghị của Hộ kinh doanh Trung Tuấn)" whatever the stop
    rested on: the Đơn đề nghị hỗ trợ, which asked for the support. It states the stop step's own
    reason and, when one was entered, its basis; with none, the reason alone."""
    from dossier.documents.content import check_content

    requested = new_dossier(db, users, year=2026)
    walk_dossier(db, users, requested, Status.STOPPED, via=(Status.IN_PROGRESS,), inputs={Trigger.STOP: {
        "reason": "Mặt bằng sản xuất của cơ sở thuộc diện thu hồi đất để thực hiện dự án giao thông.",
        "basis": "Đơn xin dừng thực hiện đề án của Hộ kinh doanh Trung Tuấn ngày 20 tháng 8 năm 2026"}})
    inspected = new_dossier(db, users, year=2026)
    walk_dossier(db, users, inspected, Status.STOPPED, via=(Status.IN_PROGRESS,), inputs={Trigger.STOP: {
        "reason": "Cơ sở không mua sắm máy móc thiết bị theo đề án được duyệt.", "basis": None}})
    for dossier_id, expected in (
            (requested, "Lý do: Mặt bằng sản xuất của cơ sở thuộc diện thu hồi đất để thực hiện dự án giao thông "
                        "(Đơn xin dừng thực hiện đề án của Hộ kinh doanh Trung Tuấn ngày 20 tháng 8 năm 2026)."),
            (inspected, "Lý do: Cơ sở không mua sắm máy móc thiết bị theo đề án được duyệt.")):
        lines = texts(db, dossier_id)["qd_ngung_thuc_hien"].splitlines()
        assert [line for line in lines if line.startswith("Lý do")] == [expected]
        assert not [line for line in lines if "Đơn đề nghị" in line]
        assert check_content(lines) == []
    with db.read() as session:
        assert [str(f) for d in (requested, inspected) for f in check_stored_dossier(session, d)] == []


def test_a_stop_before_any_advance_recovers_nothing_and_says_so(db, users):
    dossier_id = new_dossier(db, users, year=2026)
    walk_dossier(db, users, dossier_id, Status.STOPPED, via=(Status.CONTRACTED,))
    lines = texts(db, dossier_id)["qd_ngung_thuc_hien"].splitlines()
    assert "Không phát sinh kinh phí phải thu hồi, nộp trả ngân sách." in lines
    assert not [line for line in lines if "thu hồi và nộp trả trước" in line or "việc thu hồi kinh phí" in line]


def test_the_liquidation_rests_on_the_contract_and_the_acceptance_and_is_signed_by_bên_a_as_now_named(db, users):
    from dossier.documents.content import check_content

    lines = texts(db, adjusted_and_archived(db, users))["bien_ban_thanh_ly"].splitlines()
    bases = [line for line in lines if line.startswith("Căn cứ")]
    assert bases[:2] == ["Căn cứ Bộ luật Dân sự ngày 24 tháng 11 năm 2015;",
                         "Căn cứ Hợp đồng số 05/2025/HĐ-KC ngày 10 tháng 4 năm 2025 thực hiện đề án khuyến công "
                         f"“{TITLE}”;"], bases
    # the acceptance minutes by the number the Trung tâm's register gave them (the walk entered them)
    assert len(bases) == 3 and re.fullmatch(
        r"Căn cứ Biên bản nghiệm thu số \d{2}/BB-TTKC ngày 25 tháng 10 năm 2025\.", bases[2]), bases
    # signed in November 2025 by the centre as named after the merger, which signed the contract
    # of April 2025 under its Ninh Thuận name
    now = "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Khánh Hòa"
    assert any(line.startswith(f"Hôm nay, ngày 05 tháng 11 năm 2025, tại {now}") for line in lines)
    party = lines.index("BÊN A (Bên giao): TRUNG TÂM KHUYẾN CÔNG VÀ TƯ VẤN PHÁT TRIỂN CÔNG NGHIỆP TỈNH KHÁNH HÒA")
    assert "- Tên gọi khi ký Hợp đồng: Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh Ninh Thuận." in \
        lines[party:lines.index("BÊN B (Bên nhận hỗ trợ): HỘ KINH DOANH TRUNG TUẤN")]
    assert check_content(lines) == []


def _approval_and_adjustment(db, dossier_id: int) -> tuple[str, str]:
    with db.read() as session:
        symbols = {session.get(GeneratedDocument, e.generated_document_id).template_id: e.symbol
                   for e in session.scalars(select(RegisterEntry).where(RegisterEntry.dossier_id == dossier_id))}
    return symbols["qd_phe_duyet_de_an"], symbols["qd_dieu_chinh"]


def test_the_minutes_cite_the_approval_with_its_issuer_as_then_named(db, users):
    dossier_id = adjusted_and_archived(db, users)
    found, (approval, _) = texts(db, dossier_id), _approval_and_adjustment(db, dossier_id)
    cited = (f"Căn cứ Quyết định số {approval} ngày 25 tháng 3 năm 2025 của Ủy ban nhân dân tỉnh Ninh Thuận phê duyệt "
             f"đề án “{TITLE}”;")
    for template_id in ("bien_ban_kiem_tra", "bien_ban_nghiem_thu"):
        assert cited in found[template_id].splitlines(), template_id


def test_the_settlement_report_shows_what_was_granted_and_cites_the_adjustment(db, users):
    dossier_id = adjusted_and_archived(db, users)
    found, (approval, adjustment) = texts(db, dossier_id), _approval_and_adjustment(db, dossier_id)
    report, decision = found["bao_cao_quyet_toan"], found["qd_phe_duyet_quyet_toan"]
    assert (f"(phê duyệt tại Quyết định số {approval} ngày 25 tháng 3 năm 2025 của Ủy ban nhân dân tỉnh Ninh Thuận; "
            f"điều chỉnh tại Quyết định số {adjustment} ngày 12 tháng 8 năm 2025 của Ủy ban nhân dân tỉnh Khánh Hòa; "
            "Hợp đồng số 05/2025/HĐ-KC ngày 10 tháng 4 năm 2025) như sau:") in report
    lines = report.splitlines()
    header = lines.index("Kinh phí đã cấp")  # the table's column: advances and payments, not the advance alone
    assert lines[header - 2:header + 3] == ["Nội dung", "Dự toán được duyệt", "Kinh phí đã cấp", "Đề nghị quyết toán",
                                            "Chênh lệch"]
    granted = "Kinh phí đã cấp: 130.000.000 đồng (tạm ứng 65.000.000 đồng; thanh toán 65.000.000 đồng)."
    assert granted in lines
    assert f"2. {granted}" in decision.splitlines()  # the Sở's decision states the same figures


def _docx(db, dossier_id: int, template_id: str, first: bool = False):
    import io

    import docx

    with db.read() as session:
        document = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == template_id)
            .order_by(GeneratedDocument.id if first else GeneratedDocument.id.desc())).first()
        return docx.Document(io.BytesIO(session.get(Blob, document.sha256).data))


def test_an_article_s_heading_is_never_left_alone_at_the_foot_of_a_page_and_stt_fits_its_column(db, users):
    from docx.shared import Cm

    dossier_id = adjusted_and_archived(db, users)
    for template_id, articles in (("hop_dong_thuc_hien", 7), ("bien_ban_thanh_ly", 3)):
        document = _docx(db, dossier_id, template_id)
        headings = [p for p in document.paragraphs if p.text.startswith("Điều ") and len(p.text.split("\n")[0]) < 45]
        assert len(headings) == articles, [p.text for p in headings]
        # each keeps with its text, or has it in its own paragraph under a line break (the article
        # before the signatures, whose keep LibreOffice drops when the text goes over with them)
        assert all(p.paragraph_format.keep_with_next or "\n" in p.text for p in headings), template_id
    last = [p for p in _docx(db, dossier_id, "hop_dong_thuc_hien").paragraphs if p.text.startswith("Điều 7.")]
    assert last[0].text.startswith("Điều 7. Điều khoản chung\n\tHai bên cam kết"), last[0].text
    # the equipment table's and the settlement table's STT column: "STT" in 13 pt bold, not "ST" / "T"
    for template_id in ("hop_dong_thuc_hien", "bao_cao_quyet_toan"):
        table = next(t for t in _docx(db, dossier_id, template_id).tables if t.cell(0, 0).text == "STT")
        assert table.columns[0].width >= Cm(1.29), template_id  # 1.3 cm, in twips


def test_the_acceptance_s_signatories_name_their_body_broken_before_its_place(db, users):
    lines = texts(db, adjusted_and_archived(db, users))["bien_ban_nghiem_thu"].splitlines()
    signatures = lines[lines.index("ĐẠI DIỆN CƠ SỞ THỤ HƯỞNG"):]
    # "ỦY BAN NHÂN DÂN XÃ PHƯỚC" / "THUẬN" was the column's break; the place stays on one line
    for body, place in (("ỦY BAN NHÂN DÂN", "XÃ PHƯỚC THUẬN"), ("SỞ CÔNG THƯƠNG", "TỈNH KHÁNH HÒA")):
        assert signatures[signatures.index(body) + 1] == place, signatures


def test_a_failed_acceptance_pays_nothing_and_says_what_the_beneficiary_must_do(db, users):
    dossier_id = new_dossier(db, users, year=2026)
    walk_dossier(db, users, dossier_id, Status.ACCEPTANCE_FAILED)
    failed = [" ".join(line.split()) for line in docx_text(_blob(db, dossier_id, "bien_ban_nghiem_thu")).splitlines()]
    assert any(line.startswith("4. Kết luận: Không đạt yêu cầu.") for line in failed)
    assert not [line for line in failed if "được thanh toán" in line or "được nghiệm thu:" in line]  # no "0 đồng"
    requests = failed.index("5. Kiến nghị:")
    assert failed[requests + 1] == ("- Hộ kinh doanh Trung Tuấn hoàn thành việc mua sắm, lắp đặt, vận hành máy móc "
                                    "thiết bị theo đề án được duyệt và có văn bản đề nghị nghiệm thu lại.")
    walk_dossier(db, users, dossier_id, Status.ACCEPTED)  # resumed, then accepted: the second minutes pay
    passed = texts(db, dossier_id)["bien_ban_nghiem_thu"].splitlines()
    assert "- Kinh phí khuyến công hỗ trợ được thanh toán: 130.000.000 đồng (Bằng chữ: Một trăm ba mươi triệu đồng)." \
        in passed and "5. Kiến nghị:" not in passed


def _blob(db, dossier_id: int, template_id: str) -> bytes:
    with db.read() as session:
        document = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == template_id)
            .order_by(GeneratedDocument.id.desc())).first()
        return session.get(Blob, document.sha256).data


def test_the_centre_s_header_breaks_where_a_văn_thư_breaks_it(db, users):
    import json

    dossier_id = new_dossier(db, users, year=2026)
    walk_dossier(db, users, dossier_id, Status.CONTRACTED)
    with db.read() as session:
        contract = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == "hop_dong_thuc_hien")).one()
        header = json.loads(contract.context_json)["co_quan"]
    # three balanced lines, not "… VÀ TƯ VẤN PHÁT TRIỂN CÔNG" with "NGHIỆP" alone under it
    assert header["ten"].split("\n") == ["TRUNG TÂM KHUYẾN CÔNG", "VÀ TƯ VẤN PHÁT TRIỂN", "CÔNG NGHIỆP"]
    assert header["ten_chu_quan"] == "SỞ CÔNG THƯƠNG KHÁNH HÒA"


def test_the_settlement_report_says_what_it_settles(db, users):
    report = texts(db, adjusted_and_archived(db, users))["bao_cao_quyet_toan"].splitlines()
    account = report[report.index("1. Tình hình thực hiện") + 1]
    assert account == ("Đề án được nghiệm thu ngày 25 tháng 10 năm 2025, đạt yêu cầu; giá trị máy móc thiết bị được "
                       "nghiệm thu 290.000.000 đồng; hợp đồng được thanh lý ngày 05 tháng 11 năm 2025. Kinh phí được "
                       "sử dụng đúng mục đích, đúng nội dung đề án được phê duyệt.")


def test_an_adjustment_that_moves_the_end_date_says_so(db, users):
    from dossier.model import Dossier

    dossier_id = new_dossier(db, users, year=2025)
    walk_dossier(db, users, dossier_id, Status.ADJUSTMENT_PENDING,
                 inputs={Trigger.REQUEST_ADJUSTMENT: {"new_end_date": "2025-12-20"}})
    walk_dossier(db, users, dossier_id, Status.IN_PROGRESS, dates={Trigger.APPROVE_ADJUSTMENT: date(2025, 8, 12)})
    with db.read() as session:
        assert session.get(Dossier, dossier_id).end_date == date(2025, 12, 20)  # what the decision effects
    lines = texts(db, dossier_id)["qd_dieu_chinh"].splitlines()
    assert "Thời gian thực hiện đề án được điều chỉnh đến ngày 20 tháng 12 năm 2025." in lines


def test_the_acceptance_s_verdict_is_printed_once(db, users):
    dossier_id = new_dossier(db, users, year=2026)
    walk_dossier(db, users, dossier_id, Status.ACCEPTED, inputs={
        Trigger.ACCEPT: {"conclusion": "Thiết bị lắp đặt đúng danh mục, vận hành ổn định; đề án đạt yêu cầu."}})
    lines = texts(db, dossier_id)["bien_ban_nghiem_thu"].splitlines()
    # not "Đạt yêu cầu. Thiết bị …; đề án đạt yêu cầu."
    assert "4. Kết luận: Đạt yêu cầu. Thiết bị lắp đặt đúng danh mục, vận hành ổn định." in lines


def test_the_adjustment_and_the_stop_cite_only_what_proposed_them(db, users):
    """Issue 10: no Tờ trình is issued on the adjustment's path (the Sở's officer submits the
    beneficiary's request to the approving leader), so the QĐ điều chỉnh rests on that request as
    submitted on its day; the stop is the leader's own decision, proposed by no one: its Căn cứ end
    with the last legal basis, and neither cites a "Tờ trình số …" or a proposal with no document."""
    adjusted = new_dossier(db, users, year=2026)
    walk_dossier(db, users, adjusted, Status.IN_PROGRESS, via=(Trigger.APPROVE_ADJUSTMENT,),
                 dates={Trigger.REQUEST_ADJUSTMENT: date(2026, 8, 6)})
    stopped = new_dossier(db, users, year=2026)
    walk_dossier(db, users, stopped, Status.STOPPED, via=(Trigger.START_IMPLEMENTATION,))
    adjustment = texts(db, adjusted)["qd_dieu_chinh"].splitlines()
    stop = texts(db, stopped)["qd_ngung_thuc_hien"].splitlines()
    decided = adjustment.index("QUYẾT ĐỊNH:")
    assert adjustment[decided - 1] == ("Xét đề nghị điều chỉnh đề án của Hộ kinh doanh Trung Tuấn do Sở Công Thương "
                                       "tỉnh Khánh Hòa trình ngày 06 tháng 8 năm 2026.")
    last = stop[stop.index("QUYẾT ĐỊNH:") - 1]
    assert last.startswith("Căn cứ ") and last.endswith("."), last
    assert not [line for line in adjustment + stop if "Tờ trình" in line or line.startswith("Theo đề nghị")]
    with db.read() as session:
        assert [str(f) for d in (adjusted, stopped) for f in check_stored_dossier(session, d)] == []


def test_a_so_approving_by_delegation_has_the_adjustment_from_its_own_office(db, users):
    """When the province delegates approval to the Sở, its Giám đốc grants the adjustment its own
    Phòng Quản lý công nghiệp submitted: the line says so, not "do Sở Công Thương … trình" to itself."""
    from tests.issuance.test_citations import delegate_approval

    adjusted = new_dossier(db, users, year=2026)
    walk_dossier(db, users, adjusted, Status.ADJUSTMENT_PENDING, dates={Trigger.REQUEST_ADJUSTMENT: date(2026, 8, 6)})
    delegate_approval(db, users, date(2026, 8, 1))  # approved in March by the UBND
    walk_dossier(db, users, adjusted, Status.IN_PROGRESS)
    lines = texts(db, adjusted)["qd_dieu_chinh"].splitlines()
    assert lines[lines.index("QUYẾT ĐỊNH:") - 1] == ("Xét đề nghị điều chỉnh đề án của Hộ kinh doanh Trung Tuấn do "
                                                    "Phòng Quản lý công nghiệp trình ngày 06 tháng 8 năm 2026.")
    assert "GIÁM ĐỐC SỞ CÔNG THƯƠNG" in lines
    # its Điều 3 charges the Sở's own offices, not the UBND's (nor the Giám đốc Sở himself)
    article_3 = next(line for line in lines if line.startswith("Điều 3."))
    assert "Chánh Văn phòng Sở, Trưởng phòng Quản lý công nghiệp" in article_3 and "Giám đốc Sở" not in article_3
    assert "- Lưu: VT, QLCN." in lines


def _issued_text(db, dossier_id: int, template_id: str) -> list[str]:
    """The dossier's latest `template_id` as issued (its register number and date in place)."""
    from dossier.services.issuance.paper import numbered_copy

    with db.read() as session:
        document = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == template_id)
            .order_by(GeneratedDocument.id.desc())).first()
        entry = session.scalars(select(RegisterEntry).where(RegisterEntry.generated_document_id == document.id)).one()
        data = numbered_copy(session, entry).data
    return [" ".join(line.split()) for line in docx_text(data).splitlines() if line.strip()]


def _asks_whom_it_does_not_direct(delegated: list[str], by_ubnd: list[str]) -> None:
    """Điều 2 of a decision by delegation directs the Sở's own Phòng and asks ("Đề nghị") the Sở Tài
    chính and the commune, whom a Giám đốc Sở does not direct; the UBND tỉnh's directs them all."""
    def organised(lines: list[str]) -> list[str]:
        end = next(i for i, line in enumerate(lines) if line.startswith("Điều 3."))
        return lines[lines.index("Điều 2. Tổ chức thực hiện") + 1:end]

    by_delegation = organised(delegated)
    assert by_delegation[0].startswith("1. Phòng Quản lý công nghiệp hướng dẫn, kiểm tra, giám sát"), by_delegation
    assert by_delegation[1] == "2. Đề nghị Sở Tài chính hướng dẫn thanh toán, quyết toán kinh phí theo quy định."
    assert by_delegation[3].startswith("4. Đề nghị Ủy ban nhân dân xã nơi thực hiện đề án phối hợp"), by_delegation
    directed = organised(by_ubnd)
    assert directed[0].startswith("1. Sở Công Thương hướng dẫn"), directed
    assert directed[1] == "2. Sở Tài chính bố trí kinh phí, hướng dẫn thanh toán, quyết toán kinh phí theo quy định."
    assert directed[3].startswith("4. Ủy ban nhân dân xã nơi thực hiện đề án phối hợp"), directed


def test_a_director_approving_by_delegation_acts_on_the_appraisal_and_his_office_s_proposal(db, users):
    """Approved by the Giám đốc Sở by delegation, the QĐ phê duyệt đề án read "Theo đề nghị của
    Giám đốc Sở Công Thương tại Tờ trình số 03/TTr-SCT …": the director on his own proposal, in a
    Tờ trình the Sở addressed to itself ("Sở Công Thương tỉnh Khánh Hòa kính trình Sở Công Thương
    tỉnh Khánh Hòa …"). On that path the officer's submission to his Giám đốc is the step, no Tờ
    trình is made, and the decision rests on the council's minutes and the proposal of the Sở's
    Phòng Quản lý công nghiệp. Approved by the UBND tỉnh, it still cites the Sở's issued Tờ trình."""
    from dossier.documents.content import check_content
    from tests.issuance.test_citations import delegate_approval

    by_ubnd = new_dossier(db, users, year=2026)
    walk_dossier(db, users, by_ubnd, Status.APPROVED)  # approved on 25 March 2026, signed on paper
    approved_by_ubnd = _issued_text(db, by_ubnd, "qd_phe_duyet_de_an")
    delegate_approval(db, users, date(2026, 4, 1))
    # its copy, rebuilt after the change, is still the UBND's: the setting has its history by date
    assert _issued_text(db, by_ubnd, "qd_phe_duyet_de_an") == approved_by_ubnd
    delegated = new_dossier(db, users, year=2026)
    walk_dossier(db, users, delegated, Status.CONTRACTED, dates={
        Trigger.SUBMIT: date(2026, 4, 2), Trigger.START_APPRAISAL: date(2026, 4, 3),
        Trigger.RECORD_APPRAISAL: date(2026, 4, 10), Trigger.SUBMIT_FOR_APPROVAL: date(2026, 4, 13),
        Trigger.APPROVE: date(2026, 4, 20), Trigger.SIGN_CONTRACT: date(2026, 4, 27)})
    with db.read() as session:
        made = {d: {doc.template_id for doc in session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == d))} for d in (by_ubnd, delegated)}
        submission = session.scalars(select(RegisterEntry).join(GeneratedDocument).where(
            RegisterEntry.dossier_id == by_ubnd, GeneratedDocument.template_id == "to_trinh_phe_duyet")).one().symbol
    assert "to_trinh_phe_duyet" in made[by_ubnd] and "to_trinh_phe_duyet" not in made[delegated]
    assert {"qd_phe_duyet_de_an", "hop_dong_thuc_hien"} <= made[delegated]

    lines = _issued_text(db, delegated, "qd_phe_duyet_de_an")
    decided = lines.index("QUYẾT ĐỊNH:")
    assert "GIÁM ĐỐC SỞ CÔNG THƯƠNG" in lines[:decided]
    assert lines[decided - 3:decided] == [
        "Căn cứ Quyết định số 15/2026/QĐ-UBND ngày 22 tháng 3 năm 2026 của Ủy ban nhân dân tỉnh Khánh Hòa về việc ủy "
        "quyền cho Giám đốc Sở Công Thương phê duyệt đề án khuyến công địa phương;",
        "Căn cứ kết quả thẩm định tại Biên bản họp Hội đồng thẩm định ngày 10 tháng 4 năm 2026;",
        "Theo đề nghị của Trưởng phòng Quản lý công nghiệp."]
    assert not [line for line in lines if "Tờ trình" in line or "đề nghị của Giám đốc Sở" in line]
    # the Giám đốc Sở charges his own offices, the Sở's Trung tâm and the beneficiary — not the UBND's
    # office, the Sở Tài chính, the commune or himself — and reports to the UBND tỉnh
    assert next(line for line in lines if line.startswith("Điều 3.")) == (
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Sở, Trưởng phòng Quản lý công nghiệp, "
        "Giám đốc Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Khánh Hòa, Hộ kinh doanh Trung Tuấn "
        "và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.")
    _asks_whom_it_does_not_direct(lines, approved_by_ubnd)
    recipients = lines[lines.index("Nơi nhận:") + 1:]
    assert "- UBND tỉnh (để báo cáo);" in recipients and "- Lưu: VT, QLCN." in recipients, recipients
    assert not [line for line in recipients if "Chủ tịch" in line]
    assert check_content(lines) == []
    assert next(line for line in approved_by_ubnd if line.startswith("Điều 3.")).startswith(
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Công "
        "Thương, Giám đốc Sở Tài chính,")
    assert "- Lưu: VT, KT." in approved_by_ubnd
    assert approved_by_ubnd[approved_by_ubnd.index("QUYẾT ĐỊNH:") - 1] == (
        f"Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số {submission} ngày 18 tháng 3 năm 2026.")
    with db.read() as session:
        assert [str(f) for f in check_stored_dossier(session, delegated)] == []
