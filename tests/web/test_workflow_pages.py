"""The dossier page, workflow steps, council reviews and the leader's inbox."""

from __future__ import annotations

import re
from typing import Any

from tests.web.conftest import approve, dossier_state, sign_submission


def test_dossier_page_shows_state_figures_history_and_actions(as_user: Any, ids: dict) -> None:
    html = as_user("chuyenvien").get(f"/ho-so/{ids['status']['in_progress']}").get_data(as_text=True)
    assert "Đang thực hiện" in html
    for text in ("Tổng kinh phí", "Vốn đối ứng", "Bằng chữ", "Quá trình xử lý", "Nộp hồ sơ", "Phê duyệt đề án",
                 "Văn bản đã tạo", "Tải DOCX", "Xem PDF", "Ghi biên bản kiểm tra"):
        assert text in html, text
    assert "Trần Hòa Nam" in html  # who approved (the UBND tỉnh's Phó Chủ tịch), in the timeline


def test_dossier_page_and_inbox_show_the_phase(as_user: Any, ids: dict) -> None:
    html = as_user("chuyenvien").get(f"/ho-so/{ids['status']['in_progress']}").get_data(as_text=True)
    assert "Giai đoạn: Thực hiện" in html
    inbox = as_user("phochutich").get("/viec-cho-duyet/").get_data(as_text=True)
    assert "Phê duyệt · " in inbox  # the waiting dossier is in the approval phase


def test_disabled_actions_show_the_guards_reason(as_user: Any, web_db: Any, ids: dict) -> None:
    from dossier.model import Dossier

    dossier_id = ids["status"]["draft"]
    with web_db.write() as session:
        session.get(Dossier, dossier_id).location = ""
    html = as_user("chuyenvien").get(f"/ho-so/{dossier_id}").get_data(as_text=True)
    assert re.search(r'aria-disabled="true">Nộp hồ sơ</span>\s*<span class="reason">Chưa thực hiện được: '
                     r"Hồ sơ còn thiếu: địa điểm thực hiện", html)


def test_a_step_form_asks_for_its_inputs_and_fires(as_user: Any, web_db: Any, ids: dict) -> None:
    client = as_user("chuyenvien")
    dossier_id = ids["status"]["submitted"]
    status, version, _ = dossier_state(web_db, dossier_id)
    html = client.get(f"/ho-so/{dossier_id}/thao-tac/request_revision").get_data(as_text=True)
    assert "Danh sách nội dung cần bổ sung" in html and "Mỗi dòng một nội dung." in html
    assert f'name="version" value="{version}"' in html
    response = client.post(f"/ho-so/{dossier_id}/thao-tac/request_revision", data={
        "version": str(version), "missing_items": "Báo giá thiết bị\nGiấy chứng nhận đăng ký kinh doanh\n",
        "deadline": "15/04/2026"})
    assert response.status_code == 302
    assert dossier_state(web_db, dossier_id)[:2] == ("revision_requested", version + 1)
    page = client.get(f"/ho-so/{dossier_id}").get_data(as_text=True)
    assert "Báo giá thiết bị" in page and "15/04/2026" in page  # the inputs in the timeline


def test_the_step_form_asks_for_the_steps_date_today_in_vietnam_by_default(as_user: Any, web_db: Any,
                                                                             ids: dict) -> None:
    from datetime import timedelta

    from dossier.vn.vntime import today_vn

    client = as_user("chuyenvien")
    dossier_id = ids["status"]["submitted"]
    _, version, _ = dossier_state(web_db, dossier_id)
    html = client.get(f"/ho-so/{dossier_id}/thao-tac/request_revision").get_data(as_text=True)
    assert "Ngày thực hiện bước" in html and f'name="effective_on" value="{today_vn():%d/%m/%Y}"' in html
    tomorrow = today_vn() + timedelta(days=1)
    response = client.post(f"/ho-so/{dossier_id}/thao-tac/request_revision", data={
        "version": str(version), "effective_on": f"{tomorrow:%d/%m/%Y}", "missing_items": "Báo giá"})
    assert response.status_code == 422 and "sau ngày hôm nay" in response.get_data(as_text=True)
    response = client.post(f"/ho-so/{dossier_id}/thao-tac/request_revision", data={
        "version": str(version), "effective_on": "01/01/2020", "missing_items": "Báo giá"})
    assert response.status_code == 422 and "trước ngày của bước trước" in response.get_data(as_text=True)
    assert dossier_state(web_db, dossier_id)[1] == version  # nothing written
    with web_db.read() as session:
        from sqlalchemy import select

        from dossier.model import TransitionRecord

        submitted = session.scalars(select(TransitionRecord).where(TransitionRecord.dossier_id == dossier_id)).first()
        on = submitted.on
    page = client.get(f"/ho-so/{dossier_id}").get_data(as_text=True)
    assert f"Ngày {on:%d/%m/%Y} · " in page and "ghi nhận lúc" in page  # the step's date, then when it was typed


