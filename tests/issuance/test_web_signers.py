"""Each signer signs a real decision through the web flow (leader signs, văn thư seals), with an
RFC 3161 timestamp and revocation data, and pdfsig reports every signature valid."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from dossier.demo.people import DEMO_PASSWORD
from tests.conftest import require_program
from tests.pki.smartca import SP_ID, SP_PASSWORD, Account
from tests.web.conftest import login, make_app, web_db  # noqa: F401 - fixtures


@pytest.fixture
def port_app(web_db: Any, tmp_path: Path, test_pki, smartca_server) -> Any:  # noqa: F811
    from dossier.services.signing_methods import SmartCaGateway
    from tests.issuance.conftest import tsa_signing_port

    gateway = SmartCaGateway(smartca_server.url, SP_ID, SP_PASSWORD, poll_interval=0.05, confirm_timeout=10)
    port = tsa_signing_port(web_db, tmp_path / "instance", test_pki, smartca=gateway)
    return make_app(web_db, tmp_path, SIGNING_PORT=port)


def _register(db: Any, username: str, source: str, cert, settings: dict | None = None) -> None:
    from dossier.model import User
    from dossier.services.signing_methods import register_method

    with db.write() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        register_method(session, user=user, source=source, certificate=cert, settings=settings)


def _decision(db: Any) -> int:
    from tests.issuance.conftest import a_council_decision_drafted_today

    return a_council_decision_drafted_today(db)


def _sign_seal_download(app: Any, db: Any, secret: str, tmp_path: Path) -> tuple[bytes, str]:
    from dossier.model import IssuedDocument
    from tests.issuance.conftest import issue_through_web

    issued_id, _number = issue_through_web(app, db, _decision(db), password=secret)
    with db.read() as session:
        code = session.get(IssuedDocument, issued_id).verification_code
    clerk = app.test_client()
    login(clerk, "vanthu")
    pdf = clerk.get(f"/van-ban-ban-hanh/{issued_id}/pdf").data
    path = tmp_path / "issued.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([require_program("pdfsig"), str(path)], capture_output=True, text=True, timeout=60).stdout
    assert out.count("Signature is Valid") == 2, out
    page = app.test_client().get(f"/xac-thuc/{code}").get_data(as_text=True)
    assert page.count("HỢP LỆ") == 2 and "KHÔNG HỢP LỆ" not in page, page
    return pdf, page


def test_keystore_signature_is_timestamped(port_app: Any, web_db: Any, tmp_path: Path) -> None:  # noqa: F811
    _pdf, page = _sign_seal_download(port_app, web_db, DEMO_PASSWORD, tmp_path)
    assert "Dấu thời gian (RFC 3161)" in page


def test_token_signer_through_the_web(port_app: Any, web_db: Any, soft_token, tmp_path: Path) -> None:  # noqa: F811
    _register(web_db, "phogiamdoc", "pkcs11", soft_token.certificate,
              {"module": soft_token.module, "token_label": soft_token.label, "key_label": soft_token.key_label})
    pdf, page = _sign_seal_download(port_app, web_db, soft_token.pin, tmp_path)
    assert format(soft_token.certificate.serial_number, "X") in page


def test_smartca_signer_through_the_web(port_app: Any, web_db: Any, smartca_server, test_pki,  # noqa: F811
                                        tmp_path: Path) -> None:
    smartca_server.accounts["0911222333"] = Account("leader", polls_before_answer=2)
    _register(web_db, "phogiamdoc", "smartca", test_pki.cert("leader"), {"user_id": "0911222333"})
    _pdf, page = _sign_seal_download(port_app, web_db, "", tmp_path)
    assert "B-LT" in page and "Chưa bị thu hồi" in page
