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


def latest_inputs(session: Session, dossier_id: int, trigger: str) -> dict[str, Any]:
    record = latest_record(session, dossier_id, trigger)
    return json.loads(record.inputs_json) if record else {}
