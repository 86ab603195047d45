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
