"""Approving is signing the decision (issue 10): a step whose row `signs` is fired together
with the electronic signature of its documents, in one transaction, as one user action.

The approving body's leader (UBND tỉnh, or the Giám đốc Sở by delegation) opens his key before
any lock, as for any signature; then one write transaction fires the step (state, effects,
history, documents rendered after the Tờ trình was issued, so they cite its number) and signs
each numbered document of the step (register number, PDF/A, PAdES). Anything that fails rolls
all of it back: the dossier is not approved and no number is burnt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from dossier.documents.profiles import ISSUED_TYPES
from dossier.errors import Refused
from dossier.model import GeneratedDocument, User
from dossier.services.access import load_user
from dossier.services.issuance.drafts import signable
from dossier.services.issuance.failures import signing_failed
from dossier.services.issuance.keys import open_signer
from dossier.services.issuance.port import SigningPort
from dossier.services.issuance.sign import _issue, _Request, signing_failures, take_number_for
from dossier.services.template_store import resolve_spec
from dossier.services.transitions import TransitionResult, fire, precheck
from dossier.services.uow import Database
from dossier.signing.errors import ConversionError
from dossier.signing.signer import Signer
from dossier.vn.vntime import now_vn, to_vn


def sign_step(
    db: Database,
    *,
    port: SigningPort,
    actor_id: int,
    dossier_id: int,
    trigger: str,
    expected_version: int,
    password: str,
    inputs: Mapping[str, Any] | None = None,
    signing_time: dt.datetime | None = None,
) -> TransitionResult:
    """Fire `trigger` and sign its documents with the actor's key, in one transaction. The step is
    dated its signing day in Vietnam (what the decision is issued on), whatever the form typed."""
    when = to_vn(signing_time) if signing_time else now_vn()
    problem = port.archive_pdf.status()
    if problem:
        raise signing_failed(ConversionError(problem))
    with db.read() as session:
        user = load_user(session, actor_id)
        precheck(session, user, dossier_id, trigger, inputs, when.date())  # the table's refusal first
        waits = getattr(port.signers, "waits_for_user", None)
        if waits and waits(session, user):
            raise Refused(["Ký duyệt hồ sơ cần khóa ký trên máy chủ hoặc USB token; chữ ký từ xa (xác nhận trên "
                           "điện thoại) chưa dùng được cho bước này."])
        signer = open_signer(lambda: port.signers.user_signer(session, user, password), when, seal=False)
    try:
        with signing_failures(f"signing step {trigger} of dossier {dossier_id}"):
            return fire(db, actor_id=actor_id, dossier_id=dossier_id, trigger=trigger,
                        expected_version=expected_version, inputs=inputs, effective_on=when.date(),
                        issue=_signs_with(port, signer, when))
    finally:
        signer.close()


def _signs_with(port: SigningPort, signer: Signer, when: dt.datetime):
    def issue(session: Session, actor: User, documents: list[GeneratedDocument]) -> None:
        for document in documents:
            if resolve_spec(session, document.template_id).doc_type not in ISSUED_TYPES:
                continue
            s = signable(session, actor, document.id)
            entry = take_number_for(session, s, actor, when.date())
            _issue(session, port, s, actor, entry, _Request(actor.id, document.id, when.date(), when, None), signer)

    return issue
