"""The plan's Tờ trình and Quyết định go through the register like a dossier's documents (issue 10,
item 6, plan level): signed on paper and entered by the văn thư of the body issuing it, after which
the Quyết định cites the Tờ trình by that number and date, and the content check finds nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from dossier.documents.content import check_document
from dossier.errors import Forbidden, Refused
from dossier.model import Blob, RegisterEntry
from dossier.services.plan_register import enter_plan_on_paper
from dossier.services.plans import generate_plan_document
from tests.docx_text import docx_text
from tests.plans.helpers import walk


def _numbers(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(RegisterEntry))


def test_the_decision_cites_the_proposal_by_the_number_it_was_entered_with(db, users) -> None:
    walk(db, users, 2025, "G1", 0, 290, 130, "approved", batch=1)
    officer = users["chuyenvien"]
    draft_decision = generate_plan_document(db, officer, "qd_phe_duyet_ke_hoach", 2025, batch_number=1,
                                            today=date(2025, 3, 20))
    with db.read() as session:
        unfilled = session.get(Blob, draft_decision.sha256).data
    assert any("Trích dẫn văn bản chưa có số" in p.message_vi for p in check_document(unfilled))

    proposal = generate_plan_document(db, officer, "to_trinh_ke_hoach", 2025, batch_number=1, today=date(2025, 3, 12))
    listing = generate_plan_document(db, officer, "bang_tong_hop_de_an", 2025, batch_number=1, today=date(2025, 3, 12))
    before = _numbers(db)
    with pytest.raises(Forbidden, match="do lãnh đạo Sở Công Thương"):  # the UBND's leader does not sign it
        enter_plan_on_paper(db, actor_id=users["vanthu"], document_id=proposal.id, signer_id=users["phochutich"],
                            issued_on=date(2025, 3, 12))
    with pytest.raises(Forbidden, match="Chỉ văn thư của Sở Công Thương"):
        enter_plan_on_paper(db, actor_id=users["vanthuubnd"], document_id=proposal.id, signer_id=users["giamdoc"],
                            issued_on=date(2025, 3, 12))
    with pytest.raises(Refused, match="không lấy số"):
        enter_plan_on_paper(db, actor_id=users["vanthu"], document_id=listing.id, signer_id=users["giamdoc"],
                            issued_on=date(2025, 3, 12))
    assert _numbers(db) == before  # nothing burnt
    entry = enter_plan_on_paper(db, actor_id=users["vanthu"], document_id=proposal.id, signer_id=users["giamdoc"],
                                issued_on=date(2025, 3, 12))
    assert entry.symbol.endswith("/TTr-SCT") and entry.issued_on == date(2025, 3, 12)
    with pytest.raises(Refused, match="đã được vào sổ"):
        enter_plan_on_paper(db, actor_id=users["vanthu"], document_id=proposal.id, signer_id=users["giamdoc"],
                            issued_on=date(2025, 3, 12))

    decision = generate_plan_document(db, officer, "qd_phe_duyet_ke_hoach", 2025, batch_number=1,
                                      today=date(2025, 3, 20))
    with db.read() as session:
        data = session.get(Blob, decision.sha256).data
    assert (f"Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số {entry.symbol} ngày 12 tháng 3 năm 2025"
            in docx_text(data))
    assert check_document(data) == []
    issued = enter_plan_on_paper(db, actor_id=users["vanthuubnd"], document_id=decision.id,
                                 signer_id=users["phochutich"], issued_on=date(2025, 3, 20))
    assert issued.symbol.endswith("/QĐ-UBND")
