"""A 2025 dossier walked today (issue 10, items 3 and 4): every step takes its own date, and
every document, history row and ledger entry of the step uses it; the documents' text prints
those dates and cites the Căn cứ of its own date — nothing from the clock, nothing issued later.
Runs on SQLite and PostgreSQL (the `db` fixture)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from dossier.documents.content import _cited_dates, check_document, document_date, document_paragraphs
from dossier.errors import Refused
from dossier.model import Blob, Dossier, GeneratedDocument, LedgerEntry, TransitionRecord
from dossier.services.transitions import fire
from dossier.vn.vntime import today_vn
from tests.core.helpers import new_dossier, version_of, walk_dossier
from tests.docx_text import docx_text
from workflows import Status, Trigger

T = Trigger
# The demo's settled dossier's calendar: the decision of 25/03/2025, the contract of 10/4/2025.
DATES = {T.SUBMIT: date(2025, 2, 20), T.START_APPRAISAL: date(2025, 3, 5), T.RECORD_APPRAISAL: date(2025, 3, 12),
         T.SUBMIT_FOR_APPROVAL: date(2025, 3, 18), T.APPROVE: date(2025, 3, 25), T.SIGN_CONTRACT: date(2025, 4, 10),
         T.START_IMPLEMENTATION: date(2025, 4, 15), T.ACCEPT: date(2025, 10, 25), T.LIQUIDATE: date(2025, 11, 5),
         T.SETTLE: date(2025, 11, 18), T.ARCHIVE: date(2025, 11, 25)}
ND45 = "Nghị định số 45/2012/NĐ-CP ngày 21 tháng 5 năm 2012 của Chính phủ về khuyến công"
TT46_AMENDED = ("Thông tư số 46/2012/TT-BCT ngày 28 tháng 12 năm 2012 của Bộ trưởng Bộ Công Thương quy định chi "
                "tiết một số nội dung của Nghị định số 45/2012/NĐ-CP, được sửa đổi, bổ sung bởi Thông tư số "
                "20/2017/TT-BCT ngày 29 tháng 9 năm 2017")


def _walk(db, users) -> int:
    dossier_id = new_dossier(db, users, year=2025)
    walk_dossier(db, users, dossier_id, Status.ARCHIVED, via=(Status.SETTLED,), dates=DATES)
    return dossier_id


def _texts(db, dossier_id: int) -> dict[str, tuple[str, bytes]]:
    with db.read() as session:
        docs = session.scalars(select(GeneratedDocument).where(GeneratedDocument.dossier_id == dossier_id)
                               .order_by(GeneratedDocument.id)).all()
        return {d.template_id: (docx_text(data := session.get(Blob, d.sha256).data, headers=True), data)
                for d in docs}


def test_a_2025_walk_dates_history_ledger_and_documents_by_its_steps(db, users) -> None:
    dossier_id = _walk(db, users)
    with db.read() as session:
        records = session.scalars(select(TransitionRecord).where(TransitionRecord.dossier_id == dossier_id)
                                  .order_by(TransitionRecord.id)).all()
        assert [(r.trigger, r.on) for r in records] == [(t.value, d) for t, d in DATES.items()]
        assert all(r.at.date() >= today_vn() - timedelta(days=1) for r in records)  # recorded now, beside it
        entries = {e.kind: e.entry_date for e in session.scalars(
            select(LedgerEntry).where(LedgerEntry.dossier_id == dossier_id))}
    assert entries and all(d.year == 2025 for d in entries.values()), entries
    texts = _texts(db, dossier_id)
    with db.read() as session:
        code = session.get(Dossier, dossier_id).code
    assert "ngày 20 tháng 02 năm 2025" in texts["don_de_nghi_ho_tro"][0]
    assert "ngày 10 tháng 4 năm 2025" in texts["hop_dong_thuc_hien"][0]
    assert "ngày 25 tháng 10 năm 2025" in texts["bien_ban_nghiem_thu"][0]
    assert "ngày 05 tháng 11 năm 2025" in texts["bien_ban_thanh_ly"][0]
    assert "năm 2025" in texts["qd_phe_duyet_de_an"][0]
    for template_id, (text, data) in texts.items():
        # nothing from the clock (the dossier's code is its registration number, given today)
        assert str(today_vn().year) not in text.replace(code, ""), template_id
        faults = [p for p in check_document(data) if "Căn cứ" in p.message_vi]
        assert faults == [], (template_id, faults)


# An act cited with its number and date ("Quyết định số 03/QĐ-UBND ngày 25 tháng 3 năm 2025").
CITED_ACT = re.compile(r"(?:Luật|Nghị định|Thông tư|Nghị quyết|Quyết định|Tờ trình|Hợp đồng|Biên bản|Giấy mời)"
                       r"[^;]{0,200}?(?:ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\d{1,2}/\d{1,2}/\d{4})")
# The date each document prints on its place–date line: a record of an event by the event's
# date, the others by their step's; None: a draft the văn thư dates when issuing (year only).
PRINTED = {"don_de_nghi_ho_tro": date(2025, 2, 20), "de_an_khuyen_cong": date(2025, 2, 20),
           "qd_thanh_lap_hoi_dong": None, "giay_moi_hop_hoi_dong": None, "phieu_nhan_xet": date(2025, 3, 12),
           "bien_ban_hop_hoi_dong": date(2025, 3, 12), "to_trinh_phe_duyet": None, "qd_phe_duyet_de_an": None,
           "hop_dong_thuc_hien": date(2025, 4, 10), "bien_ban_nghiem_thu": date(2025, 10, 25),
           "bien_ban_thanh_ly": date(2025, 11, 5)}


def test_every_document_prints_its_own_date_and_no_later_one(db, users) -> None:
    texts = _texts(db, _walk(db, users))
    for template_id, expected in PRINTED.items():
        paragraphs = document_paragraphs(texts[template_id][1])
        printed, year = document_date(paragraphs)
        assert (printed, year) == (expected, 2025), template_id
        cited = [d for p in paragraphs for m in CITED_ACT.finditer(p) for d in _cited_dates(m.group(0))]
        latest = expected or date(2025, 12, 31)
        assert all(d <= latest for d in cited), (template_id, [d for d in cited if d > latest])


def test_the_march_2025_decision_and_april_contract_cite_the_texts_of_their_day(db, users) -> None:
    texts = _texts(db, _walk(db, users))
    decision, contract = texts["qd_phe_duyet_de_an"][0], texts["hop_dong_thuc_hien"][0]
    assert "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;" in decision
    assert "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;" in decision
    for text in (decision, contract, texts["to_trinh_phe_duyet"][0], texts["qd_thanh_lap_hoi_dong"][0]):
        assert "235/2025" not in text and "89/2025" not in text and "NQ-HĐND" not in text
        assert f"Căn cứ {ND45};" in text
    assert f"Căn cứ {TT46_AMENDED};" in contract
    assert "Căn cứ Bộ luật Dân sự ngày 24 tháng 11 năm 2015;" in contract


def test_a_step_out_of_the_chronology_is_refused_naming_both_dates(db, users) -> None:
    dossier_id = new_dossier(db, users, year=2025)
    walk_dossier(db, users, dossier_id, Status.APPROVED, dates=DATES)
    with pytest.raises(Refused) as info:
        fire(db, actor_id=users["chuyenvien"], dossier_id=dossier_id, trigger=T.SIGN_CONTRACT,
             expected_version=version_of(db, dossier_id), effective_on=date(2025, 4, 10),
             inputs={"contract_number": "05/2025/HĐ-KC", "contract_date": "2025-03-20", "contract_value": "130000000"})
    assert info.value.reasons == ["Ngày ký Hợp đồng 20/03/2025 trước ngày Quyết định phê duyệt 25/03/2025."]
    with pytest.raises(Refused, match="sau ngày hôm nay"):
        fire(db, actor_id=users["chuyenvien"], dossier_id=dossier_id, trigger=T.SIGN_CONTRACT,
             expected_version=version_of(db, dossier_id), effective_on=today_vn() + timedelta(days=1),
             inputs={"contract_number": "05/2025/HĐ-KC", "contract_date": "2025-04-10", "contract_value": "130000000"})
    # the form's own field: the step's date typed as an input
    result = fire(db, actor_id=users["chuyenvien"], dossier_id=dossier_id, trigger=T.SIGN_CONTRACT,
                  expected_version=version_of(db, dossier_id),
                  inputs={"effective_on": "2025-04-11", "contract_number": "05/2025/HĐ-KC",
                          "contract_date": "2025-04-10", "contract_value": "130000000"})
    with db.read() as session:
        record = session.scalars(select(TransitionRecord).where(TransitionRecord.dossier_id == dossier_id)
                                 .order_by(TransitionRecord.id.desc())).first()
        assert result.to_status == "contracted" and record.on == date(2025, 4, 11)
        assert "effective_on" not in record.inputs_json
