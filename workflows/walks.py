"""Walks through the table: the shortest route to a status, and example inputs for each step.

A walk is how the demo builds its dossiers and how tests reach a state without writing the path
by hand. The route is read from the table (breadth first, rows in table order), so a new step
changes the walks with no other edit; the examples (each row's `example`, workflows.examples) say
what a plausible officer would type, in the dossier's own year and with its own figures, and a
unit test checks that every row accepts them; each row's `day` dates the walk's step. Pure: the
service that fires the steps is `dossier.services.walk`.
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


# The example inputs and the calendar day of each step, as its first row of the table gives them.
EXAMPLES: Mapping[Trigger, Mapping[str, Any]] = {step.trigger: step.example for step in STEPS if step.example}
CALENDAR: Mapping[Trigger, tuple[int, int]] = {step.trigger: step.day for step in STEPS if step.day}


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
