"""Organisations: names are data (they changed in 2025). An edit applies to documents generated
afterwards; documents already generated keep the context they were made with."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select

from dossier.vn.dates import format_date
from dossier.vn.vntime import today_vn
from tests.admin.conftest import TEMPLATE
from tests.admin.test_templates import _approve, _decision_docs, docx_text


def _org(db: Any, code: str) -> Any:
    from dossier.model import Organisation

    with db.read() as session:
        return session.scalars(select(Organisation).where(Organisation.code == code)).one()


def _form(org: Any, **changes: str) -> dict[str, str]:
    form = {name: getattr(org, name) for name in ("name", "header_parent", "header_name", "abbreviation", "place_name",
                                                   "head_title", "head_name", "collective_name", "address", "phone")}
    form["parent_id"] = str(org.parent_id or "")
    form.update(changes)
    return form


def test_a_new_name_reaches_new_documents_only(as_user: Any, web_db: Any, ids: dict) -> None:
    from dossier.model import Blob
    from dossier.services.documents import regenerate

    admin = as_user("quantri")
    ubnd = _org(web_db, "ubnd-kh")
    old_header = ubnd.header_name
    new_header = "ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA (TÊN MỚI)"
    older = _decision_docs(web_db)
    response = admin.post(f"/quan-tri/don-vi/{ubnd.id}", data=_form(ubnd, header_name=new_header))
    assert response.status_code == 302
    assert "văn bản đã tạo giữ nguyên" in admin.get(response.headers["Location"]).get_data(as_text=True)
    assert _org(web_db, "ubnd-kh").header_name == new_header

    _approve(as_user, web_db, ids["status"]["submitted_for_approval"])
    newest = _decision_docs(web_db)[-1]
    assert json.loads(newest.context_json)["co_quan"]["ten"] == new_header
    with web_db.read() as session:
        assert "TỈNH KHÁNH HÒA (TÊN MỚI)" in docx_text(session.get(Blob, newest.sha256).data)
        for doc in older:  # each keeps the header of its own date (Ninh Thuận's before the merger)
            assert json.loads(doc.context_json)["co_quan"]["ten"] in (old_header, "ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN")
            text = docx_text(regenerate(session, session.get(type(doc), doc.id)))
            assert "TÊN MỚI" not in text
    assert newest.template_id == TEMPLATE


def test_bad_input_on_the_organisation_form(as_user: Any, web_db: Any) -> None:
    admin = as_user("quantri")
    sct, ttkc = _org(web_db, "sct-kh"), _org(web_db, "ttkc-kh")
    response = admin.post(f"/quan-tri/don-vi/{sct.id}",
                          data=_form(sct, name="", header_name=" ", abbreviation="SCT KH", place_name="",
                                     head_title=""))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for field, text in (("name", "Cần nhập tên đơn vị"), ("header_name", "Cần nhập tên cơ quan"),
                        ("abbreviation", "Chữ viết tắt"), ("place_name", "Cần nhập địa danh"),
                        ("head_title", "Cần nhập chức danh")):
        assert f'id="e-{field}">{text}' in html, field
    cycle = admin.post(f"/quan-tri/don-vi/{sct.id}", data=_form(sct, parent_id=str(ttkc.id)))
    assert cycle.status_code == 422 and "vòng lặp" in cycle.get_data(as_text=True)
    itself = admin.post(f"/quan-tri/don-vi/{sct.id}", data=_form(sct, parent_id=str(sct.id)))
    assert itself.status_code == 422 and "chính nó" in itself.get_data(as_text=True)
    unchanged = _org(web_db, "sct-kh")
    assert (unchanged.name, unchanged.abbreviation, unchanged.parent_id) == (sct.name, sct.abbreviation, sct.parent_id)


def test_an_edit_is_audited_with_before_and_after(as_user: Any, web_db: Any) -> None:
    from dossier.model import AuditEvent

    sct = _org(web_db, "sct-kh")
    as_user("quantri").post(f"/quan-tri/don-vi/{sct.id}", data=_form(sct, abbreviation="sct", place_name="Nha Trang"))
    assert _org(web_db, "sct-kh").abbreviation == "SCT"  # typed lowercase, stored as used in numbers
    with web_db.read() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert event.action == "admin.organisation_update" and event.object_id == "sct-kh"
    assert json.loads(event.payload_json)["changed"] == {"place_name": ["Khánh Hòa", "Nha Trang"]}


def test_the_approving_authority_is_the_sos_setting_and_decides_who_approves(as_user: Any, web_db: Any,
                                                                             ids: dict) -> None:
    """Issue 10: the administrator sets who approves the province's đề án; with the Sở by
    delegation, the Sở's director approves (signs the decision) and the UBND's leader no longer."""
    from dossier.model import AuditEvent
    from tests.web.conftest import approve, sign_submission

    admin = as_user("quantri")
    sct = _org(web_db, "sct-kh")
    page = admin.get(f"/quan-tri/don-vi/{sct.id}").get_data(as_text=True)
    assert "Cơ quan phê duyệt đề án khuyến công của tỉnh" in page and 'value="ubnd_tinh" selected' in page
    assert "Cơ quan phê duyệt" not in admin.get(f"/quan-tri/don-vi/{_org(web_db, 'ubnd-kh').id}").get_data(as_text=True)
    bad = admin.post(f"/quan-tri/don-vi/{sct.id}", data=_form(sct, approval_authority="hdnd"))
    assert bad.status_code == 422 and "Chọn cơ quan phê duyệt đề án trong danh sách." in bad.get_data(as_text=True)
    dossier_id = ids["status"]["submitted_for_approval"]
    sign_submission(as_user, web_db, dossier_id)  # before: once delegated, the Sở sends itself no Tờ trình
    # a delegation names the UBND tỉnh's decision that makes it, dated no later than it applies
    unnamed = admin.post(f"/quan-tri/don-vi/{sct.id}", data=_form(sct, approval_authority="so_cong_thuong"))
    assert unnamed.status_code == 422 and "Nhập số, ký hiệu Quyết định ủy quyền" in unnamed.get_data(as_text=True)
    later = admin.post(f"/quan-tri/don-vi/{sct.id}", data=_form(
        sct, approval_authority="so_cong_thuong", approval_act_number="15/2026/QĐ-UBND",
        approval_act_date=f"{today_vn() + dt.timedelta(days=1):%d/%m/%Y}"))
    assert later.status_code == 422 and "ủy quyền chỉ áp dụng từ khi đã có quyết định" in later.get_data(as_text=True)
    assert _org(web_db, "sct-kh").approval_authority == "ubnd_tinh"
    act_date = today_vn() - dt.timedelta(days=3)
    response = admin.post(f"/quan-tri/don-vi/{sct.id}", data=_form(
        sct, approval_authority="so_cong_thuong", approval_act_number="15/2026/QĐ-UBND",
        approval_act_date=f"{act_date:%d/%m/%Y}"))
    assert response.status_code == 302
    assert _org(web_db, "sct-kh").approval_authority == "so_cong_thuong"
    with web_db.read() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "admin.organisation_update")
                                .order_by(AuditEvent.seq.desc())).first()
        assert "so_cong_thuong" in event.payload_json

    refused = approve(as_user, web_db, dossier_id, who="phochutich")
    assert refused.status_code == 422 and "Sở Công Thương tỉnh Khánh Hòa quyết định" in refused.get_data(as_text=True)
    assert approve(as_user, web_db, dossier_id, who="giamdoc").status_code == 302
    decision = _decision_docs(web_db)[-1]
    context = json.loads(decision.context_json)
    assert context["tham_quyen"] == "GIÁM ĐỐC SỞ CÔNG THƯƠNG" and context["ky"]["dong"][0] == "GIÁM ĐỐC"
    # his decision rests on the act that delegates it to him
    assert (f"Căn cứ Quyết định số 15/2026/QĐ-UBND {format_date(act_date)} của Ủy ban nhân dân tỉnh Khánh Hòa về "
            "việc ủy quyền cho Giám đốc Sở Công Thương phê duyệt đề án khuyến công địa phương;") in context["can_cu"]
    page = admin.get(f"/quan-tri/don-vi/{sct.id}").get_data(as_text=True)
    assert f"<td>15/2026/QĐ-UBND ngày {act_date:%d/%m/%Y}</td>" in page


def test_the_approval_authority_changes_from_a_day_that_rewrites_no_issued_decision(as_user: Any, web_db: Any) -> None:
    """The Sở's form says from which day a new approving authority applies (today unless changed);
    a day before a decision the UBND tỉnh signed on paper is refused (its archived text would turn
    into the Sở's), a later one is taken, and the form then lists the authority by date."""
    from dossier.model import Dossier, GeneratedDocument, IssuedDocument, RegisterEntry
    from dossier.vn.vntime import today_vn

    admin = as_user("quantri")
    sct = _org(web_db, "sct-kh")
    page = admin.get(f"/quan-tri/don-vi/{sct.id}").get_data(as_text=True)
    assert "Áp dụng từ ngày" in page and f'value="{today_vn():%d/%m/%Y}"' in page
    with web_db.read() as session:
        electronic = select(IssuedDocument.register_entry_id)
        paper = session.execute(
            select(RegisterEntry.issued_on).join(
                GeneratedDocument, GeneratedDocument.id == RegisterEntry.generated_document_id)
            .join(Dossier, Dossier.id == GeneratedDocument.dossier_id)
            .where(GeneratedDocument.template_id == "qd_phe_duyet_de_an", RegisterEntry.id.not_in(electronic))
            .order_by(RegisterEntry.issued_on.desc())).scalar()
    assert paper is not None, "the demo has a decision of the UBND signed on paper"
    act = {"approval_act_number": "125/QĐ-UBND", "approval_act_date": f"{paper:%d/%m/%Y}"}
    refused = admin.post(f"/quan-tri/don-vi/{sct.id}", data=_form(
        sct, approval_authority="so_cong_thuong", approval_from=f"{paper:%d/%m/%Y}", **act))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "văn bản đã ban hành giữ nguyên" in html
    assert _org(web_db, "sct-kh").approval_authority == "ubnd_tinh"
    bad = admin.post(f"/quan-tri/don-vi/{sct.id}", data=_form(sct, approval_authority="so_cong_thuong",
                                                                approval_from="31/02/2026", **act))
    assert bad.status_code == 422 and "Ngày không hợp lệ" in bad.get_data(as_text=True)
    taken = admin.post(f"/quan-tri/don-vi/{sct.id}", data=_form(sct, approval_authority="so_cong_thuong", **act))
    assert taken.status_code == 302 and _org(web_db, "sct-kh").approval_authority == "so_cong_thuong"
    page = admin.get(f"/quan-tri/don-vi/{sct.id}").get_data(as_text=True)
    assert "Cơ quan phê duyệt theo ngày" in page and f"<td>{today_vn():%d/%m/%Y}</td>" in page
