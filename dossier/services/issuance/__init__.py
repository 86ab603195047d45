"""Issuing a document: the leader signs (number, date, signature block, signed PDF), the văn thư
seals (agency signature), anybody verifies (code / QR → public page).

The pieces, each small enough to read at once:

    port.py          the signing port: PDF makers, signers (per user / per organisation),
                     the QR stamper, the public address and trust files — built once at start-up
    drafts.py        what may be signed, by whom; the "Ký số" page's preview
    agent.py         the same issuance through the official's browser agent, in two steps
    keys.py          opening the key and checking the certificate, before any lock
    sign.py          the leader's signature: number, re-render, PDF/A, stamp, PAdES, record
    seal.py          the văn thư's seal: the agency signature over the signed PDF
    paper.py         a draft or a biên bản signed by hand, entered in the register by the văn thư
    queries.py       what waits to be signed, entered or sealed; the issued documents and their PDFs
    verification.py  checking an uploaded PDF or a verification code
    failures.py      one table from signing and document errors to Vietnamese messages

The cheap checks (permission, password, certificate validity, converter present) run before
the write transaction, so the common failures never take the register's lock; whatever fails
inside it rolls everything back — no number is burnt.

PDF/A: the signed file *is* the archive copy. We convert once, to PDF/A-2b, and sign that; PAdES
signatures are incremental updates that PDF/A-2 allows. A separate unsigned PDF/A copy would
have no evidential value (an archive needs the signatures) and could differ from what was signed.
"""

from __future__ import annotations

from dossier.services.issuance.agent import AgentHandout, accept_from_agent, prepare_for_agent
from dossier.services.issuance.drafts import SignPreview, sign_preview
from dossier.services.issuance.failures import SigningFailed
from dossier.services.issuance.paper import register_paper_signature
from dossier.services.issuance.port import SigningPort, build_signing_port, signing_port_from
from dossier.services.issuance.queries import (
    DraftRow,
    IssuedSummary,
    IssueResult,
    PaperRow,
    awaiting_seal,
    drafts_to_sign,
    get_issued,
    issued_for_dossier,
    issued_pdf,
    paper_to_enter,
)
from dossier.services.issuance.seal import seal_document
from dossier.services.issuance.sign import sign_document
from dossier.services.issuance.verification import Verification, code_as_addressed, verify_issued

__all__ = [
    "AgentHandout",
    "DraftRow",
    "IssueResult",
    "IssuedSummary",
    "PaperRow",
    "SignPreview",
    "SigningFailed",
    "SigningPort",
    "Verification",
    "accept_from_agent",
    "awaiting_seal",
    "build_signing_port",
    "code_as_addressed",
    "drafts_to_sign",
    "get_issued",
    "issued_for_dossier",
    "issued_pdf",
    "paper_to_enter",
    "prepare_for_agent",
    "register_paper_signature",
    "seal_document",
    "sign_document",
    "signing_port_from",
    "sign_preview",
    "verify_issued",
]
