"""Fixtures for the register and issuance tests: the demo province with its PKI, and drafts.

The demo PKI's RSA keys are made once per session (key generation dominates its cost) and
stored into each test's database; ``pdf_maker`` stands in for LibreOffice with a real
LibreOffice PDF whose signature block names the deputy director (phogiamdoc), so the numbering,
signing and verification logic is tested without soffice; the tests marked with
``require_program("soffice")`` run the real conversion.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from dossier.demo.people import DEMO_PASSWORD

SAMPLE_PDF = Path(__file__).resolve().parents[1] / "signing" / "data" / "sample.pdf"


@pytest.fixture(scope="session")
def pki_material():
    """(CA, {username: p12}, {org code: p12}) for the demo people, made once."""
    from dossier.demo.people import ORGANISATIONS, USERS
    from dossier.signing.certs import (
        CertificateAuthority,
        create_demo_ca,
        issue_org_seal_certificate,
        issue_user_certificate,
    )

    key, cert = create_demo_ca("Hồ sơ Khuyến công (test)")
    ca = CertificateAuthority(key, cert)
    org_names = {o.code: o.name if len(o.name.encode()) <= 64 else f"{o.abbreviation} tỉnh Khánh Hòa"
                 for o in ORGANISATIONS}
    personal = {u.username: issue_user_certificate(ca, u.full_name, org_names[u.org], u.job_title, None,
                                                   password=DEMO_PASSWORD, valid_days=3650)
                for u in USERS if "leader" in u.roles}
    seals = {code: issue_org_seal_certificate(ca, name, password=DEMO_PASSWORD, valid_days=3650)
             for code, name in org_names.items()}
    return ca, personal, seals


@pytest.fixture
def province(db, users, pki_material) -> dict[str, int]:
    """Demo organisations and users with certificates and the CA as trust root."""
    from dossier.model import Organisation, User
    from dossier.services.pki import add_trust_root, store_certificate

    ca, personal, seals = pki_material
    with db.write() as session:
        add_trust_root(session, ca.cert)
        for username, p12 in personal.items():
            user = session.scalars(select(User).where(User.username == username)).one()
            store_certificate(session, p12, DEMO_PASSWORD, kind="personal", user_id=user.id)
        for code, p12 in seals.items():
            org = session.scalars(select(Organisation).where(Organisation.code == code)).one()
            store_certificate(session, p12, DEMO_PASSWORD, kind="seal", organisation_id=org.id)
    return users


@pytest.fixture(scope="session")
def sample_pdf() -> bytes:
    return SAMPLE_PDF.read_bytes()


@pytest.fixture
def pdf_maker(sample_pdf):
    """DOCX → PDF stand-in: the checked-in LibreOffice PDF (signer name: Nguyễn Thị Hồng Nhung)."""
    calls: list[bytes] = []

    def make(docx: bytes) -> bytes:
        assert docx.startswith(b"PK")
        calls.append(docx)
        return sample_pdf

    make.calls = calls  # type: ignore[attr-defined]
    return make


def make_drafts(db, users: dict[str, int], count: int = 1, template_id: str = "qd_thanh_lap_hoi_dong") -> list[int]:
    """A dossier taken to appraisal (its Quyết định thành lập Hội đồng is a draft), and
    ``count`` drafts: the real one plus copies of it (same context, distinct rows)."""
    from dossier.model import GeneratedDocument
    from dossier.vn.vntime import today_vn
    from tests.core.helpers import new_dossier, walk_dossier
    from workflows import Status
    from workflows.walks import route

    dossier_id = new_dossier(db, users)
    # drafted today, as a leader signs them: the meeting they announce is still to come
    today = {step.trigger: today_vn() for step in route(Status.DRAFT, Status.UNDER_APPRAISAL)}
    walk_dossier(db, users, dossier_id, Status.UNDER_APPRAISAL, dates=today)
    with db.write() as session:
        original = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == template_id)).one()
        ids = [original.id]
        for part in range(1, count):
            copy = GeneratedDocument(
                dossier_id=original.dossier_id, transition_id=original.transition_id,
                template_id=original.template_id, template_version=original.template_version, part=part,
                title=original.title, filename=original.filename, sha256=original.sha256,
                text_sha256=original.text_sha256, context_sha256=original.context_sha256,
                context_json=original.context_json, engine_version=original.engine_version)
            session.add(copy)
            session.flush()
            ids.append(copy.id)
    return ids


def a_council_decision_drafted_today(db) -> int:
    """A council decision a leader may sign now: drafted today for a new dossier (the demo's open
    drafts carry their past steps' dates, and a decision is never signed back-dated)."""
    from dossier.model import User

    with db.read() as session:
        users = {u.username: u.id for u in session.scalars(select(User))}
    return make_drafts(db, users)[0]


def tsa_signing_port(db, instance: Path, test_pki, **methods):
    """The signing port of the web tests that sign for real: the test PKI's root trusted, its
    timestamp authority (B-LT), a fixed PDF standing in for LibreOffice's conversion."""
    from dossier.services.issuance.port import PdfFunction, build_signing_port
    from dossier.services.pki import add_trust_root

    pdf = SAMPLE_PDF.read_bytes()
    with db.write() as session:
        add_trust_root(session, test_pki.root)
    return build_signing_port(instance_path=instance, archive_pdf=PdfFunction(lambda _docx: pdf),
                              tsa_url=test_pki.tsa_url, **methods)


def issue_through_web(app, db, doc_id: int | None = None, password: str = DEMO_PASSWORD) -> tuple[int, str]:
    """A council decision (drafted today unless `doc_id` is given), signed by the leader with
    `password` and sealed by the văn thư through the web: (issued document id, its number)."""
    from dossier.model import IssuedDocument
    from tests.web.conftest import login

    doc_id = doc_id or a_council_decision_drafted_today(db)
    leader = app.test_client()
    login(leader, "phogiamdoc")
    response = leader.post(f"/ky-so/{doc_id}", data={"password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with db.read() as session:
        issued = session.scalars(select(IssuedDocument).where(IssuedDocument.generated_document_id == doc_id)).one()
        issued_id, number = issued.id, issued.number_text
    clerk = app.test_client()
    login(clerk, "vanthu")
    assert clerk.post(f"/phat-hanh/{issued_id}", data={"password": DEMO_PASSWORD}).status_code == 302
    return issued_id, number


def vn_time(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    from dossier.vn.vntime import VN_TZ

    return dt.datetime(year, month, day, hour, tzinfo=VN_TZ)
