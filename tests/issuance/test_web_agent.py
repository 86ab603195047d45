"""The browser-agent path through the web: the "Ký số" page offers the agent, the agent downloads
the prepared PDF and uploads its signature with the one-time token (no session), the văn thư
seals; a tampered upload is refused with the Vietnamese reason and burns nothing."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from dossier.demo.people import DEMO_PASSWORD
from tests.pki import agent
from tests.web.conftest import login, make_app, web_db  # noqa: F401 - fixtures

SAMPLE_PDF = (Path(__file__).resolve().parents[1] / "signing" / "data" / "sample.pdf").read_bytes()


def _leader_signs_with_the_agent(db: Any, test_pki: Any) -> None:
    """The test root is trusted and the leader's signing method is the desktop agent."""
    from dossier.model import User
    from dossier.services.pki import add_trust_root
    from dossier.services.signing_methods import register_method

    with db.write() as session:
        add_trust_root(session, test_pki.root)
        user = session.scalars(select(User).where(User.username == "phogiamdoc")).one()
        register_method(session, user=user, source="agent", certificate=test_pki.cert("leader"))


@pytest.fixture
def agent_app(web_db: Any, tmp_path: Path, test_pki) -> Any:  # noqa: F811
    _leader_signs_with_the_agent(web_db, test_pki)
    return make_app(web_db, tmp_path, ISSUANCE_PDF_MAKER=lambda docx: SAMPLE_PDF)


def _decision(db: Any) -> int:
    from tests.issuance.conftest import a_council_decision_drafted_today

    return a_council_decision_drafted_today(db)


def _entries(db: Any) -> int:
    from dossier.model import RegisterEntry

    with db.read() as session:
        return session.scalar(select(func.count()).select_from(RegisterEntry))


def test_the_agent_signs_through_the_web(agent_app: Any, web_db: Any, test_pki) -> None:  # noqa: F811
    doc_id = _decision(web_db)
    leader = agent_app.test_client()
    login(leader, "phogiamdoc")
    page = leader.get(f"/ky-so/{doc_id}").get_data(as_text=True)
    assert "Ký bằng công cụ ký số trên máy tính" in page and 'name="password"' not in page
    before = _entries(web_db)
    handout = leader.post(f"/ky-so/{doc_id}/cong-cu-ky")
    assert handout.status_code == 200, handout.get_data(as_text=True)[:2000]
    html = handout.get_data(as_text=True)
    file_url = re.search(r'data-agent-file="([^"]+)"', html).group(1)
    upload_url = re.search(r'data-agent-upload="([^"]+)"', html).group(1)
    assert _entries(web_db) == before  # nothing taken while the agent signs

    the_agent = agent_app.test_client()  # no session cookie: the token is its credential
    prepared = the_agent.get(file_url)
    assert prepared.status_code == 200 and prepared.data.startswith(b"%PDF")
    tampered = agent.append_update(agent.sign(prepared.data, test_pki.signer("leader")))
    refused = the_agent.post(upload_url, data={"file": (io.BytesIO(tampered), "a.pdf")})
    assert refused.status_code == 422 and "chưa lấy số" in refused.get_json()["message"]
    assert _entries(web_db) == before
    signed = agent.sign(prepared.data, test_pki.signer("leader"))
    accepted = the_agent.post(upload_url, data={"file": (io.BytesIO(signed), "a.pdf")})
    assert accepted.status_code == 200 and accepted.get_json()["number"].startswith("Số: ")
    assert _entries(web_db) == before + 1
    assert the_agent.get(file_url).status_code == 404  # the one-time token is spent

    clerk = agent_app.test_client()
    login(clerk, "vanthu")
    from dossier.model import IssuedDocument

    with web_db.read() as session:
        issued_id = session.scalars(select(IssuedDocument.id).where(
            IssuedDocument.generated_document_id == doc_id)).one()
    sealed = clerk.post(f"/phat-hanh/{issued_id}", data={"password": DEMO_PASSWORD})
    assert sealed.status_code == 302, sealed.get_data(as_text=True)[:2000]
    code = accepted.get_json()["verification_code"]
    result = agent_app.test_client().get(f"/xac-thuc/{code}").get_data(as_text=True)
    assert "Cả 2 chữ ký số đều hợp lệ" in result


@pytest.fixture
def agent_lt_app(web_db: Any, tmp_path: Path, test_pki) -> Any:  # noqa: F811
    """The agent path with a TSA configured: every issuance is PAdES B-LT."""
    from dossier.services.issuance.port import PdfFunction, build_signing_port

    _leader_signs_with_the_agent(web_db, test_pki)
    port = build_signing_port(instance_path=tmp_path / "instance", archive_pdf=PdfFunction(lambda _docx: SAMPLE_PDF),
                              tsa_url=test_pki.tsa_url)
    return make_app(web_db, tmp_path, SIGNING_PORT=port)


