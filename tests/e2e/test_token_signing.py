"""Issuance in a real browser with a PKCS#11 token (issue 11): the Sở's Phó Giám đốc is registered
to sign with a SoftHSM2 token (key generated inside it, certificate of the test PKI); he types a
wrong PIN (a clear message, no number burnt), then the right one; the document is signed by the
token's key, and the public page shows the signature valid. LibreOffice is real here."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.conftest import require_program
from tests.e2e.conftest import shot
from tests.e2e.test_agent_signing import signable_today
from tests.e2e.test_officer_to_leader import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LEADER = "phogiamdoc"  # Nguyễn Thị Hồng Nhung, the name on the token's certificate
SLOW = 180_000


def _register_token(db: Any, token: Any, root: Any) -> None:
    from dossier.model import User
    from dossier.services.pki import add_trust_root
    from dossier.services.signing_methods import register_method

    with db.write() as session:
        add_trust_root(session, root)
        user = session.scalars(select(User).where(User.username == LEADER)).one()
        register_method(session, user=user, source="pkcs11", certificate=token.certificate, settings={
            "module": token.module, "token_label": token.label, "key_label": token.key_label})


def _numbers(db: Any) -> int:
    from dossier.model import RegisterEntry

    with db.read() as session:
        return session.scalar(select(func.count()).select_from(RegisterEntry))


def test_leader_signs_with_his_token(page: Any, live_server: str, tmp_path: Path, soft_token, test_pki) -> None:
    from dossier.model import Blob, IssuedDocument
    from dossier.services.uow import Database

    db = Database(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    try:
        _register_token(db, soft_token, test_pki.root)
        before = _numbers(db)
        sign_in(page, live_server, LEADER)
        page.get_by_role("link", name="Ký số", exact=True).click()
        page.wait_for_url(re.compile(r"/ky-so$"))
        page.locator(f'a[href$="/ky-so/{signable_today(db, LEADER)}"]').click()
        page.wait_for_url(re.compile(r"/ky-so/\d+$"))

        page.get_by_label("Mã PIN của thiết bị ký số (USB token)").fill("000000")
        page.get_by_role("button", name="Ký số và cấp số văn bản").click()
        page.wait_for_load_state()
        alert = page.get_by_role("alert").inner_text()
        assert "Mã PIN của thiết bị ký số không đúng" in alert and "chưa lấy số" in alert, alert
        assert _numbers(db) == before
        shot(page, "40-token-sai-pin")

        page.get_by_label("Mã PIN của thiết bị ký số (USB token)").fill(soft_token.pin)
        page.get_by_role("button", name="Ký số và cấp số văn bản").click()
        page.wait_for_url(re.compile(r"/van-ban-ban-hanh/\d+$"), timeout=SLOW)
        assert "Số: " in page.locator(".flash-success").inner_text()
        assert page.get_by_text("HỢP LỆ", exact=True).count() == 1
        shot(page, "41-token-da-ky")
        assert _numbers(db) == before + 1
        with db.read() as session:
            issued = session.scalars(select(IssuedDocument).order_by(IssuedDocument.id.desc())).first()
            pdf = session.get(Blob, issued.signed_pdf_sha256).data
        sign_out(page)
    finally:
        db.dispose()
    path = tmp_path / "token.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([require_program("pdfsig"), str(path)], capture_output=True, text=True, timeout=60).stdout
    assert "Signature is Valid" in out and "Nguyễn Thị Hồng Nhung" in out, out
