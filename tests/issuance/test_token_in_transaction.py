"""A token (PKCS#11, SoftHSM2) signature is made inside the register's transaction: when it fails
after the number was taken — the timestamp authority unreachable at that moment — the number,
the issued document, the audit event and the stored files all roll back, and the next signature
gets the same number. The wrong-PIN case (before any lock) is in test_signer_choice.py."""

from __future__ import annotations

import functools
import socket
import subprocess
import threading

import pytest
from sqlalchemy import func, select

from dossier.model import AuditEvent, Blob, IssuedDocument, RegisterEntry, User
from dossier.services.issuance import SigningFailed, issued_pdf, sign_document
from dossier.services.issuance.port import PdfFunction, build_signing_port
from dossier.services.pki import add_trust_root
from dossier.services.signing_methods import register_method
from tests.concurrency import at_once
from tests.conftest import require_program
from tests.issuance.conftest import make_drafts

LEADER = "phogiamdoc"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _counts(db) -> tuple[int, ...]:
    with db.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(t))
                     for t in (RegisterEntry, IssuedDocument, AuditEvent, Blob))


def _register_token(db, test_pki, soft_token) -> None:
    with db.write() as session:
        add_trust_root(session, test_pki.root)
        user = session.scalars(select(User).where(User.username == LEADER)).one()
        register_method(session, user=user, source="pkcs11", certificate=soft_token.certificate,
                        settings={"module": soft_token.module, "token_label": soft_token.label,
                                  "key_label": soft_token.key_label})


def test_a_token_signature_failing_inside_the_transaction_burns_nothing(db, province, pdf_maker, soft_token,
                                                                        test_pki, tmp_path):
    _register_token(db, test_pki, soft_token)
    [doc_id] = make_drafts(db, province)
    down = build_signing_port(instance_path=tmp_path, archive_pdf=PdfFunction(pdf_maker),
                              tsa_url=f"http://127.0.0.1:{_closed_port()}/tsa")
    before = _counts(db)
    with pytest.raises(SigningFailed) as caught:
        sign_document(db, port=down, actor_id=province[LEADER], document_id=doc_id, password=soft_token.pin)
    assert caught.value.message.endswith("Văn bản chưa được ký, chưa lấy số; bản dự thảo giữ nguyên.")
    assert "Mã PIN" not in caught.value.message  # the PIN was right: the failure came after it
    assert pdf_maker.calls, "the document was numbered and converted before the token signed"
    assert _counts(db) == before
    up = build_signing_port(instance_path=tmp_path, archive_pdf=PdfFunction(pdf_maker), tsa_url=test_pki.tsa_url)
    signed = sign_document(db, port=up, actor_id=province[LEADER], document_id=doc_id, password=soft_token.pin)
    assert signed.number_text == "Số: 01/QĐ-SCT"  # the failed attempt's number was not burnt
    path = tmp_path / "signed.pdf"
    path.write_bytes(issued_pdf(db, code=signed.verification_code)[1])
    out = subprocess.run([require_program("pdfsig"), str(path)], capture_output=True, text=True, timeout=60).stdout
    assert out.count("Signature is Valid") == 1, out


def test_token_signatures_of_one_series_queue_on_the_register(db, province, pdf_maker, soft_token, test_pki,
                                                              tmp_path):
    """Two documents signed with the token at once: the token signs under the register's
    lock, so the numbers are consecutive and each signed PDF carries its own."""
    _register_token(db, test_pki, soft_token)
    ids = make_drafts(db, province, count=2)
    port = build_signing_port(instance_path=tmp_path, archive_pdf=PdfFunction(pdf_maker))
    results, errors = at_once([functools.partial(sign_document, db, port=port, actor_id=province[LEADER],
                                                 document_id=doc_id, password=soft_token.pin) for doc_id in ids])
    assert not errors, errors
    assert sorted(r.number_text for r in results) == ["Số: 01/QĐ-SCT", "Số: 02/QĐ-SCT"]


def test_a_second_signature_on_a_busy_token_waits_and_its_pin_is_still_checked(soft_token):
    """PKCS#11 logs in per application: a second signature of this process waits for the first to
    finish (instead of failing with CKR_USER_ALREADY_LOGGED_IN), then the token checks its own PIN."""
    from dossier.signing.pkcs11 import Pkcs11Signer, TokenConfig, WrongPinError

    config = TokenConfig(soft_token.module, soft_token.label, soft_token.key_label)
    outcome: list = []

    def second() -> None:
        try:
            Pkcs11Signer(config, "999999").close()
            outcome.append("opened")
        except WrongPinError as exc:
            outcome.append(exc)

    first = Pkcs11Signer(config, soft_token.pin)
    try:
        worker = threading.Thread(target=second)
        worker.start()
        worker.join(1.0)
        assert worker.is_alive() and outcome == []  # waiting for the token, not failing
    finally:
        first.close()
    worker.join(30)
    assert len(outcome) == 1 and isinstance(outcome[0], WrongPinError)
    with Pkcs11Signer(config, soft_token.pin) as again:  # and the token is free again
        assert again.certificate == soft_token.certificate
