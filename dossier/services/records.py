"""Reading what earlier steps recorded (their inputs are kept on the history rows)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.model import TransitionRecord


def latest_record(session: Session, dossier_id: int, trigger: str) -> TransitionRecord | None:
    return session.scalars(
        select(TransitionRecord)
        .where(TransitionRecord.dossier_id == dossier_id, TransitionRecord.trigger == trigger)
        .order_by(TransitionRecord.id.desc())
        .limit(1)
    ).first()


def latest_inputs(session: Session, dossier_id: int, trigger: str) -> dict[str, Any]:
    record = latest_record(session, dossier_id, trigger)
    return json.loads(record.inputs_json) if record else {}
