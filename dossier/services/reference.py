"""Reference data shipped with the product (support caps), loaded idempotently."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.model import SupportCapRule

DATA = Path(__file__).resolve().parents[1] / "data"


def load_support_caps(session: Session, path: Path | None = None) -> int:
    """Insert the cap rules that are not in the database yet; returns how many were added."""
    rules = tomllib.loads((path or DATA / "support_caps.toml").read_text("utf-8"))["rule"]
    added = 0
    for raw in rules:
        key = (raw.get("province"), raw["content_type"], raw["valid_from"])
        exists = session.scalar(
            select(SupportCapRule.id).where(
                SupportCapRule.province.is_(None) if key[0] is None else SupportCapRule.province == key[0],
                SupportCapRule.content_type == key[1],
                SupportCapRule.valid_from == key[2],
            )
        )
        if exists:
            continue
        session.add(
            SupportCapRule(
                province=raw.get("province"),
                content_type=raw["content_type"],
                percent_cap=Decimal(raw["percent_cap"]) if "percent_cap" in raw else None,
                absolute_cap=raw.get("absolute_cap"),
                line_multiplier=Decimal(raw.get("line_multiplier", "1")),
                unit=raw.get("unit", "cơ sở"),
                valid_from=raw["valid_from"],
                valid_to=raw.get("valid_to"),
                legal_basis=raw["legal_basis"],
                verified=raw.get("verified", True),
            )
        )
        added += 1
    session.flush()
    return added
