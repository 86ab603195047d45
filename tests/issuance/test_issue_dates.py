"""An issued document's date is its signing day (Vietnam time), in the dossier's chronology, and
its Căn cứ is rebuilt for that day (issue 10, items 3 and 4)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from dossier.demo.people import DEMO_PASSWORD
from dossier.documents.content import check_document
from dossier.errors import Refused
from dossier.model import Blob, GeneratedDocument, IssuedDocument, RegisterEntry
from dossier.services.issuance import SigningPort, sign_document
from dossier.services.issuance.port import PdfFunction
from dossier.vn.legal_bases import bases_for
from dossier.vn.vntime import today_vn
from tests.core.helpers import new_dossier, walk_dossier
from tests.docx_text import docx_text
from workflows import Status, Trigger

T = Trigger
DATES = {T.SUBMIT: date(2025, 2, 20), T.START_APPRAISAL: date(2025, 3, 5), T.RECORD_APPRAISAL: date(2025, 3, 12),
         T.SUBMIT_FOR_APPROVAL: date(2025, 3, 18), T.APPROVE: date(2025, 3, 25)}


def _draft(db, dossier_id: int, template_id: str) -> GeneratedDocument:
    with db.read() as session:
        return session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == template_id)).one()


def _sign(db, users, document_id: int, pdf_maker, who: str = "phogiamdoc"):  # the stand-in PDF names her
    return sign_document(db, port=SigningPort(archive_pdf=PdfFunction(pdf_maker)), actor_id=users[who],
                         document_id=document_id, password=DEMO_PASSWORD)


def test_the_submission_drafted_in_march_2025_cites_the_texts_of_its_issue_day(db, province, pdf_maker) -> None:
    dossier_id = new_dossier(db, province, year=2025)
    walk_dossier(db, province, dossier_id, Status.SUBMITTED_FOR_APPROVAL, dates=DATES)
    draft = _draft(db, dossier_id, "to_trinh_phe_duyet")
    drafted = json.loads(draft.context_json)["can_cu"]
    assert drafted == bases_for("to_trinh", date(2025, 3, 18), province="Khánh Hòa")
    today = today_vn()
    result = _sign(db, province, draft.id, pdf_maker)
    assert result.issued_on == today
    expected = bases_for("to_trinh", today, province="Khánh Hòa")
    with db.read() as session:
        issued = session.get(IssuedDocument, result.issued_id)
        assert json.loads(issued.context_json)["can_cu"] == expected
        docx = session.get(Blob, issued.docx_sha256).data
    text = docx_text(docx)
    assert all(line in text for line in expected)  # rendered again with the issue day's Căn cứ
    if today >= date(2026, 1, 1):  # the clock's year: the 2025 budget law and ND 235 are in force
        assert expected != drafted and "Nghị định số 235/2025/NĐ-CP" in text
    assert [p for p in check_document(docx) if "Căn cứ" in p.message_vi] == []


def test_an_invitation_signed_after_the_meeting_it_announces_is_refused(db, province, pdf_maker) -> None:
    dossier_id = new_dossier(db, province, year=2025)
    # The walk issues what later steps wait on, so it stops where the invitation is still a draft
    # (the goal's own drafts stay to be signed): the council set up on 05/03/2025 to meet on 12/03.
    walk_dossier(db, province, dossier_id, Status.UNDER_APPRAISAL, dates=DATES,
                 inputs={T.START_APPRAISAL: {"meeting_date": date(2025, 3, 12)}})
    invitation = _draft(db, dossier_id, "giay_moi_hop_hoi_dong")
    with pytest.raises(Refused) as info:
        _sign(db, province, invitation.id, pdf_maker)
    assert info.value.reasons == [f"Ngày họp Hội đồng 12/03/2025 trước ngày Giấy mời {today_vn():%d/%m/%Y}."]
    with db.read() as session:  # nothing issued, no number taken
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == 0
        assert session.scalar(select(func.count()).select_from(RegisterEntry)) == 0
