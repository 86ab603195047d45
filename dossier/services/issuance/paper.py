"""A draft signed on paper: the văn thư enters its number in the register (sổ văn bản đi).

Not every leader signs electronically (ND 30/2020 keeps paper documents): the leader signs the
printed draft by hand and the văn thư gives it the register's next number and its date. The
register entry is what makes it issued for the workflow (number, date, signer), exactly as for
a document signed electronically; no PDF is made. The demo's historical dossiers and the
walks that build dossiers for tests go this way.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy.orm import Session

from dossier.documents.bounded import RenderedDocument, render_document
from dossier.errors import Forbidden, Refused
from dossier.model import Dossier, GeneratedDocument, Organisation, RegisterEntry, User
from dossier.services import audit
from dossier.services.access import load_user
from dossier.services.coherence import refuse_faulted
from dossier.services.issuance.drafts import Signable, signable
from dossier.services.issuance.sign import issued_context
from dossier.services.register import take_number
from dossier.services.template_store import resolve_spec
from dossier.services.uow import Database, must_get
from dossier.vn.vntime import now_vn
from workflows.states import Role


def enter_on_paper(session: Session, actor: User, document: GeneratedDocument, signer: User,
                   issued_on: dt.date) -> RegisterEntry:
    """Number `document`, signed by hand by `signer` on `issued_on` (caller's transaction)."""
    # the signer is a leader of its issuing body on the day he signed (the approving body of that day)
    s = signable(session, signer, document.id, on_paper=True, on=issued_on)
    if actor.id != signer.id and (Role.CLERK not in actor.roles or actor.organisation_id != s.organisation.id):
        raise Forbidden(f"Chỉ văn thư của {s.organisation.name} vào sổ văn bản ký trên giấy.")
    if issued_on > now_vn().date():
        raise Refused([f"Ngày ban hành {issued_on:%d/%m/%Y} chưa đến."])
    refuse_faulted(session, document, issued_on)  # before the number: nothing burnt when it faults
    draft = json.loads(document.context_json)
    entry = take_number(
        session, organisation=s.organisation, doc_type=s.spec.doc_type, issued_on=issued_on,
        draft_number_line=draft.get("so_ky_hieu"), abstract=draft.get("trich_yeu") or document.title,
        signer=signer, recipients=[str(r) for r in draft.get("noi_nhan") or []], dossier_id=s.dossier.id,
        generated_document_id=document.id)
    audit.append(session, actor_id=actor.id, action="document.register_paper", object_type="generated_document",
                 object_id=document.id, payload={"number": entry.symbol, "issued_on": issued_on,
                                                  "signer": signer.id, "register_entry": entry.id})
    return entry


def register_paper_signature(db: Database, *, actor_id: int, document_id: int, signer_id: int,
                             issued_on: dt.date) -> RegisterEntry:
    """The văn thư (or the leader himself) enters a draft signed on paper in the register."""
    with db.write() as session:
        document = must_get(session, GeneratedDocument, document_id, "Không tìm thấy văn bản.")
        return enter_on_paper(session, load_user(session, actor_id), document, load_user(session, signer_id),
                              issued_on)


def paper_issuer(signer_id: int, issued_on: dt.date):
    """For `transitions.fire` on a row that `signs`: the leader signs the step's numbered
    documents on paper and they are entered in the register in the step's transaction."""
    from dossier.documents.profiles import ISSUED_TYPES
    from dossier.services.template_store import resolve_spec

    def issue(session: Session, actor: User, documents: list[GeneratedDocument]) -> None:
        signer = load_user(session, signer_id)
        for document in documents:
            if resolve_spec(session, document.template_id).doc_type in ISSUED_TYPES:
                enter_on_paper(session, actor, document, signer, issued_on)

    return issue


def numbered_copy(session: Session, entry: RegisterEntry) -> RenderedDocument | None:
    """The draft as its leader signed it on paper: the register's number, date and signer in place
    of the draft's blanks, the Căn cứ of that date (what `issued_context` gives electronic issuance).

    The paper original is the document; this is its electronic text for the dossier's archive
    file, where the blank-numbered draft alone would not say which number and date it bears.
    None when the entry is not a dossier document's or its signer is unknown.
    """
    document = session.get(GeneratedDocument, entry.generated_document_id) if entry.generated_document_id else None
    signer = session.get(User, entry.signer_id) if entry.signer_id else None
    if document is None or signer is None:
        return None
    spec = resolve_spec(session, document.template_id, document.template_version)
    s = Signable(document, session.get(Dossier, document.dossier_id), spec,
                 session.get(Organisation, entry.organisation_id))
    return render_document(spec, issued_context(session, s, signer, f"Số: {entry.symbol}", entry.issued_on))
