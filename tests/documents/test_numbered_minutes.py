"""Biên bản numbered in their body's register (issue 10): the Trung tâm's kiểm tra, nghiệm thu and
thanh lý minutes print a blank "Số:      /BB-TTKC" until the văn thư enters the paper its parties
signed in the register; from then on they carry that number, with the date of the event they
record (not the day they were registered). A biên bản is not signed electronically by one party,
and the council's minutes have no register of their own."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from dossier.model import Blob, GeneratedDocument
from tests.core.helpers import new_dossier, walk_dossier
from tests.docx_text import docx_text
from workflows import Status as S
from workflows import Trigger as T


def _number_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("Số:"))


def _document(db, dossier_id: int, template_id: str) -> GeneratedDocument:
    with db.read() as session:
        return session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == template_id)).one()


def test_a_registered_biên_bản_carries_its_number_and_its_events_date(db, users):
    from dossier.documents.content import check_document
    from dossier.errors import Refused
    from dossier.services.issuance import sign_preview
    from dossier.services.issuance.paper import numbered_copy, register_paper_signature

    dossier_id = new_dossier(db, users, year=2025)
    walk_dossier(db, users, dossier_id, S.ACCEPTED, dates={T.ACCEPT: date(2025, 10, 25)})
    minutes = _document(db, dossier_id, "bien_ban_nghiem_thu")
    with db.read() as session:
        draft = docx_text(session.get(Blob, minutes.sha256).data, headers=True)
    assert _number_line(draft) == "Số:      /BB-TTKC"  # the draft's blank, as a QĐ's

    leader = users["giamdocttkc"]
    with pytest.raises(Refused, match="ký trên giấy"):  # not signed electronically by one party
        sign_preview(db, actor_id=leader, document_id=minutes.id)
    entry = register_paper_signature(db, actor_id=leader, document_id=minutes.id, signer_id=leader,
                                     issued_on=date(2025, 10, 27))
    with db.read() as session:
        copy = numbered_copy(session, entry)
    issued = docx_text(copy.data, headers=True)
    assert entry.symbol == "01/BB-TTKC" and _number_line(issued) == "Số: 01/BB-TTKC"
    assert "Khánh Hòa, ngày 25 tháng 10 năm 2025" in issued  # the acceptance's day, not the register's
    assert check_document(copy.data) == []

    council = _document(db, dossier_id, "bien_ban_hop_hoi_dong")
    with pytest.raises(Refused, match="không cấp số qua sổ"):  # the council has no register
        register_paper_signature(db, actor_id=leader, document_id=council.id, signer_id=leader,
                                 issued_on=date(2025, 10, 27))
