"""The dossier's numbered documents and where each stands in its issuance (issue 10).

A document of a numbered type (QĐ, Tờ trình, Giấy mời, Thông báo, Báo cáo), and a biên bản a
body records in its register (kiểm tra, nghiệm thu, thanh lý), is *issued* once the register gave
it a number (signed electronically, or signed on paper and entered by the văn thư); until then it
waits for a leader of its issuing body (a biên bản: for its parties' signatures on paper). The guards read this as
`workflows.facts.Draft`, the signing queue as the order a dossier's drafts are signed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import Session, joinedload

from dossier.documents.catalog import TemplateSpec
from dossier.documents.context import ISSUERS
from dossier.documents.frame import is_draft
from dossier.documents.profiles import registered
from dossier.errors import Refused
from dossier.model import Dossier, DraftCancellation, GeneratedDocument, Organisation, TransitionRecord, User, UserRole
from dossier.model.register import RegisterCancellation, RegisterEntry
from dossier.services.template_store import resolve_spec
from workflows.facts import Draft
from workflows.states import Role


@dataclass(frozen=True)
class DraftState:
    """One numbered document with its issuing body and its register entry, if any."""

    document: GeneratedDocument
    trigger: str
    issuer: Organisation | None
    entry: RegisterEntry | None
    cancellation: DraftCancellation | None
    superseded: bool
    by_hand: bool = False  # a biên bản: its parties sign it on paper, never one leader electronically
    unneeded: bool = False  # it would now be sent to its own issuer (`addressed_to_itself`): not issued

    @property
    def issued(self) -> bool:
        return self.entry is not None and self.entry.cancellation is None

    @property
    def open(self) -> bool:
        """Neither issued nor cancelled: the archive waits for it."""
        return not self.issued and self.cancellation is None


class _Kind(NamedTuple):
    """What a template's documents are in the register."""

    numbered: bool  # numbered in a register
    issuer: str  # by which body ("sct", "ubnd", "ttkc")
    by_hand: bool  # a biên bản: signed by its parties on paper only
    spec: TemplateSpec | None


def _numbered(session: Session, template_id: str) -> _Kind:
    try:
        spec = resolve_spec(session, template_id)
    except KeyError:
        return _Kind(False, "", False, None)
    return _Kind(registered(spec.doc_type, spec.issuer), spec.issuer, not is_draft(spec.doc_type), spec)


def _unneeded(kinds: Mapping[str, _Kind], bodies: Mapping[str, Organisation]) -> set[str]:
    """The templates whose documents the dossier's path no longer makes (`addressed_to_itself`)."""
    return {t for t, kind in kinds.items() if kind.spec is not None and addressed_to_itself(kind.spec, bodies)}


def _addressed_to_a_body(spec: TemplateSpec) -> bool:
    return spec.profile is not None and any(k in ISSUERS for k in spec.profile.kinh_gui)


def addressed_to_itself(spec: TemplateSpec, bodies: Mapping[str, Organisation]) -> bool:
    """Whether `spec`'s document would be sent to the body that issues it: the Sở's Tờ trình to the
    approving body once the province delegates approval to the Sở. Such a document is no longer
    made on the dossier's path; a draft of it made before the delegation is not issued."""
    issuer = bodies.get(spec.issuer)
    if issuer is None or not _addressed_to_a_body(spec):
        return False
    return any(k in bodies and bodies[k].id == issuer.id for k in spec.profile.kinh_gui if k != spec.issuer)


def refuse_addressed_to_itself(session: Session, document: GeneratedDocument, issued_on: dt.date) -> None:
    """Refuse to issue a draft that on `issued_on` would be addressed to its own issuer."""
    from dossier.services.snapshot import issuing_bodies

    spec = resolve_spec(session, document.template_id, document.template_version)
    if not _addressed_to_a_body(spec):
        return
    bodies = issuing_bodies(session, session.get(Dossier, document.dossier_id), issued_on)
    if addressed_to_itself(spec, bodies):
        issuer = bodies[spec.issuer]
        raise Refused([f"Không ban hành {document.title}: ngày {issued_on:%d/%m/%Y} {issuer.name} phê duyệt đề án "
                       f"theo ủy quyền, văn bản này sẽ gửi chính {issuer.name}. Hủy dự thảo, ghi rõ lý do."])


# Read by the guards of every step: built once with their cache keys.
_DOCUMENTS = (select(GeneratedDocument, TransitionRecord.trigger)
              .join(TransitionRecord, TransitionRecord.id == GeneratedDocument.transition_id)
              .where(GeneratedDocument.dossier_id == bindparam("dossier_id")).order_by(GeneratedDocument.id))
