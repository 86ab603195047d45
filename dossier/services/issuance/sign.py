"""The leader signs a draft: number, date and signature block, frozen as a signed PDF/A.

One transaction: take the next number from the register (counter row locked), write number,
issue date and the signer's block into the draft's context, render the same template version
again (so the DOCX carries the number), make the PDF/A-2b, stamp the verification code and QR,
PAdES-sign with the leader's key, store the frozen ``IssuedDocument``, append the audit event,
commit. Whatever fails rolls all of it back: no number is burnt, the draft is as it was.

Why hold the register lock while converting and signing (~0.5 s): a gap-free series needs the
number and the issued document to commit together. Issuances of one series therefore queue;
a Sở issues tens of documents a day, so the queue is never long (anchors.md §3: frappe/caffeine
#67 — gap-free series cost concurrency; here that cost is acceptable, gaps are not).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dossier.canonical import canonical_json
from dossier.documents.bounded import render_document
from dossier.documents.frame import header, is_draft
from dossier.errors import DomainError, NotFound, Refused
from dossier.model import IssuedDocument, RegisterEntry, User
from dossier.services import audit
from dossier.services.access import load_user
from dossier.services.coherence import refuse_faulted
from dossier.services.documents import store_blob
from dossier.services.issuance.dates import check_in_order, issue_date, rebuild_dated
from dossier.services.issuance.drafts import Signable, signable
from dossier.services.issuance.failures import EXPECTED_FAILURES, signing_failed
from dossier.services.issuance.keys import certificate_serial, open_signer
from dossier.services.issuance.port import SigningPort, long_term_options
from dossier.services.issuance.queries import IssueResult, result_of
from dossier.services.register import peek_number, take_number
from dossier.services.snapshot import org_history, signer_of
from dossier.services.uow import Database
from dossier.signing.errors import ConversionError
from dossier.signing.signer import Signer
from dossier.vn.dates import place_date_line
from dossier.vn.vntime import now_vn, to_vn

log = logging.getLogger(__name__)


def issued_context(
    session: Session, s: Signable, signer: User, number_line: str, issued_on: dt.date
) -> dict[str, Any]:
    """The draft's context with what issuance adds: number, place and date, signer's block."""
    context = json.loads(s.document.context_json)
    context["so_ky_hieu"] = number_line
    if not is_draft(s.spec.doc_type):
        return context  # a biên bản keeps its event's date, bodies and parties' signatures: only numbered
    changed = rebuild_dated(session, s, context, issued_on)
    if changed:
        log.info("document %s: %s rebuilt for the issue date %s", s.document.id, ", ".join(changed), issued_on)
    # The issuer as it stands on the issue date (a draft of 30/6/2025 issued on 1/7/2025 carries
    # the merged province's name), and its signer's block.
    history = org_history(session, s.organisation)
    version = history.as_of(issued_on)
    drafted = context.get("co_quan") or {}
    if drafted.get("ten_day_du") in {v.name for v in history.versions}:  # not a council's own header
        context["co_quan"] = {**drafted, **header(version)}
    place = context["co_quan"].get("dia_danh") if "co_quan" in context else None
    context["dia_danh_ngay"] = place_date_line(place or version.place_name, issued_on)
    context["ngay_ban_hanh"] = issued_on.isoformat()
    context["ky"] = signer_of(session, s.organisation, signer, issued_on)
    return context


def sign_document(
    db: Database,
    *,
    port: SigningPort,
    actor_id: int,
    document_id: int,
    password: str,
    issued_on: dt.date | None = None,
    corrects_id: int | None = None,
    signing_time: dt.datetime | None = None,
) -> IssueResult:
    """The leader signs a draft: number + date + signature block, frozen, PDF/A, PAdES-signed.

    The issue date is the signing day in Vietnam (``issued_on``, if given, must be that day: no
    back-dating); it decides the register year and the Căn cứ the document cites.
    """
    when = to_vn(signing_time) if signing_time else now_vn()
    issued_on = issue_date(issued_on, when)
    problem = port.archive_pdf.status()
    if problem:
        raise signing_failed(ConversionError(problem))
    with db.read() as session:
        user = load_user(session, actor_id)
        signable(session, user, document_id)
        signer = open_signer(lambda: port.signers.user_signer(session, user, password), when, seal=False)
        waits = getattr(port.signers, "waits_for_user", None)
        outside = bool(waits and waits(session, user))
    req = _Request(actor_id, document_id, issued_on, when, corrects_id)
    try:
        if outside:
            return _sign_outside_the_lock(db, port, req, signer)
        return _sign_in_transaction(db, port, req, signer)
    finally:
        signer.close()


@dataclass(frozen=True)
class _Request:
    actor_id: int
    document_id: int
    issued_on: dt.date
    when: dt.datetime
    corrects_id: int | None


@contextmanager
def signing_failures(what: str) -> Iterator[None]:
    """Turn what can go wrong inside an issuance transaction into the user's Vietnamese reason."""
    try:
        yield
    except DomainError:
        raise
    except IntegrityError as exc:
        # Two leaders signed the same draft at the same moment: the unique index let one win.
        raise Refused(["Văn bản này vừa được người khác ký; hãy tải lại trang."]) from exc
    except EXPECTED_FAILURES as exc:
        log.warning("%s failed: %s", what, exc)
        raise signing_failed(exc) from exc


