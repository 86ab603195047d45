"""Every route that returns a document, a file or an export, for every role and for an officer of
another body (issue 13 item 1).

The routes are not listed by hand: they come from app.url_map, and each is called with the ids of
real objects of the Sở (a dossier, its document and attachment, an issued document, a register
entry, a plan document). Why the older matrix (test_access.py) missed the plan documents: it skipped
every endpoint not in its hand-written EXPECTED table ("others: their tests"), it walked only
endpoints declared with scope="dossier" for the other body, and it filled every `document_id` with a
dossier document's id, so /bao-cao/ke-hoach/van-ban/<id> was never called with a plan document's
id; list pages and exports without an id in their URL were never read for what they contain.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile
from typing import Any

import pytest
from sqlalchemy import select

from tests.web.conftest import login, make_app
from web.access import Rule, rule_for
from workflows.table import steps_for

# sct-kh people by role, the UBND leader (whose body is above the Sở), and the other body's officer.
WALKERS = {"chuyenvien": "sct", "giamdoc": "sct", "vanthu": "sct", "quantri": "sct", "phochutich": "sct",
           "ttkc": "other"}
JOB_OWNER = "chuyenvien"
NO_CONVERTER = {"CONVERTER_STATUS": lambda: "LibreOffice disabled for the access walk"}


def _objects(db: Any, ids: dict[str, Any]) -> dict[str, Any]:
    """Ids of real objects of the Sở, one per kind a route can name, and the Sở's secrets."""
    from dossier.model import (
        Attachment,
        Beneficiary,
        Blob,
        Dossier,
        GeneratedDocument,
        IssuedAnnex,
        IssuedDocument,
        Organisation,
        RegisterEntry,
    )
    from dossier.services.plans import generate_plan_document

    plan_doc = generate_plan_document(db, ids["users"]["chuyenvien"], "bang_tong_hop_de_an", 2025)
    job_id = _finished_job(db, ids["users"][JOB_OWNER])
    with db.write() as session:
        sct = session.scalars(select(Organisation).where(Organisation.code == "sct-kh")).one()
        issued = session.scalars(select(IssuedDocument).order_by(IssuedDocument.id)).first()
        dossier_id = issued.dossier_id if issued else ids["status"]["approved"]
        doc = session.scalars(select(GeneratedDocument).where(GeneratedDocument.dossier_id == dossier_id)).first()
        pdf = b"%PDF-1.4 ban ke khai"
        session.merge(Blob(sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf), data=pdf))
        session.flush()
        att = Attachment(dossier_id=dossier_id, filename="ban-ke-khai.pdf", content_type="application/pdf",
                         size=len(pdf), sha256=hashlib.sha256(pdf).hexdigest(),
                         uploaded_by_id=ids["users"]["chuyenvien"])
        session.add(att)
        session.flush()
        issued = issued or _issued_row(session, doc, sct.id, ids["users"]["giamdoc"], hashlib.sha256(pdf).hexdigest())
        pdf_sha = hashlib.sha256(pdf).hexdigest()
        annex = IssuedAnnex(issued_document_id=issued.id, title="Phụ lục I", original_sha256=pdf_sha,
                            signed_pdf_sha256=pdf_sha, sealer_id=ids["users"]["vanthu"], sealed_at=issued.signed_at)
        session.add(annex)
        session.flush()
        entry = session.scalars(select(RegisterEntry).order_by(RegisterEntry.id)).first()
        incoming = _incoming_row(session, sct.id, ids["users"]["vanthu"], hashlib.sha256(pdf).hexdigest())
        dossier = session.get(Dossier, dossier_id)
        secrets = set()
        for d in session.scalars(select(Dossier).where(Dossier.owner_org_id == sct.id)):
            secrets.add(d.code)
        for b in session.scalars(select(Beneficiary)):
            secrets.add(b.name)
        return {
            "values": {"dossier_id": dossier_id, "document_id": doc.id, "attachment_id": att.id,
                       "member_id": dossier.council.members[0].id if dossier.council else 1,
                       "issued_id": issued.id, "annex_id": annex.id, "entry_id": entry.id if entry else 1,
                       "fmt": "xlsx", "trigger": "request_revision", "user_id": ids["users"]["vanthu"],
                       "org_id": sct.id, "template_id": "qd_phe_duyet_de_an", "version": 1,
                       "image_id": 1,  # the demo's first drawn signature image
                       "incoming_id": incoming.id},
            # the one argument whose object depends on the route: a plan document, not a dossier's
            "by_scope": {"plan": {"document_id": plan_doc.id}, "job": {"job_id": job_id}},
            "secrets": {unicodedata.normalize("NFC", s) for s in secrets if s and len(s) > 6},
        }


