"""Import of a plan's đề án from .xlsx: all or nothing, refused rows named with their reasons."""

from __future__ import annotations

import copy
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from dossier.errors import ValidationFailed
from dossier.model import AuditEvent, Beneficiary, Dossier
from dossier.services.plan_import import COLUMNS, EXAMPLE_ROWS, example_workbook, import_plan, report_lines


def _counts(db) -> tuple[int, int, int]:
    with db.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(m)) for m in (Dossier, Beneficiary, AuditEvent))


def test_the_example_file_imports_as_drafts(db, users) -> None:
    wb = load_workbook(io.BytesIO(example_workbook()))
    assert [c.value for c in wb.active[1]] == list(COLUMNS)
    report = import_plan(db, users["chuyenvien"], 2026, example_workbook())
    assert report.imported and not report.refused and len(report.codes) == 3
    with db.read() as session:
        dossiers = session.scalars(select(Dossier).where(Dossier.code.in_(report.codes)).order_by(Dossier.code)).all()
        assert [d.status for d in dossiers] == ["draft"] * 3
        first = dossiers[0]
        assert first.title == EXAMPLE_ROWS[0][1] and first.requested_support == 200_000_000
        assert first.total_cost == 420_000_000 and first.plan.year == 2026 and first.batch.number == 1
        assert first.beneficiary.commune == "xã Cam An" and first.content_group.code == "G1"
    assert report_lines(report)[0].startswith("Dòng 2: đã nhập đề án KC-")


def test_a_bad_row_is_refused_with_its_number_and_nothing_changes(db, users) -> None:
    rows = copy.deepcopy(EXAMPLE_ROWS)
    rows[1][15] = 350_000_000  # support above the total of 300 000 000
    rows[2][0] = "G9"  # no such content group
    rows.append(copy.deepcopy(EXAMPLE_ROWS[0]))  # the same đề án twice
    rows[3][15] = 260_000_000  # and above the province's machinery cap of 250 000 000
    before = _counts(db)
    report = import_plan(db, users["chuyenvien"], 2026, example_workbook(rows))
    assert not report.imported and report.codes == []
    assert _counts(db) == before  # nothing at all was written
    refused = {r.row: " ".join(r.reasons) for r in report.refused}
    assert set(refused) == {3, 4, 5}
    assert "Kinh phí hỗ trợ không được lớn hơn tổng kinh phí" in refused[3]
    assert "Nhóm nội dung «G9» không có" in refused[4]
    assert "Trùng tên đề án với dòng 2" in refused[5]
    assert "vượt mức tối đa 250.000.000 đồng" in refused[5]
    lines = report_lines(report)
    assert lines[0] == "Không nhập đề án nào: 3/4 dòng bị từ chối."
    assert lines[1] == "Dòng 2: hợp lệ."
    assert lines[2].startswith("Dòng 3 («Hỗ trợ ứng dụng máy móc thiết bị trong sản xuất nước mắm»): ")


def test_not_a_spreadsheet(db, users) -> None:
    with pytest.raises(ValidationFailed) as failed:
        import_plan(db, users["chuyenvien"], 2026, b"%PDF-1.7 not a workbook")
    assert "không phải là bảng tính Excel" in failed.value.message
