"""What a step does besides moving the dossier and making its documents, by name.

The table names a row's effects; the service layer maps each name to one function
(`dossier.services.effects.EFFECTS`) and `fire` applies them in the row's order, inside the
step's transaction. The names are not stored anywhere, so they may be renamed freely.
"""

from __future__ import annotations

from enum import StrEnum


class Effect(StrEnum):
    # On the dossier itself (before its new version is written).
    EXTEND_END_DATE = "extend_end_date"  # the end date the approved adjustment asked for
    # On the step's own inputs (before its history row is written).
    PROPOSE_SUPPORT = "propose_support"  # the Tờ trình's amount: the one typed, else the council's
    # In the money ledger (dossier.services.ledger), after the history row: the documents print it.
    BOOK_APPROVED_SUPPORT = "book_approved_support"  # the approved support: the ceiling of what is paid
    BOOK_CONTRACT = "book_contract"  # the contract value, number and date
    BOOK_ACCEPTANCE = "book_acceptance"  # accepted value and accepted support
    BALANCE_AT_LIQUIDATION = "balance_at_liquidation"  # pay the rest or recover the excess
    BOOK_SETTLEMENT = "book_settlement"  # the settled amount, within the accepted support
    RECOVER_ON_STOP = "recover_on_stop"  # the amount recovered when a dossier is stopped, if any
