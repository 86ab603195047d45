"""The content check over a stored dossier (issue 10, item 5): each document's own check and the
cross-document one (documents/coherence.py), on the documents as they stand — the issued text
where a document was signed electronically, else the draft with its register number and date
(signed on paper) — in step order, cancelled drafts left out.

Issuance asks `refuse_faulted` before it takes a number: a draft the check faults is not issued,
the findings are the refusal's reasons, and nothing is burnt.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, exists, select
from sqlalchemy.orm import Session

from dossier.documents.checks import Problem
from dossier.documents.coherence import DossierDocument, check_dossier
from dossier.documents.content import check_content, document_paragraphs
from dossier.errors import NotFound, Refused
from dossier.model import (
    Blob,
    Dossier,
    DraftCancellation,
    GeneratedDocument,
    IssuedDocument,
    RegisterCancellation,
    RegisterEntry,
    TransitionRecord,
)
from dossier.services.drafts import refuse_addressed_to_itself

_BLOB = select(Blob.data).where(Blob.sha256 == bindparam("sha256"))
_TEXTS: OrderedDict[str, tuple[str, ...]] = OrderedDict()
_KEPT = 512


def _text(session: Session, sha256: str) -> tuple[str, ...]:
    """A stored document's text. Blobs are content-addressed, so the hash names the text for
    good: a step's check re-reads the dossier's earlier documents without parsing them again."""
    if sha256 in _TEXTS:
        _TEXTS.move_to_end(sha256)
        return _TEXTS[sha256]
    text = tuple(document_paragraphs(session.scalars(_BLOB, {"sha256": sha256}).one()))
    _TEXTS[sha256] = text
    if len(_TEXTS) > _KEPT:
        _TEXTS.popitem(last=False)
    return text


def remember_text(sha256: str, paragraphs: tuple[str, ...]) -> None:
    """The text of the stored document `sha256` as its render gave it (RenderedDocument.paragraphs):
    a step that issues its draft has the content check read it here, not parse its bytes again."""
    _TEXTS[sha256] = paragraphs
    _TEXTS.move_to_end(sha256)
    if len(_TEXTS) > _KEPT:
        _TEXTS.popitem(last=False)


@dataclass(frozen=True)
class Finding:
    """One finding of the dossier's check: which document it is about, and what."""

    document_id: int
    problem: Problem

    def __str__(self) -> str:
        return str(self.problem)


# Read at every issuance (refuse_faulted): one statement of the columns the check reads, built once
# with its cache key. Each document with its step's dates, whether its draft was cancelled, its
# register entry not cancelled (number, date) and the issued text's blob where it was signed
# electronically (one of each at most: unique per document), instead of four statements loading
# every document's row with its stored context, each entry and each issued document as objects.
_LIVE_ENTRY = and_(RegisterEntry.generated_document_id == GeneratedDocument.id,
                   RegisterEntry.dossier_id == GeneratedDocument.dossier_id,
                   ~exists().where(RegisterCancellation.entry_id == RegisterEntry.id))
_DOCUMENTS = (select(GeneratedDocument.id, GeneratedDocument.template_id, GeneratedDocument.title,
                     GeneratedDocument.sha256, TransitionRecord.effective_on, TransitionRecord.at,
                     DraftCancellation.id, RegisterEntry.symbol, RegisterEntry.issued_on,
                     IssuedDocument.docx_sha256)
              .outerjoin(TransitionRecord, TransitionRecord.id == GeneratedDocument.transition_id)
              .outerjoin(DraftCancellation, DraftCancellation.generated_document_id == GeneratedDocument.id)
              .outerjoin(RegisterEntry, _LIVE_ENTRY)
              .outerjoin(IssuedDocument, and_(IssuedDocument.generated_document_id == GeneratedDocument.id,
                                              IssuedDocument.dossier_id == GeneratedDocument.dossier_id))
              .where(GeneratedDocument.dossier_id == bindparam("dossier_id"))
              .order_by(GeneratedDocument.transition_id, GeneratedDocument.id, RegisterEntry.id))


def dossier_documents(session: Session, dossier_id: int) -> list[tuple[int, DossierDocument]]:
    """The dossier's documents in step order, each (its id, as the check reads it)."""
    if session.get(Dossier, dossier_id) is None:
        raise NotFound(f"Không tìm thấy hồ sơ {dossier_id}.")
    found: dict[int, DossierDocument] = {}  # a document entered twice: its later entry, as before
    for (doc_id, template_id, title, sha256, effective_on, at, cancelled, symbol, issued_on,
         frozen) in session.execute(_DOCUMENTS, {"dossier_id": dossier_id}):
        if cancelled is not None:
            continue
        found[doc_id] = DossierDocument(
            template_id=template_id, name=title, paragraphs=_text(session, frozen or sha256),
            number=symbol, issued_on=issued_on, drafted_on=effective_on or (at.date() if at else None),
            key=str(doc_id))
    return list(found.items())


def _findings(docs: Sequence[tuple[int, DossierDocument]], about: int | None = None) -> list[Finding]:
    """The findings over `docs`; with `about`, only those about that document (the others' own
    text is then not checked: the cross-document check still reads them all)."""
    by_key = {d.key: doc_id for doc_id, d in docs}
    findings = []
    for doc_id, doc in docs:
        if about is not None and doc_id != about:
            continue
        for p in check_content(doc.paragraphs, on=doc.issued_on):
            findings.append(Finding(doc_id, Problem(p.severity, doc.label, p.paragraph, p.message_vi,
                                                          p.message_en, p.quote)))
    for p in check_dossier([d for _, d in docs]):
        if about is None or by_key[p.part] == about:
            findings.append(Finding(by_key[p.part], p))
    return findings


def check_stored_dossier(session: Session, dossier_id: int) -> list[Finding]:
    """Every finding over the dossier's documents: each one's own, then across them."""
    return _findings(dossier_documents(session, dossier_id))


def find_dossier(session: Session, code_or_id: str) -> Dossier:
    dossier = session.scalars(select(Dossier).where(Dossier.code == code_or_id)).first()
    if dossier is None and code_or_id.isdigit():
        dossier = session.get(Dossier, int(code_or_id))
    if dossier is None:
        raise NotFound(f"Không tìm thấy hồ sơ {code_or_id}.")
    return dossier


def refuse_faulted(session: Session, document: GeneratedDocument, issued_on: dt.date) -> None:
    """Refuse to issue `document` on `issued_on` when the check faults it (its own text, or it
    against the dossier's other documents), each finding a reason in Vietnamese."""
    refuse_addressed_to_itself(session, document, issued_on)
    docs = []
    for doc_id, doc in dossier_documents(session, document.dossier_id):
        if doc_id == document.id:  # as it will be issued: on that day
            doc = DossierDocument(template_id=doc.template_id, name=doc.name, paragraphs=doc.paragraphs,
                                  number=doc.number, issued_on=issued_on, drafted_on=doc.drafted_on, key=doc.key)
        docs.append((doc_id, doc))
    mine = _findings(docs, about=document.id)
    if mine:
        raise Refused([f"Chưa ban hành được {document.title}: " + _reason(f.problem) for f in mine])


def _reason(p: Problem) -> str:
    quote = f" («{p.quote}»)" if p.quote and p.quote not in p.message_vi else ""
    return p.message_vi.rstrip(".") + quote + "."
