"""The browser-agent protocol, server side: one prepared PDF, one new signature, nothing else."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from conftest import require_program

from dossier.signing.agent import (
    AgentRefusal,
    Ticket,
    check_returned_pdf,
    check_ticket,
    new_token,
    pdf_digest,
    prepare_pdf,
)
from dossier.signing.certs import create_demo_ca, issue_user_certificate
from dossier.signing.signer import Pkcs12Signer
from dossier.signing.trust import TrustAnchors
from tests.pki import LEADER, ORG, agent


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@pytest.fixture(scope="module")
def prepared(sample_pdf) -> bytes:
    return prepare_pdf(sample_pdf, field_name="ChuKyLanhDao", page=0, box=agent.BOX)


@pytest.fixture()
def ticket(prepared) -> tuple[str, Ticket]:
    token, digest = new_token()
    now = _now()
    return token, Ticket(token_sha256=digest, user_key="giamdoc", pdf_sha256=pdf_digest(prepared),
                         issued_at=now, expires_at=now + dt.timedelta(minutes=15))


def _check(prepared, returned, test_pki, ticket, *, registered=None, roots=None):
    return check_returned_pdf(prepared, returned, registered=registered or [test_pki.cert("leader")],
                              trust=TrustAnchors.of(roots or [test_pki.root]), ticket=ticket[1], now=_now())


def _refused(reason: str, *args, **kwargs) -> AgentRefusal:
    with pytest.raises(AgentRefusal) as caught:
        _check(*args, **kwargs)
    assert caught.value.reason == reason, caught.value.message
    assert not caught.value.message.isascii()  # a Vietnamese reason for the official
    return caught.value


def test_the_prepared_pdf_plus_one_registered_signature_is_accepted(prepared, test_pki, ticket, tmp_path):
    returned = agent.sign(prepared, test_pki.signer("leader"))
    accepted = _check(prepared, returned, test_pki, ticket)
    assert accepted.field_name == "ChuKyLanhDao" and accepted.certificate == test_pki.cert("leader")
    assert accepted.signing_time.utcoffset() == dt.timedelta(hours=7)
    path = tmp_path / "agent.pdf"
    path.write_bytes(returned)
    out = subprocess.run([require_program("pdfsig"), str(path)], capture_output=True, text=True, timeout=60).stdout
    assert "Signature is Valid" in out, out


def test_one_changed_byte_is_refused(prepared, test_pki, ticket):
    returned = agent.sign(prepared, test_pki.signer("leader"))
    _refused("agent_prefix_changed", prepared, agent.flip_byte(returned, 400), test_pki, ticket)
    # a byte of the signature's own update, outside /Contents: the signed bytes no longer match
    tail = len(returned) - 200
    with pytest.raises(AgentRefusal) as caught:
        _check(prepared, agent.flip_byte(returned, tail), test_pki, ticket)
    assert caught.value.reason in {"agent_signature_invalid", "agent_damaged", "agent_not_pdf"}
    # a hex digit of the RSA signature value itself (the end of the CMS blob, before its zero padding)
    start = returned.rindex(b"/ByteRange [0 ") + len(b"/ByteRange [0 ")
    hole = int(returned[start:returned.index(b" ", start)])
    blob_end = hole + 1 + len(returned[hole + 1:].split(b">", 1)[0].rstrip(b"0"))
    digit = blob_end - 40
    changed = returned[:digit] + (b"1" if returned[digit:digit + 1] != b"1" else b"2") + returned[digit + 1:]
    _refused("agent_signature_invalid", prepared, changed, test_pki, ticket)


def test_a_different_pdf_is_refused(prepared, test_pki, ticket):
    other = agent.append_update(prepared, "Văn bản khác")
    returned = agent.sign(other, test_pki.signer("leader"))
    _refused("agent_extra_update", prepared, returned, test_pki, ticket)
    with pytest.raises(AgentRefusal) as caught:
        _check(other, agent.sign(other, test_pki.signer("leader")), test_pki, ticket)
    assert caught.value.reason == "agent_pdf_mismatch"


def test_an_extra_incremental_change_is_refused(prepared, test_pki, ticket):
    returned = agent.append_update(agent.sign(prepared, test_pki.signer("leader")))
    _refused("agent_extra_update", prepared, returned, test_pki, ticket)


def test_a_change_hidden_in_the_signing_update_is_refused(prepared, test_pki, ticket):
    returned = agent.sign_with_hidden_change(prepared, test_pki.signer("leader"))
    _refused("agent_other_changes", prepared, returned, test_pki, ticket)


def test_two_new_signatures_are_refused(prepared, test_pki, ticket):
    once = agent.sign(prepared, test_pki.signer("leader"))
    twice = agent.sign(once, test_pki.signer("leader"), field_name="ChuKyThem")
    _refused("agent_extra_update", prepared, twice, test_pki, ticket)


def test_another_users_certificate_is_refused(prepared, test_pki, ticket):
    returned = agent.sign(prepared, test_pki.signer("other"))
    _refused("agent_certificate_not_registered", prepared, returned, test_pki, ticket)


def test_an_untrusted_chain_is_refused(prepared, test_pki, ticket):
    ca = create_demo_ca("CA không được tin cậy")
    signer = Pkcs12Signer(issue_user_certificate(ca, LEADER, ORG, "Giám đốc", None, password="pw"), "pw")
    returned = agent.sign(prepared, signer)
    _refused("agent_untrusted", prepared, returned, test_pki, ticket, registered=[signer.certificate])


def test_a_signature_dated_outside_the_session_is_refused(prepared, test_pki, ticket):
    returned = agent.sign(prepared, test_pki.signer("leader"), signing_time=_now() - dt.timedelta(days=3))
    _refused("agent_signing_time", prepared, returned, test_pki, ticket)


def test_expired_replayed_foreign_and_unknown_tokens_are_refused(ticket):
    token, t = ticket
    check_ticket(t, token, user_key="giamdoc", now=_now())  # the good case passes
    cases = [
        (t, token, "giamdoc", t.expires_at, "agent_token_expired"),
        (Ticket(**{**t.__dict__, "used_at": _now()}), token, "giamdoc", _now(), "agent_token_replayed"),
        (t, token, "phogiamdoc", _now(), "agent_token_foreign"),
        (t, "khong-dung", "giamdoc", _now(), "agent_token_unknown"),
        (None, token, "giamdoc", _now(), "agent_token_unknown"),
    ]
    for stored, given, user, when, reason in cases:
        with pytest.raises(AgentRefusal) as caught:
            check_ticket(stored, given, user_key=user, now=when)
        assert caught.value.reason == reason
