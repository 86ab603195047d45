"""Issue 12 item 3: a dossier walked through the real services, its documents signed and sealed,
exported as its hồ sơ điện tử (one PDF, one Phụ lục VI XML, the signed originals) through the
service, the command line and the web; the XML parsed back."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from sqlalchemy import select

from dossier.demo.people import DEMO_PASSWORD
from dossier.model import Dossier, IssuedDocument, RecordMetadata
from dossier.records import xml
from dossier.records.metadata import FILE, OUTGOING, validate
from dossier.services.archive.export import build_export, issued_in_order
from dossier.services.issuance import SigningPort
from dossier.services.issuance.port import PdfFunction
from tests.issuance.test_exchange import SO, directory  # noqa: F401 — the fixture
from workflows import Status, Trigger


@pytest.fixture
def walked(db: Any, directory: dict[str, int], pdf_maker: Any) -> tuple[int, str]:  # noqa: F811
    """A dossier taken to the UBND's approval, its council decision, invitation and Tờ trình signed
    today by the Sở's deputy director (the stand-in PDF's signer) and sealed by its văn thư."""
    from dossier.vn.vntime import now_vn
    from tests.core.helpers import new_dossier, walk_dossier

    today = now_vn().date()
    dossier_id = new_dossier(db, directory)
    dates = dict.fromkeys(Trigger, today)
    inputs = {Trigger.START_APPRAISAL: {"meeting_date": today}, Trigger.RECORD_APPRAISAL: {"meeting_date": today}}
    walk_dossier(db, directory, dossier_id, Status.UNDER_APPRAISAL, inputs=inputs, dates=dates)
    _sign_and_seal_drafts(db, directory, dossier_id, pdf_maker)
    walk_dossier(db, directory, dossier_id, Status.SUBMITTED_FOR_APPROVAL, inputs=inputs, dates=dates)
    _sign_and_seal_drafts(db, directory, dossier_id, pdf_maker)
    with db.read() as session:
        return dossier_id, session.get(Dossier, dossier_id).code


def _sign_and_seal_drafts(db: Any, users: dict[str, int], dossier_id: int, pdf_maker: Any) -> None:
    from dossier.services.drafts import draft_states
    from dossier.services.issuance import seal_document, sign_document

    with db.read() as session:
        todo = [s.document.id for s in draft_states(session, session.get(Dossier, dossier_id)) if s.open]
    assert todo
    for document_id in todo:
        issued_id = sign_document(db, port=SigningPort(archive_pdf=PdfFunction(pdf_maker)),
                                  actor_id=users["phogiamdoc"], document_id=document_id,
                                  password=DEMO_PASSWORD).issued_id
        seal_document(db, port=SigningPort(), actor_id=users["vanthu"], issued_id=issued_id, password=DEMO_PASSWORD)


def test_the_export_holds_every_issued_document_in_order_with_phu_luc_vi_metadata(db, walked):
    dossier_id, code = walked
    with db.read() as session:
        issued = issued_in_order(session, dossier_id)
        expected = [(i.register_entry.symbol, i.issued_on.isoformat(), i.register_entry.abstract) for i in issued]
        stored = {r.issued_document_id for r in session.scalars(select(RecordMetadata))}
        sealed = {i.id for i in issued if i.status == "issued"}
        exported = build_export(session, session.get(Dossier, dossier_id))
    assert len(expected) >= 3 and sealed and sealed <= stored
    meta, docs = xml.read(exported.files[f"{code}.xml"])
    assert [(f"{d['CodeNumber']}/{d['CodeNotation']}", d["IssuedDate"], d["Subject"]) for d in docs] == expected
    assert [d["DocOrdinal"] for d in docs] == list(range(1, len(docs) + 1))
    assert [d["IssuedDate"] for d in docs] == sorted(d["IssuedDate"] for d in docs)
    assert validate(meta, FILE) == [] and all(validate(d, OUTGOING) == [] for d in docs)
    assert meta["FileCode"] == {"OrganId": SO, "FileCatalog": int(code.split("-")[1]), "FileNotation": code}
    assert meta["DocTotal"] == len(docs) and meta["Maintenance"] == "10 năm"
    assert meta["PageTotal"] == sum(d["PageAmount"] for d in docs) > 0
    assert (meta["StartDate"], meta["EndDate"]) == (docs[0]["IssuedDate"], docs[-1]["IssuedDate"])
    joined = PdfReader(io.BytesIO(exported.files[f"{code}.pdf"]))
    assert len(joined.pages) == meta["PageTotal"]
    assert [item.title.split(".", 1)[0] for item in joined.outline] == [str(n) for n in range(1, len(docs) + 1)]
    originals = [name for name in exported.files if name.startswith("van_ban/")]
    assert len(originals) == len(docs) and originals == sorted(originals)


def test_the_command_writes_the_files_and_refuses_an_unknown_code(db, walked, database_url, tmp_path, monkeypatch):
    from dossier.cli import main

    dossier_id, code = walked
    monkeypatch.setenv("DATABASE_URL", database_url)
    result = CliRunner().invoke(main, ["records", "export", code, str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(tmp_path / code).as_posix() for p in (tmp_path / code).rglob("*.*"))
    assert f"{code}.xml" in written and f"{code}.pdf" in written
    _, docs = xml.read((tmp_path / code / f"{code}.xml").read_bytes())
    assert f"{len(docs)} documents of {code}" in result.output
    unknown = CliRunner().invoke(main, ["records", "export", "KC-1900-999", str(tmp_path)])
    assert unknown.exit_code == 1 and "Không có hồ sơ mã KC-1900-999" in unknown.output


def test_the_dossier_page_downloads_it_and_a_dossier_without_documents_says_why(db, walked, tmp_path):
    from tests.web.conftest import login, make_app

    dossier_id, code = walked
    app = make_app(db, tmp_path)
    client = app.test_client()
    login(client, "chuyenvien")
    page = client.get(f"/ho-so/{dossier_id}").get_data(as_text=True)
    assert f"/ho-so/{dossier_id}/ho-so-dien-tu.zip" in page
    response = client.get(f"/ho-so/{dossier_id}/ho-so-dien-tu.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert f"{code}/{code}.xml" in names and f"{code}/{code}.pdf" in names
    with db.read() as session:
        empty = session.scalars(select(Dossier.id).where(Dossier.id != dossier_id).where(
            ~Dossier.id.in_(select(IssuedDocument.dossier_id)))).first()
    if empty is None:
        from tests.core.helpers import new_dossier

        empty = new_dossier(db, {u: i for u, i in _users(db).items()})
    refused = client.get(f"/ho-so/{empty}/ho-so-dien-tu.zip", follow_redirects=True).get_data(as_text=True)
    assert "chưa có văn bản nào được ban hành" in refused


def _users(db: Any) -> dict[str, int]:
    from dossier.model import User

    with db.read() as session:
        return {u.username: u.id for u in session.scalars(select(User))}
