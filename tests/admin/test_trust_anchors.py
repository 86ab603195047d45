"""The administrator's list of trusted CAs (issue 11): add a root, refuse a signer's own
certificate and a non-certificate, remove; verification follows the list."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from dossier.signing.certs import certificate_pem
from dossier.signing.pades import sign_pdf
from tests.web.conftest import login, make_app, web_db  # noqa: F401 - fixtures

SAMPLE_PDF = (Path(__file__).resolve().parents[1] / "signing" / "data" / "sample.pdf").read_bytes()


@pytest.fixture
def app(web_db: Any, tmp_path: Path) -> Any:  # noqa: F811
    return make_app(web_db, tmp_path)


def _upload(client: Any, data: bytes, name: str = "") -> Any:
    return client.post("/quan-tri/tin-cay", data={"file": (io.BytesIO(data), "ca.pem"), "name": name},
                       content_type="multipart/form-data")


def _verify(app: Any, pdf: bytes) -> str:
    return app.test_client().post("/xac-thuc", data={"file": (io.BytesIO(pdf), "v.pdf")},
                                  content_type="multipart/form-data").get_data(as_text=True)


def test_admin_adds_and_removes_a_trusted_root(app: Any, test_pki) -> None:
    admin = app.test_client()
    login(admin, "quantri")
    signed = sign_pdf(SAMPLE_PDF, test_pki.signer("leader"))
    assert "Không (không thuộc danh sách tin cậy của hệ thống)" in _verify(app, signed)

    added = _upload(admin, certificate_pem(test_pki.root), "Ban Cơ yếu (thử nghiệm)")
    assert added.status_code == 302
    page = admin.get("/quan-tri/tin-cay").get_data(as_text=True)
    assert "Ban Cơ yếu (thử nghiệm)" in page and "(chứng thư gốc)" in page
    assert "HỢP LỆ" in _verify(app, signed) and "KHÔNG HỢP LỆ" not in _verify(app, signed)

    refused = _upload(admin, certificate_pem(test_pki.cert("leader")))
    assert refused.status_code == 422
    assert "không phải chứng thư của tổ chức cung cấp dịch vụ chứng thực" in refused.get_data(as_text=True)
    garbage = _upload(admin, b"%PDF-1.7 not a certificate")
    assert garbage.status_code == 422 and "không phải chứng thư số X.509" in garbage.get_data(as_text=True)

    import re

    row = [r for r in page.split("<tr>") if "Ban Cơ yếu (thử nghiệm)" in r][-1]  # the table row, not the flash
    anchor_id = re.search(r"/quan-tri/tin-cay/(\d+)/xoa", row).group(1)
    assert admin.post(f"/quan-tri/tin-cay/{anchor_id}/xoa").status_code == 302
    after = admin.get("/quan-tri/tin-cay").get_data(as_text=True)
    assert f"/quan-tri/tin-cay/{anchor_id}/xoa" not in after and "(thử nghiệm)</td>" not in after
    assert "KHÔNG HỢP LỆ" in _verify(app, signed)


def test_only_administrators_manage_trust(app: Any, test_pki) -> None:
    officer = app.test_client()
    login(officer, "chuyenvien")
    assert officer.get("/quan-tri/tin-cay").status_code == 403
    assert _upload(officer, certificate_pem(test_pki.root)).status_code == 403
