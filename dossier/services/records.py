"""Reading what earlier steps recorded (their inputs are kept on the history rows)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from dossier.model import TransitionRecord

_LATEST = (select(TransitionRecord)
           .where(TransitionRecord.dossier_id == bindparam("dossier_id"),
                  TransitionRecord.trigger == bindparam("trigger"))
           .order_by(TransitionRecord.id.desc()).limit(1))


def latest_record(session: Session, dossier_id: int, trigger: str) -> TransitionRecord | None:
    return session.scalars(_LATEST, {"dossier_id": dossier_id, "trigger": trigger}).first()


# Its inputs alone: the JSON column, no history row loaded as an object (with its actor) to read one field.
_LATEST_INPUTS = _LATEST.with_only_columns(TransitionRecord.inputs_json)


def latest_inputs(session: Session, dossier_id: int, trigger: str) -> dict[str, Any]:
    inputs = session.scalars(_LATEST_INPUTS, {"dossier_id": dossier_id, "trigger": trigger}).first()
    return json.loads(inputs) if inputs is not None else {}