def number_moved(number_line: str) -> Refused:
    """The number printed on a document signed outside the lock was given to another one meanwhile."""
    return Refused([f"Số {number_line.removeprefix('Số: ')} in trên văn bản vừa được cấp cho văn bản khác; văn bản "
                    "chưa được ký, chưa lấy số. Hãy mở lại văn bản và ký lại."])


def _sign_in_transaction(db: Database, port: SigningPort, req: _Request, signer: Signer) -> IssueResult:
    with signing_failures(f"signing document {req.document_id}"), db.write() as session:
        user = load_user(session, req.actor_id)
        s = signable(session, user, req.document_id)  # again, under the write lock
        _check_corrected(session, s, req.corrects_id)
        entry = take_number_for(session, s, user, req.issued_on)
        issued = _issue(session, port, s, user, entry, req, signer)
        log.info("document %s signed by %s as %s", s.document.id, user.username, issued.number_text)
        return result_of(issued)


def _sign_outside_the_lock(db: Database, port: SigningPort, req: _Request, signer: Signer) -> IssueResult:
    """A remote signature waits for the official's confirmation on his phone (minutes): the
    number is looked at and printed, the signature made with no transaction open, then the
    number taken and required equal — as for the browser agent. Nothing is burnt either way."""
    from dossier.signing.pades import sign_pdf

    with signing_failures(f"signing document {req.document_id}"):
        with db.write() as session:
            user = load_user(session, req.actor_id)
            s = signable(session, user, req.document_id)
            _check_corrected(session, s, req.corrects_id)
            check_in_order(session, s, req.issued_on)  # before the phone rings, not only after
            refuse_faulted(session, s.document, req.issued_on)
            number = peek_number(session, organisation=s.organisation, doc_type=s.spec.doc_type,
                                 issued_on=req.issued_on,
                                 draft_number_line=json.loads(s.document.context_json).get("so_ky_hieu"))
            prepared = prepare(session, port, s, user, number, req.issued_on)
            place, long_term = s.organisation.place_name, long_term_options(port, session)
            appearance, image_note = leader_appearance(session, user, signer)
        signed = sign_pdf(prepared.pdf, signer, name_in_document=prepared.context["ky"]["ho_ten"],
                          signing_time=req.when, reason=f"Ký ban hành văn bản số {number.removeprefix('Số: ')}",
                          location=place, long_term=long_term, appearance=appearance)
        with db.write() as session:
            user = load_user(session, req.actor_id)
            s = signable(session, user, req.document_id)
            entry = take_number_for(session, s, user, req.issued_on)
            if f"Số: {entry.symbol}" != prepared.number_line:
                raise number_moved(prepared.number_line)
            issued = record(session, s, user, entry, prepared, signed, when=req.when, corrects_id=req.corrects_id,
                            certificate=certificate_serial(signer), note=image_note)
            return result_of(issued)


def _check_corrected(session: Session, s: Signable, corrects_id: int | None) -> None:
    if corrects_id is None:
        return
    old = session.get(IssuedDocument, corrects_id)
    if old is None or old.dossier_id != s.dossier.id:
        raise NotFound("Không tìm thấy văn bản được đính chính trong cùng hồ sơ.")


def take_number_for(session: Session, s: Signable, user: User, issued_on: dt.date) -> RegisterEntry:
    check_in_order(session, s, issued_on)  # under the write lock, on every path that takes a number
    refuse_faulted(session, s.document, issued_on)  # the content check: nothing burnt when it faults
    draft = json.loads(s.document.context_json)
    return take_number(
        session,
        organisation=s.organisation,
        doc_type=s.spec.doc_type,
        issued_on=issued_on,
        draft_number_line=draft.get("so_ky_hieu"),
        abstract=draft.get("trich_yeu") or s.document.title,
        signer=user,
        recipients=[str(r) for r in draft.get("noi_nhan") or []],
        dossier_id=s.dossier.id,
        generated_document_id=s.document.id,
    )


