"""Take a dossier to a status through the real workflow: the table's route, fired step by step.

Each step goes through `transitions.fire` as a user of a role the row allows, with the table's
example inputs for the dossier (`workflows.walks`) under the caller's own; before a routed
appraisal the council's reviews are entered with the verdict the route needs. The demo builds
its dossiers this way and the tests reach their states this way, so both see what a user would
have produced: history, audit events, documents.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select

from dossier.documents.context import DEFAULT_CRITERIA
from dossier.model import Dossier, User, UserRole
from dossier.services.dossiers import record_review
from dossier.services.facts import build_facts, dossier_dates
from dossier.services.transitions import DocumentGenerator, TransitionResult, fire
from dossier.services.uow import Database
from dossier.vn.vntime import VN_TZ, today_vn
from workflows import Role, Status, Step, Trigger
from workflows.chronology import PLANNED, STEP_DATES
from workflows.guards import by_approver
from workflows.walks import Waypoint, example_inputs, route, route_example, walk_date

ROLE_PREFERENCE = (Role.OFFICER, Role.LEADER, Role.CLERK)


@dataclass(frozen=True)
class Issuing:
    """How a walk issues what the table wants issued before the next step (issue 10).

    Without a port, each leader signs on paper and the văn thư enters the number in the
    register (issuance.paper): cheap, no PDF, what the demo's history and most tests use. With
    a port, the leader signs electronically with `password` and, when `seal`, the văn thư of
    the issuing body seals it — the real issuance, a PDF per document.
    """

    port: Any = None  # SigningPort
    password: str = ""
    seal: bool = True


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


def walk_to(db: Database, dossier_id: int, goal: Status, **options: Any) -> list[TransitionResult]:
    """Fire the table's shortest route from the dossier's status to `goal` (through `via`), taking
    the options of `walk_steps` (via, actors, inputs, dates, reviews, generator, report, issuing).

    `inputs` override the examples per trigger (None drops an example value); `dates` give a
    step its day (the `effective_on` of `fire`); without one a step is dated by the walk's
    calendar in the dossier's year (`workflows.walks.walk_date`), after the step before it, and
    the dates its inputs hold follow from that day.
    The numbered drafts a step makes are issued on its day once it is taken, when a step follows
    (`issuing`), so the next step's guard finds them issued; the goal's own drafts stay to be
    signed (and what an earlier walk left is issued on the first step's day). A row that `signs`
    is fired by the approving body's leader with its signature.
    """
    steps = walk_steps(db, dossier_id, goal, **options)  # the options are walk_steps' own
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def walk_steps(
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
    issuing: Issuing = Issuing(),
) -> Generator[date, None, list[TransitionResult]]:
    """`walk_to` a step at a time: yields each step's day before taking it (and issuing what it
    makes), returns the results. The demo interleaves its dossiers' walks by these days, so that
    each register takes its numbers in the order of their dates."""
    actors = actors or default_actors(db, dossier_id)
    results = []
    planned = route(_status(db, dossier_id), goal, via)
    for n, step in enumerate(planned):
        given = (inputs or {}).get(step.trigger, {})
        on = (dates or {}).get(step.trigger) or recorded_on(step.trigger, given) or \
            _walk_date(db, dossier_id, step.trigger)
        yield on
        if n == 0:
            issue_drafts(db, dossier_id, on, issuing)
        passes = route_example(step).council_passes
        if passes is not None:
            _enter_reviews(db, actors[Role.OFFICER], dossier_id, passes, reviews, report)
        values = _inputs(db, dossier_id, step, on, given)
        result = _fire(db, step, _actor(db, dossier_id, step, actors, on), dossier_id, values, on, generator, issuing)
        results.append(result)
        if report:
            report(f"  {step.trigger.value:22s} → {result.to_status:24s} ({len(result.document_ids)} văn bản) "
                   f"[{len(step.documents)} mẫu]")
        if n < len(planned) - 1:
            issue_drafts(db, dossier_id, on, issuing)
    return results


def _fire(db: Database, step: Step, actor_id: int, dossier_id: int, values: dict[str, Any], on: date | None,
          generator: DocumentGenerator | None, issuing: Issuing) -> TransitionResult:
    version = _version(db, dossier_id)
    if step.signs and issuing.port is not None:
        from dossier.services.issuance.steps import sign_step

        result = sign_step(db, port=issuing.port, actor_id=actor_id, dossier_id=dossier_id, trigger=step.trigger,
                           expected_version=version, password=issuing.password, inputs=values,
                           signing_time=_moment(on))
        _seal_signed(db, result.document_ids, on, issuing)
        return result
    issue = None
    if step.signs:
        from dossier.services.issuance.paper import paper_issuer

        issue = paper_issuer(actor_id, on or today_vn())
    return fire(db, actor_id=actor_id, dossier_id=dossier_id, trigger=step.trigger, expected_version=version,
                inputs=values, effective_on=on, generator=generator, issue=issue)


def _seal_signed(db: Database, document_ids: Sequence[int], on: date | None, issuing: Issuing) -> None:
    """The văn thư of each issuing body seals what the step signed."""
    from dossier.model import IssuedDocument
    from dossier.services.issuance import seal_document

    with db.read() as session:
        todo = [(i.id, _clerk(session, i.organisation)) for i in session.scalars(select(IssuedDocument).where(
            IssuedDocument.generated_document_id.in_(document_ids), IssuedDocument.status == "signed"))]
    for issued_id, clerk_id in todo:
        if issuing.seal and clerk_id is not None:
            seal_document(db, port=issuing.port, actor_id=clerk_id, issued_id=issued_id,
                          password=issuing.password, signing_time=_moment(on))


def _moment(on: date | None) -> datetime | None:
    """Signing time of a dated step: 09:00 in Vietnam on its day (now when undated or today)."""
    if on is None or on >= today_vn():
        return None
    return datetime.combine(on, time(9), VN_TZ)


def issue_drafts(db: Database, dossier_id: int, on: date | None, issuing: Issuing = Issuing()) -> int:
    """Issue every numbered draft of the dossier not yet issued nor cancelled: a leader of its
    issuing body signs it (on paper, or electronically with `issuing.port`) on the step's day; a
    biên bản is signed by its parties on paper and entered."""
    from dossier.services.drafts import draft_states, leaders_of

    todo = []
    with db.read() as session:
        for state in draft_states(session, session.get(Dossier, dossier_id)):
            leaders = leaders_of(session, state.issuer) if state.open and state.issuer else []
            if state.open and not leaders:
                raise LookupError(f"{state.document.title}: its issuing body has no active leader to sign it")
            if state.open:
                todo.append((state.document.id, leaders[0].id, _clerk(session, state.issuer), state.by_hand))
    for document_id, signer_id, clerk_id, by_hand in todo:
        _issue_one(db, document_id, signer_id, clerk_id, on, Issuing() if by_hand else issuing)
    return len(todo)


def _clerk(session, org) -> int | None:
    if org is None:
        return None
    return session.scalars(select(User.id).join(UserRole).where(
        User.organisation_id == org.id, User.active, UserRole.role == Role.CLERK.value).order_by(User.id)).first()


def _issue_one(db: Database, document_id: int, signer_id: int, clerk_id: int | None, on: date | None,
               issuing: Issuing) -> None:
    if issuing.port is None:
        from dossier.services.issuance.paper import register_paper_signature

        register_paper_signature(db, actor_id=clerk_id or signer_id, document_id=document_id, signer_id=signer_id,
                                 issued_on=on or today_vn())
        return
    from dossier.services.issuance import sign_document

    sign_document(db, port=issuing.port, actor_id=signer_id, document_id=document_id,
                  password=issuing.password, signing_time=_moment(on))
    _seal_signed(db, [document_id], on, issuing)


def _actor(db: Database, dossier_id: int, step: Step, actors: Mapping[Role, int], on: date | None) -> int:
    """The user of the row's roles; for the approving body's steps, one of its leaders (of the
    body that approves on the step's day `on`)."""
    if by_approver in step.guards:
        return _approver_leader(db, dossier_id, actors.get(Role.LEADER), on)
    for role in ROLE_PREFERENCE:
        if role in step.roles and role in actors:
            return actors[role]
    raise LookupError(f"no user given for {step.trigger.value} (roles: {', '.join(sorted(step.roles))})")


def _approver_leader(db: Database, dossier_id: int, given: int | None, on: date | None = None) -> int:
    from dossier.services.drafts import leaders_of
    from dossier.services.snapshot import issuing_bodies

    with db.read() as session:
        body = issuing_bodies(session, session.get(Dossier, dossier_id), on)["ubnd"]
        leaders = [u.id for u in leaders_of(session, body)]
    if given in leaders:
        return given
    if not leaders:
        raise LookupError(f"the approving body {body.name} has no active leader")
    return leaders[0]


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
    # each criterion marked as the member concludes: a failing sheet fails the last one (effect)
    criteria = [{"ten": name, "diem_toi_da": top, "dat": passed or i < len(DEFAULT_CRITERIA)}
                for i, (name, top) in enumerate(DEFAULT_CRITERIA, start=1)]
    for member_id in members:
        record_review(db, officer_id, dossier_id, member_id, passed=passed, score=score, comment=reviews.comment,
                      recommended_support=reviews.recommended_support, criteria=criteria)
    if report:
        report("  phiếu nhận xét của các thành viên Hội đồng")
