"""Take a dossier to a status through the real workflow: the table's route, fired step by step.

Each step goes through `transitions.fire` as a user of a role the row allows, with the table's
example inputs for the dossier (`workflows.walks`) under the caller's own; before a routed
appraisal the council's reviews are entered with the verdict the route needs. The demo builds
its dossiers this way and the tests reach their states this way, so both see what a user would
have produced: history, audit events, documents.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from dossier.model import Dossier, User
from dossier.services.dossiers import record_review
from dossier.services.facts import build_facts, dossier_dates
from dossier.services.transitions import DocumentGenerator, TransitionResult, fire
from dossier.services.uow import Database
from dossier.vn.vntime import today_vn
from workflows import Role, Status, Step, Trigger
from workflows.chronology import PLANNED, STEP_DATES
from workflows.walks import Waypoint, example_inputs, route, route_example, walk_date

ROLE_PREFERENCE = (Role.OFFICER, Role.LEADER, Role.CLERK)


@dataclass(frozen=True)
class Reviews:
    """The Phiếu nhận xét a walk enters for each voting member before the council decides."""

    comment: str = "Nhận xét"
    score: int | None = None  # None: 85 for a passing review, 40 for a failing one
    recommended_support: int | None = None


def default_actors(db: Database, dossier_id: int) -> dict[Role, int]:
    """The first active user of each role in the dossier's own organisation."""
    with db.read() as session:
        owner = session.get(Dossier, dossier_id).owner_org_id
        people = session.scalars(select(User).where(User.organisation_id == owner, User.active)
                                 .order_by(User.id)).all()
        return {role: next(u.id for u in people if role in u.roles)
                for role in ROLE_PREFERENCE if any(role in u.roles for u in people)}


def walk_to(
    db: Database,
    dossier_id: int,
    goal: Status,
    *,
    via: Sequence[Waypoint] = (),
    actors: Mapping[Role, int] | None = None,
    inputs: Mapping[Trigger, Mapping[str, Any]] | None = None,
    dates: Mapping[Trigger, date] | None = None,
    reviews: Reviews = Reviews(),
    generator: DocumentGenerator | None = None,
    report: Callable[[str], None] | None = None,
) -> list[TransitionResult]:
    """Fire the table's shortest route from the dossier's status to `goal` (through `via`).

    `inputs` override the examples per trigger (None drops an example value); `dates` give a
    step its day (the `effective_on` of `fire`); without one a step is dated by the walk's
    calendar in the dossier's year (`workflows.walks.walk_date`), after the step before it, and
    the dates its inputs hold follow from that day.
    """
    actors = actors or default_actors(db, dossier_id)
    results = []
    for step in route(_status(db, dossier_id), goal, via):
        passes = route_example(step).council_passes
        if passes is not None:
            _enter_reviews(db, actors[Role.OFFICER], dossier_id, passes, reviews, report)
        given = (inputs or {}).get(step.trigger, {})
        on = (dates or {}).get(step.trigger) or recorded_on(step.trigger, given) or \
            _walk_date(db, dossier_id, step.trigger)
        values = _inputs(db, dossier_id, step, on, given)
        result = fire(db, actor_id=_actor(step, actors), dossier_id=dossier_id, trigger=step.trigger,
                      expected_version=_version(db, dossier_id), inputs=values, effective_on=on,
                      generator=generator)
        results.append(result)
        if report:
            report(f"  {step.trigger.value:22s} → {result.to_status:24s} ({len(result.document_ids)} văn bản) "
                   f"[{len(step.documents)} mẫu]")
    return results


def _actor(step: Step, actors: Mapping[Role, int]) -> int:
    for role in ROLE_PREFERENCE:
        if role in step.roles and role in actors:
            return actors[role]
    raise LookupError(f"no user given for {step.trigger.value} (roles: {', '.join(sorted(step.roles))})")


def _status(db: Database, dossier_id: int) -> Status:
    with db.read() as session:
        return Status(session.get(Dossier, dossier_id).status)


def _version(db: Database, dossier_id: int) -> int:
    with db.read() as session:
        return session.get(Dossier, dossier_id).version


def recorded_on(trigger: Trigger, given: Mapping[str, Any]) -> date | None:
    """The date of the event a step records, when the caller typed it (the contract's date for
    the contract step): the step is then dated by it, as an officer recording it that day would."""
    for _, source in STEP_DATES.get(trigger, ()):
        if source and (trigger, source) not in PLANNED and given.get(source):
            value = given[source]
            return value if isinstance(value, date) else date.fromisoformat(str(value))
    return None


def _walk_date(db: Database, dossier_id: int, trigger: Trigger) -> date:
    with db.read() as session:
        dossier = session.get(Dossier, dossier_id)
        year = dossier.plan.year if dossier.plan else (dossier.start_date or today_vn()).year
        _, last = dossier_dates(session, dossier_id)
    return walk_date(trigger, year, last, today_vn())


def _inputs(db: Database, dossier_id: int, step: Step, on: date, given: Mapping[str, Any]) -> dict[str, Any]:
    """The caller's inputs over the examples (read from the dossier only when something is missing)."""
    if all(spec.name in given for spec in step.inputs if spec.required):
        return {**route_example(step).inputs, **given}
    with db.read() as session:
        facts = build_facts(session, session.get(Dossier, dossier_id), on)
    return {**example_inputs(step, facts), **given}


def _enter_reviews(db: Database, officer_id: int, dossier_id: int, passed: bool, reviews: Reviews,
                   report: Callable[[str], None] | None) -> None:
    with db.read() as session:
        council = session.get(Dossier, dossier_id).council
        if council is None:
            raise LookupError(f"dossier {dossier_id} has no council: choose one before walking it to appraisal")
        members = [m.id for m in council.members if m.voting]
    score = reviews.score if reviews.score is not None else (85 if passed else 40)
    for member_id in members:
        record_review(db, officer_id, dossier_id, member_id, passed=passed, score=score, comment=reviews.comment,
                      recommended_support=reviews.recommended_support)
    if report:
        report("  phiếu nhận xét của các thành viên Hội đồng")
