"""What an expert reading the documents of a walked dossier sent back (issue 10, items 5 and 6):
each test walks a dossier through the real workflow (services/walk.py) and reads the text of the
documents it produced."""

from __future__ import annotations

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
