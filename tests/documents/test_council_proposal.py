"""The council proposes less than requested (issue 10): the Sở's Tờ trình submits the council's
proposal (or its own, never above the request), the QĐ approves it, and the contract, the
ledger, the acceptance, the liquidation, the settlement and the money report follow it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from dossier.errors import Refused
from dossier.model import Dossier, LedgerEntry, TransitionRecord
from dossier.model.ledger import ACCEPTED_SUPPORT, APPROVED, CONTRACT, SETTLEMENT
from dossier.services.coherence import check_stored_dossier, dossier_documents
from dossier.services.reports import dossier_money
from dossier.services.walk import Reviews
from tests.core.helpers import new_dossier, walk_dossier
from workflows import Status, Trigger

REDUCED = Reviews(comment="Đề nghị giảm kinh phí hỗ trợ lò sấy", recommended_support=100_000_000)


def _texts(db, dossier_id: int) -> dict[str, str]:
    """Each template's latest document as it stands (issued text, else the draft), one line per paragraph."""
    with db.read() as session:
        return {doc.template_id: "\n".join(doc.lines) for _, doc in dossier_documents(session, dossier_id)}


def _ledger(db, dossier_id: int) -> dict[str, int]:
    with db.read() as session:
        return {e.kind: e.amount for e in session.scalars(
            select(LedgerEntry).where(LedgerEntry.dossier_id == dossier_id).order_by(LedgerEntry.id))}


def _proposed(db, dossier_id: int) -> int:
    with db.read() as session:
        row = session.scalars(select(TransitionRecord).where(
            TransitionRecord.dossier_id == dossier_id, TransitionRecord.trigger == Trigger.SUBMIT_FOR_APPROVAL)
            .order_by(TransitionRecord.id.desc())).first()
        return json.loads(row.inputs_json)["proposed_support"]


def test_a_reduced_proposal_is_what_every_later_document_and_the_ledger_carry(db, users):
    dossier_id = new_dossier(db, users, year=2025)  # 290 triệu in total, 130 triệu requested
    walk_dossier(db, users, dossier_id, Status.SETTLED, reviews=REDUCED)

    assert _proposed(db, dossier_id) == 100_000_000  # the Tờ trình's step keeps what it proposed
    book = _ledger(db, dossier_id)
    assert [book[k] for k in (APPROVED, CONTRACT, ACCEPTED_SUPPORT, SETTLEMENT)] == [100_000_000] * 4

    texts = _texts(db, dossier_id)
    council = texts["bien_ban_hop_hoi_dong"]
    assert "kinh phí khuyến công đề nghị hỗ trợ 130.000.000 đồng" in council  # what was presented
    assert "Kinh phí khuyến công Hội đồng đề nghị hỗ trợ: 100.000.000 đồng" in council
    submission = texts["to_trinh_phe_duyet"]
    assert ("Hộ kinh doanh Trung Tuấn đề nghị hỗ trợ 130.000.000 đồng; Hội đồng thẩm định đề xuất hỗ trợ "
            "100.000.000 đồng.") in submission  # the request stays visible
    assert "Kinh phí khuyến công hỗ trợ: 100.000.000 đồng (Bằng chữ: Một trăm triệu đồng), chiếm 34,48%" in submission
    assert "Kinh phí đối ứng của cơ sở: 190.000.000 đồng" in submission
    assert "với kinh phí khuyến công hỗ trợ 100.000.000 đồng" in submission
    decision = texts["qd_phe_duyet_de_an"]
    assert "Kinh phí khuyến công hỗ trợ: 100.000.000 đồng" in decision and "130.000.000" not in decision
    contract = texts["hop_dong_thuc_hien"]
    assert "Giá trị hợp đồng (kinh phí khuyến công hỗ trợ): 100.000.000 đồng" in contract
    assert "tương ứng 50.000.000 đồng" in contract and "130.000.000" not in contract  # 50 % advance
    assert "Kinh phí khuyến công hỗ trợ được thanh toán: 100.000.000 đồng" in texts["bien_ban_nghiem_thu"]
    liquidation = texts["bien_ban_thanh_ly"]
    assert "Giá trị hợp đồng: 100.000.000 đồng" in liquidation and "130.000.000" not in liquidation
    assert "Số kinh phí đề nghị quyết toán: 100.000.000 đồng" in texts["bao_cao_quyet_toan"]
    assert "130.000.000" not in texts["bao_cao_quyet_toan"]

    with db.read() as session:
        row = dossier_money(session, [session.get(Dossier, dossier_id)])[0].row()
        assert (row.approved, row.contracted, row.settled) == (100_000_000, 100_000_000, 100_000_000)
        assert [str(f) for f in check_stored_dossier(session, dossier_id)] == []


def test_the_so_may_propose_its_own_amount_and_the_decision_approves_it(db, users):
    dossier_id = new_dossier(db, users, year=2025)
    walk_dossier(db, users, dossier_id, Status.APPROVED, reviews=REDUCED,
                 inputs={Trigger.SUBMIT_FOR_APPROVAL: {"proposed_support": "90.000.000"}})
    assert _proposed(db, dossier_id) == 90_000_000
    assert _ledger(db, dossier_id)[APPROVED] == 90_000_000
    texts = _texts(db, dossier_id)
    assert "Hội đồng thẩm định đề xuất hỗ trợ 100.000.000 đồng." in texts["to_trinh_phe_duyet"]
    assert "với kinh phí khuyến công hỗ trợ 90.000.000 đồng" in texts["to_trinh_phe_duyet"]
    assert "Kinh phí khuyến công hỗ trợ: 90.000.000 đồng" in texts["qd_phe_duyet_de_an"]
    with db.read() as session:
        assert [str(f) for f in check_stored_dossier(session, dossier_id)] == []


def test_a_proposal_above_the_request_is_refused(db, users):
    dossier_id = new_dossier(db, users, year=2025)
    walk_dossier(db, users, dossier_id, Status.APPRAISED, reviews=REDUCED)
    with pytest.raises(Refused) as refused:
        walk_dossier(db, users, dossier_id, Status.SUBMITTED_FOR_APPROVAL,
                     inputs={Trigger.SUBMIT_FOR_APPROVAL: {"proposed_support": "140.000.000"}})
    assert ("Kinh phí khuyến công đề nghị phê duyệt 140.000.000 đồng vượt kinh phí cơ sở đề nghị hỗ trợ "
            "130.000.000 đồng.") in refused.value.reasons
    with db.read() as session:
        assert session.get(Dossier, dossier_id).status == Status.APPRAISED.value
