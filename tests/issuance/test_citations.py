"""Later documents cite the numbers the văn thư gave to earlier ones."""

from __future__ import annotations

import json

from sqlalchemy import select

from dossier.demo.people import DEMO_PASSWORD
from dossier.model import GeneratedDocument
from dossier.services.issuance import SigningPort, sign_document
from dossier.services.issuance.port import PdfFunction
from dossier.vn.dates import format_date
from dossier.vn.vntime import today_vn
from tests.core.helpers import advance, new_dossier, walk_dossier
from workflows import Status, Trigger


def _document(db, dossier_id: int, template_id: str) -> GeneratedDocument:
    with db.read() as session:
        return session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == template_id)
            .order_by(GeneratedDocument.id.desc())).first()


def test_the_approval_decision_cites_the_issued_submission(db, province, pdf_maker) -> None:
    users = province
    dossier_id = new_dossier(db, users)
    walk_dossier(db, users, dossier_id, Status.SUBMITTED_FOR_APPROVAL)
    submission = _document(db, dossier_id, "to_trinh_phe_duyet")
    sign_document(db, port=SigningPort(archive_pdf=PdfFunction(pdf_maker)), actor_id=users["phogiamdoc"],
                  document_id=submission.id, password=DEMO_PASSWORD)  # issued today, the day it is signed

    advance(db, users, "giamdoc", dossier_id, Trigger.APPROVE)
    decision = json.loads(_document(db, dossier_id, "qd_phe_duyet_de_an").context_json)
    assert decision["can_cu"][-1] == (
        f"Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 01/TTr-SCT {format_date(today_vn())}."
    )
