"""Issuance through the official's browser agent (the Ban Cơ yếu plugin's protocol), in two steps.

``prepare_for_agent`` (one write transaction): the same checks as signing; the document
rendered with the number the register would give now (looked at, not taken), made PDF/A,
stamped with its verification code and QR, with an empty signature field where the leader's
name says; kept in an agent session (a one-time token, 15 minutes) beside what the issuance will
record. The page hands the token and the PDF's address to the agent on the official's machine.

``accept_from_agent``: the agent's checks on the returned file (that PDF plus exactly one new
signature, by the certificate registered for the leader, chaining to the configured trust anchors,
nothing else changed — ``dossier.signing.agent``) in a read transaction; the chain's revocation
data embedded (B-LT) with no lock held; then, in one write transaction, the token spent and the
number taken under the register's lock, which must be the one printed: if another document took it
meanwhile the file is refused and the leader signs a freshly prepared one. The register entry,
the issued document, the token's use and the audit events commit together; any refusal writes
nothing and burns no number.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from dossier.canonical import canonical_json
from dossier.errors import Refused
from dossier.model import Blob, User
from dossier.services import agent_sessions, signing_methods
from dossier.services.access import load_user
from dossier.services.coherence import refuse_faulted
from dossier.services.documents import store_blob
from dossier.services.issuance.dates import check_in_order, issue_date
from dossier.services.issuance.drafts import Signable, signable
from dossier.services.issuance.failures import signing_failed
from dossier.services.issuance.port import SigningPort, long_term_options
from dossier.services.issuance.queries import IssueResult, result_of
from dossier.services.issuance.sign import (
    Prepared,
    number_moved,
    prepare,
    record,
    signing_failures,
    take_number_for,
)
from dossier.services.issuance.verification import port_roots
from dossier.services.register import peek_number
from dossier.services.uow import Database
from dossier.signing.errors import ConversionError
from dossier.vn.vntime import now_vn

log = logging.getLogger(__name__)

PURPOSE = "issuance:"  # + the sha256 of the prepared issuance's record (a blob)


@dataclass(frozen=True)
class AgentHandout:
    """What the "Ký số" page gives the agent: the token, and the PDF (also served by token)."""

    token: str
    pdf: bytes
    number_text: str


def _check_agent_user(session: Session, user: User) -> None:
    if signing_methods.user_source(session, user) != "agent":
        raise Refused(["Bạn không đăng ký ký số bằng công cụ ký trên máy tính; hãy ký bằng mật khẩu hoặc mã PIN "
                       "trên trang này."])


def _keep_record(session: Session, s: Signable, p: Prepared, corrects_id: int | None) -> str:
    """Store what ``accept_from_agent`` will record; returns its sha256."""
    data = canonical_json({"document_id": s.document.id, "number_line": p.number_line,
                           "issued_on": p.issued_on.isoformat(), "context": p.context, "docx": p.docx_sha256,
                           "text": p.text_sha256, "code": p.code, "corrects_id": corrects_id}).encode()
    sha = hashlib.sha256(data).hexdigest()
    store_blob(session, sha, data)
    return sha


def prepare_for_agent(db: Database, *, port: SigningPort, actor_id: int, document_id: int,
                      issued_on: dt.date | None = None, corrects_id: int | None = None) -> AgentHandout:
    """The numbered, stamped PDF with an empty signature field, and a one-time token for it."""
    from dossier.signing.locate import find_signature_box
    from dossier.signing.pades import LEADER_FIELD

    issued_on = issue_date(issued_on, now_vn())
    problem = port.archive_pdf.status()
    if problem:
        raise signing_failed(ConversionError(problem))
    with signing_failures(f"preparing document {document_id} for the agent"), db.write() as session:
        user = load_user(session, actor_id)
        s = signable(session, user, document_id)
        _check_agent_user(session, user)
        check_in_order(session, s, issued_on)  # before the official signs, not only when the file is back
        refuse_faulted(session, s.document, issued_on)
        draft = json.loads(s.document.context_json)
        number = peek_number(session, organisation=s.organisation, doc_type=s.spec.doc_type,
                             issued_on=issued_on, draft_number_line=draft.get("so_ky_hieu"))
        p = prepare(session, port, s, user, number, issued_on)
        page, box = find_signature_box(p.pdf, p.context["ky"]["ho_ten"])
        token, pdf = agent_sessions.open_in(session, user_id=user.id, pdf=p.pdf, field_name=LEADER_FIELD,
                                            purpose=PURPOSE + _keep_record(session, s, p, corrects_id),
                                            page=page, box=box)
        return AgentHandout(token, pdf, number)


def _prepared(session: Session, purpose: str) -> tuple[dict, Prepared]:
    kept = json.loads(session.get(Blob, purpose.removeprefix(PURPOSE)).data)
    return kept, Prepared(kept["number_line"], dt.date.fromisoformat(kept["issued_on"]), kept["context"],
                          kept["docx"], kept["text"], kept["code"], b"")


def accept_from_agent(db: Database, *, port: SigningPort, token: str, returned: bytes,
                      user_id: int | None = None, now: dt.datetime | None = None) -> IssueResult:
    """Issue the document the agent signed, or refuse the file (Vietnamese reason), writing nothing.

    The file's checks run in a read transaction and, with a TSA configured, the chain's revocation
    data is fetched and embedded (PAdES B-LT, as for every other signer) with no lock held; the
    token is spent and the number taken in the one write transaction that records the issuance.
    """
    from dossier.signing.trust import TrustAnchors

    with signing_failures("accepting the agent's file"):
        with db.read() as session:
            trust = TrustAnchors.of(port_roots(port, session))
            accepted = agent_sessions.check_in(session, token=token, returned=returned, trust=trust, user_id=user_id,
                                               now=now)
            long_term = long_term_options(port, session)
        archived = returned
        if long_term is not None:
            from dossier.signing.ltv import add_revocation_data

            archived = add_revocation_data(returned, long_term, field_name=accepted.field_name)
        with db.write() as session:
            row = agent_sessions.use_in(session, token=token, returned=returned, accepted=accepted, user_id=user_id,
                                        now=now)
            return _record_accepted(session, row, archived, accepted)


def _record_accepted(session: Session, row, archived: bytes, accepted) -> IssueResult:
    if not row.purpose.startswith(PURPOSE):
        raise Refused(["Phiên ký này không phải phiên ký ban hành văn bản."])
    kept, p = _prepared(session, row.purpose)
    user = session.get(User, row.user_id)
    s = signable(session, user, kept["document_id"])  # again, under the write lock
    entry = take_number_for(session, s, user, p.issued_on)
    if f"Số: {entry.symbol}" != p.number_line:
        raise number_moved(p.number_line)
    issued = record(session, s, user, entry, p, archived, when=accepted.signing_time, corrects_id=kept["corrects_id"],
                    certificate=format(accepted.certificate.serial_number, "X"), via="agent")
    log.info("document %s signed by %s through the agent as %s", s.document.id, user.username, issued.number_text)
    return result_of(issued)
