"""Fire a workflow trigger: the one place where a dossier changes state.

In one transaction: lock the dossier, check the version the user saw, the role and scope, ask the
workflow table (guards with Vietnamese reasons), apply the step's effects, generate the step's
documents, write the history row and the hash-chained audit event, commit once. Anything that
fails leaves nothing behind.
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
from dossier.services import audit, ledger
from dossier.services.access import load_user, require_visible
from dossier.services.facts import build_facts
from dossier.services.records import latest_inputs
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


def _apply_effects(session: Session, dossier: Dossier, trigger: str, inputs: Mapping[str, Any]) -> None:
    """What a step changes on the dossier itself, beyond its status."""
    if trigger == "approve_adjustment":
        request = latest_inputs(session, dossier.id, "request_adjustment")
        if request.get("new_end_date"):
            dossier.end_date = date.fromisoformat(request["new_end_date"])


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
        _apply_effects(session, dossier, trigger, values)
        if from_status == dossier.status:
            dossier.updated_at = now  # a self-loop (inspection) still makes a new version
        session.flush()
        record = TransitionRecord(
            dossier_id=dossier.id, trigger=trigger, from_status=from_status, to_status=dossier.status,
            actor_id=actor.id, at=now, inputs_json=canonical_json(values), version_after=dossier.version,
        )
        session.add(record)
        session.flush()
        ledger.record_step(session, dossier, record, values, today)  # money first: documents print it
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