def test_step_errors_are_shown_next_to_fields_and_keep_values(as_user: Any, web_db: Any, ids: dict) -> None:
    client = as_user("chuyenvien")
    dossier_id = ids["status"]["submitted"]
    before = dossier_state(web_db, dossier_id)
    response = client.post(f"/ho-so/{dossier_id}/thao-tac/start_appraisal", data={
        "version": str(before[1]), "meeting_date": "ngày mai", "meeting_time": "08 giờ 00", "meeting_place": ""})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="e-meeting_date"' in html and 'id="e-meeting_place">Cần nhập địa điểm họp.' in html
    assert 'value="ngày mai"' in html and 'value="08 giờ 00"' in html
    assert dossier_state(web_db, dossier_id) == before


def test_a_refused_step_says_why(as_user: Any, web_db: Any, ids: dict) -> None:
    client = as_user("chuyenvien")
    dossier_id = ids["status"]["draft"]
    _, version, _ = dossier_state(web_db, dossier_id)
    response = client.post(f"/ho-so/{dossier_id}/thao-tac/start_appraisal", data={
        "version": str(version), "meeting_date": "2026-03-12", "meeting_time": "8 giờ", "meeting_place": "Sở"})
    assert response.status_code == 422
    assert "Không thể thực hiện" in response.get_data(as_text=True)
    assert client.post(f"/ho-so/{dossier_id}/thao-tac/approve", data={"version": str(version)}).status_code == 403
    assert client.get(f"/ho-so/{dossier_id}/thao-tac/khong_co").status_code == 404


