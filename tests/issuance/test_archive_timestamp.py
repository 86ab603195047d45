"""Archive timestamps (PAdES B-LTA, issue 11 item 3): a decision signed by the leader and sealed by
the văn thư through the web (B-LT, real test PKI with OCSP, CRL and TSA) gets a document timestamp
on its archival copy, renewable, while the issued PDF stays what was issued; without a timestamp
authority nothing is written. Verified by pyHanko and pdfsig."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from tests.conftest import require_program
from tests.web.conftest import make_app, web_db  # noqa: F401 - fixtures


@pytest.fixture
def port(web_db: Any, tmp_path: Path, test_pki) -> Any:  # noqa: F811
    from tests.issuance.conftest import tsa_signing_port

    return tsa_signing_port(web_db, tmp_path / "instance", test_pki)


def _sealed_decision(app: Any, db: Any) -> int:
    from tests.issuance.conftest import issue_through_web

    return issue_through_web(app, db)[0]


def _roots(db: Any, port: Any) -> list:
    """The trust anchors the product verifies with: the demo CA the leader's and the agency's
    keystores chain to, and the test PKI's root (its TSA)."""
    from dossier.services.pki import trust_roots

    with db.read() as session:
        return trust_roots(session, files=port.trust_files, folder=port.trust_folder)


def _final_pdf(db: Any, issued_id: int) -> tuple[str, bytes]:
    from dossier.model import Blob, IssuedDocument

    with db.read() as session:
        issued = session.get(IssuedDocument, issued_id)
        return issued.final_pdf_sha256, session.get(Blob, issued.final_pdf_sha256).data


def test_an_archived_copy_gets_a_renewable_document_timestamp(web_db: Any, tmp_path: Path, port: Any,  # noqa: F811
                                                              test_pki) -> None:
    from dossier.model import ArchiveTimestamp, AuditEvent, Blob
    from dossier.services.issuance.archive_stamp import due_for_archive_stamp, stamp_for_archive
    from dossier.signing.verification import verify_pdf

    issued_id = _sealed_decision(make_app(web_db, tmp_path, SIGNING_PORT=port), web_db)
    issued_sha, issued_pdf = _final_pdf(web_db, issued_id)
    assert issued_id not in due_for_archive_stamp(web_db)  # its dossier is not archived yet

    (first,) = stamp_for_archive(web_db, port, [issued_id])
    assert first.stamps == 1
    with web_db.read() as session:
        copy = session.get(Blob, first.pdf_sha256).data
    assert copy.startswith(issued_pdf)  # one incremental update: nothing issued was changed
    reports = verify_pdf(copy, _roots(web_db, port))
    assert [r.kind for r in reports] == ["signature", "signature", "document_timestamp"]
    assert all(r.bottom_line for r in reports), [r.problems for r in reports]
    assert {r.pades_level for r in reports} == {"B-LTA"}
    path = tmp_path / "luu-tru.pdf"
    path.write_bytes(copy)
    out = subprocess.run([require_program("pdfsig"), str(path)], capture_output=True, text=True, timeout=60).stdout
    assert out.count("Signature is Valid") == 2, out  # the leader's and the agency's, still valid

    (second,) = stamp_for_archive(web_db, port, [issued_id])  # renewed on the latest copy
    assert second.stamps == 2
    with web_db.read() as session:
        rows = session.scalars(select(ArchiveTimestamp).where(ArchiveTimestamp.issued_document_id == issued_id)
                               .order_by(ArchiveTimestamp.id)).all()
        assert [(r.previous_sha256, r.pdf_sha256) for r in rows] == [(issued_sha, first.pdf_sha256),
                                                                      (first.pdf_sha256, second.pdf_sha256)]
        again = session.get(Blob, second.pdf_sha256).data
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "document.archive_timestamp")).all()
        assert [e.object_id for e in events] == [str(issued_id)] * 2
    assert [r.kind for r in verify_pdf(again, _roots(web_db, port))].count("document_timestamp") == 2
    assert _final_pdf(web_db, issued_id) == (issued_sha, issued_pdf)  # the issued PDF stays what was issued


def test_without_a_timestamp_authority_nothing_is_written(web_db: Any, tmp_path: Path, port: Any) -> None:  # noqa: F811
    from dataclasses import replace

    from dossier.errors import Refused
    from dossier.model import ArchiveTimestamp, AuditEvent
    from dossier.services.issuance.archive_stamp import NO_TSA, stamp_for_archive

    issued_id = _sealed_decision(make_app(web_db, tmp_path, SIGNING_PORT=port), web_db)
    with web_db.read() as session:
        events = session.scalar(select(func.count()).select_from(AuditEvent))
    with pytest.raises(Refused) as info:
        stamp_for_archive(web_db, replace(port, tsa_url=None), [issued_id])
    assert info.value.reasons == [NO_TSA]
    with web_db.read() as session:
        assert session.scalar(select(func.count()).select_from(ArchiveTimestamp)) == 0
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == events


def test_the_command_stamps_and_writes_the_archival_copy(web_db: Any, tmp_path: Path, port: Any,  # noqa: F811
                                                         test_pki) -> None:
    from dossier.cli import main
    from dossier.signing.verification import verify_pdf

    issued_id = _sealed_decision(make_app(web_db, tmp_path, SIGNING_PORT=port), web_db)
    out = tmp_path / "luu-tru"
    env = {"DATABASE_URL": web_db.engine.url.render_as_string(hide_password=False),
           "DOSSIER_TSA_URL": test_pki.tsa_url, "DOSSIER_INSTANCE_PATH": str(tmp_path / "instance")}
    result = CliRunner().invoke(main, ["archive-timestamp", "--document", str(issued_id), "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert "archive timestamps: 1" in result.output and "1 document(s) stamped." in result.output
    copy = (out / f"van-ban-{issued_id}-luu-tru.pdf").read_bytes()
    assert [r.kind for r in verify_pdf(copy, _roots(web_db, port))][-1] == "document_timestamp"
    refused = CliRunner().invoke(main, ["archive-timestamp", "--document", str(issued_id)],
                                 env={**env, "DOSSIER_TSA_URL": ""})
    assert refused.exit_code == 1 and "DOSSIER_TSA_URL" in refused.output
