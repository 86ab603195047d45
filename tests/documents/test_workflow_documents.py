"""A dossier walked from draft to archived: every step's documents exist, are right and regenerate."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select

from dossier.documents.catalog import load_catalog
from dossier.documents.layout import check_layout
from dossier.model import Blob, Dossier, GeneratedDocument
from dossier.services.documents import regenerate
from dossier.services.dossiers import update_dossier
from tests.core.helpers import advance, dossier_data, new_dossier, version_of, walk_dossier
from tests.docx_text import docx_text
from workflows import STEPS
from workflows import Status as S
from workflows import Trigger as T

# Overrides of the table's examples along the walk: a revision, an inspection, an adjustment, a
# failed acceptance, then settlement and archive.
INPUTS = {
    T.REQUEST_REVISION: {"missing_items": ["Báo giá của 03 nhà cung cấp"], "deadline": "2026-03-01"},
    T.RECORD_APPRAISAL: {"meeting_date": "2026-03-12", "conclusion": "Đề án đạt yêu cầu.",
                         "recommended_support": "130.000.000"},
    T.SIGN_CONTRACT: {"contract_number": "05/2026/HĐ-TTKC", "contract_date": "2026-04-10",
                      "contract_value": "130.000.000"},
    T.RECORD_INSPECTION: {"inspection_date": "2026-07-20", "findings": "Đúng tiến độ.",
                          "requests": ["Lưu giữ hóa đơn"]},
    T.REQUEST_ADJUSTMENT: {"reason": "Nhà cung cấp ngừng sản xuất model cũ",
                           "changes": ["Máy rửa táo | 1 tấn/giờ | 1,2 tấn/giờ"], "new_end_date": "2026-12-15"},
    T.LIQUIDATE: {"liquidation_date": "2026-11-12", "advanced_amount": "65000000"},
    T.SETTLE: {"settlement_date": "2026-11-20", "settled_amount": "130000000"},
}
FAILED_ACCEPTANCE = {"acceptance_date": "2026-10-20", "passed": "false", "accepted_value": "0",
                     "accepted_support": "0", "conclusion": "Thiết bị chưa lắp đặt xong."}
ACCEPTANCE = {"acceptance_date": "2026-11-10", "passed": "true", "accepted_value": "290000000",
              "accepted_support": "130000000", "conclusion": "Đạt yêu cầu."}


def walk_every_document(db, users, dossier_id: int) -> None:
    walk_dossier(db, users, dossier_id, S.REVISION_REQUESTED, inputs=INPUTS)
    walk_dossier(db, users, dossier_id, S.ADJUSTMENT_PENDING, via=(T.RECORD_INSPECTION,), inputs=INPUTS)
    walk_dossier(db, users, dossier_id, S.ACCEPTANCE_FAILED, via=(T.APPROVE_ADJUSTMENT,),
                 inputs={**INPUTS, T.ACCEPT: FAILED_ACCEPTANCE})
    walk_dossier(db, users, dossier_id, S.ARCHIVED, via=(S.SETTLED,), inputs={**INPUTS, T.ACCEPT: ACCEPTANCE})


def _text(data: bytes) -> str:
    return docx_text(data, headers=True)


def test_a_walk_produces_each_steps_documents_and_they_regenerate(db, users) -> None:
    dossier_id = new_dossier(db, users)
    edited = dossier_data(db)
    edited.beneficiary.name = 'Hộ kinh doanh A & B <C> "Đ" {{ 7*7 }}'  # escaping and injection
    update_dossier(db, users["chuyenvien"], dossier_id, version_of(db, dossier_id), edited)
    walk_every_document(db, users, dossier_id)

    catalog = load_catalog()
    declared = {doc for step in STEPS for doc in step.documents}
    with db.read() as session:
        assert session.get(Dossier, dossier_id).status == "archived"
        documents = session.scalars(select(GeneratedDocument).where(GeneratedDocument.dossier_id == dossier_id)
                                    .order_by(GeneratedDocument.id)).all()
        assert {d.template_id for d in documents} == declared - {"qd_ngung_thuc_hien"}  # not on this path
        assert sum(d.template_id == "phieu_nhan_xet" for d in documents) == 5  # voting members only
        for document in documents:
            data = session.get(Blob, document.sha256).data
            text = _text(data)
            leftover = text.replace("{{ 7*7 }}", "")  # the injected name stays literal, never evaluated
            assert "{{" not in leftover and "{%" not in leftover and '"Đ" 49' not in text, document.template_id
            assert unicodedata.is_normalized("NFC", text)
            assert check_layout(data, kind=catalog[document.template_id].layout_kind) == [], document.template_id
            assert regenerate(session, document) == data, f"{document.template_id} does not regenerate"
            if document.template_id in ("don_de_nghi_ho_tro", "qd_phe_duyet_de_an", "hop_dong_thuc_hien"):
                assert 'Hộ kinh doanh A & B <C> "Đ" {{ 7*7 }}' in text, document.template_id
        decision = next(d for d in documents if d.template_id == "qd_phe_duyet_de_an")
        text = _text(session.get(Blob, decision.sha256).data)
        assert "130.000.000" in text and "Một trăm ba mươi triệu đồng" in text
        assert "Số:" in text and "/QĐ-UBND" in text
        assert "Nghị định số 235/2025/NĐ-CP" in text
        contract = next(d for d in documents if d.template_id == "hop_dong_thuc_hien")
        contract_text = _text(session.get(Blob, contract.sha256).data)
        # issue 10: the decision is issued when approved, so the contract cites its number and date
        assert re.search(r"Căn cứ Quyết định số \d+/QĐ-UBND ngày \d{2} tháng \d{1,2} năm \d{4} "
                         r"của Ủy ban nhân dân tỉnh Khánh Hòa "
                         "phê duyệt", contract_text), re.findall(r"Căn cứ Quyết định[^\n]*", contract_text)
        assert "…/QĐ-UBND" not in contract_text
        adjustment = next(d for d in documents if d.template_id == "qd_dieu_chinh")
        assert "1,2 tấn/giờ" in _text(session.get(Blob, adjustment.sha256).data)
        assert session.get(Dossier, dossier_id).end_date.isoformat() == "2026-12-15"


def test_a_template_edited_without_a_new_version_is_caught_at_regeneration(db, users, monkeypatch) -> None:
    import dataclasses

    import pytest

    from dossier.services import documents as documents_service

    dossier_id = new_dossier(db, users)
    advance(db, users, "chuyenvien", dossier_id, T.SUBMIT)
    with db.read() as session:
        document = session.scalars(select(GeneratedDocument).where(GeneratedDocument.dossier_id == dossier_id)).first()
        assert document.template_sha256 and len(document.template_sha256) == 64
        real = documents_service.resolve_spec(session, document.template_id, version=document.template_version)
        edited = dataclasses.replace(real, sha256="0" * 64)  # same version number, other file
        monkeypatch.setattr(documents_service, "resolve_spec", lambda *a, **k: edited)
        with pytest.raises(LookupError, match="new version number"):
            regenerate(session, document)
