"""Fire a workflow trigger: the one place where a dossier changes state.

In one transaction: lock the dossier, check the version the user saw, the role and scope, ask the
workflow table (guards with Vietnamese reasons), apply the effects the step's row names (resolved
by `services.effects`, in the row's order), write the history row, generate the step's
documents and the hash-chained audit event, commit once. Anything that fails leaves nothing
behind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from dossier.canonical import canonical_json
from dossier.errors import Refused, StaleVersion, ValidationFailed
from dossier.model import (
    CouncilMember,
    Dossier,
    DossierItem,
    GeneratedDocument,
    Organisation,
    Plan,
    Review,
    TransitionRecord,
    User,
)
from dossier.model.base import utcnow
from dossier.services import audit, effects
from dossier.services.access import load_user, require_visible
from dossier.services.facts import build_facts
from dossier.services.uow import Database, load_list, lock_dossier
from dossier.vn.vntime import today_vn
from workflows import Decision, Step, WorkflowRefusal, decide, inputs_for
from workflows.inputs import EFFECTIVE_ON, InputErrors, parse_inputs
from workflows.labels import trigger_label

DocumentGenerator = Callable[[Session, Dossier, Step, TransitionRecord, User], list[GeneratedDocument]]
# Issues the step's documents inside the step's transaction (a row that `signs`): the approving
# leader's signature (issuance.steps) or the register entry of a paper signature (issuance.paper).
StepIssuer = Callable[[Session, User, list[GeneratedDocument]], None]


# What a step reads of its dossier (the guards' facts, then its documents' snapshot), loaded with
# it: one query for the bodies and references it points to and one per list (`_lock_for_step`),
# not a lazy load each.
STEP_READS = (joinedload(Dossier.owner_org).joinedload(Organisation.parent), joinedload(Dossier.implementing_org),
              joinedload(Dossier.beneficiary), joinedload(Dossier.content_group),
              joinedload(Dossier.plan).joinedload(Plan.programme), joinedload(Dossier.batch),
              joinedload(Dossier.council))
# The lists as selectinload reads them (the same rows in the same order), with statements built once:
# selectinload builds its statement and cache key at every load, ~0.3 ms a list, which was half the
# cost of locking the dossier.
_ITEMS = select(DossierItem).where(DossierItem.dossier_id == bindparam("dossier_id")).order_by(DossierItem.position)
_REVIEWS = select(Review).where(Review.dossier_id == bindparam("dossier_id"))
_MEMBERS = (select(CouncilMember).where(CouncilMember.council_id == bindparam("council_id"))
            .order_by(CouncilMember.position))


def _lock_for_step(session: Session, dossier_id: int) -> Dossier:
    """The dossier, locked, with what the step reads of it (STEP_READS, its items, reviews and council members)."""
    dossier = lock_dossier(session, dossier_id, *STEP_READS)
    load_list(session, dossier, "items", _ITEMS, dossier_id=dossier.id)
    load_list(session, dossier, "reviews", _REVIEWS, dossier_id=dossier.id)
    if dossier.council is not None:
        load_list(session, dossier.council, "members", _MEMBERS, council_id=dossier.council.id)
    return dossier


@dataclass(frozen=True)
class TransitionResult:
    dossier_id: int
    trigger: str
    from_status: str
    to_status: str
    version: int
    document_ids: tuple[int, ...]


def _default_generator() -> DocumentGenerator:
    from dossier.services.documents import generate_step_documents

    return generate_step_documents


def step_date(effective_on: date | None) -> date:
    """The date a step is effective on: the one given, else today in Vietnam; never after today."""
    today = today_vn()
    if effective_on is None:
        return today
    if effective_on > today:
        raise Refused([f"Ngày thực hiện bước {effective_on:%d/%m/%Y} sau ngày hôm nay {today:%d/%m/%Y}: "
                       "chỉ ghi nhận bước đã diễn ra."])
    return effective_on


def unsigned_reason(step: Step) -> str:
    return (f"“{trigger_label(step.trigger)}” là ký ban hành văn bản của bước này: hãy thực hiện kèm chữ ký số "
            "(mật khẩu chứng thư số trên trang của bước hoặc trong Việc chờ duyệt), văn bản được ký và cấp số "
            "trong cùng một thao tác.")


def _decision(session: Session, dossier: Dossier, actor: User, trigger: str, values: Mapping[str, Any],
              today: date, *, signed: bool) -> Decision:
    """The table's decision for `actor` on the dossier as it is now; Refused with the reasons."""
    facts = build_facts(session, dossier, today, actor)
    try:
        decision = decide(dossier.status, trigger, actor.roles, facts, values)
    except WorkflowRefusal as exc:
        raise Refused(exc.reasons) from exc
    if decision.step.signs and not signed:
        raise Refused([unsigned_reason(decision.step)])
    return decision


