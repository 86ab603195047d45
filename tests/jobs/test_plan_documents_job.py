"""The plan's set of documents as one job, run by Huey's consumer over SQLite and Redis, on real
SQLite and PostgreSQL: the plan documents once each, every dossier's archive, one zip."""

from __future__ import annotations

import io
import zipfile
from contextlib import contextmanager

import pytest

from dossier.errors import Refused
from dossier.services.jobs import result_file
from dossier.services.jobs.queue import WorkerRuntime, install_runtime
from dossier.services.plan_jobs import start_plan_documents
from tests.jobs.helpers import YEAR, counts, job_row, plan_with_dossiers, wait_for


@contextmanager
def consumer_of(db, queue, threads: int = 2):
    """Huey's consumer in this process (threads), as `dossier worker` runs it."""
    install_runtime(WorkerRuntime(db, "test:1", 60))
    consumer = queue.consumer(threads)
    consumer.start()
    try:
        yield consumer
    finally:
        consumer.stop(graceful=True)
        install_runtime(None)


def test_a_worker_makes_the_plans_documents_and_one_zip(db, users, job_queue) -> None:
    officer = plan_with_dossiers(db, 12)
    job_id = start_plan_documents(db, officer, YEAR, batch_number=1, queue=job_queue)
    assert job_row(db, job_id).total == 3 + 12
    with consumer_of(db, job_queue):
        wait_for(lambda: job_row(db, job_id).status in ("done", "failed"), timeout=180)
    job = job_row(db, job_id)
    assert (job.status, job.done, job.total, job.error) == ("done", 15, 15, "")
    assert job.note == "Đã lập 3 văn bản của kế hoạch và hồ sơ lưu trữ của 12 đề án."
    assert counts(db, job_id)["plan_documents"] == 3
    found = result_file(db, officer, job_id)
    assert found.filename == f"Bộ văn bản kế hoạch năm {YEAR} đợt 1.zip" and len(found.dossier_ids) == 12
    with zipfile.ZipFile(io.BytesIO(found.data)) as archive:
        names = archive.namelist()
        archives = [n for n in names if n.startswith("ho_so_luu_tru/")]
        assert len([n for n in names if n.startswith("van_ban_ke_hoach/")]) == 3
        assert sorted(archives) == sorted(f"ho_so_luu_tru/Ho so luu tru KC-{YEAR}-{i:04d}.zip" for i in range(1, 13))
        with zipfile.ZipFile(io.BytesIO(archive.read(archives[0]))) as inner:  # a real archive inside
            assert "MUC_LUC.xlsx" in inner.namelist()
        decision = next(n for n in names if n.startswith("van_ban_ke_hoach/Quyết định"))
        from tests.docx_text import docx_text

        text = docx_text(archive.read(decision))
        assert all(f"Hợp tác xã mây tre đan số {i}" in text for i in range(1, 13))  # the annex lists every đề án


def test_asking_for_an_empty_plan_is_refused_and_writes_no_job(db, users, sqlite_queue) -> None:
    with pytest.raises(Refused, match="chưa có hồ sơ nào đã nộp"):
        start_plan_documents(db, users["chuyenvien"], YEAR, batch_number=2, queue=sqlite_queue)
    assert sqlite_queue.pending() == 0
    with pytest.raises(Refused, match="Chỉ chuyên viên hoặc lãnh đạo"):
        start_plan_documents(db, users["vanthu"], YEAR, queue=sqlite_queue)