def _finished_job(db: Any, officer_id: int) -> int:
    """The officer's finished job with a result file (the plan's set of documents, issue 14)."""
    from huey import MemoryHuey

    from dossier.services.jobs import JobQueue
    from dossier.services.jobs.runner import run_job
    from dossier.services.plan_jobs import start_plan_documents

    job_id = start_plan_documents(db, officer_id, 2025, batch_number=1, queue=JobQueue(MemoryHuey("walk")))
    assert run_job(db, job_id, worker="walk") == "done"
    return job_id


def _incoming_row(session: Any, org_id: int, clerk_id: int, pdf_sha: str) -> Any:
    """An incoming document in the Sở's register (sổ văn bản đến), with its PDF."""
    from datetime import date

    from dossier.model import IncomingDocument

    row = IncomingDocument(organisation_id=org_id, arrival_year=2026, arrival_number=1, arrival_date=date(2026, 3, 3),
                           code_number="12", code_notation="UBND-KT", issued_on=date(2026, 3, 2),
                           organ_name="Ủy ban nhân dân tỉnh Khánh Hòa", subject="Về việc báo cáo khuyến công",
                           pdf_sha256=pdf_sha, pdf_filename="cong-van-den.pdf", registered_by_id=clerk_id)
    session.add(row)
    session.flush()
    return row


def _issued_row(session: Any, doc: Any, org_id: int, signer_id: int, pdf_sha: str, **typed: str) -> Any:
    """A numbered, signed document of the Sở, written as the issuance service leaves one (the demo
    issues none, and signing for real is tests/issuance's business)."""
    from datetime import UTC, date, datetime

    from sqlalchemy import func

    from dossier.model import IssuedDocument, RegisterEntry

    # the next number of the Sở's 2026 series (the demo's history is in the register, issue 10)
    number = (session.scalar(select(func.max(RegisterEntry.number)).where(
        RegisterEntry.organisation_id == org_id, RegisterEntry.year == 2026, RegisterEntry.series == "")) or 0) + 1
    entry = RegisterEntry(organisation_id=org_id, year=2026, series="", number=number, doc_type="QĐ",
                          symbol=f"{number:02d}/QĐ-SCT", issued_on=date(2026, 3, 2), signer_id=signer_id,
                          dossier_id=doc.dossier_id, generated_document_id=doc.id,
                          **({"abstract": doc.title, "signer_name": "Phạm Văn Hùng"} | typed))
    session.add(entry)
    session.flush()
    issued = IssuedDocument(generated_document_id=doc.id, dossier_id=doc.dossier_id, organisation_id=org_id,
                            register_entry_id=entry.id, number_text=f"Số: {entry.symbol}", issued_on=date(2026, 3, 2),
                            verification_code="WAKK0T0001", template_id=doc.template_id,
                            template_version=doc.template_version, context_json="{}", docx_sha256=doc.sha256,
                            text_sha256=doc.sha256, signed_pdf_sha256=pdf_sha, signer_id=signer_id,
                            signed_at=datetime(2026, 3, 2, 2, 0, tzinfo=UTC))
    session.add(issued)
    session.flush()
    return issued


def _get_routes(app: Any, objects: dict[str, Any]) -> list[tuple[str, str]]:
    """(endpoint, url) of every GET route that needs a signed-in user, from app.url_map."""
    from flask import url_for

    out = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            declared = rule_for(app, rule.endpoint)
            if declared in ("public", "token") or "GET" not in rule.methods:  # token: tests/web/test_api.py
                continue
            assert isinstance(declared, Rule), rule.endpoint
            values = dict(objects["values"], **objects["by_scope"].get(declared.scope or "", {}))
            out.append((rule.endpoint, url_for(rule.endpoint, **{a: values[a] for a in rule.arguments})))
    return out


def _text(response: Any) -> str:
    """Everything a response says, opening zip-based files (xlsx, docx, zip of a bundle)."""
    data = response.data
    parts = [data.decode("utf-8", "replace")]
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                inner = z.read(name)
                parts.append(name)
                parts.append(inner.decode("utf-8", "replace"))
                if inner[:2] == b"PK":
                    with zipfile.ZipFile(io.BytesIO(inner)) as nested:
                        parts += [nested.read(n).decode("utf-8", "replace") for n in nested.namelist()]
    return unicodedata.normalize("NFC", "\n".join(parts))


def _is_file(response: Any) -> bool:
    return "Content-Disposition" in response.headers


