"""The signing port picks each official's signer from his registered method: a PKCS#11 token
(SoftHSM2), a remote service (SmartCA-shaped gateway), or the browser agent — all through the
same issuance transaction (number, register, audit; nothing burnt on failure)."""

from __future__ import annotations

import json
import subprocess
import threading
import time

import pytest
from sqlalchemy import func, select, text

from dossier.demo.people import DEMO_PASSWORD
from dossier.model import AuditEvent, IssuedDocument, RegisterEntry, User
from dossier.services.issuance import SigningFailed, issued_pdf, seal_document, sign_document, verify_issued
from dossier.services.issuance.port import PdfFunction, SigningPort, build_signing_port
from dossier.services.pki import add_trust_root
from dossier.services.signing_methods import SmartCaGateway, register_method
from tests.conftest import require_program
from tests.issuance.conftest import make_drafts
from tests.pki.smartca import SP_ID, SP_PASSWORD, Account

LEADER = "phogiamdoc"  # the checked-in sample PDF names her under the title line


def _register(db, test_pki, source: str, certificate, settings: dict | None = None) -> None:
    with db.write() as session:
        add_trust_root(session, test_pki.root)
        user = session.scalars(select(User).where(User.username == LEADER)).one()
        register_method(session, user=user, source=source, certificate=certificate, settings=settings)


def _counts(db) -> tuple[int, int, int]:
    with db.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) for t in (RegisterEntry, IssuedDocument,
                                                                                   AuditEvent))


def _port(tmp_path, pdf_maker, **kwargs) -> SigningPort:
    return build_signing_port(instance_path=tmp_path, archive_pdf=PdfFunction(pdf_maker), **kwargs)


def _issue_and_check(db, province, port, doc_id, secret: str, tmp_path) -> None:
    signed = sign_document(db, port=port, actor_id=province[LEADER], document_id=doc_id, password=secret)
    assert signed.number_text == "Số: 01/QĐ-SCT"
    sealed = seal_document(db, port=port, actor_id=province["vanthu"], issued_id=signed.issued_id,
                           password=DEMO_PASSWORD)
    check = verify_issued(db, port=port, code=sealed.verification_code)
    assert check.all_valid, [r.problems for r in check.reports]
    with db.read() as session:
        audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "document.sign")).one()
    assert json.loads(audit.payload_json)["certificate"] == check.reports[0].cert_serial
    path = tmp_path / "issued.pdf"
    path.write_bytes(issued_pdf(db, code=sealed.verification_code)[1])
    out = subprocess.run([require_program("pdfsig"), str(path)], capture_output=True, text=True, timeout=60).stdout
    assert out.count("Signature is Valid") == 2, out


def test_a_leader_with_a_token_signs_with_his_pin(db, province, pdf_maker, soft_token, test_pki, tmp_path):
    _register(db, test_pki, "pkcs11", soft_token.certificate,
              {"module": soft_token.module, "token_label": soft_token.label, "key_label": soft_token.key_label})
    [doc_id] = make_drafts(db, province)
    port = _port(tmp_path, pdf_maker)
    before = _counts(db)
    with pytest.raises(SigningFailed, match="Mã PIN") as caught:
        sign_document(db, port=port, actor_id=province[LEADER], document_id=doc_id, password="000000")
    assert "chưa lấy số" in caught.value.message
    assert _counts(db) == before and pdf_maker.calls == []
    _issue_and_check(db, province, port, doc_id, soft_token.pin, tmp_path)
    with db.read() as session:
        issued = session.scalars(select(IssuedDocument)).one()
        assert issued.signer.username == LEADER


def test_a_leader_with_remote_signing_confirms_on_his_phone(db, province, pdf_maker, smartca_server, test_pki,
                                                            tmp_path):
    smartca_server.accounts["0912000333"] = Account("leader", polls_before_answer=1)
    _register(db, test_pki, "smartca", test_pki.cert("leader"), {"user_id": "0912000333"})
    [doc_id] = make_drafts(db, province)
    gateway = SmartCaGateway(smartca_server.url, SP_ID, SP_PASSWORD, poll_interval=0.05, confirm_timeout=5)
    _issue_and_check(db, province, _port(tmp_path, pdf_maker, smartca=gateway), doc_id, "", tmp_path)


def test_no_lock_is_held_while_the_phone_confirms(db, province, pdf_maker, smartca_server, test_pki, tmp_path):
    smartca_server.accounts["0912000444"] = Account("leader", polls_before_answer=60)
    _register(db, test_pki, "smartca", test_pki.cert("leader"), {"user_id": "0912000444"})
    [doc_id] = make_drafts(db, province)
    gateway = SmartCaGateway(smartca_server.url, SP_ID, SP_PASSWORD, poll_interval=0.05, confirm_timeout=30)
    port = _port(tmp_path, pdf_maker, smartca=gateway)
    results: list = []
    started = len(smartca_server.transactions)
    worker = threading.Thread(target=lambda: results.append(sign_document(
        db, port=port, actor_id=province[LEADER], document_id=doc_id, password="")))
    worker.start()
    deadline = time.monotonic() + 60
    while len(smartca_server.transactions) == started and time.monotonic() < deadline:
        time.sleep(0.02)  # until the signing request reached the gateway: the phone is ringing
    with db.write() as session:  # another officer's write goes through meanwhile
        session.execute(text("SELECT 1"))
    assert worker.is_alive()  # the signature is still waiting for the phone
    worker.join(60)
    assert results and results[0].number_text == "Số: 01/QĐ-SCT"


def test_remote_signing_without_a_configured_gateway_burns_nothing(db, province, pdf_maker, test_pki, tmp_path):
    _register(db, test_pki, "smartca", test_pki.cert("leader"), {"user_id": "0912000333"})
    [doc_id] = make_drafts(db, province)
    before = _counts(db)
    with pytest.raises(SigningFailed, match="chưa lấy số"):
        sign_document(db, port=_port(tmp_path, pdf_maker), actor_id=province[LEADER], document_id=doc_id,
                      password="")
    assert _counts(db) == before


def test_a_leader_registered_for_the_browser_agent_is_told_so(db, province, pdf_maker, test_pki, tmp_path):
    _register(db, test_pki, "agent", test_pki.cert("leader"))
    [doc_id] = make_drafts(db, province)
    before = _counts(db)
    with pytest.raises(SigningFailed, match="công cụ ký số trên máy tính của bạn") as caught:
        sign_document(db, port=_port(tmp_path, pdf_maker), actor_id=province[LEADER], document_id=doc_id,
                      password=DEMO_PASSWORD)
    assert "chưa lấy số" in caught.value.message
    assert _counts(db) == before and pdf_maker.calls == []
