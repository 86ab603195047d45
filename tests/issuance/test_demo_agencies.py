"""The demo's agency directory (issue 12): a demo-built database knows the province's agencies by
their (illustrative) mã định danh, its Nơi nhận wordings name them, and a document its văn thư
issue electronically gets a package per recipient agency, spooled under the instance folder and
listed on the issued document's page."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from dossier.demo.agencies import DEMO_AGENCIES
from dossier.demo.people import DEMO_PASSWORD
from dossier.exchange.transport import FolderDrop
from dossier.model import Agency, Dossier, GeneratedDocument, IssuedDocument, Organisation, RegisterEntry, User
from dossier.services import exchange
from dossier.services.exchange.outbox import transport_from
from dossier.services.issuance import SigningPort, seal_document, sign_document
from dossier.services.issuance.port import PdfFunction
from dossier.services.uow import Database
from workflows import Status


@pytest.fixture
def demo_db(demo_sqlite: Path, tmp_path: Path) -> Any:
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_sqlite, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


def test_a_demo_built_database_has_the_agencies_linked_to_its_bodies(demo_db) -> None:
    with demo_db.read() as session:
        agencies = {a.organ_id: a for a in session.scalars(select(Agency))}
        orgs = {id_: code for id_, code in session.execute(select(Organisation.id, Organisation.code))}
        assert set(agencies) == {organ_id for organ_id, *_ in DEMO_AGENCIES}
        assert {orgs[a.organisation_id] for a in agencies.values() if a.organisation_id} == {
            "ubnd-kh", "sct-kh", "ttkc-kh"}
        lines = [line for entry in session.scalars(select(RegisterEntry)) for line in entry.recipients.splitlines()]
        found, _ = exchange.match_recipients(session, lines)
    # the demo's issued documents name the UBND tỉnh, the Sở Tài chính, the Kho bạc, the Trung tâm …
    assert {"000.00.01.H41", "000.00.15.H41", "000.15.00.G12", "000.01.12.H41"} <= {a.organ_id for a in found}


def test_a_demo_document_issued_electronically_is_spooled_for_each_recipient(demo_db, sample_pdf,
                                                                              tmp_path: Path) -> None:
    from dossier.config import Settings

    with demo_db.read() as session:
        users = {name: id_ for name, id_ in session.execute(select(User.username, User.id))}
        draft = session.scalars(
            select(GeneratedDocument).join(Dossier, Dossier.id == GeneratedDocument.dossier_id)
            .outerjoin(IssuedDocument, IssuedDocument.generated_document_id == GeneratedDocument.id)
            .where(Dossier.status == Status.SUBMITTED_FOR_APPROVAL.value,
                   GeneratedDocument.template_id == "to_trinh_phe_duyet", IssuedDocument.id.is_(None))
            .order_by(GeneratedDocument.id)).first()
        assert draft is not None, "the demo has a Tờ trình waiting for the Sở's leader"
        draft_id = draft.id
    issued_id = sign_document(demo_db, port=SigningPort(archive_pdf=PdfFunction(lambda docx: sample_pdf)),
                              actor_id=users["phogiamdoc"], document_id=draft_id, password=DEMO_PASSWORD).issued_id
    seal_document(demo_db, port=SigningPort(), actor_id=users["vanthu"], issued_id=issued_id, password=DEMO_PASSWORD)
    instance = tmp_path / "instance"
    transport = transport_from(Settings.from_env({"DOSSIER_INSTANCE_PATH": str(instance)}))
    assert transport == FolderDrop(instance / "exchange" / "out")  # the demo's default: the instance folder
    report = exchange.send_pending(demo_db, transport)
    view = exchange.exchange_rows(demo_db, actor_id=users["vanthu"], issued_id=issued_id)
    organ_ids = sorted(path.parent.name for path in (instance / "exchange" / "out").glob("*/*.edxml"))
    # Nơi nhận of the Tờ trình: Như trên (the UBND tỉnh), Sở Tài chính, the Trung tâm by its name
    assert organ_ids == ["000.00.01.H41", "000.00.15.H41", "000.01.12.H41"]
    assert len(report.sent) == 3 and len(view.rows) == 3
