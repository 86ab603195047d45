"""Creating and editing dossiers: Vietnamese text, money with dots, lines, errors next to fields,
and the conflict page that keeps what the user typed (architecture.md B8 test 9)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import select

from tests.web.conftest import dossier_state, valid_form


def _dossier(db: Any, dossier_id: int) -> Any:
    from sqlalchemy.orm import selectinload

    from dossier.model import Dossier

    with db.read() as session:
        return session.scalars(select(Dossier).where(Dossier.id == dossier_id)
                               .options(selectinload(Dossier.items), selectinload(Dossier.beneficiary))).one()


def _created_id(response: Any) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/ho-so/(\d+)$", response.headers["Location"]).group(1))


def test_create_with_vietnamese_text_money_and_lines(as_user: Any, web_db: Any) -> None:
    client = as_user("chuyenvien")
    # The title arrives decomposed (NFD), as some keyboards and Word send it; it is stored NFC.
    form = valid_form(title=unicodedata.normalize("NFD", "Hỗ trợ máy sấy táo Ánh Dương"))
    dossier_id = _created_id(client.post("/ho-so/moi", data=form))
    d = _dossier(web_db, dossier_id)
    assert d.title == "Hỗ trợ máy sấy táo Ánh Dương" and unicodedata.is_normalized("NFC", d.title)
    assert d.requested_support == 130_000_000
    assert [(i.name, i.quantity, i.unit_price) for i in d.items] == [
        ("Máy sấy táo bằng nhiệt đối lưu", 1, 210_000_000), ("Máy đóng gói hút chân không", 2, 35_000_000)]
    assert d.total_cost == 280_000_000 and d.beneficiary.name == "Hộ kinh doanh Ánh Dương"
    page = client.get(f"/ho-so/{dossier_id}").get_data(as_text=True)
    for text in ("280.000.000", "130.000.000", "150.000.000", "46,43", "Một trăm ba mươi triệu đồng", "Nháp"):
        assert text in page


def test_add_and_remove_lines_without_javascript(as_user: Any, web_db: Any) -> None:
    client = as_user("chuyenvien")
    response = client.post("/ho-so/moi", data={**valid_form(), "add_line": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'name="items-3-name"' in html
    assert "280.000.000" in html  # server-side total of the typed lines
    response = client.post("/ho-so/moi", data={**valid_form(), "remove_line": "1"})
    html = response.get_data(as_text=True)
    assert 'value="Máy đóng gói hút chân không"' in html and "Máy sấy táo bằng" not in html
    assert 'name="items-2-name"' not in html


def test_bad_input_shows_each_message_next_to_its_field(as_user: Any, web_db: Any) -> None:
    from dossier.model import Dossier

    with web_db.read() as session:
        count = len(session.scalars(select(Dossier.id)).all())
    client = as_user("chuyenvien")
    form = valid_form(**{"title": "", "requested_support": "một trăm triệu", "beneficiary-tax_code": "12345",
                         "items-2-quantity": "hai", "items-1-unit_price": "12,5", "end_date": "2025-01-01",
                         "start_date": "31/02/2026"})
    response = client.post("/ho-so/moi", data=form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for field, message in (("title", "Cần nhập tên đề án."), ("beneficiary-tax_code", "Mã số thuế gồm 10 hoặc 13"),
                           ("requested_support", "Kinh phí hỗ trợ phải là số tiền"),
                           ("items-2-quantity", "Hạng mục 2: số lượng"), ("items-1-unit_price", "Hạng mục 1: đơn giá"),
                           ("start_date", "Ngày bắt đầu")):
        assert re.search(rf'id="e-{field}">{re.escape(message)}', html), field
        assert re.search(rf'id="f-{field}"[^>]*aria-invalid="true"', html, re.S), field
    # Everything typed is still there.
    assert 'value="một trăm triệu"' in html and 'value="hai"' in html and 'value="Hộ kinh doanh Ánh Dương"' in html
    with web_db.read() as session:
        assert len(session.scalars(select(Dossier.id)).all()) == count


def test_money_is_accepted_in_the_usual_spellings(as_user: Any, web_db: Any) -> None:
    client = as_user("chuyenvien")
    for typed in ("130000000", "130 000 000", "130.000.000 đồng", "130.000.000đ"):
        d = _dossier(web_db, _created_id(client.post("/ho-so/moi", data=valid_form(requested_support=typed))))
        assert d.requested_support == 130_000_000, typed


def test_edit_saves_with_the_version_it_was_loaded_at(as_user: Any, web_db: Any, ids: dict) -> None:
    client = as_user("chuyenvien")
    dossier_id = ids["status"]["draft"]
    status, version, _ = dossier_state(web_db, dossier_id)
    html = client.get(f"/ho-so/{dossier_id}/sua").get_data(as_text=True)
    assert f'name="version" value="{version}"' in html
    response = client.post(f"/ho-so/{dossier_id}/sua", data={**valid_form(title="Tên mới của đề án"),
                                                              "version": str(version)})
    assert response.status_code == 302
    assert dossier_state(web_db, dossier_id) == (status, version + 1, "Tên mới của đề án")


def test_two_people_edit_the_same_version_nothing_is_lost(app: Any, as_user: Any, web_db: Any, ids: dict) -> None:
    dossier_id = ids["status"]["draft"]
    _, version, _ = dossier_state(web_db, dossier_id)
    a, b = as_user("chuyenvien"), as_user("chuyenvien2")
    a.get(f"/ho-so/{dossier_id}/sua")
    b.get(f"/ho-so/{dossier_id}/sua")
    assert a.post(f"/ho-so/{dossier_id}/sua", data={**valid_form(title="Bản của chị Hà"),
                                                     "version": str(version)}).status_code == 302
    typed = valid_form(title="Bản của anh Bảo", objectives="Mục tiêu anh Bảo đã gõ rất dài…",
                       **{"items-2-unit_price": "36.500.000"})
    response = b.post(f"/ho-so/{dossier_id}/sua", data={**typed, "version": str(version)})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Hồ sơ đã được người khác cập nhật" in html
    assert 'value="Bản của anh Bảo"' in html and "Mục tiêu anh Bảo đã gõ rất dài…" in html
    assert 'value="36.500.000"' in html
    assert re.search(r"<td class=\"pre\">Bản của chị Hà</td><td class=\"pre\">Bản của anh Bảo</td>", html)
    assert f'name="version" value="{version + 1}"' in html  # saving again is a deliberate overwrite
    assert dossier_state(web_db, dossier_id)[1:] == (version + 1, "Bản của chị Hà")
    response = b.post(f"/ho-so/{dossier_id}/sua", data={**typed, "version": str(version + 1)})
    assert response.status_code == 302
    assert dossier_state(web_db, dossier_id)[2] == "Bản của anh Bảo"


def test_a_dossier_past_draft_cannot_be_edited(as_user: Any, web_db: Any, ids: dict) -> None:
    client = as_user("chuyenvien")
    dossier_id = ids["status"]["approved"]
    _, version, _ = dossier_state(web_db, dossier_id)
    assert client.get(f"/ho-so/{dossier_id}/sua").status_code == 302
    response = client.post(f"/ho-so/{dossier_id}/sua", data={**valid_form(), "version": str(version)})
    assert response.status_code == 422
    assert "không được sửa nội dung" in response.get_data(as_text=True)
    assert client.post(f"/ho-so/{dossier_id}/sua", data=valid_form()).status_code == 400  # no version


def test_a_returned_dossier_can_be_edited(as_user: Any, ids: dict) -> None:
    client = as_user("chuyenvien")
    assert client.get(f"/ho-so/{ids['status']['revision_requested']}/sua").status_code == 200