def test_a_stale_step_form_keeps_what_was_typed(as_user: Any, web_db: Any, ids: dict) -> None:
    a, b = as_user("chuyenvien"), as_user("chuyenvien2")
    dossier_id = ids["status"]["submitted"]
    _, version, _ = dossier_state(web_db, dossier_id)
    assert a.post(f"/ho-so/{dossier_id}/thao-tac/request_revision",
                  data={"version": str(version), "missing_items": "Báo giá"}).status_code == 302
    response = b.post(f"/ho-so/{dossier_id}/thao-tac/request_revision",
                      data={"version": str(version), "missing_items": "Danh sách anh Bảo gõ\nDòng hai"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Danh sách anh Bảo gõ\nDòng hai</textarea>" in html and "người khác cập nhật" in html


def test_council_reviews_are_entered_per_member(as_user: Any, web_db: Any, ids: dict) -> None:
    from dossier.model import Dossier

    client = as_user("chuyenvien")
    dossier_id = ids["status"]["under_appraisal"]
    with web_db.read() as session:
        member = session.get(Dossier, dossier_id).council.members[0].id
    html = client.get(f"/ho-so/{dossier_id}/phieu-nhan-xet").get_data(as_text=True)
    assert "Nguyễn Thị Hồng Nhung" in html and "Chủ tịch Hội đồng" in html
    bad = client.post(f"/ho-so/{dossier_id}/phieu-nhan-xet/{member}",
                      data={"passed": "1", "score": "120", "recommended_support": "mười triệu", "comment": "Tốt"})
    assert bad.status_code == 422
    assert "Kinh phí đề nghị phải là số tiền" in bad.get_data(as_text=True)
    bad = client.post(f"/ho-so/{dossier_id}/phieu-nhan-xet/{member}", data={"passed": "1", "score": "120"})
    assert bad.status_code == 422 and "Điểm phải từ 0 đến 100" in bad.get_data(as_text=True)
    ok = client.post(f"/ho-so/{dossier_id}/phieu-nhan-xet/{member}",
                     data={"passed": "0", "score": "55", "recommended_support": "100.000.000",
                           "comment": "Thiết bị chưa phù hợp", "dat_1": "1", "dat_2": "1", "dat_3": "0"})
    assert ok.status_code == 302
    with web_db.read() as session:
        council = session.get(Dossier, dossier_id).council
        review = next(r for r in session.get(Dossier, dossier_id).reviews if r.member_id == member)
        assert (review.passed, review.score, review.recommended_support) == (False, 55, 100_000_000)
        assert [c["dat"] for c in review.criteria] == [True, True, False, None, None]  # the member's own marks
        secretary = next(m for m in council.members if not m.voting)
    html = client.get(f"/ho-so/{dossier_id}/phieu-nhan-xet").get_data(as_text=True)
    assert 'name="dat_3" value="0" checked' in html
    # the secretary (không biểu quyết) has no sheet to fill in
    panel = html.split(f'id="thanh-vien-{secretary.id}"')[1].split("</div>")[0]
    assert "Không biểu quyết: không có phiếu đánh giá." in panel and "<form" not in panel


def test_inbox_lists_waiting_dossiers_oldest_first_with_documents(as_user: Any, web_db: Any, ids: dict) -> None:
    # The Sở's director no longer approves: the UBND tỉnh does (issue 10); the dossier waits for
    # his signature of the Tờ trình first, and the approving leader's inbox says so.
    assert 'class="panel inbox-item"' not in as_user("giamdoc").get("/viec-cho-duyet/").get_data(as_text=True)
    html = as_user("phochutich").get("/viec-cho-duyet/").get_data(as_text=True)
    assert html.count('class="panel inbox-item"') == 1
    assert "Tờ trình đề nghị phê duyệt đề án khuyến công chưa được ban hành: đang chờ lãnh đạo Sở Công Thương" in html
    sign_submission(as_user, web_db, ids["status"]["submitted_for_approval"])
    html = as_user("phochutich").get("/viec-cho-duyet/").get_data(as_text=True)
    assert "Phê duyệt đề án và ký số" in html and "Trả lại chuyên viên" in html and "Xem PDF" in html
    assert 'name="password" type="password"' in html


def test_leader_approves_from_the_inbox_and_the_officer_sees_it(as_user: Any, web_db: Any, ids: dict) -> None:
    officer = as_user("chuyenvien")
    dossier_id = ids["status"]["submitted_for_approval"]
    sign_submission(as_user, web_db, dossier_id)
    refused = approve(as_user, web_db, dossier_id, who="giamdoc")  # the Sở's director does not approve
    assert refused.status_code == 422 and "Ủy ban nhân dân tỉnh Khánh Hòa quyết định" in refused.get_data(as_text=True)
    leader = as_user("phochutich")
    response = approve(as_user, web_db, dossier_id, next_url="/viec-cho-duyet/", client=leader)
    assert response.status_code == 302 and response.headers["Location"] == "/viec-cho-duyet/"
    assert "Đã ký số, cấp số văn bản" in leader.get("/viec-cho-duyet/").get_data(as_text=True)  # the flash
    page = officer.get(f"/ho-so/{dossier_id}").get_data(as_text=True)
    assert 'st-approved">Đã phê duyệt' in page and "Quyết định" in page
    assert re.search(r"Số \d+/QĐ-UBND ngày", page)  # approved is issued: the decision has its number


def test_leader_returns_with_a_reason(as_user: Any, web_db: Any, ids: dict) -> None:
    leader = as_user("phochutich")
    dossier_id = ids["status"]["submitted_for_approval"]
    _, version, _ = dossier_state(web_db, dossier_id)
    empty = leader.post(f"/ho-so/{dossier_id}/thao-tac/return_to_officer",
                        data={"version": str(version), "reason": " ", "next": "/viec-cho-duyet/"})
    assert empty.status_code == 422 and "Cần nhập lý do." in empty.get_data(as_text=True)
    ok = leader.post(f"/ho-so/{dossier_id}/thao-tac/return_to_officer",
                     data={"version": str(version), "reason": "Bổ sung báo giá thứ ba", "next": "/viec-cho-duyet/"})
    assert ok.status_code == 302
    assert dossier_state(web_db, dossier_id)[0] == "appraised"
    assert "Bổ sung báo giá thứ ba" in as_user("chuyenvien").get(f"/ho-so/{dossier_id}").get_data(as_text=True)
    assert 'class="panel inbox-item"' not in leader.get("/viec-cho-duyet/").get_data(as_text=True)


def test_the_inbox_orders_by_arrival(as_user: Any, web_db: Any, ids: dict) -> None:
    """A dossier submitted later queues after one submitted earlier, whatever their ids."""
    from datetime import UTC, datetime

    from dossier.model import Dossier, TransitionRecord

    adjust = ids["status"]["in_progress"]
    with web_db.write() as session:
        # Put an in-progress dossier into adjustment, arrived long ago.
        d = session.get(Dossier, adjust)
        d.status = "adjustment_pending"
        session.add(TransitionRecord(dossier_id=adjust, trigger="request_adjustment", from_status="in_progress",
                                     to_status="adjustment_pending", actor_id=ids["users"]["chuyenvien"],
                                     at=datetime(2020, 1, 1, tzinfo=UTC), inputs_json="{}",
                                     version_after=d.version + 1))
    html = as_user("phochutich").get("/viec-cho-duyet/").get_data(as_text=True)
    positions = [html.index(f'href="/ho-so/{i}"') for i in (adjust, ids["status"]["submitted_for_approval"])]
    assert positions == sorted(positions)
    assert "Phê duyệt điều chỉnh" in html


def test_the_dossier_page_shows_what_is_due_and_links_money_and_archive(as_user, web_db) -> None:
    from datetime import date

    from sqlalchemy import select

    from dossier.model import Dossier
    from dossier.vn.vntime import today_vn

    with web_db.read() as session:
        revision = session.scalars(select(Dossier).where(Dossier.status == "revision_requested")).first()
    html = as_user("chuyenvien").get(f"/ho-so/{revision.id}").get_data(as_text=True)
    assert "Thời hạn" in html and "Hạn nộp hồ sơ bổ sung" in html and "26/05/2026" in html
    assert f"đã quá {(today_vn() - date(2026, 5, 26)).days} ngày" in html  # the demo's deadline is long past
    assert f"/bao-cao/ho-so/{revision.id}/kinh-phi" in html and f"/bao-cao/ho-so/{revision.id}/luu-tru.zip" in html
    assert "Báo cáo, kinh phí" in html  # in the main menu


def test_the_tờ_trình_form_proposes_the_councils_amount_and_keeps_a_lower_one(as_user: Any, web_db: Any,
                                                                             ids: dict) -> None:
    """The Sở's Tờ trình proposes the council's amount unless the officer lowers it; the lowered
    amount is what the step keeps and the approval will book (issue 10)."""
    import json

    from sqlalchemy import select

    from dossier.model import Dossier, TransitionRecord
    from dossier.services.walk import walk_to
    from workflows import Status, Trigger

    dossier_id = ids["status"]["submitted"]
    walk_to(web_db, dossier_id, Status.APPRAISED)
    with web_db.read() as session:
        requested = session.get(Dossier, dossier_id).requested_support
    client = as_user("chuyenvien")
    html = client.get(f"/ho-so/{dossier_id}/thao-tac/submit_for_approval").get_data(as_text=True)
    assert "Kinh phí khuyến công đề nghị phê duyệt" in html
    assert re.search(rf'name="proposed_support"[^>]*value="{re.escape(f"{requested:,}".replace(",", "."))}"', html)
    lower = requested - 10_000_000
    _, version, _ = dossier_state(web_db, dossier_id)
    response = client.post(f"/ho-so/{dossier_id}/thao-tac/submit_for_approval", data={
        "version": str(version), "proposed_support": f"{lower:,}".replace(",", ".")})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with web_db.read() as session:
        row = session.scalars(select(TransitionRecord).where(
            TransitionRecord.dossier_id == dossier_id, TransitionRecord.trigger == Trigger.SUBMIT_FOR_APPROVAL)).one()
        assert json.loads(row.inputs_json)["proposed_support"] == lower
    money = f"{lower:,}".replace(",", ".")
    page = client.get(f"/ho-so/{dossier_id}").get_data(as_text=True)
    assert f"<dt>Sở Công Thương đề nghị phê duyệt</dt><dd>{money} đồng</dd>" in page  # beside the request
    sign_submission(as_user, web_db, dossier_id)  # the Tờ trình is issued: the approver sees the dossier
    inbox = as_user("phochutich").get("/viec-cho-duyet/").get_data(as_text=True)
    card = inbox[inbox.index(f'id="t-{dossier_id}"'):]
    assert card.index(f"Hỗ trợ <strong>{money} đồng</strong>") < card.index("</header>")  # what he approves
    assert f"Sở Công Thương đề nghị phê duyệt {money} đồng" in card[:card.index("</header>")]


def _delegate_approval(as_user: Any, web_db: Any) -> None:
    """The administrator sets the Sở Công Thương as the approving authority, on its own form."""
    from sqlalchemy import select

    from dossier.model import Organisation

    with web_db.read() as session:
        sct = session.scalars(select(Organisation).where(Organisation.code == "sct-kh")).one()
    form = {name: getattr(sct, name) for name in ("name", "header_parent", "header_name", "abbreviation", "place_name",
                                                   "head_title", "head_name", "collective_name", "address", "phone")}
    form.update(parent_id=str(sct.parent_id or ""), approval_authority="so_cong_thuong",
                approval_act_number="15/2026/QĐ-UBND", approval_act_date="02/01/2026")
    assert as_user("quantri").post(f"/quan-tri/don-vi/{sct.id}", data=form).status_code == 302


def test_the_step_form_names_the_documents_the_dossier_s_path_makes(as_user: Any, web_db: Any, ids: dict) -> None:
    """The form of "Trình phê duyệt" names the Tờ trình it makes when the UBND tỉnh approves; by
    delegation the Sở makes no Tờ trình to itself, and the form announces none: what it tells is
    what generation makes (services.documents.step_templates). Fired, the step makes nothing."""
    from sqlalchemy import select

    from dossier.model import GeneratedDocument, TransitionRecord
    from dossier.services.walk import walk_to
    from workflows import Status, Trigger

    dossier_id = ids["status"]["submitted"]
    walk_to(web_db, dossier_id, Status.APPRAISED)
    client = as_user("chuyenvien")
    html = client.get(f"/ho-so/{dossier_id}/thao-tac/submit_for_approval").get_data(as_text=True)
    assert re.search(r"Bước này sẽ tạo văn bản: Tờ trình[^<]*\.</p>", html), html[:3000]
    assert "mẫu.</p>" not in html
    _delegate_approval(as_user, web_db)
    html = client.get(f"/ho-so/{dossier_id}/thao-tac/submit_for_approval").get_data(as_text=True)
    assert "Bước này sẽ tạo văn bản" not in html and "Bước này không tạo văn bản nào trên hồ sơ này." in html
    _, version, _ = dossier_state(web_db, dossier_id)
    response = client.post(f"/ho-so/{dossier_id}/thao-tac/submit_for_approval", data={"version": str(version)})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with web_db.read() as session:
        record = session.scalars(select(TransitionRecord).where(
            TransitionRecord.dossier_id == dossier_id, TransitionRecord.trigger == Trigger.SUBMIT_FOR_APPROVAL)).one()
        assert not session.scalars(select(GeneratedDocument).where(GeneratedDocument.transition_id == record.id)).all()
    # a step that makes its documents on either path still names them
    html = client.get(f"/ho-so/{ids['status']['draft']}/thao-tac/submit").get_data(as_text=True)
    assert re.search(r"Bước này sẽ tạo văn bản: [^<;]+; [^<;]+\.</p>", html)  # its two documents, by title
