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

from sqlalchemy.orm import Session

from dossier.canonical import canonical_json
from dossier.errors import Refused, StaleVersion, ValidationFailed
from dossier.model import Dossier, GeneratedDocument, TransitionRecord, User
from dossier.model.base import utcnow
from dossier.services import audit, effects
from dossier.services.access import load_user, require_visible
from dossier.services.facts import build_facts
from dossier.services.uow import Database, lock_dossier
from workflows import Step, WorkflowRefusal, decide, inputs_for
from workflows.inputs import InputErrors, parse_inputs

DocumentGenerator = Callable[[Session, Dossier, Step, TransitionRecord, User], list[GeneratedDocument]]


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


def fire(
    db: Database,
    *,
    actor_id: int,
    dossier_id: int,
    trigger: str,
    expected_version: int,
    inputs: Mapping[str, Any] | None = None,
    today: date | None = None,
    generator: DocumentGenerator | None = None,
) -> TransitionResult:
    """Move a dossier by `trigger`; raises a DomainError (nothing written) when it may not."""
    try:
        values = parse_inputs(inputs_for(trigger), inputs or {})
    except InputErrors as exc:
        raise ValidationFailed(exc.errors) from exc
    generate = generator or _default_generator()
    now: datetime = utcnow()
    today = today or now.date()
    with db.write() as session:
        actor = load_user(session, actor_id)
        dossier = require_visible(session, actor, lock_dossier(session, dossier_id))
        if dossier.version != expected_version:
            raise StaleVersion(expected_version, dossier.version)
        facts = build_facts(session, dossier, today)
        try:
            decision = decide(dossier.status, trigger, actor.roles, facts, values)
        except WorkflowRefusal as exc:
            raise Refused(exc.reasons) from exc
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
                     "inputs": canonical_json(values),
                     "documents": [[d.template_id, d.sha256] for d in documents]},
        )
        return TransitionResult(dossier.id, trigger, from_status, dossier.status, dossier.version,
                                tuple(d.id for d in documents))
