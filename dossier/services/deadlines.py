"""Deadlines: working days with Vietnamese public holidays, fixed dates, what is due and overdue.

Working days: Monday to Friday, less the statutory holidays of the `holidays` package (its
Vietnam calendar has lunar Tết, the Hùng Kings day and the swapped days off), less the extra days
off of dossier/data/days_off.toml, plus the Saturdays worked in exchange listed there.

What is due for a dossier depends on its state (domain.md §2.1, §2.4):
- registration window of its batch (Batch.registration_deadline) while it is a draft;
- the date the officer set for a requested revision;
- working-day periods for appraisal, approval and contract (dossier/data/deadlines.toml —
  provincial practice, configurable);
- the end of the implementation period (Dossier.end_date);
- the settlement dossier within 15 days of the acceptance (TT 36/2013);
- liquidation and settlement no later than 22 January of the year after the plan year.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import holidays
from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.model import Dossier, User
from dossier.services.access import scoped
from dossier.services.records import latest_inputs, latest_record
from dossier.vn.text import in_sentence
from workflows.labels import status_label
from workflows.states import Status, Trigger

DATA = Path(__file__).resolve().parents[1] / "data"


# ---- the calendar --------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _moved_days(path: str) -> tuple[frozenset[date], frozenset[date]]:
    data = tomllib.loads(Path(path).read_text("utf-8"))
    return (frozenset(row["date"] for row in data.get("off", [])),
            frozenset(row["date"] for row in data.get("work", [])))


class WorkingCalendar:
    """Working days of Vietnamese state bodies."""

    def __init__(self, days_off_file: Path | None = None):
        self._holidays = holidays.country_holidays("VN")
        self._extra_off, self._extra_work = _moved_days(str(days_off_file or DATA / "days_off.toml"))

    def holiday_name(self, d: date) -> str | None:
        if d in self._extra_off:
            return "Ngày nghỉ hoán đổi"
        return self._holidays.get(d)

    def is_working_day(self, d: date) -> bool:
        if d in self._extra_work:
            return True
        if d.weekday() >= 5:
            return False
        return d not in self._holidays and d not in self._extra_off

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (start itself is not counted, as "within n days")."""
        d, left = start, n
        while left > 0:
            d += timedelta(days=1)
            if self.is_working_day(d):
                left -= 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when end is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for i in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(days=i)))


@lru_cache(maxsize=1)
def calendar() -> WorkingCalendar:
    return WorkingCalendar()


# ---- what is due ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Due:
    label: str  # Vietnamese, for the dossier page
    due: date
    basis: str  # where the date comes from
    kind: str  # "working_days" | "fixed"
    today: date

    @property
    def overdue(self) -> bool:
        return self.due < self.today

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days

    @property
    def text(self) -> str:
        if self.overdue:
            return f"{self.label}: hạn {self.due:%d/%m/%Y}, đã quá {-self.days_left} ngày"
        if self.days_left == 0:
            return f"{self.label}: hạn hôm nay ({self.due:%d/%m/%Y})"
        return f"{self.label}: hạn {self.due:%d/%m/%Y}, còn {self.days_left} ngày"


@lru_cache(maxsize=4)
def _rules(path: str) -> tuple[dict, ...]:
    return tuple(tomllib.loads(Path(path).read_text("utf-8"))["rule"])


def _entered(session: Session, dossier: Dossier, trigger: str) -> date | None:
    """The day the dossier entered a state by `trigger`: the step's own date, not when it was typed in."""
    record = latest_record(session, dossier.id, trigger)
    return record.on if record else None


def _when(value: object) -> date | None:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)) if value else None


def due_for(session: Session, dossier: Dossier, today: date, cal: WorkingCalendar | None = None) -> list[Due]:
    """What is due for `dossier` in its current state, earliest first."""
    cal = cal or calendar()
    status = dossier.status
    out: list[Due] = []
    if status == Status.DRAFT.value and dossier.batch and dossier.batch.registration_deadline:
        out.append(Due(f"Hạn đăng ký {in_sentence(dossier.batch.name)}", dossier.batch.registration_deadline,
                       "Thông báo đăng ký đề án khuyến công của đợt", "fixed", today))
    if status == Status.REVISION_REQUESTED.value:
        deadline = _when(latest_inputs(session, dossier.id, Trigger.REQUEST_REVISION).get("deadline"))
        if deadline:
            out.append(Due("Hạn nộp hồ sơ bổ sung", deadline, "Thông báo yêu cầu bổ sung hồ sơ", "fixed", today))
    for rule in _rules(str(DATA / "deadlines.toml")):
        if status != rule["state"]:
            continue
        since = _entered(session, dossier, rule["since"])
        if since:
            out.append(Due(rule["label"], cal.add_working_days(since, int(rule["working_days"])),
                           f"{rule['working_days']} ngày làm việc kể từ ngày {since:%d/%m/%Y}; {rule['basis']}",
                           "working_days", today))
    if status in (Status.CONTRACTED.value, Status.IN_PROGRESS.value, Status.ADJUSTMENT_PENDING.value,
                  Status.ACCEPTANCE_FAILED.value) and dossier.end_date:
        out.append(Due("Hoàn thành thực hiện đề án", dossier.end_date, "Thời gian thực hiện đề án được duyệt",
                       "fixed", today))
    if status in (Status.ACCEPTED.value, Status.LIQUIDATED.value):
        accepted = _when(latest_inputs(session, dossier.id, Trigger.ACCEPT).get("acceptance_date"))
        if accepted:
            out.append(Due("Hoàn thành hồ sơ quyết toán", accepted + timedelta(days=15),
                           "Chậm nhất 15 ngày sau ngày nghiệm thu (Thông tư số 36/2013/TT-BCT)", "fixed", today))
        year = dossier.plan.year if dossier.plan else (accepted or today).year
        out.append(Due("Thanh lý hợp đồng và quyết toán kinh phí" if status == Status.ACCEPTED.value
                       else "Quyết toán kinh phí", date(year + 1, 1, 22),
                       f"Chậm nhất ngày 22 tháng 01 năm {year + 1} (Thông tư số 36/2013/TT-BCT)", "fixed", today))
    return sorted(out, key=lambda d: d.due)


@dataclass(frozen=True)
class OverdueRow:
    dossier_id: int
    code: str
    title: str
    status: str
    status_label: str
    due: Due


def overdue(session: Session, today: date, user: User | None = None,
            dossiers: Iterable[Dossier] | None = None) -> list[OverdueRow]:
    """Every due date already past, over the dossiers `user` may see (all of them for user=None)."""
    if dossiers is None:
        query = select(Dossier).where(Dossier.status.notin_([Status.ARCHIVED.value, Status.SETTLED.value,
                                                             Status.STOPPED.value]))
        if user is not None:
            query = scoped(session, user, query)
        dossiers = session.scalars(query.order_by(Dossier.code))
    rows = []
    for d in dossiers:
        for due in due_for(session, d, today):
            if due.overdue:
                rows.append(OverdueRow(d.id, d.code, d.title, d.status, status_label(d.status), due))
    return sorted(rows, key=lambda r: (r.due.due, r.code))


__all__ = ["Due", "OverdueRow", "WorkingCalendar", "calendar", "due_for", "overdue"]
