"""Read-side queries for the web pages: the dossier list, the leader's inbox, page data.

The only place the web's reads build `select()` statements (architecture.md A6: views call
services, never the ORM query API). Everything here runs inside a read session the caller
opens and is scoped to what the user may see (`access.scoped`). The dossier list itself, which
must cost the same at any number of dossiers, is in listing.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from dossier.errors import NotFound
from dossier.model import (
    Attachment,
    AuditEvent,
    Batch,
    Blob,
    ContentGroup,
    Council,
    Dossier,
    GeneratedDocument,
    Organisation,
    Plan,
    TransitionRecord,
    User,
)
from dossier.services.access import require_visible, scoped
from dossier.services.facts import build_facts
from dossier.services.listing import DossierFilters as DossierFilters  # the list lives in listing.py
from dossier.services.listing import DossierRow as DossierRow
from dossier.services.listing import FilterChoices as FilterChoices
from dossier.services.listing import Page as Page
from dossier.services.listing import filter_choices as filter_choices
from dossier.services.listing import list_dossiers as list_dossiers
from dossier.services.uow import Database, must_get
from dossier.vn.vntime import today_vn
from workflows.guards import by_approver
from workflows.states import Role, Status, Trigger
from workflows.table import waits_for

# The states waiting for a leader's decision (the table's `waits`): the inbox shows those dossiers.
WAITS = waits_for(Role.LEADER)
LEADER_WAITING = tuple(status.value for status in WAITS)


def form_choices(session: Session) -> dict[str, list[tuple[int, str]]]:
    """Choices of the dossier form: content groups, plans, batches, councils."""
    return {
        "content_groups": [(g.id, f"{g.code} – {g.name} ({g.programme.start_year}–{g.programme.end_year})")
                           for g in session.scalars(select(ContentGroup).order_by(
                               ContentGroup.programme_id.desc(), ContentGroup.position))],
        "plans": [(p.id, p.name) for p in session.scalars(select(Plan).order_by(Plan.year.desc()))],
        "batches": [(b.id, b.name) for b in session.scalars(
            select(Batch).join(Plan).order_by(Plan.year.desc(), Batch.number))],
        "councils": [(c.id, c.name) for c in session.scalars(select(Council).order_by(Council.year.desc()))],
        "organisations": [(o.id, o.name) for o in session.scalars(select(Organisation).order_by(Organisation.id))],
    }


@dataclass(frozen=True)
class InboxEntry:
    dossier: Dossier
    waiting_since: datetime | None
    documents: list[GeneratedDocument] = field(default_factory=list)
    blocked: tuple[str, ...] = ()  # why the leader cannot agree yet (the Tờ trình waits for the Sở's signature)
    signs: bool = False  # agreeing is signing the decision: the form asks for the key
    proposed_support: int | None = None  # what the Tờ trình proposes to approve (issue 10), when it says


def _decides(session: Session, user: User, dossier: Dossier) -> tuple[bool, tuple[str, ...], bool, int | None]:
    """Whether `user` answers this dossier's wait (the approving body's leader), what still
    blocks his agreement, whether agreeing signs, and the amount the Tờ trình proposes."""
    from workflows.machine import guard_reasons
    from workflows.table import steps_for

    wait = WAITS[Status(dossier.status)]
    facts = build_facts(session, dossier, today_vn(), user)
    rows = [s for s in steps_for(wait.agree) if Status(dossier.status) in s.sources]
    mine = facts.actor_is_approver or not any(by_approver in s.guards for s in rows)
    reasons = tuple(dict.fromkeys(r for s in rows for r in guard_reasons(s, facts, {})))
    proposed = facts.proposal if dossier.status == Status.SUBMITTED_FOR_APPROVAL.value else None
    return mine, reasons, any(s.signs for s in rows), proposed


def inbox(session: Session, user: User, limit: int = 200) -> list[InboxEntry]:
    """What waits for a leader: dossiers in a leader's state, oldest arrival first.

    "Arrival" is when the dossier entered its current state (the latest history row leading
    to it), so a dossier sent back and resubmitted queues again at the end.
    """
    entered = (
        select(TransitionRecord.dossier_id, func.max(TransitionRecord.at).label("at"))
        .join(Dossier, Dossier.id == TransitionRecord.dossier_id)
        .where(TransitionRecord.to_status == Dossier.status)
        .group_by(TransitionRecord.dossier_id)
        .subquery()
    )
    query = scoped(session, user, (
        select(Dossier, entered.c.at)
        .outerjoin(entered, entered.c.dossier_id == Dossier.id)
        .where(Dossier.status.in_(LEADER_WAITING))
        .options(selectinload(Dossier.beneficiary), selectinload(Dossier.items))
        .order_by(entered.c.at.asc(), Dossier.id.asc())
        .limit(limit)
    ))
    rows = session.execute(query).all()
    ids = [d.id for d, _ in rows]
    docs: dict[int, list[GeneratedDocument]] = {i: [] for i in ids}
    if ids:
        for doc in session.scalars(select(GeneratedDocument).where(GeneratedDocument.dossier_id.in_(ids))
                                   .order_by(GeneratedDocument.id.desc())):
            docs[doc.dossier_id].append(doc)
    entries = []
    for d, at in rows:
        mine, blocked, signs, proposed = _decides(session, user, d)
        if mine:
            entries.append(InboxEntry(d, at, docs[d.id], blocked, signs, proposed))
    return entries


def get_dossier(session: Session, user: User, dossier_id: int) -> Dossier:
    """The dossier if `user` may see it, else NotFound (another body's dossier 'does not exist')."""
    return require_visible(session, user, session.get(Dossier, dossier_id))


def history(session: Session, dossier_id: int) -> list[TransitionRecord]:
    return list(session.scalars(
        select(TransitionRecord).where(TransitionRecord.dossier_id == dossier_id)
        .options(selectinload(TransitionRecord.actor)).order_by(TransitionRecord.at, TransitionRecord.id)))


def documents(session: Session, dossier_id: int) -> list[GeneratedDocument]:
    return list(session.scalars(
        select(GeneratedDocument).where(GeneratedDocument.dossier_id == dossier_id)
        .order_by(GeneratedDocument.id.desc())))


def own_numbers(session: Session, dossier_id: int,
                documents: list[GeneratedDocument]) -> dict[int, tuple[str, date | None]]:
    """Documents numbered by their own step, not by a register: a contract bears the number and
    the signing day its step recorded (both parties sign it on paper). One read of those steps."""
    steps = {r.id: json.loads(r.inputs_json) for r in session.scalars(select(TransitionRecord).where(
        TransitionRecord.dossier_id == dossier_id, TransitionRecord.trigger == Trigger.SIGN_CONTRACT))}
    found = {}
    for doc in documents:
        inputs = steps.get(doc.transition_id) or {}
        if inputs.get("contract_number"):
            day = inputs.get("contract_date")
            found[doc.id] = (inputs["contract_number"], date.fromisoformat(day) if day else None)
    return found


def attachments(session: Session, dossier_id: int) -> list[Attachment]:
    return list(session.scalars(
        select(Attachment).where(Attachment.dossier_id == dossier_id).order_by(Attachment.id.desc())))


_File = TypeVar("_File", GeneratedDocument, Attachment)


def _file_of(session: Session, user: User, model: type[_File], dossier_id: int, file_id: int, missing: str) -> _File:
    """A file of a dossier the user sees; the URL's dossier must be its dossier."""
    get_dossier(session, user, dossier_id)
    found = session.get(model, file_id)
    if found is None or found.dossier_id != dossier_id:
        raise NotFound(missing)
    return found


def get_document(session: Session, user: User, dossier_id: int, document_id: int) -> GeneratedDocument:
    return _file_of(session, user, GeneratedDocument, dossier_id, document_id, "Không tìm thấy văn bản.")


def get_attachment(session: Session, user: User, dossier_id: int, attachment_id: int) -> Attachment:
    return _file_of(session, user, Attachment, dossier_id, attachment_id, "Không tìm thấy tệp đính kèm.")


def blob_bytes(session: Session, sha256: str) -> bytes:
    return must_get(session, Blob, sha256, "Không tìm thấy nội dung tệp.").data


def user_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())


