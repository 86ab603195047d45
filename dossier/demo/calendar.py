"""The demo's calendar: the day of every step of a đề án of plan year Y, batch B.

One schedule for every demo dossier, so that each history reads in order (Đơn ≤ QĐ thành lập
Hội đồng ≤ họp Hội đồng ≤ Tờ trình ≤ QĐ phê duyệt ≤ Hợp đồng ≤ bắt đầu ≤ kiểm tra ≤ nghiệm thu ≤
thanh lý ≤ quyết toán) and each document is dated by its own step (domain.md §2.4):

- đợt 1 registers by 20 May of the year before, is appraised and approved in March; the merged
  province calls it again and registers it by 31 January of the plan's year (2026, 2027);
- đợt 2 registers by 20 April, is appraised late April to early May and approved in May;
- acceptance in October–November, liquidation a week later, settlement within 15 days of the
  last acceptance (TT 36/2013's rule, kept by the province's Quy chế), archive before year end.
"""

from __future__ import annotations

from datetime import date, timedelta

from workflows import Trigger

T = Trigger


def registration_deadline(year: int, batch: int) -> date:
    if batch == 2:
        return date(year, 4, 20)
    return date(year, 1, 31) if year >= 2026 else date(year - 1, 5, 20)


def _early(year: int, batch: int) -> dict[Trigger, date]:
    """From the Đơn to the contract."""
    if batch == 2:
        return {T.SUBMIT: date(year, 4, 10), T.START_APPRAISAL: date(year, 4, 24),
                T.RECORD_APPRAISAL: date(year, 5, 6), T.REQUEST_REVISION: date(year, 5, 6),
                T.SUBMIT_FOR_APPROVAL: date(year, 5, 12), T.APPROVE: date(year, 5, 20),
                T.SIGN_CONTRACT: date(year, 6, 2), T.START_IMPLEMENTATION: date(year, 6, 12)}
    submitted = registration_deadline(year, 1) - timedelta(days=10)
    return {T.SUBMIT: submitted, T.START_APPRAISAL: date(year, 3, 2), T.RECORD_APPRAISAL: date(year, 3, 12),
            T.REQUEST_REVISION: date(year, 3, 12), T.SUBMIT_FOR_APPROVAL: date(year, 3, 16),
            T.APPROVE: date(year, 3, 25), T.SIGN_CONTRACT: date(year, 4, 5),
            T.START_IMPLEMENTATION: date(year, 4, 15)}


def step_dates(year: int, batch: int, accepted_on: date | None = None) -> dict[Trigger, date]:
    """The day of each step of a đề án of plan `year`, đợt `batch`, accepted on `accepted_on`."""
    accepted = accepted_on or date(year, 10, 25)
    return {
        **_early(year, batch),
        T.RECORD_INSPECTION: date(year, 7 + batch - 1, 20), T.STOP: date(year, 8 + batch - 1, 15),
        T.ACCEPT: accepted, T.LIQUIDATE: accepted + timedelta(days=7), T.SETTLE: accepted + timedelta(days=14),
        T.ARCHIVE: date(year, 12, 20),
    }


def created_on(year: int, batch: int) -> date:
    """The day the officer opens the dossier: a fortnight before the Đơn is lodged."""
    return _early(year, batch)[T.SUBMIT] - timedelta(days=14)


def dated_inputs(dates: dict[Trigger, date]) -> dict[Trigger, dict[str, date]]:
    """The date fields the officers enter at each step, equal to the step's own day."""
    return {
        T.START_APPRAISAL: {"meeting_date": dates[T.RECORD_APPRAISAL]},
        T.RECORD_APPRAISAL: {"meeting_date": dates[T.RECORD_APPRAISAL]},
        T.SIGN_CONTRACT: {"contract_date": dates[T.SIGN_CONTRACT]},
        T.START_IMPLEMENTATION: {"start_date": dates[T.START_IMPLEMENTATION]},
        T.RECORD_INSPECTION: {"inspection_date": dates[T.RECORD_INSPECTION]},
        T.ACCEPT: {"acceptance_date": dates[T.ACCEPT]},
        T.LIQUIDATE: {"liquidation_date": dates[T.LIQUIDATE]},
        T.SETTLE: {"settlement_date": dates[T.SETTLE]},
    }
