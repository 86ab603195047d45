"""Signer sources per user, stored (SQLite and PostgreSQL), and the browser agent's stored sessions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from dossier.model import AgentSigningSession, AuditEvent, Blob, User
from dossier.services import agent_sessions
from dossier.services.signing_methods import (
    RemoteSource,
    SmartCaGateway,
    TokenSource,
    register_method,
    registered_certificates,
    user_source,
)
from dossier.signing.agent import AgentRefusal
from dossier.signing.pades import sign_pdf
from dossier.signing.remote import WrongCertificateError
from dossier.signing.trust import TrustAnchors
from dossier.signing.verification import verify_pdf
from tests.pki import agent
from tests.pki.smartca import SP_ID, SP_PASSWORD, Account

SAMPLE = agent.BOX


def _user(session, username: str) -> User:
    return session.scalars(select(User).where(User.username == username)).one()


def _counts(db) -> tuple[int, int, int]:
    with db.read() as session:
        return (session.scalar(select(func.count()).select_from(Blob)),
                session.scalar(select(func.count()).select_from(AuditEvent)),
                session.scalar(select(func.count()).where(AgentSigningSession.used_at.is_not(None))))


@pytest.fixture()
def agent_user(db, users, test_pki) -> int:
    with db.write() as session:
        user = _user(session, "giamdoc")
        register_method(session, user=user, source="agent", certificate=test_pki.cert("leader"))
        return user.id


def _open(db, user_id, pdf, **kwargs):
    return agent_sessions.open_session(db, user_id=user_id, pdf=pdf, purpose="test", field_name="ChuKyLanhDao",
                                       page=0, box=SAMPLE, **kwargs)


def test_user_source_defaults_to_the_keystore_then_follows_the_registered_method(db, users, test_pki):
    with db.write() as session:
        user = _user(session, "phogiamdoc")
        assert user_source(session, user) == "keystore"
        register_method(session, user=user, source="smartca", certificate=test_pki.cert("leader"),
                        settings={"user_id": "0912345678"})
        assert user_source(session, user) == "smartca"
        register_method(session, user=user, source="agent", certificate=test_pki.cert("other"))
        assert user_source(session, user) == "agent"
        assert registered_certificates(session, user) == [test_pki.cert("other")]


def test_agent_session_accepts_once_and_refuses_the_replay(db, agent_user, test_pki, sample_pdf):
    token, prepared = _open(db, agent_user, sample_pdf)
    assert agent_sessions.prepared_pdf(db, token) == prepared
    returned = agent.sign(prepared, test_pki.signer("leader"))
    trust = TrustAnchors.of([test_pki.root])
    accepted = agent_sessions.accept(db, token=token, returned=returned, trust=trust)
    assert accepted.certificate == test_pki.cert("leader")
    with db.read() as session:
        row = session.scalars(select(AgentSigningSession)).one()
        assert row.used_at is not None and session.get(Blob, row.signed_pdf_sha256).data == returned
        assert session.scalars(select(AuditEvent).where(AuditEvent.action == "document.agent_sign")).one()
    with pytest.raises(AgentRefusal) as caught:
        agent_sessions.accept(db, token=token, returned=returned, trust=trust)
    assert caught.value.reason == "agent_token_replayed"
    with pytest.raises(AgentRefusal):
        agent_sessions.prepared_pdf(db, token)
    assert all(r.bottom_line for r in verify_pdf(returned, [test_pki.root]))


def test_a_refused_upload_writes_nothing_and_the_token_still_works(db, agent_user, test_pki, sample_pdf):
    token, prepared = _open(db, agent_user, sample_pdf)
    trust = TrustAnchors.of([test_pki.root])
    before = _counts(db)
    bad = [agent.append_update(agent.sign(prepared, test_pki.signer("leader"))),  # extra incremental change
           agent.sign(prepared, test_pki.signer("other")),  # another user's certificate
           agent.sign(agent.append_update(sample_pdf), test_pki.signer("leader"))]  # a different PDF
    for returned in bad:
        with pytest.raises(AgentRefusal):
            agent_sessions.accept(db, token=token, returned=returned, trust=trust)
        assert _counts(db) == before
    agent_sessions.accept(db, token=token, returned=agent.sign(prepared, test_pki.signer("leader")), trust=trust)


def test_expired_and_foreign_sessions_are_refused(db, agent_user, users, test_pki, sample_pdf):
    token, prepared = _open(db, agent_user, sample_pdf, lifetime=dt.timedelta(minutes=1))
    returned = agent.sign(prepared, test_pki.signer("leader"))
    trust = TrustAnchors.of([test_pki.root])
    with pytest.raises(AgentRefusal) as caught:
        agent_sessions.accept(db, token=token, returned=returned, trust=trust,
                              now=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2))
    assert caught.value.reason == "agent_token_expired"
    with pytest.raises(AgentRefusal) as caught:
        agent_sessions.accept(db, token=token, returned=returned, trust=trust, user_id=users["phogiamdoc"])
    assert caught.value.reason == "agent_token_foreign"


def test_token_source_opens_the_registered_token_with_the_pin(db, users, soft_token, test_pki, sample_pdf):
    settings = {"module": soft_token.module, "token_label": soft_token.label, "key_label": soft_token.key_label}
    with db.write() as session:
        user = _user(session, "giamdoc")
        register_method(session, user=user, source="pkcs11", certificate=soft_token.certificate, settings=settings)
        signer = TokenSource().user_signer(session, user, soft_token.pin)
        try:
            signed = sign_pdf(sample_pdf, signer)
        finally:
            signer.close()
        (report,) = verify_pdf(signed, [test_pki.root])
        assert report.bottom_line
        assert report.cert_serial == format(soft_token.certificate.serial_number, "X")
        register_method(session, user=user, source="pkcs11", certificate=test_pki.cert("leader"), settings=settings)
        with pytest.raises(WrongCertificateError):
            TokenSource().user_signer(session, user, soft_token.pin)


def test_remote_source_signs_through_the_smartca_gateway(db, users, smartca_server, test_pki, sample_pdf):
    smartca_server.accounts["0988000111"] = Account("leader", polls_before_answer=1)
    gateway = SmartCaGateway(smartca_server.url, SP_ID, SP_PASSWORD, poll_interval=0.05, confirm_timeout=5)
    with db.write() as session:
        user = _user(session, "giamdoc")
        register_method(session, user=user, source="smartca", certificate=test_pki.cert("leader"),
                        settings={"user_id": "0988000111"})
        signed = sign_pdf(sample_pdf, RemoteSource(gateway).user_signer(session, user, ""))
        register_method(session, user=user, source="smartca", certificate=test_pki.cert("other"),
                        settings={"user_id": "0988000111"})
        with pytest.raises(WrongCertificateError):
            RemoteSource(gateway).user_signer(session, user, "")
    assert verify_pdf(signed, [test_pki.root])[0].bottom_line
