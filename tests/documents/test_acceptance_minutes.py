"""The Biên bản nghiệm thu rendered from a dossier walked through the real services (issue 10,
item 6): its signatories are its participants, it cites the QĐ điều chỉnh issued before it, and
its payment figures account for what was advanced."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from dossier.model import Dossier, GeneratedDocument, RegisterEntry, User
from dossier.services.coherence import check_stored_dossier
from dossier.services.ledger import record_advance
from tests.core.helpers import new_dossier, walk_dossier
from tests.documents.test_contract_documents import _lines
from workflows import Status, Trigger


def _adjusted_and_accepted(db, users, accepted_support: int) -> int:
    """A 2025 dossier (130 triệu approved), 65 triệu advanced, its schedule adjusted by a QĐ
    điều chỉnh, then accepted with `accepted_support`."""
    dossier_id = new_dossier(db, users, year=2025)
    walk_dossier(db, users, dossier_id, Status.IN_PROGRESS)
    record_advance(db, users["chuyenvien"], dossier_id, 65_000_000, date(2025, 4, 20), reference="UNC 15")
    walk_dossier(db, users, dossier_id, Status.ACCEPTED, via=(Trigger.APPROVE_ADJUSTMENT,),
                 inputs={Trigger.ACCEPT: {"accepted_support": accepted_support}})
    return dossier_id


def _adjustment_symbol(db, dossier_id: int) -> str:
    with db.read() as session:
        return session.scalars(select(RegisterEntry.symbol).join(
            GeneratedDocument, GeneratedDocument.id == RegisterEntry.generated_document_id)
            .where(GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == "qd_dieu_chinh")).one()


def test_the_minutes_cite_the_adjustment_are_signed_by_their_participants_and_count_the_advance(db, users):
    dossier_id = _adjusted_and_accepted(db, users, 130_000_000)
    lines = _lines(db, dossier_id, "bien_ban_nghiem_thu")
    symbol = _adjustment_symbol(db, dossier_id)
    cited = [line for line in lines if line.startswith(f"Căn cứ Quyết định số {symbol} ngày 12 tháng 8 năm 2025 của ")]
    assert len(cited) == 1 and cited[0].endswith(" điều chỉnh đề án;"), lines[:8]
    assert lines.index(cited[0]) < next(i for i, line in enumerate(lines) if line.startswith("Căn cứ Hợp đồng số"))

    with db.read() as session:
        officer = session.get(User, users["chuyenvien"])
        name, title = officer.full_name, officer.job_title
        sct = session.get(Dossier, dossier_id).owner_org.name
    start = lines.index("Thành phần tham gia nghiệm thu:")
    participants = [line for line in lines[start + 1:start + 5]]
    assert participants[1] == f"- {name}, {title}, {sct};"  # the Sở's officer who records it, not "……"
    names = [line.removeprefix("- ").split(",")[0] for line in participants]
    signatures = lines[lines.index("ĐẠI DIỆN CƠ SỞ THỤ HƯỞNG"):]
    signed = [line for line in signatures if line in names or line == "……………………"]
    # every signature is a participant's, and every participant signs (the commune's by hand)
    assert sorted(signed) == sorted(names), (names, signatures)

    assert "4. Kết luận: Đạt yêu cầu." in lines  # the officer's "Đạt yêu cầu." is not said twice
    assert "- Kinh phí khuyến công hỗ trợ được thanh toán: 130.000.000 đồng (Bằng chữ: Một trăm ba mươi triệu đồng)." \
        in lines
    assert "- Kinh phí khuyến công đã tạm ứng: 65.000.000 đồng (Bằng chữ: Sáu mươi lăm triệu đồng)." in lines
    assert "- Kinh phí khuyến công còn được thanh toán: 65.000.000 đồng (Bằng chữ: Sáu mươi lăm triệu đồng)." in lines

    walk_dossier(db, users, dossier_id, Status.SETTLED)
    with db.read() as session:
        assert [str(f) for f in check_stored_dossier(session, dossier_id)] == []


def test_minutes_accepting_less_than_advanced_say_what_the_beneficiary_pays_back(db, users):
    dossier_id = _adjusted_and_accepted(db, users, 60_000_000)
    lines = _lines(db, dossier_id, "bien_ban_nghiem_thu")
    assert "- Kinh phí khuyến công đã tạm ứng: 65.000.000 đồng (Bằng chữ: Sáu mươi lăm triệu đồng)." in lines
    assert ("- Số đã tạm ứng vượt kinh phí được thanh toán, cơ sở phải nộp trả: 5.000.000 đồng (Bằng chữ: Năm triệu "
            "đồng).") in lines
    assert not [line for line in lines if line.startswith("- Kinh phí khuyến công còn được thanh toán")]


def _equipment_rows(db, dossier_id: int) -> list[list[str]]:
    """The rows of the minutes' table of equipment checked against the approved list, as printed."""
    import io

    import docx

    from dossier.model import Blob

    with db.read() as session:
        document = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == "bien_ban_nghiem_thu")
            .order_by(GeneratedDocument.id.desc())).first()
        data = session.get(Blob, document.sha256).data
    table = next(t for t in docx.Document(io.BytesIO(data)).tables
                 if t.rows[0].cells[1].text.startswith("Tên, model máy móc"))
    return [[" ".join(c.text.split()) for c in row.cells] for row in table.rows[1:]]


