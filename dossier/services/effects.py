"""The one registry of step effects: each name the workflow table may use → the function doing it.

`transitions.fire` sets the dossier's new state, then applies the row's effects in the row's
order through a `StepRun`, inside the step's transaction; an effect that refuses (`Refused`)
rolls the whole step back. The step's history row is written the first time an effect asks for
it (a ledger entry points to it), or after the last effect: it records the dossier's version
after the step's own changes. So an effect that changes the dossier's fields comes before any
effect that writes the ledger (fire checks that the version did not move after the history row).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from dossier.canonical import canonical_json
from dossier.model import Dossier, TransitionRecord
from dossier.services import ledger
from dossier.services.facts import council_proposal_of
from dossier.services.records import latest_inputs
from workflows.effects import Effect
from workflows.states import Trigger


@dataclass
class StepRun:
    """The step being fired, in its transaction: what an effect may read and write."""

    session: Session
    dossier: Dossier  # already in its new state
    trigger: Trigger
    from_status: str
    actor_id: int
    values: Mapping[str, Any]  # the step's parsed inputs
    today: date
    now: datetime
    _record: TransitionRecord | None = field(default=None, repr=False)

    @property
    def record(self) -> TransitionRecord:
        """The step's history row, made on first use with the dossier's version after the step's
        changes so far; written by the flush that ends the effects (`transitions.fire`), with the
        dossier's UPDATE and the step's ledger entries: one flush, not one per row."""
        if self._record is None:
            # The version the UPDATE will give (the mapping's version counter, +1) is known before it
            # runs, when the dossier has changes to write; fire checks it against the flushed version.
            pending = self.session.is_modified(self.dossier, include_collections=False)
            self._record = TransitionRecord(
                dossier_id=self.dossier.id, trigger=self.trigger.value, from_status=self.from_status,
                to_status=self.dossier.status, actor_id=self.actor_id, at=self.now, effective_on=self.today,
                inputs_json=canonical_json(self.values), version_after=self.dossier.version + pending)
            self.session.add(self._record)
        return self._record


def extend_end_date(run: StepRun) -> None:
    """The approved adjustment's new end date, as the adjustment request asked."""
    request = latest_inputs(run.session, run.dossier.id, Trigger.REQUEST_ADJUSTMENT)
    if request.get("new_end_date"):
        run.dossier.end_date = date.fromisoformat(request["new_end_date"])


def propose_support(run: StepRun) -> None:
    """The amount the Tờ trình proposes, kept on the step's own history row (its dated inputs):
    the one the officer typed, else the council's proposal. Once there, the approval books it,
    and a Tờ trình returned and submitted again keeps each proposal with its date."""
    if run.values.get("proposed_support") is None:
        proposal = min(council_proposal_of(run.session, run.dossier), run.dossier.requested_support)
        run.values = {**run.values, "proposed_support": proposal}


EFFECTS: Mapping[Effect, Callable[[StepRun], None]] = {
    Effect.EXTEND_END_DATE: extend_end_date,
    Effect.PROPOSE_SUPPORT: propose_support,
    Effect.BOOK_APPROVED_SUPPORT: ledger.book_approved_support,
    Effect.BOOK_CONTRACT: ledger.book_contract,
    Effect.BOOK_ACCEPTANCE: ledger.book_acceptance,
    Effect.BALANCE_AT_LIQUIDATION: ledger.balance_at_liquidation,
    Effect.BOOK_SETTLEMENT: ledger.book_settlement,
    Effect.RECOVER_ON_STOP: ledger.recover_on_stop,
}


def apply(run: StepRun, effects: Iterable[Effect]) -> None:
    """Apply `effects` in order (a KeyError here is a table naming an effect nobody registered)."""
    for effect in effects:
        EFFECTS[effect](run)
