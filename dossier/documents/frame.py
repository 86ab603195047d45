"""The frame every administrative document shares (Nghị định 30/2020/NĐ-CP): the issuing body's
header, the number line, the place–date line, the abstract, the signature block, the addressees
and the Nơi nhận. Dossier documents (context.py) and plan documents (services/plans.py) both
build theirs here, from an `OrgVersion` as of the document's date.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from dossier.documents.profiles import ISSUED_TYPES
from dossier.documents.snapshot import OrgVersion, Person
from dossier.vn.dates import place_date_line
from dossier.vn.numbering import document_number
from dossier.vn.recipients import recipient_lines
from dossier.vn.signature import signature_block
from dossier.vn.text import vn_upper

BLANK = "……………………"  # left for a handwritten entry, as on printed forms


def header(org: OrgVersion) -> dict[str, Any]:
    """The two header lines (body and its parent), full name, abbreviation and place name."""
    return {"ten_chu_quan": org.header_parent, "ten": org.header_name, "ten_day_du": org.name,
            "viet_tat": org.abbreviation, "dia_danh": org.place_name}


def signer(org: OrgVersion, actor: Person | None) -> dict[str, Any]:
    """The signature block of `org`: the acting leader if he belongs to it, else its head,
    else its first leader; a body without users is signed by its recorded head."""
    user = actor if actor and actor.organisation_id == org.id and actor.is_leader else None
    head = next((u for u in org.leaders if u.signing_capacity == "direct"), None)
    user = user or head or (org.leaders[0] if org.leaders else None)
    if user is None:
        return {"dong": [vn_upper(org.head_title)], "ho_ten": org.head_name or BLANK}
    capacity = user.signing_capacity
    collective = org.collective_name or None
    if capacity == "direct" and collective:
        capacity = "TM"  # the head of a collective body signs on its behalf
    block = signature_block(capacity, collective=collective if capacity in ("TM", "KT") else None,
                            head_title=org.head_title, signer_title=user.job_title or org.head_title,
                            signer_name=user.full_name)
    return {"dong": list(block.lines), "ho_ten": block.name}


def is_draft(doc_type: str) -> bool:
    """Numbered and dated by the văn thư when issued: blank number and day until then."""
    return doc_type in ISSUED_TYPES


def document_frame(*, issuer: dict[str, Any], doc_type: str, on: date, trich_yeu: str,
                   ky: dict[str, Any], number: str | None = None,
                   kinh_gui: Sequence[str] | None = None,
                   recipients: Sequence[str] | None = None,
                   archive: Sequence[str] = ("QLCN",)) -> dict[str, Any]:
    """co_quan, so_ky_hieu, dia_danh_ngay, ngay_ban_hanh, trich_yeu, ky (and kinh_gui, noi_nhan
    when given). A draft gets a blank number and day, its year from `on`; any other document is
    dated `on`. `number` is a number the document already has (a contract's own)."""
    when = None if is_draft(doc_type) else on
    if number:
        number_line = f"Số: {number}"
    elif doc_type:
        number_line = document_number(None, doc_type, issuer["viet_tat"] or "KC")
    else:
        number_line = ""
    frame = {
        "co_quan": issuer,
        "so_ky_hieu": number_line,
        "dia_danh_ngay": place_date_line(issuer["dia_danh"], when, year=None if when else on.year),
        "ngay_ban_hanh": when.isoformat() if when else None,
        "trich_yeu": trich_yeu,
        "ky": ky,
    }
    if kinh_gui is not None:
        frame["kinh_gui"] = list(kinh_gui)
    if recipients is not None:
        frame["noi_nhan"] = recipient_lines(recipients, archive) if recipients else []
    return frame
