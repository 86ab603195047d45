"""The browser agent's signing sessions, stored: prepare one PDF for one user, hand it out by
token, accept the signed file back once.

Each function is one transaction. ``open_session`` keeps the prepared PDF (with its empty
signature field) and the token's hash; ``prepared_pdf`` serves it to the agent; ``accept``
runs every check of :mod:`dossier.signing.agent` under the session row's lock and, only when
all pass, stores the signed PDF, marks the token used and appends the audit event. A refused
file writes nothing: the token stays usable until it expires, and nothing else is touched.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.model import AgentSigningSession, Blob, User
from dossier.model.base import utcnow
from dossier.services import audit
from dossier.services.documents import store_blob
from dossier.services.signing_methods import registered_certificates
from dossier.services.uow import Database
from dossier.signing.agent import (
    TOKEN_LIFETIME,
    AcceptedSignature,
    AgentRefusal,
    Ticket,
    check_returned_pdf,
    check_ticket,
    new_token,
    prepare_pdf,
    token_hash,
)
from dossier.signing.locate import Box
from dossier.signing.trust import TrustAnchors


def open_session(db: Database, *, user_id: int, pdf: bytes, purpose: str, field_name: str, page: int, box: Box,
                 now: dt.datetime | None = None, lifetime: dt.timedelta = TOKEN_LIFETIME) -> tuple[str, bytes]:
    """Prepare ``pdf`` for ``user_id``'s agent; returns the one-time token and the prepared PDF."""
    with db.write() as session:
        return open_in(session, user_id=user_id, pdf=pdf, purpose=purpose, field_name=field_name, page=page,
                       box=box, now=now, lifetime=lifetime)


def open_in(session: Session, *, user_id: int, pdf: bytes, purpose: str, field_name: str, page: int, box: Box,
            now: dt.datetime | None = None, lifetime: dt.timedelta = TOKEN_LIFETIME) -> tuple[str, bytes]:
    """``open_session`` inside the caller's write transaction (issuance stores more beside it)."""
    now = now or utcnow()
    prepared = prepare_pdf(pdf, field_name=field_name, page=page, box=box)
    token, digest = new_token()
    sha = hashlib.sha256(prepared).hexdigest()
    store_blob(session, sha, prepared)
    session.add(AgentSigningSession(token_sha256=digest, user_id=user_id, purpose=purpose, pdf_sha256=sha,
                                    field_name=field_name, expires_at=now + lifetime))
    session.flush()
    return token, prepared


def _row(session: Session, token: str, *, lock: bool = False) -> AgentSigningSession | None:
    query = select(AgentSigningSession).where(AgentSigningSession.token_sha256 == token_hash(token))
    return session.scalars(query.with_for_update() if lock else query).one_or_none()


def _ticket(row: AgentSigningSession | None) -> Ticket | None:
    if row is None:
        return None
    return Ticket(token_sha256=row.token_sha256, user_key=str(row.user_id), pdf_sha256=row.pdf_sha256,
                  issued_at=row.created_at, expires_at=row.expires_at, field_name=row.field_name,
                  used_at=row.used_at)


def prepared_pdf(db: Database, token: str, *, now: dt.datetime | None = None) -> bytes:
    """The PDF the agent downloads (``FileName``); refused once used or expired."""
    with db.read() as session:
        row = _row(session, token)
        ticket = _ticket(row)
        check_ticket(ticket, token, user_key=ticket.user_key if ticket else "", now=now or utcnow())
        return session.get(Blob, row.pdf_sha256).data


def accept(db: Database, *, token: str, returned: bytes, trust: TrustAnchors, user_id: int | None = None,
           now: dt.datetime | None = None) -> AcceptedSignature:
    """Accept the agent's upload (``FileUploadHandler``) or raise :class:`AgentRefusal`, writing nothing.

    ``user_id`` is the logged-in user when the upload comes from the page; the agent itself
    authenticates with the token only, and then the session's own user is the signer.
    """
    with db.write() as session:
        return accept_in(session, token=token, returned=returned, trust=trust, user_id=user_id, now=now)[1]


def accept_in(session: Session, *, token: str, returned: bytes, trust: TrustAnchors, user_id: int | None = None,
              now: dt.datetime | None = None) -> tuple[AgentSigningSession, AcceptedSignature]:
    """``accept`` inside the caller's write transaction: issuance commits the number with it."""
    now = now or utcnow()
    accepted = check_in(session, token=token, returned=returned, trust=trust, user_id=user_id, now=now)
    return use_in(session, token=token, returned=returned, accepted=accepted, user_id=user_id, now=now), accepted


def check_in(session: Session, *, token: str, returned: bytes, trust: TrustAnchors, user_id: int | None = None,
             now: dt.datetime | None = None) -> AcceptedSignature:
    """Every check of the token and of the returned file, writing nothing (a read transaction will do)."""
    now = now or utcnow()
    row = _row(session, token)
    ticket = _ticket(row)
    owner = ticket.user_key if ticket else ""
    check_ticket(ticket, token, user_key=str(user_id) if user_id is not None else owner, now=now)
    user = session.get(User, row.user_id)
    prepared = session.get(Blob, row.pdf_sha256).data
    return check_returned_pdf(prepared, returned, registered=registered_certificates(session, user),
                              trust=trust, ticket=ticket, now=now)


def use_in(session: Session, *, token: str, returned: bytes, accepted: AcceptedSignature, user_id: int | None = None,
           now: dt.datetime | None = None) -> AgentSigningSession:
    """Spend the token for the file :func:`check_in` accepted: the session row locked, the token
    checked again (another upload may have spent it meanwhile), the file stored, the event audited."""
    now = now or utcnow()
    row = _row(session, token, lock=True)
    ticket = _ticket(row)
    check_ticket(ticket, token, user_key=str(user_id) if user_id is not None else (ticket.user_key if ticket else ""),
                 now=now)
    sha = hashlib.sha256(returned).hexdigest()
    store_blob(session, sha, returned)
    row.used_at, row.signed_pdf_sha256 = now, sha
    audit.append(session, actor_id=row.user_id, action="document.agent_sign", object_type="agent_signing_session",
                 object_id=row.id, payload={"purpose": row.purpose, "pdf": sha, "prepared": row.pdf_sha256,
                                            "certificate": format(accepted.certificate.serial_number, "X")})
    return row


__all__ = ["AgentRefusal", "accept", "accept_in", "check_in", "open_in", "open_session", "prepared_pdf", "use_in"]
