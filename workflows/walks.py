"""Walks through the table: the shortest route to a status, and example inputs for each step.

A walk is how the demo builds its dossiers and how tests reach a state without writing the path
by hand. The route is read from the table (breadth first, rows in table order), so a new step
changes the walks with no other edit; the examples say what a plausible officer would type, in
the dossier's own year and with its own figures, and a unit test checks that every row accepts
them. Pure: the service that fires the steps is `dossier.services.walk`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from workflows.facts import Facts
from workflows.states import Status, Trigger
from workflows.table import STEPS, Step

S = Status
T = Trigger
Waypoint = Status | Trigger


def _year(f: Facts) -> int:
    return (f.start_date or f.today).year


def _step_day(f: Facts) -> date:
    """An event the step records happened on the step's own date."""
    return f.today


def _week_later(f: Facts) -> date:
    """The meeting a Giấy mời announces: a week after the invitation."""
    return f.today + timedelta(days=7)


def _support(f: Facts) -> int:
    """The contract, the acceptance and the settlement take the approved amount (the council's
    proposal through the Tờ trình), not the one requested."""
    return f.agreed_support


def _total(f: Facts) -> int:
    return f.total


# Values for the required inputs of each step (optional ones come from the caller's overrides),
# either as they are or computed from the dossier's Facts (dates from the step's own date, its
# own amounts), so that a walk's dates are in the order workflows.chronology asks for.
EXAMPLES: Mapping[Trigger, Mapping[str, Any]] = {
    T.REQUEST_REVISION: {"missing_items": ["Báo giá của 03 nhà cung cấp"]},
    T.START_APPRAISAL: {"meeting_date": _week_later, "meeting_time": "08 giờ 00",
                        "meeting_place": "Phòng họp số 2, Sở Công Thương"},
    T.RECORD_APPRAISAL: {"meeting_date": _step_day, "conclusion": "Đề án đạt yêu cầu."},
    T.RETURN_TO_OFFICER: {"reason": "Bổ sung báo giá thiết bị."},
    T.SIGN_CONTRACT: {"contract_number": lambda f: f"05/{_year(f)}/HĐ-KC", "contract_date": _step_day,
                      "contract_value": _support},
    T.START_IMPLEMENTATION: {"start_date": _step_day},
    T.RECORD_INSPECTION: {"inspection_date": _step_day, "findings": "Đúng tiến độ."},
    T.REQUEST_ADJUSTMENT: {"reason": "Nhà cung cấp ngừng sản xuất model cũ.",
                           "changes": ["Máy rửa | 1 tấn/giờ | 1,2 tấn/giờ"]},
    T.REJECT_ADJUSTMENT: {"reason": "Không có căn cứ điều chỉnh."},
    T.STOP: {"reason": "Cơ sở có đơn xin dừng thực hiện."},
    T.ACCEPT: {"acceptance_date": _step_day, "passed": True, "accepted_value": _total,
               "accepted_support": _support, "conclusion": "Đạt yêu cầu."},
    T.LIQUIDATE: {"liquidation_date": _step_day},
    T.SETTLE: {"settlement_date": _step_day, "settled_amount": _support},
}

# The day (month, day) of the dossier's year on which a walk takes each step when the caller
# gives no date: a plausible calendar (domain.md §2.4) in the chronology's order.
CALENDAR: Mapping[Trigger, tuple[int, int]] = {
    T.SUBMIT: (2, 20), T.REQUEST_REVISION: (2, 24), T.RESUBMIT: (2, 27), T.START_APPRAISAL: (3, 5),
    T.RECORD_APPRAISAL: (3, 12), T.REOPEN: (3, 16), T.SUBMIT_FOR_APPROVAL: (3, 18),
    T.RETURN_TO_OFFICER: (3, 20), T.APPROVE: (3, 25), T.SIGN_CONTRACT: (4, 10),
    T.START_IMPLEMENTATION: (4, 15), T.RECORD_INSPECTION: (7, 20), T.REQUEST_ADJUSTMENT: (8, 5),
    T.APPROVE_ADJUSTMENT: (8, 12), T.REJECT_ADJUSTMENT: (8, 12), T.STOP: (9, 1), T.ACCEPT: (10, 25),
    T.RESUME: (10, 28), T.LIQUIDATE: (11, 5), T.SETTLE: (11, 18), T.ARCHIVE: (11, 25),
}


