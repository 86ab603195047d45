"""The engine: one shared `transitions` machine that only decides, never acts.

The service layer does every effect (documents, history, audit) inside one database
transaction; transitions would keep a state change even if a callback raised afterwards, so no
callback here touches anything. One machine serves every dossier through one cursor object whose
state is set before each decision, so memory does not grow with the number of dossiers
(transitions issue #146; bench/bench_workflow.py measures it against a machine per dossier).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from transitions import Machine, MachineError

from workflows.facts import Facts
from workflows.labels import ROLE_LABELS, status_label, trigger_label
from workflows.states import INITIAL, Role, Status
from workflows.table import ISSUED_FIRST, STEPS, TRIGGERS, Step, steps_for


class WorkflowRefusal(Exception):
    """A step that may not happen; `reasons` are Vietnamese sentences for the user."""

    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


class InvalidTransition(WorkflowRefusal):
    pass


class NotPermitted(WorkflowRefusal):
    pass


class GuardFailed(WorkflowRefusal):
    pass


@dataclass(frozen=True)
class Decision:
    trigger: str
    source: Status
    dest: Status
    step: Step


@dataclass(frozen=True)
class Action:
    """One button on the dossier page: enabled, or disabled with the guards' reasons."""

    trigger: str
    label: str
    enabled: bool
    reasons: tuple[str, ...]


class _Cursor:
    """Stand-in model carrying the current state through the machine for one decision."""

    state: str


def _build_machine() -> Machine:
    transitions = []
    for step in STEPS:
        transitions.append(
            {
                "trigger": step.trigger,
                "source": [s.value for s in step.sources],
                "dest": step.dest.value,
                # Routing between rows of one trigger; guards with reasons are checked before.
                "conditions": [_routing(step)],
            }
        )
    return Machine(
        model=None,
        states=[s.value for s in Status],
        transitions=transitions,
        initial=None,
        auto_transitions=False,
        send_event=True,
        ignore_invalid_triggers=False,
    )


def _routing(step: Step):
    def condition(event) -> bool:
        if step.when is None:
            return True
        return step.when(event.kwargs["facts"], event.kwargs["inputs"])

    condition.__name__ = f"route_{step.trigger}_{step.dest.value}"
    return condition


_MACHINE = _build_machine()
# Every decision runs under the lock, so one permanent cursor serves them all: the machine holds
# exactly one model however many dossiers there are, and no model is added or removed per call.
_LOCK = threading.Lock()
_CURSOR = _Cursor()
_MACHINE.add_model(_CURSOR, initial=INITIAL.value)


def _route(status: Status, trigger: str, facts: Facts, inputs: Mapping[str, Any]) -> Status:
    with _LOCK:
        _MACHINE.set_state(status.value, model=_CURSOR)
        try:
            moved = _CURSOR.trigger(trigger, facts=facts, inputs=inputs)  # type: ignore[attr-defined]
        except (MachineError, AttributeError) as exc:
            raise InvalidTransition([_invalid_reason(status, trigger)]) from exc
        dest = Status(_CURSOR.state)
    if not moved:
        raise InvalidTransition([_invalid_reason(status, trigger)])
    return dest


def _invalid_reason(status: Status, trigger: str) -> str:
    return (
        f"Không thể thực hiện “{trigger_label(trigger)}” khi hồ sơ đang ở trạng thái "
        f"“{status_label(status)}”."
    )


def _row_for(status: Status, trigger: str, dest: Status) -> Step:
    return next(s for s in steps_for(trigger) if status in s.sources and s.dest == dest)


def guard_reasons(step: Step, facts: Facts, inputs: Mapping[str, Any]) -> list[str]:
    """The row's guards, after the issuance guard every row has unless it is a step back."""
    guards = step.guards if step.before_issuance else (ISSUED_FIRST, *step.guards)
    return [reason for guard in guards if (reason := guard(facts, inputs))]


def decide(
    status: Status | str,
    trigger: str,
    roles: frozenset[Role] | set[Role],
    facts: Facts,
    inputs: Mapping[str, Any] | None = None,
) -> Decision:
    """Decide where `trigger` takes a dossier in `status`, or raise a WorkflowRefusal."""
    status = Status(status)
    inputs = inputs or {}
    if trigger not in TRIGGERS or not any(status in s.sources for s in steps_for(trigger)):
        raise InvalidTransition([_invalid_reason(status, trigger)])
    candidates = [s for s in steps_for(trigger) if status in s.sources]
    if not any(set(roles) & s.roles for s in candidates):
        allowed = ", ".join(sorted({ROLE_LABELS[r].lower() for s in candidates for r in s.roles}))
        raise NotPermitted([f"Vai trò của bạn không được thực hiện “{trigger_label(trigger)}” (dành cho: {allowed})."])
    dest = _route(status, trigger, facts, inputs)
    step = _row_for(status, trigger, dest)
    reasons = guard_reasons(step, facts, inputs)
    if reasons:
        raise GuardFailed(reasons)
    return Decision(trigger, status, dest, step)


def available_actions(status: Status | str, roles: frozenset[Role] | set[Role], facts: Facts) -> list[Action]:
    """The triggers a user with `roles` may see for a dossier in `status`, with blocking reasons.

    Inputs are not known yet, so only guards that do not depend on inputs can block here;
    input-dependent guards are checked again when the user submits the form.
    """
    status = Status(status)
    actions = []
    for trigger in TRIGGERS:
        rows = [s for s in steps_for(trigger) if status in s.sources and set(roles) & s.roles]
        if not rows:
            continue
        reasons = tuple(dict.fromkeys(r for row in rows for r in guard_reasons(row, facts, {})))
        actions.append(Action(trigger, trigger_label(trigger), not reasons, reasons))
    return actions
