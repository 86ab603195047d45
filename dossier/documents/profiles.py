"""What each template needs beyond the dossier: its wording, who receives it, what it rests on.

A template's Profile is data in its own manifest (the ``[profile]`` table of
templates_docx/<id>/manifest.toml, written by the builder from the template's `@template` entry
and read by dossier.documents.catalog): adding a template is its folder and its entry, not a row
here too. This module says what a profile may hold and the names it uses. `issuer` in a
template's manifest says which body's header it carries; `legal_kind` selects the Căn cứ lines
from dossier.vn.legal_bases; documents whose type is in ISSUED_TYPES are drafts (blank number and
date) until the văn thư issues them.
"""

from __future__ import annotations

from dataclasses import dataclass

ISSUED_TYPES = frozenset({"QĐ", "TTr", "TB", "GM", "BC"})
# The bodies whose register numbers what they issue (a council has no register of its own).
REGISTERS = ("sct", "ubnd", "ttkc")


def registered(doc_type: str, issuer: str) -> bool:
    """Numbered in the issuing body's register (sổ văn bản đi): the documents it issues
    (ISSUED_TYPES: drafts with a blank number and day until its leader signs them), and the biên
    bản a body records (kiểm tra, nghiệm thu, thanh lý: "Số: 15/BB-TTKC"), which its parties sign
    on paper and the văn thư then enters; they keep the date of the event they record. The
    council's minutes have no register of their own (their blank "Số:      /BB-HĐTĐ")."""
    return doc_type in ISSUED_TYPES or (doc_type == "BB" and issuer in REGISTERS)


# Share of the support advanced when the contract is signed. TT 36/2013 sets 70 % for training
# and similar đề án; the ratio for machinery is provincial and was not found (domain.md §9.5):
# a province changes it here.
ADVANCE_PERCENT = 50
EQUIPMENT_USE_YEARS = 5
# In a recipients list: the State Treasury office that pays the implementing unit, as it was named
# on the document's date (its bank), not a name fixed here — Kho bạc Nhà nước Ninh Thuận before the
# 2025 reorganisation, Kho bạc Nhà nước khu vực XV after.
KHO_BAC = "kho_bac"
# In a recipients list: the Trung tâm that carries the đề án out, by its name on the document's date
# (Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh Ninh Thuận in 2024–2025), never the
# generic "Trung tâm Khuyến công" no register knows.
TRUNG_TAM = "trung_tam"
# The Sở's leaders: "Ban Giám đốc Sở" whoever signs (a "Giám đốc Sở (để báo cáo)" on a paper the
# Giám đốc signs himself sends it to its own signer).
BAN_GIAM_DOC = "Ban Giám đốc Sở"
# Working days, from the Biên bản thanh lý, within which Bên A pays what remains (or Bên B pays
# back what was paid beyond the accepted value): contract practice, no act fixes it; a province
# changes it here.
SETTLE_WITHIN_WORKING_DAYS = 10


# The values a profile's closed fields may take (the manifest parser refuses any other).
AUTHORITIES = ("", "sct", "ubnd")  # tham_quyen: the Sở's Giám đốc, the UBND tỉnh, none
EXECUTORS = ("ubnd", "sct", "settlement")  # executes
# What a trích yếu may name: "{de_an}" the đề án's title, "{co_so}" the beneficiary, "{nam}" the year.
TRICH_YEU_NAMES = frozenset({"de_an", "co_so", "nam"})


@dataclass(frozen=True)
class Profile:
    trich_yeu: str  # may use {de_an}, {co_so}, {nam}
    legal_kind: str | None = None
    tham_quyen: str = ""  # "sct" | "ubnd" | "" — the authority line of a Quyết định
    kinh_gui: tuple[str, ...] = ()  # "ttkc", "sct", "ubnd", "co_so", or the addressee's own words
    recipients: tuple[str, ...] = ()
    archive: tuple[str, ...] = ("QLCN",)
    # The last Căn cứ line: "to_trinh" (the issued Tờ trình), "approval" (the issued approval
    # decision), "settlement" (that decision, then the Báo cáo quyết toán it approves), "liquidation"
    # (the contract and the acceptance minutes the liquidation settles), "adjustment" (the request
    # the QĐ điều chỉnh grants, as the Sở submitted it), or literal
    # words ("Theo đề nghị của …").
    proposal: str = ""
    # Who Điều 3 charges with carrying it out: "ubnd" (the UBND tỉnh directs its office, the Sở,
    # the communes; the Sở approving by delegation, its own units and the beneficiary) or "sct" (a
    # Giám đốc Sở directs only the Sở's own units and the people it names),
    # "settlement" (the Sở's units and the implementing unit).
    executes: str = "ubnd"
