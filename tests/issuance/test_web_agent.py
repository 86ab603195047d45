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


@pytest.fixture
def agent_app(web_db: Any, tmp_path: Path, test_pki) -> Any:  # noqa: F811
    from dossier.model import User
    from dossier.services.pki import add_trust_root
    from dossier.services.signing_methods import register_method

    with web_db.write() as session:
        add_trust_root(session, test_pki.root)
        user = session.scalars(select(User).where(User.username == "phogiamdoc")).one()
        register_method(session, user=user, source="agent", certificate=test_pki.cert("leader"))
    return make_app(web_db, tmp_path, ISSUANCE_PDF_MAKER=lambda docx: SAMPLE_PDF)


def _decision(db: Any) -> int:
    from dossier.model import GeneratedDocument

    with db.read() as session:
        return session.scalars(select(GeneratedDocument.id).where(
            GeneratedDocument.template_id == "qd_thanh_lap_hoi_dong").order_by(GeneratedDocument.id)).first()


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