# with their cancellations (`DraftState.issued` reads each entry's; one at most, so joined)
_ENTRIES = (select(RegisterEntry).where(RegisterEntry.generated_document_id.in_(bindparam("ids", expanding=True)))
            .options(joinedload(RegisterEntry.cancellation)))
_CANCELLED = select(DraftCancellation).where(
    DraftCancellation.generated_document_id.in_(bindparam("ids", expanding=True)))


def draft_states(session: Session, dossier: Dossier) -> list[DraftState]:
    """The dossier's numbered documents in the order the steps made them."""
    from dossier.services.snapshot import issuing_bodies

    rows = session.execute(_DOCUMENTS, {"dossier_id": dossier.id}).all()
    kinds = {t: _numbered(session, t) for t in {doc.template_id for doc, _ in rows}}
    rows = [(doc, trigger) for doc, trigger in rows if kinds[doc.template_id].numbered]
    if not rows:
        return []
    ids = [doc.id for doc, _ in rows]
    entries = {e.generated_document_id: e for e in session.scalars(_ENTRIES, {"ids": ids})}
    cancelled = {c.generated_document_id: c for c in session.scalars(_CANCELLED, {"ids": ids})}
    bodies = issuing_bodies(session, dossier)
    latest = {(doc.template_id, doc.part): doc.id for doc, _ in rows}
    unneeded = _unneeded(kinds, bodies)
    return [DraftState(doc, trigger, bodies.get(kinds[doc.template_id].issuer), entries.get(doc.id),
                       cancelled.get(doc.id), latest[(doc.template_id, doc.part)] != doc.id,
                       kinds[doc.template_id].by_hand, doc.template_id in unneeded)
            for doc, trigger in rows]


_LEADERS = (select(User).join(UserRole).where(User.organisation_id == bindparam("organisation_id"), User.active,
                                               UserRole.role == Role.LEADER.value).order_by(User.id))


def leaders_of(session: Session, org: Organisation) -> list[User]:
    return list(session.scalars(_LEADERS, {"organisation_id": org.id}))


def awaiting(session: Session, org: Organisation | None) -> str:
    """Who a draft waits for: "lãnh đạo Ủy ban nhân dân tỉnh … (Trần Hòa Nam)"."""
    if org is None:
        return "lãnh đạo cơ quan ban hành"
    names = ", ".join(u.full_name for u in leaders_of(session, org))
    return f"lãnh đạo {org.name}" + (f" ({names})" if names else "")


# What the guards read of each document (facts_drafts), in one statement of columns built once: its
# step's trigger, whether a register entry not cancelled numbers it (a draft is entered once: a
# document with an entry, even cancelled, is not entered again) and its cancellation's reason;
# not each document's row with its stored context, its entries and cancellations as objects.
_ISSUED_ENTRY = (select(RegisterEntry.id)
                 .where(RegisterEntry.generated_document_id == GeneratedDocument.id,
                        ~exists().where(RegisterCancellation.entry_id == RegisterEntry.id))
                 .exists())
_FACTS = (select(GeneratedDocument.id, GeneratedDocument.template_id, GeneratedDocument.part,
                 GeneratedDocument.title, TransitionRecord.trigger, _ISSUED_ENTRY.label("issued"),
                 DraftCancellation.reason)
          .join(TransitionRecord, TransitionRecord.id == GeneratedDocument.transition_id)
          .outerjoin(DraftCancellation, DraftCancellation.generated_document_id == GeneratedDocument.id)
          .where(GeneratedDocument.dossier_id == bindparam("dossier_id")).order_by(GeneratedDocument.id))


def facts_drafts(session: Session, dossier: Dossier) -> tuple[Draft, ...]:
    """The drafts as the guards see them: `draft_states` told in the columns they read."""
    from dossier.services.snapshot import issuing_bodies

    rows = session.execute(_FACTS, {"dossier_id": dossier.id}).all()
    kinds = {t: _numbered(session, t) for t in {row.template_id for row in rows}}
    rows = [row for row in rows if kinds[row.template_id].numbered]
    if not rows:
        return ()
    bodies = issuing_bodies(session, dossier)
    latest = {(row.template_id, row.part): row.id for row in rows}
    unneeded = _unneeded(kinds, bodies)
    waits: dict[str, str] = {}  # by issuer: the drafts of one body wait for the same leaders

    def awaits(issuer: str) -> str:
        if issuer not in waits:
            waits[issuer] = awaiting(session, bodies.get(issuer))
        return waits[issuer]

    return tuple(Draft(template_id=row.template_id, title=row.title, trigger=row.trigger, issued=bool(row.issued),
                       cancelled_reason=row.reason,
                       awaiting="" if row.issued else awaits(kinds[row.template_id].issuer),
                       superseded=latest[(row.template_id, row.part)] != row.id,
                       needed=row.template_id not in unneeded)
                 for row in rows)