def precheck(session: Session, actor: User, dossier_id: int, trigger: str, inputs: Mapping[str, Any] | None,
             today: date) -> None:
    """What `fire` would refuse (inputs, role, guards), checked before a signer's key is opened."""
    try:
        values = parse_inputs((*inputs_for(trigger), EFFECTIVE_ON), inputs or {})
    except InputErrors as exc:
        raise ValidationFailed(exc.errors) from exc
    values.pop(EFFECTIVE_ON.name, None)
    dossier = require_visible(session, actor, session.get(Dossier, dossier_id))
    _decision(session, dossier, actor, trigger, values, today, signed=True)


def fire(
    db: Database,
    *,
    actor_id: int,
    dossier_id: int,
    trigger: str,
    expected_version: int,
    inputs: Mapping[str, Any] | None = None,
    effective_on: date | None = None,
    today: date | None = None,
    generator: DocumentGenerator | None = None,
    issue: StepIssuer | None = None,
) -> TransitionResult:
    """Move a dossier by `trigger`; raises a DomainError (nothing written) when it may not.

    `effective_on` is the step's own date (default: today in Vietnam; `today` is its older
    name): its history row, ledger entries and documents are dated by it, and the time it is
    recorded (`at`) stays beside it. A step cannot be dated after today. A row that `signs`
    (approving is signing the decision) needs `issue`: its documents are numbered and signed in
    this same transaction, or nothing happens.
    """
    try:  # the step's inputs and its date as a form or the CLI typed it ("effective_on")
        values = parse_inputs((*inputs_for(trigger), EFFECTIVE_ON), inputs or {})
    except InputErrors as exc:
        raise ValidationFailed(exc.errors) from exc
    effective_on = effective_on or values.pop(EFFECTIVE_ON.name, None)
    values.pop(EFFECTIVE_ON.name, None)
    generate = generator or _default_generator()
    now: datetime = utcnow()
    today = step_date(effective_on or today)
    with db.write() as session:
        actor = load_user(session, actor_id)
        dossier = require_visible(session, actor, _lock_for_step(session, dossier_id))
        if dossier.version != expected_version:
            raise StaleVersion(expected_version, dossier.version)
        decision = _decision(session, dossier, actor, trigger, values, today, signed=issue is not None)
        from_status = dossier.status
        dossier.status = decision.dest.value
        if from_status == dossier.status:
            dossier.updated_at = now  # a self-loop (inspection) still makes a new version
        run = effects.StepRun(session, dossier, decision.step.trigger, from_status, actor.id, values, today, now)
        effects.apply(run, decision.step.effects)  # money first: documents print it
        record = run.record
        session.flush()
        if dossier.version != record.version_after:
            raise RuntimeError(f"an effect of {trigger} changed the dossier after its history row: "
                               "put the effects on the dossier before those on the ledger")
        documents = generate(session, dossier, decision.step, record, actor)
        audit.append(
            session, actor_id=actor.id, action=f"transition.{trigger}", object_type="dossier",
            object_id=dossier.id,
            payload={"from": from_status, "to": dossier.status, "version": dossier.version,
                     "inputs": canonical_json(run.values),
                     "documents": [[d.template_id, d.sha256] for d in documents]},
        )
        if decision.step.signs and issue is not None:
            issue(session, actor, documents)
        return TransitionResult(dossier.id, trigger, from_status, dossier.status, dossier.version,
                                tuple(d.id for d in documents))
