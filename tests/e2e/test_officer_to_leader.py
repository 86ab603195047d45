"""The main path in a real browser (architecture.md B8 test 30, issue 10): an officer creates a
dossier with Vietnamese text and item lines and submits it; the Sở's director signs the council's
decision and invitation; after appraisal the officer submits for approval and the director signs
the Tờ trình; the approving authority — from the data: the demo province's UBND tỉnh — approves
by signing the decision from its leader's inbox; the UBND's văn thư seals it; the officer signs
the contract (which cites the decision by its number) and takes the dossier on to settlement; the
settlement's documents are signed, the Trung tâm enters the biên bản its parties signed on paper,
and the officer archives the dossier."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest

from dossier.demo.people import DEMO_PASSWORD
from dossier.vn.vntime import today_vn
from dossier.vn.words import amount_in_words
from tests.e2e.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "Hỗ trợ ứng dụng máy sấy táo tiên tiến cho Hộ kinh doanh Ánh Dương"
BENEFICIARY = "Hộ kinh doanh Ánh Dương"
SUPPORT = 130_000_000
SLOW = 180_000  # ms: a signature converts the document with LibreOffice


def day(offset: int = 0) -> str:
    """A step's date as typed, `offset` days from today in Vietnam. A decision is signed today and
    never back-dated, so what follows a signature happens today: the council meets today, and the
    contract, the start, acceptance and settlement are today's too (issue 10's chronology)."""
    return f"{today_vn() + dt.timedelta(days=offset):%d/%m/%Y}"


def sign_in(page: Any, base: str, username: str, landing: str = r"/(ho-so|viec-cho-duyet)/") -> None:
    """The password, then for leaders, clerks and administrators the code of their authenticator
    app (computed here from the demo's secret, as the app would)."""
    page.goto(f"{base}/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(landing + "|/dang-nhap/ma-xac-thuc"))
    if "/dang-nhap/ma-xac-thuc" in page.url:
        from dossier.demo.people import demo_totp_code

        page.get_by_label("Mã xác thực").fill(demo_totp_code(username))
        page.get_by_role("button", name="Xác nhận").click()
        page.wait_for_url(re.compile(landing))


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/dang-nhap"))


def choose(page: Any, label: str, contains: str) -> None:
    """Pick the option of a <select> whose text contains `contains`."""
    select = page.get_by_label(label, exact=True)
    value = select.evaluate(
        "(el, text) => [...el.options].find(o => o.textContent.includes(text)).value", contains)
    select.select_option(value)


def fire_step(page: Any, button: str, fields: dict[str, str] | None = None) -> None:
    page.get_by_role("link", name=button, exact=True).click()
    for label, value in (fields or {}).items():
        page.get_by_label(label).fill(value)
    page.locator("form.panel").get_by_role("button", name=button, exact=True).click()
    page.wait_for_url(re.compile(r"/ho-so/\d+$"))
    assert page.locator(".flash-success").count() == 1, page.content()[:3000]


# long: one officer-to-leader journey in a real browser, screen after screen; split, it would lose its order.
def test_officer_to_leader_happy_path(page: Any, live_server: str) -> None:
    base = live_server
    sign_in(page, base, "chuyenvien")
    shot(page, "01-danh-sach-ho-so")

    page.get_by_role("link", name="Lập hồ sơ mới").first.click()
    page.get_by_label("Tên đề án").fill(TITLE)
    choose(page, "Nhóm nội dung", "G1 – Mô hình trình diễn")
    choose(page, "Kế hoạch", "năm 2026")
    choose(page, "Đợt", "Đợt 1 năm 2026")
    choose(page, "Hội đồng thẩm định", "năm 2026")
    page.get_by_label("Địa điểm thực hiện").fill("thôn Thuận Hòa, xã Phước Thuận, tỉnh Khánh Hòa")
    page.get_by_label("Ngày bắt đầu").fill(day(-30))
    page.get_by_label("Ngày kết thúc").fill(day(150))
    page.get_by_label("Tên cơ sở thụ hưởng").fill(BENEFICIARY)
    page.get_by_label("Người đại diện", exact=True).fill("Nguyễn Thị Ánh")
    page.get_by_label("Xã, phường").fill("xã Phước Thuận")
    page.get_by_label("Tỉnh, thành phố").fill("Khánh Hòa")
    page.get_by_label("Mã số thuế").fill("4500345678")
    # What the contract needs of Bên B (its step refuses without them: Điều 4 pays by transfer).
    page.get_by_label("Số giấy chứng nhận đăng ký").fill("37A8012345")
    page.get_by_label("Ngày cấp", exact=True).fill("15/03/2019")
    page.get_by_label("Số CCCD của người đại diện").fill("058186001234")
    page.get_by_label("Số tài khoản ngân hàng").fill("4601205123456")
    page.get_by_label("Mở tại ngân hàng").fill("Ngân hàng Nông nghiệp và Phát triển Nông thôn, chi nhánh Khánh Hòa")
    page.get_by_label("Tên hạng mục dòng 1").fill("Máy sấy táo bằng nhiệt đối lưu")
    page.get_by_label("Thông số kỹ thuật dòng 1").fill("500 kg/mẻ")
    page.get_by_label("Đơn vị tính dòng 1").fill("hệ thống")
    page.get_by_label("Đơn giá (đồng) dòng 1").fill("210.000.000")
    # "Thêm dòng" is a real submit: the no-JavaScript path, answered by the server.
    page.get_by_role("button", name="Thêm dòng").click()
    page.get_by_label("Tên hạng mục dòng 2").fill("Máy đóng gói hút chân không")
    page.get_by_label("Số lượng dòng 2").fill("2")
    page.get_by_label("Đơn vị tính dòng 2").fill("máy")
    page.get_by_label("Đơn giá (đồng) dòng 2").fill("35.000.000")
    page.get_by_label("Kinh phí khuyến công đề nghị hỗ trợ (đồng)").fill("130.000.000")
    assert page.get_by_label("Tên hạng mục dòng 1").input_value() == "Máy sấy táo bằng nhiệt đối lưu"
    # The live totals (static/app.js).
    assert page.locator("[data-total]").inner_text() == "280.000.000 đồng"
    assert page.locator("[data-counterpart]").inner_text() == "150.000.000 đồng"
    assert page.locator("[data-percent]").inner_text() == "46,43 %"
    shot(page, "02-lap-ho-so")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    page.wait_for_url(re.compile(r"/ho-so/\d+$"))
    dossier_url = page.url
    assert page.get_by_role("heading", name=TITLE).is_visible()
    assert "Một trăm ba mươi triệu đồng" in page.content()

    # each step dated as it happened ("Ngày thực hiện bước", today by default), in the dossier's order
    fire_step(page, "Nộp hồ sơ", {"Ngày thực hiện bước": day(-10),
                                  "Ý kiến": "Hồ sơ đã đủ thành phần theo quy định."})
    fire_step(page, "Thành lập Hội đồng, đưa ra thẩm định",
              {"Ngày thực hiện bước": day(-7), "Ngày họp Hội đồng": day(), "Giờ họp": "14 giờ 00",
               "Địa điểm họp": "Phòng họp số 2, Sở Công Thương"})
    sign_out(page)
    # The council's decision and the invitation are issued before it meets (issue 10).
    sign_in(page, base, "giamdoc")
    sign_drafts(page, base, TITLE, ["Quyết định thành lập Hội đồng thẩm định đề án khuyến công",
                                    "Giấy mời họp Hội đồng thẩm định"])
    sign_out(page)
    sign_in(page, base, "chuyenvien")
    page.goto(dossier_url)
    page.get_by_role("link", name="Nhập phiếu nhận xét của thành viên Hội đồng").click()
    forms = page.locator("form.review")
    for i in range(forms.count()):
        form = forms.nth(i)
        if "không biểu quyết" in form.inner_text():
            continue
        # Đạt on each criterion of the Phiếu (the ticks the document prints), then the conclusion.
        for i in range(form.get_by_label("Đạt", exact=True).count()):
            form.get_by_label("Đạt", exact=True).nth(i).check()
        form.get_by_label("Điểm (0–100)").fill("85")
        form.get_by_label("Nhận xét").fill("Thiết bị phù hợp, kinh phí hợp lý.")
        form.get_by_role("button").click()
        page.wait_for_load_state()
        forms = page.locator("form.review")
    shot(page, "03-phieu-nhan-xet")
    page.goto(dossier_url)
    fire_step(page, "Ghi kết quả thẩm định", {"Ngày thực hiện bước": day(), "Ngày họp Hội đồng": day(),
                                               "Kết luận của Hội đồng": "Đề án đạt; đề nghị hỗ trợ 130.000.000 đồng."})
    fire_step(page, "Trình phê duyệt", {"Ngày thực hiện bước": day()})
    assert page.get_by_text("Đã trình phê duyệt").first.is_visible()
    # An officer has no approval button (the buttons follow the workflow table's roles).
    assert page.get_by_role("link", name="Phê duyệt đề án").count() == 0
    shot(page, "04-ho-so-da-trinh")
    sign_out(page)

    # The Sở's director signs the Tờ trình; he no longer approves (the UBND tỉnh does).
    sign_in(page, base, "giamdoc")
    assert page.locator("article.inbox-item", has_text=TITLE).count() == 0
    sign_drafts(page, base, TITLE, ["Tờ trình đề nghị phê duyệt đề án khuyến công"])
    sign_out(page)

    sign_in(page, base, "phochutich")
    assert page.url.endswith("/viec-cho-duyet/")
    item = page.locator("article.inbox-item", has_text=TITLE)
    assert item.get_by_role("link", name="Xem PDF").count() >= 1
    shot(page, "05-viec-cho-duyet")
    item.get_by_label("Ý kiến khi duyệt (không bắt buộc)").fill("Đồng ý phê duyệt.")
    item.get_by_label("Mật khẩu chứng thư số").fill(DEMO_PASSWORD)
    item.get_by_role("button", name="Phê duyệt đề án và ký số").click()
    page.wait_for_url(re.compile(r"/viec-cho-duyet/$"), timeout=SLOW)
    assert "Đã ký số, cấp số văn bản" in page.locator(".flash-success").inner_text()
    assert page.locator("article.inbox-item", has_text=TITLE).count() == 0
    sign_out(page)

    sign_in(page, base, "vanthuubnd", landing=r"/(ho-so|viec-cho-duyet|phat-hanh)/?")
    page.goto(f"{base}/phat-hanh")
    item = page.locator("article", has_text="Quyết định phê duyệt đề án khuyến công").first
    item.get_by_label("Mật khẩu chứng thư số của cơ quan").fill(DEMO_PASSWORD)
    item.get_by_role("button", name="Đóng dấu và phát hành").click()
    page.wait_for_load_state()
    assert "Đã đóng dấu, phát hành văn bản" in page.locator(".flash-success").inner_text()
    sign_out(page)

    sign_in(page, base, "chuyenvien")
    page.goto(dossier_url)
    assert page.locator(".badge").first.inner_text() == "Đã phê duyệt"
    number = re.search(r"Số (\d+/QĐ-UBND) ngày", page.locator("#van-ban").inner_text())
    assert number, page.locator("#van-ban").inner_text()
    shot(page, "06-ho-so-da-phe-duyet")
    with page.expect_download() as info:
        page.locator('a[data-template="qd_phe_duyet_de_an"]').first.click()
    text = _docx_text(info.value.path())
    assert BENEFICIARY in text
    assert "130.000.000" in text
    assert amount_in_words(SUPPORT).lower() in text.lower()

    fire_step(page, "Ký hợp đồng thực hiện", {"Số hợp đồng": "05/2026/HĐ-KC", "Ngày ký hợp đồng": day(),
                                     "Giá trị hợp đồng (kinh phí khuyến công)": "130.000.000"})
    with page.expect_download() as info:
        page.locator('a[data-template="hop_dong_thuc_hien"]').first.click()
    assert f"Căn cứ Quyết định số {number.group(1)} ngày" in _docx_text(info.value.path())
    fire_step(page, "Bắt đầu thực hiện", {"Ngày bắt đầu thực hiện": day()})
    page.get_by_role("link", name="Nghiệm thu", exact=True).click()
    page.get_by_label("Ngày nghiệm thu").fill(day())
    page.get_by_label("Kết quả nghiệm thu đạt").check()
    page.get_by_label("Giá trị thực hiện được nghiệm thu").fill("280.000.000")
    page.get_by_label("Kinh phí khuyến công được nghiệm thu").fill("130.000.000")
    page.get_by_label("Kết luận nghiệm thu").fill("Đạt yêu cầu.")
    page.locator("form.panel").get_by_role("button", name="Nghiệm thu", exact=True).click()
    page.wait_for_url(re.compile(r"/ho-so/\d+$"))
    fire_step(page, "Thanh lý hợp đồng", {"Ngày thanh lý hợp đồng": day()})
    sign_out(page)

    sign_in(page, base, "giamdoc")
    page.goto(dossier_url)
    fire_step(page, "Quyết toán kinh phí",
              {"Ngày quyết toán": day(), "Kinh phí đề nghị quyết toán": "130.000.000"})
    assert page.locator(".badge").first.inner_text() == "Đã quyết toán"
    shot(page, "07-ho-so-da-quyet-toan")
    sign_drafts(page, base, TITLE, ["Quyết định phê duyệt quyết toán kinh phí đề án khuyến công"])
    sign_out(page)

    # The Trung tâm (it implements the đề án) signs its settlement report and enters in its register
    # the biên bản its parties signed on paper; then nothing of the dossier waits and it is archived.
    sign_in(page, base, "giamdocttkc")
    sign_drafts(page, base, TITLE, ["Báo cáo quyết toán kinh phí đề án khuyến công"])
    enter_paper(page, base, TITLE, ["Biên bản nghiệm thu đề án khuyến công",
                                    "Biên bản thanh lý hợp đồng thực hiện đề án khuyến công"])
    sign_out(page)
    sign_in(page, base, "chuyenvien")
    page.goto(dossier_url)
    fire_step(page, "Đưa vào lưu trữ", {"Ý kiến": "Hồ sơ đủ văn bản đã ban hành."})
    assert page.locator(".badge").first.inner_text() == "Lưu trữ"
    assert "Chờ ký" not in page.locator("#van-ban").inner_text()
    shot(page, "08-ho-so-luu-tru")


def sign_drafts(page: Any, base: str, dossier_title: str, titles: list[str]) -> None:
    """On "Ký số": the dossier's drafts, each card naming the dossier and its beneficiary, signed
    in the order the steps made them."""
    page.goto(f"{base}/ky-so")
    cards = page.locator("li.draft-card", has_text=dossier_title)
    assert [cards.nth(i).get_by_role("heading").inner_text() for i in range(cards.count())] == titles
    assert all(BENEFICIARY in cards.nth(i).inner_text() for i in range(cards.count()))
    for title in titles:
        page.goto(f"{base}/ky-so")
        card = page.locator("li.draft-card", has_text=dossier_title).filter(has_text=title).first
        card.get_by_role("link", name="Xem và ký số").click()
        page.get_by_label("Mật khẩu chứng thư số").fill(DEMO_PASSWORD)
        # Signed (the issued document's page) or refused (the page again, with the reason).
        with page.expect_navigation(timeout=SLOW):
            page.get_by_role("button", name="Ký số và cấp số văn bản").click()
        assert re.search(r"/van-ban-ban-hanh/\d+$", page.url), page.locator("main").inner_text()[:2000]


def enter_paper(page: Any, base: str, dossier_title: str, titles: list[str]) -> None:
    """On "Vào sổ văn bản giấy": each biên bản of the dossier, entered with its event's day."""
    page.goto(f"{base}/vao-so")
    cards = page.locator("article.paper-card", has_text=dossier_title)
    assert [cards.nth(i).get_by_role("heading").inner_text() for i in range(cards.count())] == titles
    for title in titles:
        card = page.locator("article.paper-card", has_text=dossier_title).filter(has_text=title).first
        assert card.get_by_label("Ngày ký").input_value() == today_vn().isoformat()  # the day they met
        card.get_by_role("button", name="Vào sổ, cấp số").click()
        page.wait_for_url(re.compile(r"/vao-so$"))
        assert "Đã vào sổ văn bản số" in page.locator(".flash-success").inner_text()
    assert page.locator("article.paper-card", has_text=dossier_title).count() == 0


def _docx_text(path: Any) -> str:
    from docx import Document

    document = Document(io.BytesIO(Path(path).read_bytes()))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_two_tabs_conflict_message(browser: Any, live_server: str, page: Any) -> None:
    sign_in(page, live_server, "chuyenvien")
    page.goto(f"{live_server}/ho-so/?status=draft")
    page.locator("table.data a").first.click()
    edit_url = page.url + "/sua"
    other = page.context.new_page()
    page.goto(edit_url)
    other.goto(edit_url)
    page.get_by_label("Tên đề án").fill("Tên do tab thứ nhất lưu")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    page.wait_for_url(re.compile(r"/ho-so/\d+$"))
    other.get_by_label("Tên đề án").fill("Tên tab thứ hai đang gõ")
    other.get_by_role("button", name="Lưu hồ sơ").click()
    other.wait_for_load_state()
    assert other.get_by_role("heading", name="Hồ sơ đã được người khác cập nhật trong lúc bạn sửa").is_visible()
    assert other.get_by_label("Tên đề án").input_value() == "Tên tab thứ hai đang gõ"
    shot(other, "07-xung-dot-phien-ban")
