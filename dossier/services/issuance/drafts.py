"""What may be signed, by whom: a draft of a numbered type, its template unchanged, its issuer's leader.

The same checks run for the "Ký số" page and again under the write lock when signing, so what
the page promises is what signing does.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from dossier.documents.frame import is_draft
from dossier.documents.profiles import registered
from dossier.errors import Forbidden, Refused
from dossier.model import (
    Dossier,
    DraftCancellation,
    GeneratedDocument,
    IssuedDocument,
    Organisation,
    RegisterEntry,
    User,
)
from dossier.services import signing_methods
from dossier.services.access import load_user, visible_of_dossier
from dossier.services.snapshot import issuing_bodies, signer_of
from dossier.services.template_store import resolve_spec
from dossier.services.uow import Database
from workflows.states import Role


@dataclass(frozen=True)
class Signable:
    document: GeneratedDocument
    dossier: Dossier
    spec: Any  # TemplateSpec
    organisation: Organisation


# Asked again under the write lock at every signing: one statement built once with its cache key,
# the columns the refusals print (an issued document, a register entry, a cancellation: each
# unique per draft but the entries, of which any refuses), instead of three loading objects.
_SIGNED = (select(IssuedDocument.number_text, RegisterEntry.symbol, DraftCancellation.reason)
           .select_from(GeneratedDocument)
           .outerjoin(IssuedDocument, IssuedDocument.generated_document_id == GeneratedDocument.id)
           .outerjoin(RegisterEntry, RegisterEntry.generated_document_id == GeneratedDocument.id)
           .outerjoin(DraftCancellation, DraftCancellation.generated_document_id == GeneratedDocument.id)
           .where(GeneratedDocument.id == bindparam("document_id")).order_by(RegisterEntry.id))


def _refuse_if_signed(session: Session, doc: GeneratedDocument) -> None:
    rows = session.execute(_SIGNED, {"document_id": doc.id}).all()
    issued = next((row.number_text for row in rows if row.number_text is not None), None)
    if issued is not None:
        raise Refused([
            f"Văn bản này đã được ký ({issued}); văn bản đã ký không sửa, không ký lại. "
            "Nếu cần sửa, hãy tạo văn bản mới đính chính, thay thế văn bản này."
        ])
    entry = next((row.symbol for row in rows if row.symbol is not None), None)
    if entry is not None:  # signed on paper and entered in the register (issuance.paper)
        raise Refused([f"Văn bản này đã được ký trên giấy và vào sổ số {entry}; không ký lại."])
    cancelled = next((row.reason for row in rows if row.reason is not None), None)
    if cancelled is not None:
        raise Refused([f"Dự thảo này đã bị hủy ({cancelled}); không ký."])


def _current_spec(session: Session, doc: GeneratedDocument, on_paper: bool) -> Any:
    """The template the draft was made from, still in force at the draft's version."""
    try:
        spec = resolve_spec(session, doc.template_id)
    except KeyError as exc:
        raise Refused([f"Không còn mẫu «{doc.template_id}» để tạo lại văn bản."]) from exc
    if not registered(spec.doc_type, spec.issuer):
        raise Refused([f"{spec.title} không cấp số qua sổ văn bản đi (không phải văn bản do cơ quan ban hành)."])
    if not on_paper and not is_draft(spec.doc_type):
        # a biên bản bears the signatures of all its parties (the beneficiary, the commune): it is
        # signed on paper and the văn thư enters it in the register (issuance.paper)
        raise Refused([f"{spec.title} do các bên ký trên giấy; văn thư vào sổ để cấp số, không ký số riêng."])
    if spec.version != doc.template_version:
        raise Refused([
            f"Mẫu «{spec.title}» đã được cập nhật (phiên bản {spec.version}, dự thảo dùng phiên bản "
            f"{doc.template_version}); hãy tạo lại dự thảo trước khi ký."
        ])
    return spec


def signable(session: Session, user: User, document_id: int, *, on_paper: bool = False,
             on: dt.date | None = None) -> Signable:
    """The draft ``user`` may sign now (``on_paper``: by hand on the day ``on``, the văn thư
    numbering it; the approving body is that day's); NotFound / Forbidden / Refused (Vietnamese)
    otherwise."""
    doc = visible_of_dossier(session, user, GeneratedDocument, document_id, "Không tìm thấy văn bản.")
    dossier = session.get(Dossier, doc.dossier_id)
    _refuse_if_signed(session, doc)
    spec = _current_spec(session, doc, on_paper)
    org = issuing_bodies(session, dossier, on).get(spec.issuer)
    if org is None:
        raise Refused([f"Không xác định được cơ quan ban hành {spec.title}."])
    if Role.LEADER not in user.roles or user.organisation_id != org.id:
        raise Forbidden(f"Chỉ lãnh đạo {org.name} được ký văn bản này.")
    return Signable(doc, dossier, spec, org)


@dataclass(frozen=True)
class SignPreview:
    """What the "Ký số" page shows before the leader types his password."""

    document_id: int
    title: str
    filename: str
    dossier_id: int
    dossier_code: str
    dossier_title: str
    organisation: str
    block_lines: tuple[str, ...]  # the signature block the document will carry
    signer_name: str
    draft_number: str  # "Số:      /QĐ-SCT"
    method: str = "keystore"  # how he signs (signing_methods source): what the form asks for


def sign_preview(db: Database, *, actor_id: int, document_id: int) -> SignPreview:
    """Raises NotFound / Forbidden / Refused (Vietnamese) exactly as signing would."""
    with db.read() as session:
        user = load_user(session, actor_id)
        s = signable(session, user, document_id)
        block = signer_of(session, s.organisation, user)
        draft = json.loads(s.document.context_json)
        return SignPreview(
            s.document.id, s.document.title, s.document.filename, s.dossier.id, s.dossier.code, s.dossier.title,
            s.organisation.name, tuple(block["dong"]), block["ho_ten"], draft.get("so_ky_hieu") or "",
            signing_methods.user_source(session, user),
        )