def _handout(app: Any, doc_id: int) -> tuple[Any, str, str, bytes]:
    leader = app.test_client()
    login(leader, "phogiamdoc")
    html = leader.post(f"/ky-so/{doc_id}/cong-cu-ky").get_data(as_text=True)
    file_url = re.search(r'data-agent-file="([^"]+)"', html).group(1)
    upload_url = re.search(r'data-agent-upload="([^"]+)"', html).group(1)
    the_agent = app.test_client()
    return the_agent, file_url, upload_url, the_agent.get(file_url).data


def _untrusted_leader():
    from dossier.signing.certs import create_demo_ca, issue_user_certificate
    from dossier.signing.signer import Pkcs12Signer

    ca = create_demo_ca("CA không được tin cậy")
    return Pkcs12Signer(issue_user_certificate(ca, "Lê Văn Phó", "Sở Công Thương", "Phó Giám đốc", None,
                                               password="pw"), "pw")


def test_every_tampering_case_is_refused_through_the_web_and_burns_nothing(
        agent_lt_app: Any, web_db: Any, test_pki) -> None:  # noqa: F811
    from dossier.model import AgentSigningSession, IssuedDocument

    doc_id = _decision(web_db)
    the_agent, file_url, upload_url, prepared = _handout(agent_lt_app, doc_id)
    leader = test_pki.signer("leader")
    good = agent.sign(prepared, leader, tsa_url=test_pki.tsa_url, trust_root=test_pki.root)
    cases = {
        "one changed byte": (agent.flip_byte(good, len(prepared) // 2), "đã bị thay đổi"),
        "a different PDF": (agent.sign(SAMPLE_PDF, leader), "không"),
        "an extra incremental change": (agent.append_update(good), "nhiều hơn một lần cập nhật"),
        "another user's certificate": (agent.sign(prepared, test_pki.signer("other")), "không phải chứng thư"),
        "an untrusted chain": (agent.sign(prepared, _untrusted_leader()), "không phải chứng thư"),
    }
    before = _entries(web_db)
    for case, (returned, says) in cases.items():
        refused = the_agent.post(upload_url, data={"file": (io.BytesIO(returned), "a.pdf")})
        assert refused.status_code == 422, case
        assert says in refused.get_json()["message"] and "chưa lấy số" in refused.get_json()["message"], case
        assert _entries(web_db) == before, case
    with web_db.write() as session:  # the session expires: the same good file is refused, nothing burnt
        row = session.scalars(select(AgentSigningSession).order_by(AgentSigningSession.id.desc())).first()
        kept, row.expires_at = row.expires_at, row.created_at
    expired = the_agent.post(upload_url, data={"file": (io.BytesIO(good), "a.pdf")})
    assert expired.status_code == 422 and "hết hạn" in expired.get_json()["message"] and _entries(web_db) == before
    with web_db.write() as session:
        session.get(AgentSigningSession, row.id).expires_at = kept
    accepted = the_agent.post(upload_url, data={"file": (io.BytesIO(good), "a.pdf")})
    assert accepted.status_code == 200, accepted.get_json()
    assert _entries(web_db) == before + 1
    replayed = the_agent.post(upload_url, data={"file": (io.BytesIO(good), "a.pdf")})
    assert replayed.status_code == 422 and "đã được dùng" in replayed.get_json()["message"]
    assert _entries(web_db) == before + 1

    # B-LT like the other signers: the agent's timestamp, and the revocation data the server added.
    with web_db.read() as session:
        issued_id = session.scalars(select(IssuedDocument.id).where(
            IssuedDocument.generated_document_id == doc_id)).one()
    clerk = agent_lt_app.test_client()
    login(clerk, "vanthu")
    assert clerk.post(f"/phat-hanh/{issued_id}", data={"password": DEMO_PASSWORD}).status_code == 302
    page = agent_lt_app.test_client().get(f"/xac-thuc/{accepted.get_json()['verification_code']}").get_data(
        as_text=True)
    assert "Cả 2 chữ ký số đều hợp lệ" in page and page.count("B-LT") >= 2 and "Chưa bị thu hồi" in page, page
    pdf = clerk.get(f"/van-ban-ban-hanh/{issued_id}/pdf").data
    import subprocess
    import tempfile

    from tests.conftest import require_program

    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run([require_program("pdfsig"), f.name], capture_output=True, text=True, timeout=60).stdout
    assert out.count("Signature is Valid") == 2, out
