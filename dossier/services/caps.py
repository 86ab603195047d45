"""Resolve the support caps in force for a dossier on a date (national and provincial rules)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from dossier.model import SupportCapRule
from workflows.facts import CapRule

_IN_FORCE = select(SupportCapRule).where(
    SupportCapRule.content_type == bindparam("content_type"),
    or_(SupportCapRule.province.is_(None), SupportCapRule.province == bindparam("province")),
    SupportCapRule.valid_from <= bindparam("on"),
    or_(SupportCapRule.valid_to.is_(None), SupportCapRule.valid_to >= bindparam("on")),
)


def rules_in_force(session: Session, *, province: str, content_type: str, on: date) -> list[CapRule]:
    """Every rule binding on `on`: the national one and the province's own, tightest first.

    Both apply: a provincial resolution may not be more generous than the national ceiling
    (domain.md §4.2), so the dossier must satisfy each of them.
    """
    if not content_type:
        return []
    rows = session.scalars(_IN_FORCE, {"content_type": content_type, "province": province, "on": on}).all()
    rules = [
        CapRule(
            content_type=row.content_type,
            percent_cap=None if row.percent_cap is None else Fraction(row.percent_cap) / 100,
            absolute_cap=row.absolute_cap,
            legal_basis=row.legal_basis,
            line_multiplier=Fraction(row.line_multiplier),
        )
        for row in rows
    ]
    return sorted(rules, key=lambda r: (r.absolute_cap is None, r.absolute_cap or 0))
