"""The audit trail: append in the same transaction as the change, verify the whole chain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from dossier.canonical import canonical_json, sha256_hex
from dossier.model import AuditChainHead, AuditEvent
from dossier.model.base import utcnow

GENESIS = "0" * 64
_HEAD = select(AuditChainHead).where(AuditChainHead.id == 1).with_for_update()


def _digest(prev_hash: str, seq: int, at: datetime, actor_id: int | None, action: str,
            object_type: str, object_id: str, payload_json: str) -> str:
    body = canonical_json(
        {
            "seq": seq,
            "at": at.isoformat(),
            "actor": actor_id,
            "action": action,
            "object": [object_type, object_id],
            "payload": payload_json,
        }
    )
    return sha256_hex(prev_hash + body)


def append(session: Session, *, actor_id: int | None, action: str, object_type: str, object_id: Any,
           payload: dict[str, Any]) -> AuditEvent:
    """Add one event to the chain. The head row is locked so that concurrent appends serialise.
    What the caller added is flushed with the event, in one flush (a step's documents with it)."""
    head = _locked_head(session)
    at = utcnow().replace(microsecond=0)
    seq = head.seq + 1
    payload_json = canonical_json(payload)
    digest = _digest(head.hash, seq, at, actor_id, action, object_type, str(object_id), payload_json)
    event = AuditEvent(
        seq=seq, at=at, actor_id=actor_id, action=action, object_type=object_type,
        object_id=str(object_id), payload_json=payload_json, prev_hash=head.hash, hash=digest,
    )
    session.add(event)
    head.seq, head.hash = seq, digest
    session.flush()
    session.info[_HELD] = (session.get_transaction(), head)
    return event


_HELD = "audit_chain_head"


def _locked_head(session: Session) -> AuditChainHead:
    """The chain's head, locked until the transaction ends. A second event of the same transaction
    (an approval and its decision's register entry) reuses the row the first one locked and wrote,
    unless a rollback since expired it: nobody else can have moved it meanwhile."""
    held = session.info.get(_HELD)
    if held is not None and held[0] is session.get_transaction() and held[1] in session:
        state = inspect(held[1])
        if not state.expired_attributes and state.persistent:
            return held[1]
    with session.no_autoflush:  # the head is never left pending: append ends with a flush
        head = session.scalars(_HEAD).one_or_none()
    if head is None:
        head = AuditChainHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
    return head


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    head_hash: str
    problem: str = ""
    first_bad_seq: int | None = None


def verify(session: Session) -> ChainReport:
    """Recompute every hash in order; report the first row that does not fit."""
    expected_prev, expected_seq, count = GENESIS, 1, 0
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)):
        if event.seq != expected_seq:
            return ChainReport(False, count, expected_prev,
                               f"sequence gap: expected seq {expected_seq}, found {event.seq}", expected_seq)
        if event.prev_hash != expected_prev:
            return ChainReport(False, count, expected_prev, f"seq {event.seq}: prev_hash does not match", event.seq)
        recomputed = _digest(event.prev_hash, event.seq, event.at, event.actor_id, event.action,
                             event.object_type, event.object_id, event.payload_json)
        if recomputed != event.hash:
            return ChainReport(False, count, expected_prev,
                               f"seq {event.seq}: content changed after it was written", event.seq)
        expected_prev, expected_seq, count = event.hash, expected_seq + 1, count + 1
    head = session.get(AuditChainHead, 1)
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != count or head_hash != expected_prev:
        return ChainReport(False, count, expected_prev,
                           f"chain ends at seq {count} but the recorded head is seq {head_seq}: "
                           "rows were deleted from the end", count + 1)
    return ChainReport(True, count, expected_prev)
