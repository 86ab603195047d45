"""Delivering queued packages: at least once, recognised as the same message when repeated.

Each message is claimed in a short transaction (a lease, so that two senders on two machines
never send it at the same moment), sent outside any transaction, and settled in another: sent,
deferred with a growing delay, or refused for the văn thư to see. A sender that dies between
sending and settling leaves the lease to lapse; the next one sends again with the same message
id, which the transports treat as already delivered.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select

from dossier.config import Settings
from dossier.exchange.transport import (
    DeliveryDeferred,
    DeliveryRefused,
    FolderDrop,
    HttpGateway,
    Transport,
    retry_delay,
)
from dossier.model import Blob, OutboxMessage
from dossier.model.base import utcnow
from dossier.services import audit
from dossier.services.uow import Database

log = logging.getLogger(__name__)
LEASE = dt.timedelta(minutes=5)


def transport_from(settings: Settings) -> Transport:
    """The HTTP gateway when one is configured, else the spool folder the connector reads."""
    if settings.exchange_url:
        return HttpGateway(settings.exchange_url, settings.exchange_token)
    return FolderDrop(settings.exchange_spool or settings.instance() / "exchange" / "out")


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)  # message ids
    deferred: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Claim:
    id: int
    message_id: str
    organ_id: str
    package: bytes


def due(now: dt.datetime) -> Any:
    """The condition of a message that may be sent now: pending, due, and leased to nobody."""
    return and_(OutboxMessage.state == "pending", OutboxMessage.next_attempt_at <= now,
                or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now))


def _claim_in(session: Any, dialect: str, now: dt.datetime, outbox_id: int | None = None) -> _Claim | None:
    query = select(OutboxMessage).where(due(now))
    if outbox_id is not None:
        query = query.where(OutboxMessage.id == outbox_id)
    query = query.order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(1)
    if dialect == "postgresql":
        query = query.with_for_update(skip_locked=True)
    row = session.scalars(query).first()
    if row is None:
        return None
    row.lease_until = now + LEASE
    return _Claim(row.id, row.message_id, row.agency.organ_id, session.get(Blob, row.package_sha256).data)


def _claim(db: Database, now: dt.datetime, outbox_id: int | None = None) -> _Claim | None:
    with db.write() as session:
        return _claim_in(session, db.dialect, now, outbox_id)


def _settle_in(session: Any, claim: _Claim, now: dt.datetime, error: Exception | None) -> str:
    row = session.get(OutboxMessage, claim.id)
    row.lease_until = None
    row.attempts += 1
    if error is None:
        row.state, row.sent_at, row.last_error = "sent", now, ""
    elif isinstance(error, DeliveryRefused):
        row.state, row.last_error = "refused", error.message
    else:
        row.next_attempt_at = now + dt.timedelta(seconds=retry_delay(row.attempts))
        row.last_error = getattr(error, "detail", "") or str(error)
    if row.state != "pending":
        audit.append(session, actor_id=None, action=f"exchange.{row.state}", object_type="issued_document",
                     object_id=row.issued_document_id,
                     payload={"message": row.message_id, "to": claim.organ_id, "error": row.last_error})
    return row.state if error is None or row.state == "refused" else "deferred"


def _post(transport: Transport, claim: _Claim) -> Exception | None:
    """Send outside any transaction; the failure to settle with, or None."""
    try:
        transport.send(claim.message_id, claim.organ_id, claim.package)
    except (DeliveryDeferred, DeliveryRefused) as exc:
        log.warning("exchange message %s to %s: %s", claim.message_id, claim.organ_id, exc)
        return exc
    return None


def _deliver(db: Database, transport: Transport, claim: _Claim, now: dt.datetime) -> str:
    error = _post(transport, claim)
    with db.write() as session:
        return _settle_in(session, claim, now, error)


def send_one(db: Database, transport: Transport, outbox_id: int, *, now: dt.datetime | None = None) -> str:
    """Send one outbox message if it is still due and nobody holds it: "sent", "deferred",
    "refused", or "skipped" (already sent or refused, not due yet, or leased by another sender)."""
    now = now or utcnow()
    claim = _claim(db, now, outbox_id)
    return "skipped" if claim is None else _deliver(db, transport, claim, now)


def due_ids(db: Database, *, now: dt.datetime | None = None, limit: int = 200) -> list[int]:
    """The outbox rows that may be sent now, oldest due first."""
    now = now or utcnow()
    with db.read() as session:
        return list(session.scalars(select(OutboxMessage.id).where(due(now))
                                    .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)))


def send_pending(db: Database, transport: Transport, *, now: dt.datetime | None = None,
                 limit: int = 200) -> SendReport:
    """Send what is due now (each message at most once per call); returns what happened."""
    now = now or utcnow()
    report = SendReport()
    claim = _claim(db, now) if limit > 0 else None
    done = 0
    while claim is not None:
        error = _post(transport, claim)
        done += 1
        # One commit settles this message and leases the next (one lease at a time, as before:
        # a sender killed mid-POST holds only the message in hand): n + 1 commits for n messages.
        with db.write() as session:
            outcome = _settle_in(session, claim, now, error)
            sent = claim.message_id
            claim = _claim_in(session, db.dialect, now) if done < limit else None
        {"sent": report.sent, "deferred": report.deferred, "refused": report.refused}[outcome].append(sent)
    return report
