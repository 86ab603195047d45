"""walk_to: a dossier taken to any status by the table's route through the real services."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dossier.errors import Refused
from dossier.model import Dossier, Review, TransitionRecord, User
from dossier.services.walk import default_actors, walk_to
from tests.core.helpers import new_dossier, walk_dossier
from workflows import Role, Status, Trigger
from workflows.guards import by_approver
from workflows.walks import route


def _no_documents(*_args, **_kwargs) -> list:
    return []


def _history(db, dossier_id: int) -> list[tuple[str, str]]:
    with db.read() as session:
        rows = session.scalars(select(TransitionRecord).where(TransitionRecord.dossier_id == dossier_id)
                               .order_by(TransitionRecord.id))
        return [(r.trigger, session.get(User, r.actor_id).username) for r in rows]


# Walks whose routes pass through every status (checked below) and every routed row.
GOALS = (Status.REVISION_REQUESTED, Status.ARCHIVED, Status.STOPPED, Status.ADJUSTMENT_PENDING,
         Status.ACCEPTANCE_FAILED, Status.SETTLED)


def test_the_walks_below_pass_through_every_status() -> None:
    passed = {Status.DRAFT} | {step.dest for goal in GOALS for step in route(Status.DRAFT, goal)}
    assert passed == set(Status)


@pytest.mark.parametrize("goal", GOALS, ids=str)
def test_walk_to_reaches_every_status_along_the_route_as_the_right_people(db, users, goal: Status) -> None:
    dossier_id = new_dossier(db, users)
    results = walk_dossier(db, users, dossier_id, goal, generator=_no_documents)
    planned = route(Status.DRAFT, goal)
    assert [r.to_status for r in results] == [step.dest.value for step in planned]
    history = _history(db, dossier_id)
    assert [trigger for trigger, _ in history] == [step.trigger.value for step in planned]
    for step, (_, who) in zip(planned, history, strict=True):
        # the approving body's steps (approve, return, adjust, stop) are the UBND tỉnh leader's
        expected = ("chuyenvien" if Role.OFFICER in step.roles
                    else "phochutich" if by_approver in step.guards else "giamdoc")
        assert who == expected, step.trigger
    with db.read() as session:
        assert session.get(Dossier, dossier_id).status == goal.value
        reviews = session.scalars(select(Review).where(Review.dossier_id == dossier_id)).all()
    appraised = any(step.trigger == Trigger.RECORD_APPRAISAL for step in planned)
    assert len(reviews) == (5 if appraised else 0)  # every voting member of the 2026 council
    passed = Status.APPRAISAL_FAILED not in [step.dest for step in planned]
    assert all(r.passed is passed for r in reviews)


def test_the_callers_inputs_win_over_the_examples_and_a_refusal_stops_the_walk(db, users) -> None:
    dossier_id = new_dossier(db, users)  # 130 000 000 đồng of support
    with pytest.raises(Refused):
        walk_dossier(db, users, dossier_id, Status.IN_PROGRESS, generator=_no_documents,
                     inputs={Trigger.SIGN_CONTRACT: {"contract_value": 130_000_001}})
    with db.read() as session:
        assert session.get(Dossier, dossier_id).status == Status.APPROVED.value  # the steps before it stand
    walk_dossier(db, users, dossier_id, Status.IN_PROGRESS, generator=_no_documents,
                 inputs={Trigger.SIGN_CONTRACT: {"contract_number": "09/2026/HĐ-KC"}})
    with db.read() as session:
        record = session.scalars(select(TransitionRecord).where(
            TransitionRecord.dossier_id == dossier_id, TransitionRecord.trigger == Trigger.SIGN_CONTRACT)).one()
    assert '"contract_number":"09/2026/HĐ-KC"' in record.inputs_json
    assert '"contract_value":130000000' in record.inputs_json  # the example: the dossier's own support


def test_the_default_actors_are_the_first_of_each_role_in_the_dossiers_organisation(db, users) -> None:
    dossier_id = new_dossier(db, users)
    assert default_actors(db, dossier_id) == {Role.OFFICER: users["chuyenvien"], Role.LEADER: users["giamdoc"],
                                              Role.CLERK: users["vanthu"]}
    walk_to(db, dossier_id, Status.SUBMITTED, generator=_no_documents)
    assert _history(db, dossier_id) == [("submit", "chuyenvien")]


def test_a_status_the_table_cannot_reach_changes_nothing(db, users) -> None:
    dossier_id = new_dossier(db, users)
    walk_dossier(db, users, dossier_id, Status.ARCHIVED, generator=_no_documents)
    with db.read() as session:
        before = session.scalar(select(func.count()).select_from(TransitionRecord))
    with pytest.raises(ValueError, match="no route from archived to draft"):
        walk_dossier(db, users, dossier_id, Status.DRAFT)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(TransitionRecord)) == before
