"""Administration and workflow pages in a real browser (CSRF on): an admin uploads a template
version, reads the report and the preview, activates it; a refused upload shows its report; the
workflow diagram renders. Screenshots go to test-artifacts/screenshots/ (admin-*.png)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect  # waits for the page a click loads (is_visible() does not)

from tests.admin.conftest import MARKER, TEMPLATE, edited_docx
from tests.e2e.conftest import shot
from tests.e2e.test_officer_to_leader import sign_in


def sign_in_admin(page: Any, base: str) -> None:
    """The admin lands on the administration pages, not on a dossier list (after the second factor)."""
    sign_in(page, base, "quantri", landing=re.escape(f"{base}/quan-tri/") + "$")


def test_admin_pages(page: Any, live_server: str, tmp_path: Path) -> None:
    base = live_server
    sign_in_admin(page, base)
    page.get_by_role("link", name="Quản trị").click()
    shot(page, "admin-1-overview")
    page.get_by_role("link", name="Người dùng", exact=True).click()
    shot(page, "admin-2-users")
    page.get_by_role("link", name="Tạo tài khoản mới").first.click()
    page.get_by_label("Tên đăng nhập").fill("Sai Tên")
    page.get_by_label("Họ và tên").fill("Lê Thị Thu")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.locator("#e-username")).to_be_visible()
    shot(page, "admin-3-user-form-errors")
    page.get_by_label("Tên đăng nhập").fill("lethithu")
    page.get_by_label("Đơn vị công tác").select_option(label="Sở Công Thương tỉnh Khánh Hòa")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.locator("#mat-khau")).to_be_visible()
    shot(page, "admin-4-password-once")

    page.goto(f"{base}/quan-tri/don-vi")
    page.get_by_role("link", name="Ủy ban nhân dân tỉnh Khánh Hòa").click()
    shot(page, "admin-5-organisation")

    page.goto(f"{base}/quan-tri/mau-van-ban")
    shot(page, "admin-6-templates")
    page.goto(f"{base}/quan-tri/mau-van-ban/{TEMPLATE}")
    bad = tmp_path / "mau-loi.docx"
    bad.write_bytes(edited_docx(body="Kính gửi: {{ cycler.__init__.__globals__.os.system('id') }}"))
    page.get_by_label("Tệp mẫu Word").set_input_files(str(bad))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_text("Không nhận phiên bản vừa tải lên")).to_be_visible()
    shot(page, "admin-7-upload-refused")
    good = tmp_path / "mau-moi.docx"
    good.write_bytes(edited_docx())
    page.get_by_label("Tệp mẫu Word").set_input_files(str(good))
    page.get_by_label("Ghi chú thay đổi").fill("Thêm dòng thử nghiệm")
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_role("button", name="Kích hoạt phiên bản 2")).to_be_visible()
    shot(page, "admin-8-version-draft")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bản xem trước (DOCX)").click()
    from tests.admin.test_templates import docx_text

    assert MARKER in docx_text(Path(download.value.path()).read_bytes())
    page.get_by_role("button", name="Kích hoạt phiên bản 2").click()
    expect(page.get_by_text("Đã kích hoạt phiên bản 2")).to_be_visible()
    shot(page, "admin-9-template-activated")

    page.goto(f"{base}/quy-trinh?trang-thai=in_progress")
    assert page.locator('svg.workflow-diagram g[data-state="in_progress"][aria-current="step"]').count() == 1
    shot(page, "workflow-1-diagram")


def test_dossier_page_diagram(page: Any, live_server: str) -> None:
    sign_in(page, live_server, "chuyenvien")
    page.goto(f"{live_server}/ho-so/")
    page.locator("table a").first.click()
    page.get_by_text("Xem sơ đồ quy trình").click()
    assert page.locator('#quy-trinh svg g[aria-current="step"]').count() == 1
    page.locator("#quy-trinh").screenshot(path=str(Path(__file__).resolve().parents[2] / "test-artifacts" /
                                                   "screenshots" / "workflow-2-dossier-page.png"))
