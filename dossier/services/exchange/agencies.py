"""The directory of agencies this body exchanges documents with, and matching Nơi nhận to it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.errors import DomainError
from dossier.model import Agency, Organisation

# TT 10/2016/TT-BTTTT: four groups, "000.00.15.H41" (the last group names the province).
ORGAN_ID = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[0-9A-Z]{3}$")


def key(text: str) -> str:
    """A Nơi nhận line reduced to what names the agency: no list dash, no "(b/c)", no case."""
    text = unicodedata.normalize("NFC", text).strip().lstrip("-–•").strip()
    text = re.sub(r"\((?:[^)]*)\)", " ", text)  # "(để báo cáo)", "(b/c)", "(thực hiện)"
    text = text.rstrip(";.,: ")
    return " ".join(text.casefold().split())


def add_agency(session: Session, *, organ_id: str, name: str, aliases: Iterable[str] = (),
               organisation_id: int | None = None, **contact: str) -> Agency:
    organ_id = organ_id.strip().upper()
    if not ORGAN_ID.match(organ_id):
        raise DomainError(f"Mã định danh “{organ_id}” không đúng cấu trúc (ví dụ: 000.00.15.H41).")
    if session.scalars(select(Agency).where(Agency.organ_id == organ_id)).first() is not None:
        raise DomainError(f"Mã định danh {organ_id} đã có trong danh bạ cơ quan.")
    agency = Agency(organ_id=organ_id, name=name.strip(), organisation_id=organisation_id,
                    aliases="\n".join(a.strip() for a in aliases if a.strip()), **contact)
    session.add(agency)
    session.flush()
    return agency


def list_agencies(session: Session) -> list[Agency]:
    return list(session.scalars(select(Agency).where(Agency.active).order_by(Agency.name)))


def agency_of(session: Session, organisation_id: int) -> Agency | None:
    """Our own organisation's entry: its mã định danh is the sender of its packages."""
    return session.scalars(select(Agency).where(Agency.organisation_id == organisation_id)).first()


def match_recipients(session: Session, lines: Iterable[str]) -> tuple[list[Agency], list[str]]:
    """(agencies named by the Nơi nhận lines, the lines that name none): "Như trên", "Lưu: VT" …"""
    by_key: dict[str, Agency] = {}
    for agency in list_agencies(session):
        for name in (agency.name, *agency.aliases.splitlines()):
            by_key.setdefault(key(name), agency)
    found: dict[int, Agency] = {}
    unmatched = []
    for line in lines:
        agency = by_key.get(key(line))
        if agency is None:
            if key(line):
                unmatched.append(line.strip())
        else:
            found.setdefault(agency.id, agency)
    return list(found.values()), unmatched


def organisation_id_by_code(session: Session, code: str) -> int:
    org = session.scalars(select(Organisation).where(Organisation.code == code)).first()
    if org is None:
        raise DomainError(f"Không có cơ quan mã {code}.", detail=f"no organisation with code {code!r}")
    return org.id
