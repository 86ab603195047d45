"""Cancelling a draft that will not be issued, with the reason (issue 10).

The draft stays (its text, its history); a cancellation row says why it was not issued, so the
dossier can be archived with it. A draft already numbered is not cancelled here: its number is
cancelled in the register (services.register.cancel_number).
"""

from __future__ import annotations

from sqlalchemy import select

from dossier.errors import Forbidden, Refused
from dossier.model import DraftCancellation, GeneratedDocument, RegisterEntry
from dossier.services import audit
from dossier.services.access import load_user, visible_of_dossier
from dossier.services.register import required_reason
from dossier.services.uow import Database
from workflows.states import Role


def cancel_draft(db: Database, *, actor_id: int, document_id: int, reason: str) -> DraftCancellation:
    """Mark a draft as not to be issued; officers and leaders of the dossier's bodies may."""
    reason = required_reason(reason, "hủy dự thảo")
    with db.write() as session:
        actor = load_user(session, actor_id)
        document = visible_of_dossier(session, actor, GeneratedDocument, document_id, "Không tìm thấy văn bản.")
        if not actor.roles & {Role.OFFICER, Role.LEADER}:
            raise Forbidden("Chỉ chuyên viên hoặc lãnh đạo được hủy dự thảo.")
        entry = session.scalars(select(RegisterEntry).where(RegisterEntry.generated_document_id == document.id)).first()
        if entry is not None:
            raise Refused([f"Văn bản đã có số {entry.symbol}: hủy số trong sổ văn bản đi, không hủy dự thảo."])
        if session.scalars(select(DraftCancellation).where(
                DraftCancellation.generated_document_id == document.id)).first() is not None:
            raise Refused(["Dự thảo này đã bị hủy trước đó."])
        row = DraftCancellation(generated_document_id=document.id, reason=reason, cancelled_by_id=actor.id)
        session.add(row)
        session.flush()
        audit.append(session, actor_id=actor.id, action="document.cancel_draft", object_type="generated_document",
                     object_id=document.id, payload={"dossier": document.dossier_id, "title": document.title,
                                                      "reason": reason})
        return row