@pytest.fixture
def walk(web_db: Any, ids: dict[str, Any], tmp_path: Any) -> tuple[Any, list[tuple[str, str]], dict[str, Any]]:
    app = make_app(web_db, tmp_path, **NO_CONVERTER)
    objects = _objects(web_db, ids)
    return app, _get_routes(app, objects), objects


def test_the_walk_finds_every_kind_of_file(walk: Any) -> None:
    """The file routes are discovered from the responses, not named: prove the discovery sees them."""
    app, routes, _ = walk
    client = app.test_client()
    login(client, "giamdoc")
    files = {endpoint for endpoint, url in routes if _is_file(client.get(url))}
    assert {"documents.download", "documents.attachment", "reports.plan_document", "reports.bundle",
            "reports.export_ledger", "reports.export_register", "reports.export_report",
            "signing.register_export", "signing.issued_download", "signing.annex_download"} <= files, files
    clerk = app.test_client()
    login(clerk, "vanthu")  # the register of incoming documents is the văn thư's
    assert {e for e, url in routes if e.startswith("records.incoming") and _is_file(clerk.get(url))} == {
        "records.incoming_file"}
    owner = app.test_client()
    login(owner, JOB_OWNER)
    assert {e for e, url in routes if e.startswith("jobs.") and _is_file(owner.get(url))} == {"jobs.result"}


@pytest.mark.parametrize("username", sorted(WALKERS))
def test_every_route_for_every_role_and_another_body(username: str, walk: Any, web_db: Any) -> None:
    app, routes, objects = walk
    from dossier.model import User

    with web_db.read() as session:
        roles = session.scalars(select(User).where(User.username == username)).one().roles
    client = app.test_client()
    login(client, username)
    unauthorised = []
    for endpoint, url in routes:
        rule = rule_for(app, endpoint)
        response = client.get(url)
        allowed = rule.roles
        if endpoint == "dossiers.step":  # the workflow table narrows it per step
            allowed = allowed & frozenset(r for s in steps_for("request_revision") for r in s.roles)
        role_ok = bool(roles & allowed)
        if not role_ok:
            if response.status_code not in (403, 404):
                unauthorised.append((endpoint, response.status_code))
            continue
        if WALKERS[username] == "other":
            # Another body's officer: an object of the Sở does not exist for him; a list or an
            # export he may open shows nothing of the Sở.
            if rule.scope and response.status_code != 404:
                unauthorised.append((endpoint, response.status_code))
            leaked = [s for s in objects["secrets"] if s in _text(response)] if response.status_code == 200 else []
            if leaked:
                unauthorised.append((endpoint, sorted(leaked)[:3]))
        elif rule.scope == "job" and username != JOB_OWNER:  # a job is its creator's alone
            if response.status_code != 404:
                unauthorised.append((endpoint, response.status_code))
        else:
            assert response.status_code not in (403, 404), (username, endpoint, response.status_code)
            assert not response.headers.get("Location", "").startswith("/dang-nhap"), (username, endpoint)
    assert unauthorised == [], unauthorised


def test_anonymous_gets_no_file(walk: Any) -> None:
    app, routes, _ = walk
    client = app.test_client()
    for endpoint, url in routes:
        response = client.get(url)
        assert response.status_code == 302 and not _is_file(response), endpoint
        assert response.headers["Location"].startswith("/dang-nhap"), endpoint


def test_plan_documents_are_scoped(walk: Any, web_db: Any, ids: dict[str, Any]) -> None:
    """The two routes of the report: the list shows another body nothing, the file is 404 for it."""
    app, _, objects = walk
    plan_doc = objects["by_scope"]["plan"]["document_id"]
    other = app.test_client()
    login(other, "ttkc")
    assert "Chưa có văn bản nào" in other.get("/bao-cao/ke-hoach").get_data(as_text=True)
    assert other.get(f"/bao-cao/ke-hoach/van-ban/{plan_doc}").status_code == 404
    for username in ("chuyenvien", "giamdoc", "vanthu", "phochutich"):
        client = app.test_client()
        login(client, username)
        assert f"/bao-cao/ke-hoach/van-ban/{plan_doc}" in client.get("/bao-cao/ke-hoach").get_data(as_text=True)
        assert client.get(f"/bao-cao/ke-hoach/van-ban/{plan_doc}").data[:2] == b"PK", username
    # Nor can he make one that lists the Sở's beneficiaries: his list has none of them.
    other.post("/bao-cao/ke-hoach", data={"template": "bang_tong_hop_de_an", "year": "2025"})
    assert "chưa có đề án đã thẩm định đạt" in other.get("/bao-cao/ke-hoach").get_data(as_text=True)
