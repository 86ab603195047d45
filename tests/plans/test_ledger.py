"""The money chain: entries from the workflow, guards with the figures, documents from the ledger."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from dossier.errors import Refused
from dossier.model import Blob, Dossier, GeneratedDocument, LedgerEntry
from dossier.services import ledger
from dossier.services.ledger import Position, advance_allowed, payment_allowed, settlement_allowed
from tests.core.helpers import advance, new_dossier, walk_dossier
from tests.docx_text import docx_text as _text
from tests.plans.helpers import M, walk
from workflows import Status, Trigger


def _contracted(db, users) -> int:
    dossier_id = new_dossier(db, users)  # 290 000 000 total, 130 000 000 support
    walk_dossier(db, users, dossier_id, Status.CONTRACTED, inputs={Trigger.SIGN_CONTRACT: {
        "contract_number": "05/2026/HĐ-TTKC", "contract_date": "2026-04-10", "contract_value": 130_000_000}})
    return dossier_id


def test_steps_write_approved_and_contract_and_a_payment_beyond_the_support_is_refused(db, users) -> None:
    dossier_id = _contracted(db, users)
    with db.read() as session:
        pos = ledger.position(session, dossier_id)
        kinds = [e.kind for e in ledger.entries_of(session, dossier_id)]
    assert (pos.approved, pos.contract, pos.paid) == (130_000_000, 130_000_000, 0)
    assert kinds == ["approved_support", "contract_value"]

    ledger.record_advance(db, users["chuyenvien"], dossier_id, 65_000_000, date(2026, 4, 20), reference="GRN-01")
    with pytest.raises(Refused) as refused:
        ledger.record_payment(db, users["chuyenvien"], dossier_id, 70_000_000, date(2026, 6, 1))
    message = refused.value.message
    assert "70.000.000 đồng" in message and "65.000.000 đồng" in message and "135.000.000 đồng" in message
    assert "vượt kinh phí khuyến công được phê duyệt 130.000.000 đồng" in message
    assert "còn được chi tối đa 65.000.000 đồng" in message
    ledger.record_payment(db, users["chuyenvien"], dossier_id, 65_000_000, date(2026, 6, 1))
    with db.read() as session:
        assert ledger.position(session, dossier_id).paid == 130_000_000


def test_an_advance_beyond_the_provinces_ratio_is_refused_with_the_basis(db, users) -> None:
    dossier_id = _contracted(db, users)
    with pytest.raises(Refused) as refused:
        ledger.record_advance(db, users["chuyenvien"], dossier_id, 70_000_000, date(2026, 4, 20))
    message = refused.value.message
    assert "vượt mức tạm ứng tối đa 50% giá trị hợp đồng 130.000.000 đồng là 65.000.000 đồng" in message
    assert "Khánh Hòa" in message
    with db.read() as session:
        assert ledger.entries_of(session, dossier_id)[-1].kind == "contract_value"  # nothing written


def test_acceptance_lowers_the_ceiling_and_liquidation_recovers_the_excess(db, users) -> None:
    dossier_id = _contracted(db, users)
    officer = users["chuyenvien"]
    ledger.record_advance(db, officer, dossier_id, 65_000_000, date(2026, 4, 20))
    ledger.record_payment(db, officer, dossier_id, 45_000_000, date(2026, 8, 1))
    advance(db, users, "chuyenvien", dossier_id, "start_implementation", start_date="2026-04-15")
    advance(db, users, "chuyenvien", dossier_id, "accept", acceptance_date="2026-10-25", passed=True,
            accepted_value=200_000_000, accepted_support=100_000_000, conclusion="Đạt một phần")
    with pytest.raises(Refused) as refused:  # after acceptance the ceiling is the accepted support
        ledger.record_payment(db, officer, dossier_id, 1_000_000, date(2026, 10, 30))
    assert "vượt kinh phí hỗ trợ được nghiệm thu 100.000.000 đồng" in refused.value.message
    advance(db, users, "chuyenvien", dossier_id, "liquidate", liquidation_date="2026-11-05")
    with db.read() as session:
        pos = ledger.position(session, dossier_id)
        assert (pos.advanced, pos.payments, pos.recovered, pos.paid) == (65_000_000, 45_000_000, 10_000_000,
                                                                          100_000_000)
        document = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == "bien_ban_thanh_ly")).one()
        body = _text(session.get(Blob, document.sha256).data)
    assert "Bên A đã tạm ứng cho Bên B: 110.000.000 đồng (Bằng chữ: Một trăm mười triệu đồng)" in body
    assert "Bên B phải nộp trả Bên A: 10.000.000 đồng (Bằng chữ: Mười triệu đồng)" in body
    assert "Bên A còn phải thanh toán cho Bên B: 0 đồng" in body
    with pytest.raises(Refused) as refused:
        advance(db, users, "giamdoc", dossier_id, "settle", settlement_date="2026-11-18", settled_amount=130_000_000)
    assert "vượt kinh phí hỗ trợ được nghiệm thu 100.000.000 đồng" in refused.value.message
    advance(db, users, "giamdoc", dossier_id, "settle", settlement_date="2026-11-18", settled_amount=100_000_000)
    with db.read() as session:
        document = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == "bao_cao_quyet_toan")).one()
        body = _text(session.get(Blob, document.sha256).data)
    assert "Số kinh phí đề nghị quyết toán: 100.000.000 đồng (Bằng chữ: Một trăm triệu đồng)" in body


def test_liquidation_records_a_declared_advance_and_the_remaining_payment(db, users) -> None:
    dossier_id = walk(db, users, 2026, "G1", 0, 290, 130, "accepted", documents=True)
    advance(db, users, "chuyenvien", dossier_id, "liquidate", liquidation_date="2026-11-05")
    with db.read() as session:
        entries = ledger.entries_of(session, dossier_id)
        liquidation = [(e.kind, e.amount) for e in entries if e.source == "liquidate"]
        doc = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == "bien_ban_thanh_ly")).one()
        body = _text(session.get(Blob, doc.sha256).data)
    # the walker advanced 50 % on signing; liquidation pays the rest
    assert liquidation == [("payment", 65 * M)]
    assert "Bên A đã tạm ứng cho Bên B: 65.000.000 đồng (Bằng chữ: Sáu mươi lăm triệu đồng)" in body
    assert "Bên A còn phải thanh toán cho Bên B: 65.000.000 đồng" in body


def test_a_declared_advance_that_disagrees_with_the_book_is_refused(db, users) -> None:
    dossier_id = walk(db, users, 2026, "G1", 0, 290, 130, "accepted")
    with pytest.raises(Refused) as refused:
        advance(db, users, "chuyenvien", dossier_id, "liquidate", liquidation_date="2026-11-05",
                advanced_amount=60_000_000)
    assert "60.000.000 đồng khác số đã chi trên sổ theo dõi kinh phí 65.000.000 đồng" in refused.value.message
    with db.read() as session:
        assert session.get(Dossier, dossier_id).status == "accepted"  # the whole step rolled back


def test_pure_guards() -> None:
    assert settlement_allowed(Position(approved=100), 100) == \
        "Chưa có biên bản nghiệm thu đạt trên sổ: chưa thể quyết toán kinh phí."
    assert payment_allowed(Position(approved=100), 10) == "Chưa có hợp đồng thực hiện đề án: chưa thể thanh toán."
    rule = ledger.AdvanceRule(ledger.Decimal(70), "Thông tư số 36/2013/TT-BCT")
    assert advance_allowed(Position(approved=100_000_000, contract=100_000_000), 70_000_000, rule) is None
    assert "tối đa 70% giá trị hợp đồng" in advance_allowed(
        Position(approved=100_000_000, contract=100_000_000), 70_000_001, rule)


def test_the_ledger_is_append_only(db, users) -> None:
    dossier_id = _contracted(db, users)
    with pytest.raises(Exception, match="append-only"), db.write() as session:
        session.execute(text("UPDATE ledger_entries SET amount = 1 WHERE dossier_id = :d"), {"d": dossier_id})
    with pytest.raises(Exception, match="append-only"), db.write() as session:
        session.execute(text("DELETE FROM ledger_entries WHERE dossier_id = :d"), {"d": dossier_id})
    with db.read() as session:
        assert len(session.scalars(select(LedgerEntry).where(LedgerEntry.dossier_id == dossier_id)).all()) == 2
