"""Issuance through the browser agent: the numbered PDF goes out, one signature by the leader's
registered certificate comes back, and only then is the number taken — nothing burnt otherwise.
The agent is played by tests/pki/agent.py with a real key of the test PKI, on real bytes."""

from __future__ import annotations

import subprocess

import pytest
from sqlalchemy import func, select

from dossier.demo.people import DEMO_PASSWORD
from dossier.errors import Refused
from dossier.model import AgentSigningSession, IssuedDocument, RegisterEntry, User
from dossier.services.issuance import (
    SigningFailed,
    accept_from_agent,
    issued_pdf,
    prepare_for_agent,
    seal_document,
    verify_issued,
)
from dossier.services.issuance.port import PdfFunction, build_signing_port
from dossier.services.pki import add_trust_root
from dossier.services.signing_methods import register_method
from tests.conftest import require_program
from tests.issuance.conftest import make_drafts
from tests.pki import agent

LEADER = "phogiamdoc"  # the checked-in sample PDF names her under the title line


@pytest.fixture
def agent_leader(db, province, test_pki) -> int:
    with db.write() as session:
        add_trust_root(session, test_pki.root)
        user = session.scalars(select(User).where(User.username == LEADER)).one()
        register_method(session, user=user, source="agent", certificate=test_pki.cert("leader"))
        return user.id


@pytest.fixture
def port(tmp_path, pdf_maker):
    return build_signing_port(instance_path=tmp_path, archive_pdf=PdfFunction(pdf_maker))


def _issued(db) -> tuple[int, int, int]:
    with db.read() as session:
        return (session.scalar(select(func.count()).select_from(RegisterEntry)),
                session.scalar(select(func.count()).select_from(IssuedDocument)),
                session.scalar(select(func.count()).where(AgentSigningSession.used_at.is_not(None))))


def test_the_agent_signs_a_real_decision_and_the_number_is_taken_on_return(db, province, agent_leader, port,
                                                                           test_pki, tmp_path):
    [doc_id] = make_drafts(db, province)
    handout = prepare_for_agent(db, port=port, actor_id=agent_leader, document_id=doc_id)
    assert handout.number_text == "Số: 01/QĐ-SCT"
    assert _issued(db) == (0, 0, 0)  # looked at, not taken
    returned = agent.sign(handout.pdf, test_pki.signer("leader"))
    result = accept_from_agent(db, port=port, token=handout.token, returned=returned, user_id=agent_leader)
    assert result.number_text == "Số: 01/QĐ-SCT" and result.status == "signed"
    assert _issued(db) == (1, 1, 1)
    sealed = seal_document(db, port=port, actor_id=province["vanthu"], issued_id=result.issued_id,
                           password=DEMO_PASSWORD)
    check = verify_issued(db, port=port, code=sealed.verification_code)
    assert check.all_valid and len(check.reports) == 2, [r.problems for r in check.reports]
    path = tmp_path / "agent.pdf"
    path.write_bytes(issued_pdf(db, code=sealed.verification_code)[1])
    out = subprocess.run([require_program("pdfsig"), str(path)], capture_output=True, text=True, timeout=60).stdout
    assert out.count("Signature is Valid") == 2, out
    with pytest.raises(SigningFailed, match="đã được dùng"):  # the one-time token, replayed
        accept_from_agent(db, port=port, token=handout.token, returned=returned, user_id=agent_leader)


def test_a_refused_file_burns_nothing_and_the_token_still_works(db, province, agent_leader, port, test_pki,
                                                                sample_pdf):
    [doc_id] = make_drafts(db, province)
    handout = prepare_for_agent(db, port=port, actor_id=agent_leader, document_id=doc_id)
    bad = {
        "extra update": agent.append_update(agent.sign(handout.pdf, test_pki.signer("leader"))),
        "another user's certificate": agent.sign(handout.pdf, test_pki.signer("other")),
        "a different PDF": agent.sign(sample_pdf, test_pki.signer("leader")),
        "one changed byte": agent.flip_byte(agent.sign(handout.pdf, test_pki.signer("leader")), 2000),
    }
    for case, returned in bad.items():
        with pytest.raises(SigningFailed) as caught:
            accept_from_agent(db, port=port, token=handout.token, returned=returned, user_id=agent_leader)
        assert "chưa lấy số" in caught.value.message, case
        assert _issued(db) == (0, 0, 0), case
    good = agent.sign(handout.pdf, test_pki.signer("leader"))
    assert accept_from_agent(db, port=port, token=handout.token, returned=good).number_text == "Số: 01/QĐ-SCT"


def test_a_number_given_meanwhile_refuses_the_file_and_a_new_handout_carries_the_next(db, province, agent_leader,
                                                                                      port, test_pki):
    first, second = make_drafts(db, province, count=2)
    a = prepare_for_agent(db, port=port, actor_id=agent_leader, document_id=first)
    b = prepare_for_agent(db, port=port, actor_id=agent_leader, document_id=second)
    assert a.number_text == b.number_text == "Số: 01/QĐ-SCT"
    leader = test_pki.signer("leader")
    accept_from_agent(db, port=port, token=a.token, returned=agent.sign(a.pdf, leader))
    with pytest.raises(Refused, match="vừa được cấp cho văn bản khác"):
        accept_from_agent(db, port=port, token=b.token, returned=agent.sign(b.pdf, leader))
    assert _issued(db) == (1, 1, 1)
    again = prepare_for_agent(db, port=port, actor_id=agent_leader, document_id=second)
    assert again.number_text == "Số: 02/QĐ-SCT"
    assert accept_from_agent(db, port=port, token=again.token,
                             returned=agent.sign(again.pdf, leader)).number_text == "Số: 02/QĐ-SCT"


def test_only_a_leader_registered_for_the_agent_gets_a_handout(db, province, port):
    [doc_id] = make_drafts(db, province)
    with pytest.raises(Refused, match="không đăng ký ký số bằng công cụ ký trên máy tính"):
        prepare_for_agent(db, port=port, actor_id=province[LEADER], document_id=doc_id)
    assert _issued(db) == (0, 0, 0)
