"""The read side of issuance: what is waiting to be signed or sealed, and the issued documents."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dossier.documents.context import event_date
from dossier.documents.profiles import ISSUED_TYPES, registered
from dossier.errors import NotFound
from dossier.model import Blob, Dossier, DraftCancellation, GeneratedDocument, IssuedDocument, RegisterEntry, User
from dossier.services.access import load_user, require_visible, seen_by, visible_of_dossier
from dossier.services.snapshot import issuing_bodies
from dossier.services.template_store import resolve_spec
from dossier.services.uow import Database
from dossier.vn.vntime import to_vn
from workflows.states import Role


@dataclass(frozen=True)
class IssueResult:
    issued_id: int
    document_id: int
    number_text: str  # "Số: 05/QĐ-SCT"
    issued_on: dt.date
    verification_code: str
    status: str  # "signed" | "issued"
    pdf_sha256: str


def result_of(issued: IssuedDocument) -> IssueResult:
    return IssueResult(issued.id, issued.generated_document_id, issued.number_text, issued.issued_on,
                       issued.verification_code, issued.status, issued.final_pdf_sha256)


@dataclass(frozen=True)
class IssuedSummary:
    id: int
    dossier_id: int
    document_id: int
    title: str
    number_text: str
    issued_on: dt.date
    organisation: str
    abstract: str
    status: str
    status_label: str
    signer_name: str
    signed_at: dt.datetime
    sealed_at: dt.datetime | None
    verification_code: str
    cancelled_reason: str | None
    pdf_sha256: str


STATUS_LABELS = {"signed": "Đã ký, chờ văn thư đóng dấu phát hành", "issued": "Đã phát hành"}


def summary_of(session: Session, issued: IssuedDocument) -> IssuedSummary:
    doc = session.get(GeneratedDocument, issued.generated_document_id)
    cancel = issued.register_entry.cancellation
    return IssuedSummary(
        id=issued.id,
        dossier_id=issued.dossier_id,
        document_id=issued.generated_document_id,
        title=doc.title,
        number_text=issued.number_text,
        issued_on=issued.issued_on,
        organisation=issued.organisation.name,
        abstract=issued.register_entry.abstract,
        status=issued.status,
        status_label=f"Số đã bị hủy: {cancel.reason}" if cancel else STATUS_LABELS[issued.status],
        signer_name=issued.signer.full_name,
        signed_at=to_vn(issued.signed_at),
        sealed_at=to_vn(issued.sealed_at) if issued.sealed_at else None,
        verification_code=issued.verification_code,
        cancelled_reason=cancel.reason if cancel else None,
        pdf_sha256=issued.final_pdf_sha256,
    )


def by_code(session: Session, code: str) -> IssuedDocument | None:
    """The issued document behind a verification code as typed (any case, with separators)."""
    from dossier.signing.qrstamp import normalise_code

    query = select(IssuedDocument).where(IssuedDocument.verification_code == normalise_code(code))
    return session.scalars(query).first()


def get_issued(db: Database, *, actor_id: int, issued_id: int) -> IssuedSummary:
    with db.read() as session:
        user = load_user(session, actor_id)
        issued = visible_of_dossier(session, user, IssuedDocument, issued_id, "Không tìm thấy văn bản đã ký.")
        return summary_of(session, issued)


def issued_pdf(
    db: Database, *, actor_id: int | None = None, issued_id: int | None = None, code: str | None = None
) -> tuple[str, bytes]:
    """(filename, bytes) of the final PDF: by id for a user who may see the dossier, or by code."""
    with db.read() as session:
        if code is not None:
            issued = by_code(session, code)
        else:
            issued = session.get(IssuedDocument, issued_id)
            if issued is not None:
                require_visible(session, load_user(session, actor_id), session.get(Dossier, issued.dossier_id))
        if issued is None:
            raise NotFound("Không tìm thấy văn bản.")
        name = issued.register_entry.symbol.replace("/", "_") + ".pdf"
        return name, session.get(Blob, issued.final_pdf_sha256).data


@dataclass(frozen=True)
class DraftRow:
    document_id: int
    dossier_id: int
    dossier_code: str
    title: str
    created_at: dt.datetime
    organisation: str
    beneficiary: str = ""  # on every card: the leader sees whose đề án he signs for
    dossier_title: str = ""


def _issuing_body_name(session: Session, doc: GeneratedDocument, dossier: Dossier, org_id: int) -> str | None:
    """The issuing body's name when ``doc`` is a current document numbered in ``org_id``'s register."""
    try:
        spec = resolve_spec(session, doc.template_id)
    except KeyError:
        return None
    if not registered(spec.doc_type, spec.issuer) or spec.version != doc.template_version:
        return None
    org = issuing_bodies(session, dossier).get(spec.issuer)
    return org.name if org is not None and org.id == org_id else None


def _templates(numbered: Callable[[str, str], bool]) -> list[str]:
    from dossier.documents.catalog import load_catalog

    return [t for t, spec in load_catalog().items() if numbered(spec.doc_type, spec.issuer)]


def _unnumbered(session: Session, user: User, template_ids: list[str], limit: int) -> Iterator[
        tuple[GeneratedDocument, Dossier, str]]:
    """The documents of `template_ids` in the dossiers `user` sees that `user`'s organisation
    numbers and has not yet numbered (electronically or on paper) nor cancelled, with that
    organisation's name; each dossier's documents together, in step order."""
    numbered = select(RegisterEntry.generated_document_id).where(RegisterEntry.generated_document_id.is_not(None))
    cancelled = select(DraftCancellation.generated_document_id)
    query = (
        select(GeneratedDocument, Dossier)
        .join(Dossier, Dossier.id == GeneratedDocument.dossier_id)
        .where(
            seen_by(session, user),
            GeneratedDocument.id.not_in(select(IssuedDocument.generated_document_id)),
            GeneratedDocument.id.not_in(numbered), GeneratedDocument.id.not_in(cancelled),
            GeneratedDocument.template_id.in_(template_ids),
        )
        .options(selectinload(Dossier.beneficiary))
        .order_by(Dossier.id, GeneratedDocument.id)
        .limit(limit * 4)
    )
    found = 0
    for doc, dossier in session.execute(query):
        name = _issuing_body_name(session, doc, dossier, user.organisation_id)
        if name is not None:
            yield doc, dossier, name
            found += 1
            if found >= limit:
                return


def drafts_to_sign(db: Database, *, actor_id: int, limit: int = 200) -> list[DraftRow]:
    """Drafts the user may sign: numbered types (not the biên bản, đơn, phiếu), issued by his
    organisation, neither numbered (electronically or on paper) nor cancelled; each dossier's
    drafts together, in step order."""
    with db.read() as session:
        user = load_user(session, actor_id)
        if Role.LEADER not in user.roles:
            return []
        templates = _templates(lambda doc_type, _: doc_type in ISSUED_TYPES)
        return [DraftRow(doc.id, dossier.id, dossier.code, doc.title, doc.created_at, name,
                         dossier.beneficiary.name if dossier.beneficiary else "", dossier.title)
                for doc, dossier, name in _unnumbered(session, user, templates, limit)]


@dataclass(frozen=True)
class PaperRow:
    """A document its signatories sign by hand, waiting to be entered in the register."""

    draft: DraftRow
    minutes: bool  # a biên bản: its parties sign it on paper; it keeps the day of the event it records
    recorded_on: dt.date | None  # that day, the form's default signing day
    signers: tuple[tuple[int, str], ...]  # (user id, "name, job title"): who may have signed it


def paper_to_enter(db: Database, *, actor_id: int, limit: int = 200) -> list[PaperRow]:
    """What the user may enter in his organisation's register as signed on paper: the văn thư any
    leader's signature, a leader (where his body has no văn thư) his own."""
    from dossier.services.drafts import leaders_of

    with db.read() as session:
        user = load_user(session, actor_id)
        if not user.roles & {Role.CLERK, Role.LEADER}:
            return []
        leaders = leaders_of(session, user.organisation) if Role.CLERK in user.roles else [user]
        signers = tuple((u.id, f"{u.full_name}, {u.job_title}" if u.job_title else u.full_name) for u in leaders)
        drafts = set(_templates(lambda doc_type, _: doc_type in ISSUED_TYPES))
        rows = []
        for doc, dossier, name in _unnumbered(session, user, _templates(registered), limit):
            minutes = doc.template_id not in drafts
            step = doc.transition
            recorded = event_date(json.loads(step.inputs_json), step.effective_on) if minutes and step else None
            draft = DraftRow(doc.id, dossier.id, dossier.code, doc.title, doc.created_at, name,
                             dossier.beneficiary.name if dossier.beneficiary else "", dossier.title)
            rows.append(PaperRow(draft, minutes, recorded, signers))
        return rows


def awaiting_seal(db: Database, *, actor_id: int) -> list[IssuedSummary]:
    with db.read() as session:
        user = load_user(session, actor_id)
        if Role.CLERK not in user.roles:
            return []
        rows = session.scalars(
            select(IssuedDocument)
            .where(IssuedDocument.status == "signed", IssuedDocument.organisation_id == user.organisation_id)
            .order_by(IssuedDocument.id)
        )
        return [summary_of(session, r) for r in rows if r.register_entry.cancellation is None]


def issued_for_dossier(db: Database, *, actor_id: int, dossier_id: int) -> list[IssuedSummary]:
    with db.read() as session:
        user = load_user(session, actor_id)
        require_visible(session, user, session.get(Dossier, dossier_id))
        rows = session.scalars(
            select(IssuedDocument).where(IssuedDocument.dossier_id == dossier_id).order_by(IssuedDocument.id)
        )
        return [summary_of(session, r) for r in rows]