def unique_code(session: Session) -> str:
    from dossier.signing.qrstamp import new_code

    while True:  # 50 random bits: a collision is astronomically rare, but cheap to rule out
        code = new_code()
        taken = select(IssuedDocument.id).where(IssuedDocument.verification_code == code)
        if session.scalars(taken).first() is None:
            return code


@dataclass(frozen=True)
class Prepared:
    """The document as it will be issued, before any signature: numbered, rendered, PDF, stamped."""

    number_line: str
    issued_on: dt.date
    context: dict[str, Any]
    docx_sha256: str
    text_sha256: str
    code: str
    pdf: bytes  # PDF/A with the verification code and QR, unsigned


def prepare(session: Session, port: SigningPort, s: Signable, user: User, number_line: str,
            issued_on: dt.date) -> Prepared:
    """Render with the number, make and stamp the PDF; the DOCX is stored (content-addressed)."""
    context = issued_context(session, s, user, number_line, issued_on)
    rendered = render_document(s.spec, context)
    code = unique_code(session)
    pdf = port.stamp(port.archive_pdf(rendered.data), code=code, url=port.verification_url(code))
    store_blob(session, rendered.sha256, rendered.data)
    return Prepared(number_line, issued_on, context, rendered.sha256, rendered.text_sha256, code, pdf)


def leader_appearance(session: Session, user: User, signer: Signer) -> tuple[Any, dict | None]:
    """The leader's visible signature: his current signature image (ND 30), else the text stamp."""
    from dossier.services.signature_images import leader_appearance as with_image
    from dossier.signing.certs import common_name, subject_title

    subject = signer.certificate.subject
    return with_image(session, user, common_name(subject) or user.full_name, subject_title(subject))


def record(session: Session, s: Signable, user: User, entry: RegisterEntry, prepared: Prepared, signed: bytes, *,
           when: dt.datetime, corrects_id: int | None, certificate: str, via: str = "server",
           note: dict | None = None) -> IssuedDocument:
    """Store the signed PDF and the frozen ``IssuedDocument``; append the audit event."""
    signed_sha = hashlib.sha256(signed).hexdigest()
    store_blob(session, signed_sha, signed)
    issued = IssuedDocument(
        generated_document_id=s.document.id, dossier_id=s.dossier.id, organisation_id=s.organisation.id,
        register_entry_id=entry.id, corrects_id=corrects_id, status="signed", number_text=prepared.number_line,
        issued_on=prepared.issued_on, verification_code=prepared.code, template_id=s.spec.id,
        template_version=s.spec.version, context_json=canonical_json(prepared.context),
        docx_sha256=prepared.docx_sha256, text_sha256=prepared.text_sha256, signed_pdf_sha256=signed_sha,
        signer_id=user.id, signed_at=when.astimezone(dt.UTC),
    )
    session.add(issued)
    session.flush()
    payload = {"document": s.document.id, "number": prepared.number_line, "issued_on": prepared.issued_on,
               "register_entry": entry.id, "pdf": signed_sha, "docx": prepared.docx_sha256,
               "certificate": certificate, "corrects": corrects_id}
    if via != "server":
        payload["via"] = via
    payload.update(note or {})  # which signature image version was drawn
    audit.append(session, actor_id=user.id, action="document.sign", object_type="issued_document",
                 object_id=issued.id, payload=payload)
    return issued


def _issue(session: Session, port: SigningPort, s: Signable, user: User, entry: RegisterEntry,
           req: _Request, signer: Signer) -> IssuedDocument:
    """Prepare the numbered PDF, sign it with the server-side signer, record it."""
    from dossier.signing.pades import sign_pdf

    prepared = prepare(session, port, s, user, f"Số: {entry.symbol}", req.issued_on)
    appearance, image_note = leader_appearance(session, user, signer)
    signed = sign_pdf(prepared.pdf, signer, name_in_document=prepared.context["ky"]["ho_ten"], signing_time=req.when,
                      reason=f"Ký ban hành văn bản số {entry.symbol}", location=s.organisation.place_name,
                      long_term=long_term_options(port, session), appearance=appearance)
    return record(session, s, user, entry, prepared, signed, when=req.when, corrects_id=req.corrects_id,
                  certificate=certificate_serial(signer), note=image_note)
