"""Issuance in a real browser (issue 5, "Done when"): the UBND's Phó Chủ tịch signs a draft
approval decision of a demo dossier with his certificate password (a wrong password first: a
clear message, no number burnt), the UBND's văn thư seals it, the officer downloads the signed
PDF from the dossier's issued documents, and the public verification page, reached by the code
printed on the issued document, shows both signatures valid with Vietnam time.

LibreOffice is real here (the preview and the signing convert DOCX to PDF through the pool)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from dossier.demo.people import DEMO_PASSWORD
from tests.e2e.conftest import shot
from tests.e2e.test_officer_to_leader import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The demo's dossier submitted for approval: its Tờ trình waits for the Sở's signature (issue 10:
# the UBND tỉnh's decisions are signed when approving, see test_officer_to_leader).
DOSSIER = "KC-2026-004"
DECISION = "Tờ trình đề nghị phê duyệt đề án khuyến công"
LEADER, LEADER_NAME = "giamdoc", "Phạm Văn Hùng"
CLERK = "vanthu"
UBND = "Sở Công Thương tỉnh Khánh Hòa"  # the issuing body whose seal the văn thư applies
SLOW = 180_000  # ms: the first LibreOffice conversion of the run starts the pool


def _register_count(db: Any) -> int:
    from dossier.model import RegisterEntry

    with db.read() as session:
        return session.scalar(select(func.count()).select_from(RegisterEntry))


# long: one sign → seal → download → verify journey in a real browser; each screen needs the one before.
def test_sign_seal_download_verify(browser: Any, page: Any, live_server: str, tmp_path: Path) -> None:
    from dossier.services import issuance
    from dossier.services.uow import Database

    base = live_server
    db = Database(f"sqlite:///{tmp_path / 'live.sqlite3'}")  # the live server's copy (conftest)
    try:
        before = _register_count(db)

        # (1) The leader: "Ký số", the draft, its PDF preview, a wrong password, then the right one.
        sign_in(page, base, LEADER)
        page.get_by_role("link", name="Ký số", exact=True).click()
        page.wait_for_url(re.compile(r"/ky-so$"))
        row = page.locator("li.draft-card", has_text=DOSSIER).filter(has_text=DECISION)
        assert row.count() == 1, page.content()[:3000]
        shot(page, "20-ky-so-danh-sach")
        row.get_by_role("link", name="Xem và ký số").click()
        page.wait_for_url(re.compile(r"/ky-so/\d+$"))
        assert page.get_by_role("heading", name=DECISION).is_visible()
        assert "GIÁM ĐỐC" in page.content() and LEADER_NAME in page.content()
        preview = page.get_by_role("link", name=re.compile("Đọc bản PDF của dự thảo"))
        assert preview.is_visible()
        reply = page.request.get(base + preview.get_attribute("href"), timeout=SLOW)
        assert reply.ok and reply.body().startswith(b"%PDF"), reply.status
        assert reply.headers["content-type"].startswith("application/pdf")

        page.get_by_label("Mật khẩu chứng thư số").fill("khong-dung-mat-khau")
        page.get_by_role("button", name="Ký số và cấp số văn bản").click()
        page.wait_for_load_state()
        alert = page.get_by_role("alert")
        assert "Mật khẩu chứng thư số không đúng." in alert.inner_text()
        assert "chưa lấy số" in alert.inner_text()
        assert page.get_by_label("Mật khẩu chứng thư số").get_attribute("aria-invalid") == "true"
        assert _register_count(db) == before  # no number burnt
        shot(page, "21-ky-so-sai-mat-khau")

        page.get_by_label("Mật khẩu chứng thư số").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Ký số và cấp số văn bản").click()
        page.wait_for_url(re.compile(r"/van-ban-ban-hanh/\d+$"), timeout=SLOW)
        issued_url = page.url
        flash = page.locator(".flash-success").inner_text()
        number = re.search(r"Số: \d+/TTr-SCT", flash)
        assert number, flash
        symbol = number.group(0).removeprefix("Số: ")
        assert page.get_by_role("heading", name=number.group(0)).is_visible()
        assert "Đã ký, chờ văn thư đóng dấu phát hành" in page.content()
        assert _register_count(db) == before + 1
        shot(page, "22-van-ban-da-ky")
        dossier_issued = page.get_by_role("link", name="Các văn bản đã ban hành của hồ sơ").get_attribute("href")
        sign_out(page)

        # (2) The UBND's văn thư: "Phát hành", seal with the organisation's certificate.
        sign_in(page, base, CLERK)
        page.get_by_role("link", name="Phát hành", exact=True).click()
        page.wait_for_url(re.compile(r"/phat-hanh$"))
        item = page.locator("article", has_text=symbol)
        assert item.count() == 1
        shot(page, "23-phat-hanh")
        item.get_by_label("Mật khẩu chứng thư số của cơ quan").fill(DEMO_PASSWORD)
        item.get_by_role("button", name="Đóng dấu và phát hành").click()
        page.wait_for_url(issued_url, timeout=SLOW)
        assert f"Đã đóng dấu, phát hành văn bản Số: {symbol}" in page.locator(".flash-success").inner_text()
        assert page.get_by_role("link", name="Tải văn bản PDF đã ký số, đóng dấu").is_visible()
        sign_out(page)

        # (3) The officer: the dossier's issued documents, download the signed PDF.
        sign_in(page, base, "chuyenvien")
        page.goto(base + dossier_issued.rsplit("/van-ban-ban-hanh", 1)[0])
        page.get_by_role("link", name="Văn bản đã ký số, ban hành").click()
        page.wait_for_url(re.compile(r"/ho-so/\d+/van-ban-ban-hanh$"))
        line = page.locator("tr", has_text=symbol)
        assert "Đã phát hành" in line.inner_text()
        shot(page, "24-van-ban-cua-ho-so")
        with page.expect_download() as info:
            line.get_by_role("link", name="Tải PDF").click()
        download = info.value
        assert download.suggested_filename == symbol.replace("/", "_") + ".pdf"
        pdf = Path(download.path()).read_bytes()
        check = issuance.verify_issued(db, port=issuance.SigningPort(), pdf=pdf)
        assert len(check.reports) == 2 and check.all_valid, [r.summary() for r in check.reports]
        assert all(r.intact and r.trusted for r in check.reports)
        assert check.matches_record and check.issued.status == "issued"
        leader_sig, seal = check.reports
        assert leader_sig.signer_name == LEADER_NAME and seal.field_name == "DauCoQuan"
        assert all(r.signing_time_iso.endswith("+07:00") for r in check.reports)

        line.get_by_role("link", name="Xem").click()
        page.wait_for_url(issued_url)
        code = page.locator("dt:has-text('Mã xác thực') + dd").inner_text().strip()
        assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code), code
        assert page.get_by_text("HỢP LỆ", exact=True).count() == 2
        shot(page, "25-van-ban-ban-hanh")
        sign_out(page)
    finally:
        db.dispose()

    # (4) Anyone, not signed in: the verification page by the printed code.
    public = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    try:
        visitor = public.new_page()
        visitor.goto(f"{base}/xac-thuc")
        visitor.get_by_label("Mã xác thực", exact=True).fill(code.lower())
        visitor.get_by_role("button", name="Tra cứu").click()
        visitor.wait_for_url(re.compile(r"/xac-thuc/[0-9A-Z]{10}$"))
        assert visitor.get_by_role("status").first.inner_text().strip().startswith("Văn bản hợp lệ.")
        signatures = visitor.locator("section.signature")
        assert signatures.count() == 2
        for i in range(2):
            assert "– HỢP LỆ" in signatures.nth(i).get_by_role("heading").inner_text()
        text = visitor.locator("main").inner_text()
        assert "KHÔNG HỢP LỆ" not in text and "ĐÃ BỊ THAY ĐỔI" not in text
        assert LEADER_NAME in signatures.nth(0).inner_text()
        assert UBND in signatures.nth(1).inner_text()
        assert symbol in text
        # The signing times read as Vietnam time (UTC+07:00), day first.
        times = visitor.locator("section.signature dt:has-text('Thời điểm ký') + dd").all_inner_texts()
        assert len(times) == 2 and all(re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d.*\+07:00", t) for t in times), times
        shot(visitor, "26-xac-thuc")
        with visitor.expect_download() as info:
            visitor.get_by_role("link", name="Tải bản PDF gốc đã phát hành").click()
        assert Path(info.value.path()).read_bytes() == pdf
    finally:
        public.close()
