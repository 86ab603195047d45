"""The ND 30 flow's images through the web: the leader signs a real decision with his uploaded
signature image, the văn thư seals with the organisation's seal image (timestamped, with
revocation data); both signatures stay valid for pdfsig and pyHanko; the rendered page shows the
blue signature, the red seal over its left third and the agency's ISO 8601 caption. A new upload
is a new version, and a document signed before keeps the image it was signed with. (The demo
province of these tests already has drawn images: the uploads here are newer versions.)"""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from dossier.demo.images import demo_seal_png, demo_signature_png
from tests.conftest import require_program
from tests.web.conftest import login, make_app, web_db  # noqa: F401 - fixtures


@pytest.fixture
def image_app(web_db: Any, tmp_path: Path, test_pki) -> Any:  # noqa: F811
    from tests.issuance.conftest import tsa_signing_port

    return make_app(web_db, tmp_path, SIGNING_PORT=tsa_signing_port(web_db, tmp_path / "instance", test_pki))


def _ids(db: Any) -> tuple[int, int, int]:
    from dossier.model import Organisation, User
    from tests.issuance.conftest import a_council_decision_drafted_today

    doc = a_council_decision_drafted_today(db)
    with db.read() as session:
        leader = session.scalars(select(User).where(User.username == "phogiamdoc")).one()
        org = session.scalars(select(Organisation).where(Organisation.id == leader.organisation_id)).one()
        return leader.id, org.id, doc


def _upload(admin: Any, url: str, png: bytes, **fields: str) -> Any:
    return admin.post(url, data={"file": (io.BytesIO(png), "anh.png"), **fields}, content_type="multipart/form-data")


def _issue(app: Any, db: Any, doc_id: int) -> tuple[int, bytes]:
    from dossier.model import IssuedDocument
    from tests.issuance.conftest import issue_through_web

    issued_id, _number = issue_through_web(app, db, doc_id)
    with db.read() as session:
        assert session.get(IssuedDocument, issued_id).status == "issued"
    clerk = app.test_client()
    login(clerk, "vanthu")
    return issued_id, clerk.get(f"/van-ban-ban-hanh/{issued_id}/pdf").data


def _audit(db: Any, action: str) -> list[dict]:
    from dossier.model import AuditEvent

    with db.read() as session:
        return [json.loads(e.payload_json) for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq))]


def test_signature_and_seal_images_through_the_web(image_app: Any, web_db: Any, tmp_path: Path) -> None:  # noqa: F811
    leader_id, org_id, doc_id = _ids(web_db)
    admin = image_app.test_client()
    login(admin, "quantri")
    signature = demo_signature_png("Lê Văn Phó")
    seal = demo_seal_png("Sở Công Thương", "Ủy ban nhân dân tỉnh Khánh Hòa")
    refused = _upload(admin, f"/quan-tri/ky-so/nguoi-dung/{leader_id}/anh", seal)  # a red seal as a signature
    assert refused.status_code == 422 and "màu xanh" in refused.get_data(as_text=True)
    assert _upload(admin, f"/quan-tri/ky-so/nguoi-dung/{leader_id}/anh", signature).status_code == 302
    assert _upload(admin, f"/quan-tri/ky-so/don-vi/{org_id}/anh", seal, width_mm="40").status_code == 302

    issued_id, pdf = _issue(image_app, web_db, doc_id)
    path = tmp_path / "issued.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([require_program("pdfsig"), str(path)], capture_output=True, text=True, timeout=60).stdout
    assert out.count("Signature is Valid") == 2, out
    with web_db.read() as session:
        from dossier.model import IssuedDocument

        code = session.get(IssuedDocument, issued_id).verification_code
    page = image_app.test_client().get(f"/xac-thuc/{code}").get_data(as_text=True)
    assert page.count("HỢP LỆ") == 2 and "KHÔNG HỢP LỆ" not in page and "B-LT" in page
    text = subprocess.run([require_program("pdftotext"), str(path), "-"], capture_output=True, text=True,
                          timeout=60).stdout
    assert re.search(r"Thời gian ký: 20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", text), text[-600:]
    sign_note, seal_note = _audit(web_db, "document.sign")[-1], _audit(web_db, "document.seal")[-1]
    assert sign_note["signature_image"] == hashlib.sha256(signature).hexdigest()
    first = sign_note["signature_image_version"]  # the demo drew version 1; the upload above is the newest
    assert first >= 1 and seal_note["seal_image"] == hashlib.sha256(seal).hexdigest()

    # A new version: the next document is drawn with it; the one issued keeps its bytes and its note.
    assert _upload(admin, f"/quan-tri/ky-so/nguoi-dung/{leader_id}/anh",
                   demo_signature_png("Lê Văn Phó Mới")).status_code == 302
    listing = admin.get(f"/quan-tri/ky-so/nguoi-dung/{leader_id}").get_data(as_text=True)
    assert f"Phiên bản {first + 1} (đang dùng)" in listing and f"Phiên bản {first}" in listing
    clerk = image_app.test_client()
    login(clerk, "vanthu")
    assert clerk.get(f"/van-ban-ban-hanh/{issued_id}/pdf").data == pdf