def walk_date(trigger: Trigger, year: int, after: date | None, today: date) -> date:
    """The day a walk dates a step of `trigger` in a dossier of `year`: the calendar's day, moved
    to the day after the previous step (`after`) when that is later (a loop: a revision, a
    return), and never after `today` (a step is recorded once it has happened)."""
    month, day = CALENDAR.get(trigger, (12, 1))
    on = date(year, month, day)
    if after is not None and on <= after:
        on = after + timedelta(days=1)
    return min(on, today)


@dataclass(frozen=True)
class RouteExample:
    """What makes a routed row's `when` true: inputs of the step, or the council's verdict."""

    inputs: Mapping[str, Any] = field(default_factory=dict)
    council_passes: bool | None = None  # the walk enters every voting member's review so


ROUTES: Mapping[tuple[Trigger, Status], RouteExample] = {
    (T.RECORD_APPRAISAL, S.APPRAISED): RouteExample(council_passes=True),
    (T.RECORD_APPRAISAL, S.APPRAISAL_FAILED): RouteExample({"conclusion": "Đề án không đạt yêu cầu."},
                                                           council_passes=False),
    (T.ACCEPT, S.ACCEPTED): RouteExample({"passed": True}),
    # what the team found short: the first item delivered but not yet installed (the others as approved)
    (T.ACCEPT, S.ACCEPTANCE_FAILED): RouteExample({"passed": False, "accepted_value": 0, "accepted_support": 0,
                                                   "conclusion": "Thiết bị chưa lắp đặt xong.",
                                                   "shortfalls": ["1 | 1 | không | không"]}),
}


def route_example(step: Step) -> RouteExample:
    return ROUTES.get((step.trigger, step.dest), RouteExample())


def example_inputs(step: Step, facts: Facts) -> dict[str, Any]:
    """Inputs `step` accepts for a dossier like `facts`, on the row's own route."""
    values = {name: value(facts) if callable(value) else value
              for name, value in EXAMPLES.get(step.trigger, {}).items()}
    values.update(route_example(step).inputs)
    return values


def _shortest(start: Status, arrived: Callable[[Status], bool]) -> list[Step]:
    if arrived(start):
        return []
    came: dict[Status, tuple[Status, Step]] = {}
    frontier = deque([start])
    while frontier:
        here = frontier.popleft()
        for step in STEPS:
            if here not in step.sources or step.dest == start or step.dest in came:
                continue
            came[step.dest] = (here, step)
            if arrived(step.dest):
                return _unwind(came, start, step.dest)
            frontier.append(step.dest)
    raise ValueError(f"no route from {start.value}")


def _unwind(came: Mapping[Status, tuple[Status, Step]], start: Status, end: Status) -> list[Step]:
    legs: list[Step] = []
    while end != start:
        end, step = came[end][0], came[end][1]
        legs.append(step)
    return legs[::-1]


def route(start: Status, goal: Status, via: Sequence[Waypoint] = ()) -> tuple[Step, ...]:
    """The rows a walk fires from `start` to `goal`, passing each waypoint in order.

    A Status waypoint is reached; a Trigger waypoint is fired once (its first row in the table),
    which is how a self-loop such as an inspection gets into a walk.
    """
    legs: list[Step] = []
    here = Status(start)
    for mark in (*via, goal):
        rows = [step for step in STEPS if step.trigger == mark] if isinstance(mark, Trigger) else []
        if isinstance(mark, Trigger):
            def arrived(s: Status, rows: list[Step] = rows) -> bool:
                return any(s in row.sources for row in rows)
        else:
            def arrived(s: Status, mark: Waypoint = mark) -> bool:
                return s == mark
        try:
            part = _shortest(here, arrived)
        except ValueError:
            raise ValueError(f"no route from {here.value} to {mark.value}") from None
        legs += part
        here = part[-1].dest if part else here
        if rows:
            row = next(row for row in rows if here in row.sources)
            legs.append(row)
            here = row.dest
    return tuple(legs)
