"""The public verification page (/xac-thuc) shows the timestamp, the revocation status and the PAdES level."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from dossier.signing.ltv import LongTermOptions, add_archive_timestamp
from dossier.signing.pades import sign_pdf
from dossier.signing.trust import TrustAnchors
from tests.web.conftest import make_app, web_db  # noqa: F401 - fixtures

SAMPLE_PDF = (Path(__file__).resolve().parents[1] / "signing" / "data" / "sample.pdf").read_bytes()


@pytest.fixture
def app(web_db: Any, tmp_path: Path, test_pki) -> Any:  # noqa: F811
    from dossier.services.pki import add_trust_root

    with web_db.write() as session:  # the administrator trusts the test CA's root
        add_trust_root(session, test_pki.root)
    return make_app(web_db, tmp_path)


def _verify(app: Any, pdf: bytes) -> str:
    response = app.test_client().post("/xac-thuc", data={"file": (io.BytesIO(pdf), "van-ban.pdf")},
                                      content_type="multipart/form-data")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_verification_page_reports_timestamp_revocation_and_level(app: Any, test_pki) -> None:
    options = LongTermOptions(trust=TrustAnchors.of([test_pki.root]), tsa_url=test_pki.tsa_url)
    signed = sign_pdf(SAMPLE_PDF, test_pki.signer("leader"), long_term=options)
    page = _verify(app, signed)
    assert "HỢP LỆ" in page and "KHÔNG HỢP LỆ" not in page
    assert "Dấu thời gian (RFC 3161)" in page and "do tổ chức cấp dấu thời gian được tin cậy cấp" in page
    assert "Chưa bị thu hồi tại thời điểm ký" in page and "B-LT" in page
    archived = _verify(app, add_archive_timestamp(signed, options))
    assert "Dấu thời gian lưu trữ (PAdES B-LTA)" in archived and "KHÔNG HỢP LỆ" not in archived


def test_verification_page_without_revocation_data_says_not_checked(app: Any, test_pki) -> None:
    page = _verify(app, sign_pdf(SAMPLE_PDF, test_pki.signer("leader")))
    assert "Không kiểm tra (văn bản không kèm dữ liệu thu hồi)" in page and "B-B" in page
