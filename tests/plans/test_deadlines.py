"""Working days with Vietnamese holidays (Tết from the lunar calendar), fixed dates, overdue list."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from dossier.model import Dossier, TransitionRecord
from dossier.services.deadlines import WorkingCalendar, calendar, due_for, overdue
from tests.plans.helpers import walk

CAL = calendar()


def test_tet_2026_and_weekends_are_skipped() -> None:
    # Tết Bính Ngọ: 17 February 2026 is Mùng 1; state bodies are off Mon 16 – Fri 20 February.
    for day in range(16, 21):
        assert not CAL.is_working_day(date(2026, 2, day)), day
    assert CAL.holiday_name(date(2026, 2, 17)) == "Lunar New Year"
    assert not CAL.is_working_day(date(2026, 2, 14)) and not CAL.is_working_day(date(2026, 2, 15))  # weekend
    assert CAL.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)  # Friday before Tết → Monday after
    assert CAL.add_working_days(date(2026, 2, 12), 5) == date(2026, 2, 26)
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 27)) == 5


def test_hung_kings_day_and_swapped_days() -> None:
    assert not CAL.is_working_day(date(2026, 4, 27))  # Giỗ Tổ (10/3 âm lịch) falls on Sunday 26/4: Monday off
    assert not CAL.is_working_day(date(2025, 4, 7))  # Giỗ Tổ 2025
    assert not CAL.is_working_day(date(2025, 5, 2))  # swapped day off …
    assert CAL.is_working_day(date(2025, 4, 26))  # … worked on Saturday 26/4/2025 (dossier/data/days_off.toml)
    assert CAL.add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)


def test_extra_days_off_come_from_data(tmp_path) -> None:
    extra = tmp_path / "days_off.toml"
    extra.write_text('[[off]]\ndate = 2027-03-03\nnote = "test"\n', encoding="utf-8")
    cal = WorkingCalendar(extra)
    assert cal.is_working_day(date(2027, 3, 2)) and not cal.is_working_day(date(2027, 3, 3))
    assert cal.add_working_days(date(2027, 3, 2), 1) == date(2027, 3, 4)


def test_settlement_deadlines_and_the_overdue_list(db, users) -> None:
    dossier_id = walk(db, users, 2026, "G1", 0, 290, 130, "accepted")  # accepted on 20 October 2026
    with db.read() as session:
        d = session.get(Dossier, dossier_id)
        dues = due_for(session, d, date(2026, 11, 1))
        assert [(x.label, x.due) for x in dues] == [
            ("Hoàn thành hồ sơ quyết toán", date(2026, 11, 4)),
            ("Thanh lý hợp đồng và quyết toán kinh phí", date(2027, 1, 22)),
        ]
        assert not dues[0].overdue and "còn 3 ngày" in dues[0].text
        late = overdue(session, date(2026, 11, 10))
        assert [(r.code, r.due.due) for r in late] == [(d.code, date(2026, 11, 4))]
        assert "đã quá 6 ngày" in late[0].due.text


def test_working_day_rule_after_approval(db, users) -> None:
    dossier_id = walk(db, users, 2026, "G1", 0, 290, 130, "approved")
    with db.read() as session:
        d = session.get(Dossier, dossier_id)
        approved_on = session.scalars(select(TransitionRecord).where(TransitionRecord.dossier_id == d.id,
                                                                     TransitionRecord.trigger == "approve")).one()
        due = next(x for x in due_for(session, d, approved_on.on) if x.kind == "working_days")
        assert due.label == "Ký hợp đồng thực hiện đề án"
        assert due.due == CAL.add_working_days(approved_on.on, 15)
        assert CAL.working_days_between(approved_on.on, due.due) == 15
