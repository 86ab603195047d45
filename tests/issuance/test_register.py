"""The register: yearly reset, back-dating, per-type series, cancellation, append-only, export."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from dossier.errors import Forbidden, ValidationFailed
from dossier.model import Organisation, RegisterEntry, User
from dossier.services import register
from dossier.services.register import take_number


def _org(session, code: str = "sct-kh") -> Organisation:
    return session.scalars(select(Organisation).where(Organisation.code == code)).one()


def _take(db, on: date, doc_type: str = "QĐ", code: str = "sct-kh") -> str:
    with db.write() as session:
        org = _org(session, code)
        entry = take_number(session, organisation=org, doc_type=doc_type, issued_on=on,
                            draft_number_line=f"Số:      /{doc_type}-{org.abbreviation}", abstract="Về việc thử")
        return entry.symbol


def test_numbers_start_at_01_and_reset_on_1_january(db, users):
    assert [_take(db, date(2026, 12, 30)), _take(db, date(2026, 12, 31))] == ["01/QĐ-SCT", "02/QĐ-SCT"]
    # The first document issued in 2027 is 01 again: the issue date's year picks the series.
    assert _take(db, date(2027, 1, 1)) == "01/QĐ-SCT"
    assert _take(db, date(2027, 1, 2)) == "02/QĐ-SCT"


def test_backdated_issuance_into_a_closed_year_leaves_the_current_year_alone(db, users):
    assert _take(db, date(2026, 2, 1)) == "01/QĐ-SCT"
    assert _take(db, date(2026, 2, 2)) == "02/QĐ-SCT"
    assert _take(db, date(2025, 12, 31)) == "01/QĐ-SCT"  # continues 2025's own series
    assert _take(db, date(2026, 2, 3)) == "03/QĐ-SCT"  # 2026 undisturbed (atlas-erp #209)
    rows = register.list_register(db, year=2026)
    assert [r.number for r in rows] == [1, 2, 3]


def test_series_per_organisation_and_optionally_per_type(db, users):
    assert _take(db, date(2026, 3, 1), "QĐ") == "01/QĐ-SCT"
    assert _take(db, date(2026, 3, 1), "GM") == "02/GM-SCT"  # one series for all types (default)
    assert _take(db, date(2026, 3, 1), "QĐ", "ubnd-kh") == "01/QĐ-UBND"  # never shared across bodies
    with db.read() as session:
        sct_id = _org(session).id
    register.set_numbering(db, actor_id=users["quantri"], organisation_id=sct_id, per_type=True)
    assert _take(db, date(2026, 3, 2), "QĐ") == "01/QĐ-SCT"  # new series "QĐ"
    assert _take(db, date(2026, 3, 2), "TB") == "01/TB-SCT"
    assert _take(db, date(2026, 3, 3), "QĐ") == "02/QĐ-SCT"
    with pytest.raises(Forbidden):
        register.set_numbering(db, actor_id=users["vanthu"], organisation_id=sct_id, per_type=False)


def test_contract_year_and_cong_van_formats():
    assert register.format_number("Số:      /2026/HĐ-TTKC", 7, doc_type="HĐ", issuer_abbr="TTKC",
                                  year=2026) == "Số: 07/2026/HĐ-TTKC"
    assert register.format_number(None, 1234, doc_type="CV", issuer_abbr="SCT", year=2026) == "Số: 1234/SCT"
    assert register.format_number("", 5, doc_type="HĐ", issuer_abbr="TTKC", year=2026) == "Số: 05/2026/HĐ-TTKC"


def test_cancelled_number_is_kept_with_its_reason_and_never_reused(db, users):
    _take(db, date(2026, 4, 1))
    with db.read() as session:
        entry = register.find_entry(session, symbol="Số: 01/QĐ-SCT", year=2026)
    with pytest.raises(Forbidden):
        register.cancel_number(db, actor_id=users["chuyenvien"], entry_id=entry.id, reason="Lấy nhầm số")
    with pytest.raises(ValidationFailed):
        register.cancel_number(db, actor_id=users["vanthu"], entry_id=entry.id, reason="")
    register.cancel_number(db, actor_id=users["vanthu"], entry_id=entry.id,
                           reason="Lấy nhầm số, văn bản không phát hành")
    with pytest.raises(ValidationFailed):
        register.cancel_number(db, actor_id=users["vanthu"], entry_id=entry.id, reason="Hủy lần hai")
    assert _take(db, date(2026, 4, 2)) == "02/QĐ-SCT"
    rows = register.list_register(db, year=2026)
    assert [(r.number, r.cancelled) for r in rows] == [(1, True), (2, False)]
    assert rows[0].status.startswith("Đã hủy: Lấy nhầm số")


@pytest.mark.parametrize("statement", [
    "UPDATE register_entries SET number = 99",
    "UPDATE register_entries SET abstract = 'sửa'",
    "DELETE FROM register_entries",
    "UPDATE register_cancellations SET reason = 'khác'",
    "DELETE FROM register_cancellations",
])
def test_the_register_refuses_update_and_delete(db, users, statement):
    _take(db, date(2026, 5, 1))
    with db.read() as session:
        entry_id = session.scalars(select(RegisterEntry.id)).one()
    register.cancel_number(db, actor_id=users["vanthu"], entry_id=entry_id, reason="Thử hủy số")
    with pytest.raises((DBAPIError, IntegrityError)) as info, db.write() as session:
        session.execute(text(statement))
    assert "append-only" in str(info.value)
    assert len(register.list_register(db)) == 1


def test_unique_index_is_the_last_guard(db, users):
    _take(db, date(2026, 6, 1))
    with pytest.raises(IntegrityError), db.write() as session:
        org = _org(session)
        signer = session.scalars(select(User).where(User.username == "giamdoc")).one()
        session.add(RegisterEntry(organisation_id=org.id, year=2026, series="", number=1, doc_type="QĐ",
                                  symbol="01/QĐ-SCT", issued_on=date(2026, 6, 1), signer_id=signer.id))
        session.flush()


def test_export_csv_and_xlsx(db, users):
    from openpyxl import load_workbook

    _take(db, date(2026, 7, 1))
    _take(db, date(2026, 7, 2), "TB")
    rows = register.list_register(db, organisation_code="sct-kh", year=2026)
    csv_bytes = register.export_csv(rows)
    assert csv_bytes.startswith("\ufeff".encode())
    assert "02/TB-SCT" in csv_bytes.decode("utf-8-sig")
    wb = load_workbook(io.BytesIO(register.export_xlsx(rows)))
    ws = wb.active
    assert [c.value for c in ws[2]][:3] == ["Số thứ tự", "Số, ký hiệu", "Ngày ban hành"]
    assert [ws.cell(row=r, column=2).value for r in (3, 4)] == ["01/QĐ-SCT", "02/TB-SCT"]
