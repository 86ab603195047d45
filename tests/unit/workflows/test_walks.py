"""The walks' routes and example inputs, read from the table: pure, no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest

from workflows import STEPS, CapRule, Facts, Status, Trigger, decide
from workflows.inputs import parse_inputs
from workflows.walks import EXAMPLES, ROUTES, example_inputs, route, route_example, walk_date

S = Status
T = Trigger
MACHINERY = CapRule("may_moc_thiet_bi", Fraction(1, 2), 300_000_000, "khoản 4 Điều 8 Thông tư số 28/2018/TT-BTC")
# A complete 2025 dossier with its council formed and reviewed, a contract and an acceptance.
DOSSIER = Facts(today=date(2025, 1, 5), title="Đề án máy sấy", has_beneficiary=True, content_group="G1",
                location="xã Phước Thuận", start_date=date(2025, 3, 1), end_date=date(2025, 11, 30), item_count=3,
                total=290_000_000, support=130_000_000, caps=(MACHINERY,), council_members=6,
                council_has_chair=True, council_has_secretary=True, voting_members=5, reviews=5, quorum_needed=4,
                council_passed=True, has_contract=True, has_acceptance=True, actor_is_approver=True)


def _facts_for(step) -> Facts:
    passes = route_example(step).council_passes
    return DOSSIER if passes is None else replace(DOSSIER, council_passed=passes)


@pytest.mark.parametrize("step", STEPS, ids=lambda s: f"{s.trigger.value}->{s.dest.value}")
def test_every_row_accepts_its_examples_on_its_own_route(step) -> None:
    facts = _facts_for(step)
    values = parse_inputs(step.inputs, example_inputs(step, facts))
    for source in step.sources:
        assert decide(source, step.trigger, step.roles, facts, values).dest == step.dest


def test_examples_name_only_declared_inputs_and_cover_the_required_ones() -> None:
    for step in STEPS:
        declared = {spec.name for spec in step.inputs}
        required = {spec.name for spec in step.inputs if spec.required}
        given = set(example_inputs(step, DOSSIER))
        assert given <= declared, (step.trigger, given - declared)
        assert required <= given, (step.trigger, required - given)
    assert set(EXAMPLES) <= {step.trigger for step in STEPS}


def test_examples_take_the_steps_date_the_dossiers_year_and_figures() -> None:
    contract = next(s for s in STEPS if s.trigger == T.SIGN_CONTRACT)
    facts = replace(DOSSIER, today=date(2023, 4, 10), start_date=date(2023, 4, 1), support=90_000_000)
    values = example_inputs(contract, facts)
    assert values["contract_date"] == date(2023, 4, 10) and values["contract_value"] == 90_000_000
    assert values["contract_number"] == "05/2023/HĐ-KC"
    invitation = next(s for s in STEPS if s.trigger == T.START_APPRAISAL)
    assert example_inputs(invitation, replace(DOSSIER, today=date(2025, 3, 5)))["meeting_date"] == date(2025, 3, 12)


def test_the_walk_calendar_is_in_the_chronologys_order_and_never_after_today() -> None:
    today = date(2026, 12, 2)
    days = [walk_date(s.trigger, 2025, None, today) for s in route(S.DRAFT, S.ARCHIVED, via=(S.SETTLED,))]
    assert days == sorted(days) and days[0] == date(2025, 2, 20) and days[-1] == date(2025, 11, 25)
    assert walk_date(T.START_APPRAISAL, 2025, date(2025, 3, 9), today) == date(2025, 3, 10)  # after a revision
    assert walk_date(T.SETTLE, 2026, None, date(2026, 6, 1)) == date(2026, 6, 1)


def test_every_routed_row_has_a_route_example_and_only_routed_rows_do() -> None:
    routed = {(step.trigger, step.dest) for step in STEPS if step.when is not None}
    assert set(ROUTES) == routed
    for step in STEPS:
        if step.when is not None:
            assert step.when(_facts_for(step), example_inputs(step, _facts_for(step))), step.dest


@pytest.mark.parametrize("goal", list(Status))
def test_every_status_has_a_route_from_draft_whose_rows_chain(goal: Status) -> None:
    here = S.DRAFT
    for step in route(S.DRAFT, goal):
        assert here in step.sources
        here = step.dest
    assert here == goal


def test_the_route_is_the_shortest_and_takes_the_routed_rows() -> None:
    assert [s.trigger for s in route(S.DRAFT, S.SETTLED)] == [
        T.SUBMIT, T.START_APPRAISAL, T.RECORD_APPRAISAL, T.SUBMIT_FOR_APPROVAL, T.APPROVE, T.SIGN_CONTRACT,
        T.START_IMPLEMENTATION, T.ACCEPT, T.LIQUIDATE, T.SETTLE]
    assert [s.dest for s in route(S.DRAFT, S.ARCHIVED)][-2:] == [S.APPRAISAL_FAILED, S.ARCHIVED]
    assert [s.trigger for s in route(S.DRAFT, S.REVISION_REQUESTED)] == [T.SUBMIT, T.REQUEST_REVISION]
    assert route(S.IN_PROGRESS, S.IN_PROGRESS) == ()


def test_waypoints_are_passed_in_order_and_a_trigger_waypoint_fires_a_self_loop() -> None:
    legs = route(S.DRAFT, S.ARCHIVED, via=(T.RECORD_INSPECTION, S.SETTLED))
    triggers = [s.trigger for s in legs]
    assert triggers.index(T.START_IMPLEMENTATION) < triggers.index(T.RECORD_INSPECTION) < triggers.index(T.ACCEPT)
    assert triggers[-2:] == [T.SETTLE, T.ARCHIVE]
    stopped = [s.trigger for s in route(S.CONTRACTED, S.STOPPED, via=(S.IN_PROGRESS,))]
    assert stopped == [T.START_IMPLEMENTATION, T.STOP]
    assert [s.trigger for s in route(S.CONTRACTED, S.STOPPED)] == [T.STOP]


def test_a_state_the_table_cannot_reach_is_refused() -> None:
    with pytest.raises(ValueError, match="no route from archived to draft"):
        route(S.ARCHIVED, S.DRAFT)
    with pytest.raises(ValueError, match="no route from settled to record_inspection"):
        route(S.SETTLED, S.ARCHIVED, via=(T.RECORD_INSPECTION,))
