"""Every document of a dossier converted to PDF by a job (real LibreOffice): one PDF per document,
the preview cache filled, one zip; the web route hands the work to the queue and shows the job."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from dossier.services.jobs import result_file
from dossier.services.jobs.runner import run_job
from tests.conftest import require_program
from tests.jobs.helpers import counts, job_row
from tests.plans.helpers import setup_programme, walk

pytestmark = pytest.mark.libreoffice


@pytest.fixture
def port(tmp_path: Path):
    from dossier.services import pdf_jobs
    from dossier.services.issuance.port import build_signing_port

    require_program("soffice")
    built = build_signing_port(instance_path=tmp_path / "instance")
    pdf_jobs.use_port(built)
    yield built
    pdf_jobs.use_port(None)


def test_a_job_converts_every_document_of_a_dossier(sqlite_db, sqlite_queue, port, tmp_path: Path) -> None:
    from dossier.demo.seed import seed_province
    from dossier.services import queries
    from dossier.services.pdf_jobs import start_dossier_pdfs

    db = sqlite_db
    users = seed_province(db)
    setup_programme(db)
    dossier_id = walk(db, users, 2025, "G1", 1, 400, 150, "approved", documents=True)
    with db.read() as session:
        documents = queries.documents(session, dossier_id)
        shas = [d.sha256 for d in documents]
    job_id = start_dossier_pdfs(db, users["chuyenvien"], dossier_id, queue=sqlite_queue)
    assert job_row(db, job_id).total == len(shas) >= 3
    assert run_job(db, job_id, worker="test:1") == "done"
    assert counts(db, job_id)["items"] == len(shas)
    assert all((port.preview_cache / f"{sha}.pdf").is_file() for sha in shas)  # previews now open at once
    found = result_file(db, users["chuyenvien"], job_id)
    with zipfile.ZipFile(io.BytesIO(found.data)) as archive:
        pdfs = [archive.read(n) for n in archive.namelist()]
    assert len(pdfs) == len(shas) and all(p.startswith(b"%PDF-") for p in pdfs)
    assert found.dossier_ids == (dossier_id,)