# ---- the command line's reads (an operator on the server: no organisation scope) ----------

def find_dossier(session: Session, ref: str) -> Dossier | None:
    """A dossier by its id ("12") or its code ("KC-2026-004")."""
    column = Dossier.id if ref.isdigit() else Dossier.code
    return session.scalars(select(Dossier).where(column == (int(ref) if ref.isdigit() else ref))).one_or_none()


def all_dossiers(session: Session, status: str | None = None) -> list[Dossier]:
    """Every dossier by code, or those in one state."""
    query = select(Dossier).order_by(Dossier.code)
    if status:
        query = query.where(Dossier.status == status)
    return list(session.scalars(query))


def find_user(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).one_or_none()


def is_empty(session: Session) -> bool:
    """True for a database with no organisation yet (a fresh install: nothing to keep)."""
    return session.scalar(select(Organisation.id).limit(1)) is None


def holds_demo(db: Database) -> bool:
    """True when the demo was loaded (`dossier demo`): its data are illustrative."""
    with db.read() as session:
        return session.scalar(select(AuditEvent.seq).where(AuditEvent.action == "demo.seed").limit(1)) is not None


def find_organisation_id(session: Session, code: str) -> int | None:
    return session.scalars(select(Organisation.id).where(Organisation.code == code)).first()


def issued_id_for_draft(session: Session, generated_document_id: int) -> int | None:
    """The register entry of a signed draft (None while it is not signed)."""
    from dossier.model import IssuedDocument

    return session.scalars(select(IssuedDocument.id).where(
        IssuedDocument.generated_document_id == generated_document_id)).first()
