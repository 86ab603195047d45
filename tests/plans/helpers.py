"""Builders for the plans tests: dossiers walked by the demo's money walker (real services)."""

from __future__ import annotations

from dossier.demo.money import Plan5, walk_money_case
from dossier.services.uow import Database

M = 1_000_000


def walk(db: Database, users: dict[str, int], year: int, group: str, n: int, total_m: int, support_m: int,
         stage: str, *, batch: int = 1, share: int = 100, documents: bool = False) -> int:
    """One dossier of `year` taken to `stage` (approved, contracted, advanced, in_progress, accepted,
    liquidated, settled, stopped) with the real workflow and ledger services."""
    case = Plan5(year, group, n, total_m * M, support_m * M, stage, batch, share)
    return walk_money_case(db, users, case, documents=documents)


def setup_programme(db: Database) -> None:
    """Envelopes, plans 2021–2025 and their councils, as the demo has them."""
    from dossier.demo.money import seed_programme_setup

    seed_programme_setup(db)
