"""The workflow table as data: well formed, closed, drawn in the README, refusing the rest."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from workflows import STEPS, TRIGGERS, Facts, InvalidTransition, NotPermitted, Role, Status, decide
from workflows import machine as machine_module
from workflows.diagram import mermaid
from workflows.labels import STATUS_LABELS, TRIGGER_LABELS
from workflows.states import INITIAL, TERMINAL

ALL_ROLES = frozenset(Role)
README = Path(__file__).resolve().parents[3] / "README.md"


def reachable() -> set[Status]:
    seen, frontier = {INITIAL}, [INITIAL]
    while frontier:
        state = frontier.pop()
        for step in STEPS:
            if state in step.sources and step.dest not in seen:
                seen.add(step.dest)
                frontier.append(step.dest)
    return seen


def test_every_state_is_reachable_from_draft() -> None:
    assert reachable() == set(Status)


def test_terminal_states_have_no_outgoing_steps() -> None:
    for step in STEPS:
        assert not TERMINAL & set(step.sources), step.trigger


def test_every_non_terminal_state_has_a_way_out() -> None:
    for state in set(Status) - TERMINAL:
        assert any(state in step.sources for step in STEPS), state


def test_every_step_declares_roles_and_admin_acts_on_no_dossier() -> None:
    for step in STEPS:
        assert step.roles, step.trigger
        assert Role.ADMIN not in step.roles


def test_every_state_and_trigger_has_a_vietnamese_label() -> None:
    assert set(STATUS_LABELS) == set(Status)
    assert set(TRIGGER_LABELS) == set(TRIGGERS)


def test_rows_sharing_a_trigger_are_routed_and_share_inputs() -> None:
    for trigger in TRIGGERS:
        rows = [s for s in STEPS if s.trigger == trigger]
        if len(rows) > 1:
            assert all(r.when is not None for r in rows), trigger
            assert len({r.inputs for r in rows}) == 1, trigger


def test_stop_is_possible_from_approved_through_in_progress() -> None:
    stop = next(s for s in STEPS if s.trigger == "stop")
    assert set(stop.sources) == {Status.APPROVED, Status.CONTRACTED, Status.IN_PROGRESS, Status.ADJUSTMENT_PENDING}


PAIRS_IN_TABLE = {(source, step.trigger) for step in STEPS for source in step.sources}


OUTSIDE = [
    (status, trigger)
    for status in Status
    for trigger in (*TRIGGERS, "to_approved", "to_archived", "approve_everything")
    if (status, trigger) not in PAIRS_IN_TABLE
]


@pytest.mark.parametrize(("status", "trigger"), OUTSIDE)
def test_every_pair_outside_the_table_is_refused(status: Status, trigger: str) -> None:
    with pytest.raises(InvalidTransition) as info:
        decide(status, trigger, ALL_ROLES, Facts(today=date(2026, 1, 5)), {})
    assert "Không thể thực hiện" in info.value.reasons[0]


def test_the_machine_has_no_auto_transitions_and_keeps_one_model() -> None:
    for _ in range(100):
        with pytest.raises(InvalidTransition):
            decide(Status.DRAFT, "to_archived", ALL_ROLES, Facts(today=date(2026, 1, 5)), {})
    assert machine_module._MACHINE.models == [machine_module._CURSOR]
    assert not any(name.startswith("to_") for name in machine_module._MACHINE.events)


def test_a_role_outside_the_row_is_refused_in_vietnamese() -> None:
    with pytest.raises(NotPermitted) as info:
        decide(Status.SUBMITTED_FOR_APPROVAL, "approve", frozenset({Role.OFFICER}), Facts(today=date(2026, 1, 5)))
    assert "Vai trò" in info.value.reasons[0]


def test_mermaid_in_the_readme_equals_the_table() -> None:
    text = README.read_text("utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", text, flags=re.S)
    assert blocks, "the README must show the workflow diagram"
    assert blocks[0] == mermaid()


def test_mermaid_marks_the_current_state() -> None:
    assert "class in_progress current" in mermaid(Status.IN_PROGRESS)


class _Reading(dict):
    """A mapping of step inputs that remembers every name a guard or a route asks for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def get(self, key, default=None):
        self.asked.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.asked.add(key)
        raise KeyError(key)


def test_every_input_a_guard_or_route_reads_is_declared_by_its_row() -> None:
    facts = Facts(today=date(2026, 1, 5), support=130_000_000, total=290_000_000, has_contract=True,
                  start_date=date(2026, 3, 1), end_date=date(2026, 11, 30))
    for step in STEPS:
        declared = {spec.name for spec in step.inputs}
        for check in (*step.guards, *([step.when] if step.when else [])):
            inputs = _Reading()
            check(facts, inputs)
            assert inputs.asked <= declared, (step.trigger, check.__name__, inputs.asked - declared)


def test_every_input_is_declared_once_with_a_vietnamese_label_and_a_kind() -> None:
    kinds = {"text", "textarea", "date", "money", "bool", "lines", "int"}
    for step in STEPS:
        names = [spec.name for spec in step.inputs]
        assert len(names) == len(set(names)), step.trigger
        for spec in step.inputs:
            assert spec.kind in kinds, (step.trigger, spec.name)
            assert spec.label.strip() and spec.label[0].isupper(), (step.trigger, spec.name)
