"""The văn thư seals a signed document with the agency's signature: issuance is complete.

One transaction over the issued document's row (locked); a failure leaves the signed document
exactly as it was. The seal is drawn with the organisation's current seal image (actual size,
over the left third of the leader's signature), captioned with the agency and the ISO 8601 time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.errors import DomainError, Forbidden, NotFound, Refused
from dossier.model import Blob, IssuedDocument, Organisation, User
from dossier.services import audit, exchange
from dossier.services.access import load_user
from dossier.services.archive import metadata as archive_metadata
from dossier.services.documents import store_blob
from dossier.services.issuance.failures import EXPECTED_FAILURES, signing_failed
from dossier.services.issuance.keys import certificate_serial, open_signer
from dossier.services.issuance.port import SigningPort, long_term_options
from dossier.services.issuance.queries import IssueResult, result_of
from dossier.services.uow import Database
from dossier.signing.signer import Signer
from dossier.vn.vntime import now_vn, to_vn
from workflows.states import Role

log = logging.getLogger(__name__)


def sealable(session: Session, user: User, issued_id: int, *, lock: bool = False) -> IssuedDocument:
    """The signed document ``user`` may seal now; NotFound / Forbidden / Refused otherwise."""
    query = select(IssuedDocument).where(IssuedDocument.id == issued_id)
    issued = session.scalars(query.with_for_update() if lock else query).first()
    if issued is None:
        raise NotFound("Không tìm thấy văn bản đã ký.")
    if Role.CLERK not in user.roles or user.organisation_id != issued.organisation_id:
        raise Forbidden(f"Chỉ văn thư của {issued.organisation.name} được đóng dấu, phát hành văn bản này.")
    if issued.status != "signed":
        raise Refused([f"Văn bản {issued.number_text} đã được đóng dấu, phát hành."])
    entry = issued.register_entry
    if entry.cancellation is not None:
        raise Refused([f"Số {entry.symbol} đã bị hủy ({entry.cancellation.reason}); không phát hành văn bản này."])
    return issued


def seal_document(
    db: Database,
    *,
    port: SigningPort,
    actor_id: int,
    issued_id: int,
    password: str,
    signing_time: dt.datetime | None = None,
) -> IssueResult:
    """The văn thư adds the agency's seal signature: issuance is complete.

    A seal that waits for someone elsewhere (a remote service confirmed on a phone) is made with
    no transaction open; the row is locked only to record it, after checking nobody sealed meanwhile.
    """
    when = to_vn(signing_time) if signing_time else now_vn()
    with db.read() as session:
        user = load_user(session, actor_id)
        org = sealable(session, user, issued_id).organisation
        signer = open_signer(lambda: port.signers.seal_signer(session, org, password), when, seal=True)
        waits = getattr(port.signers, "waits_for_seal", None)
        outside = bool(waits and waits(session, org))
    try:
        made = _seal_outside_the_lock(db, port, actor_id, issued_id, signer, when) if outside else None
        with db.write() as session:
            user = load_user(session, actor_id)
            issued = sealable(session, user, issued_id, lock=True)
            if made is None:
                made = _make_sealed(session, port, issued, signer, when)
            _record_seal(session, issued, user, signer, when, *made)
            _checkpoint(session, issued.organisation, password, signer)
            result = result_of(issued)
        _export_checkpoints(db)
        return result
    except DomainError:
        raise
    except EXPECTED_FAILURES as exc:
        log.warning("sealing issued document %s failed: %s", issued_id, exc)
        raise signing_failed(exc, seal=True) from exc
    finally:
        signer.close()


def _seal_outside_the_lock(db: Database, port: SigningPort, actor_id: int, issued_id: int, signer: Signer,
                           when: dt.datetime) -> tuple[bytes, dict]:
    """Read what is to be sealed, then seal it with no transaction open (the remote confirmation)."""
    with db.read() as session:
        issued = sealable(session, load_user(session, actor_id), issued_id)
        job = _SealJob.of(session, port, issued)
    return job.run(signer, when)


@dataclass(frozen=True)
class _SealJob:
    """Everything sealing needs from the database, read beforehand."""

    pdf: bytes
    pdf_sha256: str
    place: str | None
    symbol: str
    appearance: Any
    note: dict
    long_term: Any

    @classmethod
    def of(cls, session: Session, port: SigningPort, issued: IssuedDocument) -> _SealJob:
        from dossier.services.signature_images import seal_appearance_for

        appearance, note = seal_appearance_for(session, issued.organisation, issued.organisation.name)
        return cls(session.get(Blob, issued.signed_pdf_sha256).data, issued.signed_pdf_sha256,
                   issued.organisation.place_name, issued.register_entry.symbol, appearance, note or {},
                   long_term_options(port, session))

    def run(self, signer: Signer, when: dt.datetime) -> tuple[bytes, dict]:
        from dossier.signing.pades import seal_pdf

        sealed = seal_pdf(self.pdf, signer, signing_time=when, location=self.place,
                          reason=f"Phát hành văn bản số {self.symbol}", long_term=self.long_term,
                          appearance=self.appearance)
        return sealed, {**self.note, "sealed_over": self.pdf_sha256}


def _make_sealed(session: Session, port: SigningPort, issued: IssuedDocument, signer: Signer,
                 when: dt.datetime) -> tuple[bytes, dict]:
    return _SealJob.of(session, port, issued).run(signer, when)


def _record_seal(session: Session, issued: IssuedDocument, user: User, signer: Signer, when: dt.datetime,
                 sealed: bytes, note: dict) -> None:
    if note.pop("sealed_over") != issued.signed_pdf_sha256:  # cannot happen: a signed PDF is frozen
        raise Refused(["Văn bản đã thay đổi trong lúc đóng dấu; hãy đóng dấu lại."])
    sha = hashlib.sha256(sealed).hexdigest()
    store_blob(session, sha, sealed)
    issued.sealed_pdf_sha256 = sha
    issued.status = "issued"
    issued.sealer_id = user.id
    issued.sealed_at = when.astimezone(dt.UTC)
    session.flush()
    archive_metadata.record_issued(session, issued)  # Phụ lục VI's fields, validated: refused means not issued
    audit.append(session, actor_id=user.id, action="document.seal", object_type="issued_document",
                 object_id=issued.id, payload={
                     "number": issued.number_text, "pdf": sha, "certificate": certificate_serial(signer), **note,
                 })
    exchange.queue_issued(session, issued, when)  # the packages commit with the issuance or not at all


def _checkpoint(session: Session, organisation: Organisation, password: str, signer: Signer) -> None:
    """The văn thư has just opened the seal: sign the audit head with it too (issue 13 item 4).
    A seal kept as PKCS#12 in the database only; a token's seal is left to the daily job."""
    from dossier.services import checkpoints
    from dossier.signing.errors import SigningError
    from dossier.signing.signer import Pkcs12Signer

    try:
        if isinstance(signer, Pkcs12Signer):  # open already: no second decryption of the same file
            checkpoints.record_with(session, reason="issuance", organisation=organisation, signer=signer)
        else:
            checkpoints.record(session, reason="issuance", organisation=organisation, password=password)
    except (checkpoints.CheckpointError, SigningError) as exc:
        log.info("no audit checkpoint at this issuance (%s): the daily one covers it", exc)


def _export_checkpoints(db: Database) -> None:
    from dossier.config import settings
    from dossier.services import checkpoints

    current = settings()
    try:
        checkpoints.export_file(db, current.checkpoint_dir or current.instance() / "audit")
    except OSError as exc:  # the issuance is committed; the daily job copies it again
        log.error("could not copy audit checkpoints outside the database: %s", exc)