def test_a_failed_acceptance_prints_each_item_as_found_not_every_row_failed(db, users):
    """The team found the first item delivered but not installed (the walk's failed route says so
    in `shortfalls`): that row says "Không", the others, found as approved, say "Có"; nothing is
    accepted, so no row carries an accepted value."""
    dossier_id = new_dossier(db, users, year=2026)
    walk_dossier(db, users, dossier_id, Status.ACCEPTANCE_FAILED)
    rows = _equipment_rows(db, dossier_id)
    items = [r for r in rows if r[0].isdigit()]
    assert [(r[0], r[4], r[6], r[7], r[8]) for r in items] == [
        ("1", "1", "0", "Không", "Không"), ("2", "1", "0", "Có", "Có"), ("3", "1", "0", "Có", "Có")], rows
    with db.read() as session:
        assert [str(f) for f in check_stored_dossier(session, dossier_id)] == []


def test_a_passed_acceptance_values_a_short_item_by_what_was_found(db, users):
    """Accepted with the second item found short of nothing but its operation (installed, not yet
    running): its row accepts nothing and says so; the other rows accept their approved value."""
    dossier_id = new_dossier(db, users, year=2026)
    walk_dossier(db, users, dossier_id, Status.ACCEPTED, inputs={Trigger.ACCEPT: {
        "shortfalls": ["2 | 1 | có | không"], "accepted_value": 245_000_000}})
    items = [r for r in _equipment_rows(db, dossier_id) if r[0].isdigit()]
    assert [(r[0], r[6], r[7], r[8]) for r in items] == [
        ("1", "210.000.000", "Có", "Có"), ("2", "0", "Có", "Không"), ("3", "35.000.000", "Có", "Có")]


def test_findings_must_name_an_item_of_the_dossier_in_the_minutes_form():
    from workflows.facts import Facts
    from workflows.guards import findings_name_items

    facts = Facts(today=date(2026, 10, 25), item_count=3)
    assert findings_name_items(facts, {"shortfalls": ["2 | 0 | không | không"]}) is None
    assert "hạng mục số 4" in findings_name_items(facts, {"shortfalls": ["4 | 1 | có | có"]})
    assert "không đúng dạng" in findings_name_items(facts, {"shortfalls": ["2 | một | có | có"]})
    assert "không đúng dạng" in findings_name_items(facts, {"shortfalls": ["2 | 1 | có"]})
