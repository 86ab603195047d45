"""The văn thư seals a signed document with the agency's signature: issuance is complete.

One transaction over the issued document's row (locked); a failure leaves the signed document
exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.errors import DomainError, Forbidden, NotFound, Refused
from dossier.model import Blob, IssuedDocument, Organisation, User
from dossier.services import audit, exchange
from dossier.services.access import load_user
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
    """The văn thư adds the agency's seal signature: issuance is complete."""
    when = to_vn(signing_time) if signing_time else now_vn()
    with db.read() as session:
        user = load_user(session, actor_id)
        org = sealable(session, user, issued_id).organisation
        signer = open_signer(lambda: port.signers.seal_signer(session, org, password), when, seal=True)
    try:
        with db.write() as session:
            user = load_user(session, actor_id)
            issued = sealable(session, user, issued_id, lock=True)
            _seal(session, port, issued, user, signer, when)
            _checkpoint(session, issued.organisation, password)
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


def _seal(session: Session, port: SigningPort, issued: IssuedDocument, user: User, signer: Signer,
          when: dt.datetime) -> None:
    from dossier.signing.pades import seal_pdf

    pdf = session.get(Blob, issued.signed_pdf_sha256).data
    sealed = seal_pdf(pdf, signer, signing_time=when, location=issued.organisation.place_name,
                      reason=f"Phát hành văn bản số {issued.register_entry.symbol}",
                      long_term=long_term_options(port, session))
    sha = hashlib.sha256(sealed).hexdigest()
    store_blob(session, sha, sealed)
    issued.sealed_pdf_sha256 = sha
    issued.status = "issued"
    issued.sealer_id = user.id
    issued.sealed_at = when.astimezone(dt.UTC)
    session.flush()
    audit.append(session, actor_id=user.id, action="document.seal", object_type="issued_document",
                 object_id=issued.id, payload={
                     "number": issued.number_text, "pdf": sha, "certificate": certificate_serial(signer),
                 })
    exchange.queue_issued(session, issued, when)  # the packages commit with the issuance or not at all


def _checkpoint(session: Session, organisation: Organisation, password: str) -> None:
    """The văn thư has just opened the seal: sign the audit head with it too (issue 13 item 4).
    A seal kept as PKCS#12 in the database only; a token's seal is left to the daily job."""
    from dossier.services import checkpoints
    from dossier.signing.errors import SigningError

    try:
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
