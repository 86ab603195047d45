"""The money chain of a dossier: approved support → contract → advances → payments → recoveries →
accepted value → settlement, as append-only ledger entries with who and when.

Two ways in:
- the `book_*` effects (named by the workflow table's rows, resolved by `services.effects`) run
  inside the step's transaction, after the history row and before the step's documents, so the
  liquidation and settlement documents read figures that are already in the book, and a
  refused entry rolls the whole step back;
- `record_advance`, `record_payment`, `record_recovery` are user actions, one transaction each.

The guards are pure functions of a `Position` (what the book says) and the proposed amount; they
return a Vietnamese reason with the figures, like the workflow guards.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from dossier.errors import Refused, ValidationFailed
from dossier.model import Dossier, LedgerEntry, TransitionRecord
from dossier.model.ledger import (
    ACCEPTED_SUPPORT,
    ACCEPTED_VALUE,
    ADVANCE,
    APPROVED,
    CONTRACT,
    LEDGER_KIND_LABELS,
    PAYMENT,
    RECOVERY,
    SETTLEMENT,
)
from dossier.services import audit
from dossier.services.access import load_user, require_visible
from dossier.services.records import latest_inputs
from dossier.services.uow import Database, lock_dossier
from dossier.vn.numbers import format_money, format_percent
from workflows.facts import submitted_support
from workflows.states import Role, Status, Trigger

if TYPE_CHECKING:  # effects imports this module to resolve the effect names
    from dossier.services.effects import StepRun

DATA = Path(__file__).resolve().parents[1] / "data"


# ---- the position: what the book says ------------------------------------------------------

@dataclass(frozen=True)
class Position:
    """The money of one dossier at a point in the book. None = not recorded yet."""

    approved: int | None = None
    contract: int | None = None
    advanced: int = 0  # Σ advances
    payments: int = 0  # Σ payments
    recovered: int = 0  # Σ recoveries
    accepted_value: int | None = None
    accepted_support: int | None = None
    settled: int | None = None

    @property
    def paid(self) -> int:
        """What left the treasury for this dossier, net: advances + payments − recoveries."""
        return self.advanced + self.payments - self.recovered

    @property
    def ceiling(self) -> int | None:
        """What may be paid at most: the accepted support once accepted, else the approved one."""
        if self.accepted_support is not None:
            return self.accepted_support
        return self.approved

    @property
    def remaining(self) -> int:
        """Still to pay (0 when nothing is approved or everything is paid)."""
        return max((self.ceiling or 0) - self.paid, 0)

    @property
    def to_recover(self) -> int:
        """Paid beyond what was accepted: the beneficiary must pay it back."""
        return max(self.paid - (self.ceiling or 0), 0) if self.ceiling is not None else 0


def position_of(entries: Iterable[LedgerEntry]) -> Position:
    """Fold entries (in id order) into a Position: levels keep the last value, flows add up."""
    levels: dict[str, int] = {}
    flows = {ADVANCE: 0, PAYMENT: 0, RECOVERY: 0}
    for e in sorted(entries, key=lambda e: e.id or 0):
        if e.kind in flows:
            flows[e.kind] += e.amount
        else:
            levels[e.kind] = e.amount
    return Position(
        approved=levels.get(APPROVED), contract=levels.get(CONTRACT), advanced=flows[ADVANCE],
        payments=flows[PAYMENT], recovered=flows[RECOVERY], accepted_value=levels.get(ACCEPTED_VALUE),
        accepted_support=levels.get(ACCEPTED_SUPPORT), settled=levels.get(SETTLEMENT),
    )


_ENTRIES = select(LedgerEntry).where(LedgerEntry.dossier_id == bindparam("dossier_id")).order_by(LedgerEntry.id)


def entries_of(session: Session, dossier_id: int) -> list[LedgerEntry]:
    return list(session.scalars(_ENTRIES, {"dossier_id": dossier_id}))


def position(session: Session, dossier_id: int) -> Position:
    return position_of(entries_of(session, dossier_id))


# ---- advance ratio (data) ------------------------------------------------------------------

@dataclass(frozen=True)
class AdvanceRule:
    percent: Decimal
    legal_basis: str
    verified: bool = True


@lru_cache(maxsize=4)
def _ratio_rules(path: str) -> tuple[dict[str, Any], ...]:
    return tuple(tomllib.loads(Path(path).read_text("utf-8"))["rule"])


def advance_rule(dossier: Dossier, path: Path | None = None) -> AdvanceRule:
    """The advance ceiling of `dossier`: the most specific rule of dossier/data/advance_ratios.toml."""
    province = dossier.owner_org.province if dossier.owner_org else ""
    programme = dossier.plan.programme.code if dossier.plan else None
    best, best_score = None, -1
    for raw in _ratio_rules(str(path or DATA / "advance_ratios.toml")):
        if raw.get("province") not in (None, province):
            continue
        if raw.get("programme") not in (None, programme):
            continue
        if raw.get("support_type") not in (None, dossier.support_type):
            continue
        score = 4 * ("province" in raw) + 2 * ("programme" in raw) + ("support_type" in raw)
        if score > best_score:
            best, best_score = raw, score
    if best is None:
        return AdvanceRule(Decimal(0), "chưa có quy định về tỷ lệ tạm ứng", False)
    return AdvanceRule(Decimal(best["percent"]), best["legal_basis"], best.get("verified", True))


def advance_limit(pos: Position, rule: AdvanceRule) -> int:
    """Σ advances allowed: the ratio of the contract value (else of the approved support), floored."""
    base = pos.contract if pos.contract is not None else (pos.approved or 0)
    return int((Decimal(base) * rule.percent / 100).to_integral_value(ROUND_FLOOR))


def percent_text(value: Decimal) -> str:
    """A rate quoted in a sentence: "70", "12,5" (vn.numbers.format_percent)."""
    return format_percent(value, trim=True)


def _m(amount: int) -> str:
    return f"{format_money(amount)} đồng"


# ---- guards (pure) -------------------------------------------------------------------------

def paid_within_ceiling(pos: Position, more: int, what: str) -> str | None:
    """What is paid (advances + payments − recoveries) never exceeds what was approved/accepted."""
    if pos.ceiling is None:
        return f"Đề án chưa có kinh phí được phê duyệt trên sổ: chưa thể ghi {what}."
    if pos.paid + more > pos.ceiling:
        basis = "kinh phí hỗ trợ được nghiệm thu" if pos.accepted_support is not None \
            else "kinh phí khuyến công được phê duyệt"
        return (f"Không thể ghi {what} {_m(more)}: đã chi {_m(pos.paid)}, cộng khoản này là "
                f"{_m(pos.paid + more)}, vượt {basis} {_m(pos.ceiling)} "
                f"(còn được chi tối đa {_m(max(pos.ceiling - pos.paid, 0))}).")
    return None


def advance_allowed(pos: Position, amount: int, rule: AdvanceRule) -> str | None:
    if pos.contract is None:
        return "Chưa có hợp đồng thực hiện đề án: chưa thể tạm ứng."
    if pos.accepted_support is not None:
        return "Đề án đã nghiệm thu: khoản chi tiếp theo là thanh toán, không phải tạm ứng."
    limit = advance_limit(pos, rule)
    if pos.advanced + amount > limit:
        return (f"Tổng tạm ứng {_m(pos.advanced + amount)} (đã tạm ứng {_m(pos.advanced)}, lần này "
                f"{_m(amount)}) vượt mức tạm ứng tối đa {percent_text(rule.percent)}% giá trị hợp đồng "
                f"{_m(pos.contract)} là {_m(limit)} theo {rule.legal_basis}.")
    return paid_within_ceiling(pos, amount, "tạm ứng")


def payment_allowed(pos: Position, amount: int) -> str | None:
    if pos.contract is None:
        return "Chưa có hợp đồng thực hiện đề án: chưa thể thanh toán."
    return paid_within_ceiling(pos, amount, "thanh toán")


def recovery_allowed(pos: Position, amount: int) -> str | None:
    if amount > pos.paid:
        return (f"Số thu hồi {_m(amount)} lớn hơn số kinh phí đã chi cho đề án {_m(pos.paid)}.")
    return None


def settlement_allowed(pos: Position, amount: int) -> str | None:
    if pos.accepted_support is None:
        return "Chưa có biên bản nghiệm thu đạt trên sổ: chưa thể quyết toán kinh phí."
    if amount > pos.accepted_support:
        return (f"Kinh phí đề nghị quyết toán {_m(amount)} vượt kinh phí hỗ trợ được nghiệm thu "
                f"{_m(pos.accepted_support)}.")
    return None


def _refuse_if(reason: str | None) -> None:
    if reason:
        raise Refused([reason])


# ---- writing -------------------------------------------------------------------------------

def _add(session: Session, dossier: Dossier, kind: str, amount: int, on: date, source: str, actor_id: int,
         *, transition: TransitionRecord | None = None, reference: str = "", note: str = "",
         flush: bool = True) -> LedgerEntry:
    entry = LedgerEntry(dossier_id=dossier.id, kind=kind, amount=amount, entry_date=on, source=source,
                        transition=transition, reference=reference, note=note, actor_id=actor_id)
    session.add(entry)
    if flush:
        session.flush()
    return entry


def _as_date(value: Any, default: date) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(value) if value else default


def _book(run: StepRun, kind: str, amount: int, on: date, **kw: Any) -> LedgerEntry:
    """An entry of the running step: its trigger as source, its actor, its history row (written with
    it by the flush that ends the step's effects: `transitions.fire`)."""
    return _add(run.session, run.dossier, kind, amount, on, run.record.trigger, run.record.actor_id,
                transition=run.record, flush=False, **kw)


def approved_amount(session: Session, dossier: Dossier) -> int:
    """What the approval approves: the amount the latest Tờ trình proposed (its step's inputs),
    else — a Tờ trình recorded before it said so — the amount requested."""
    return submitted_support(latest_inputs(session, dossier.id, Trigger.SUBMIT_FOR_APPROVAL),
                             dossier.requested_support)


def book_approved_support(run: StepRun) -> None:
    _book(run, APPROVED, approved_amount(run.session, run.dossier), run.today, note="Phê duyệt đề án")


def book_contract(run: StepRun) -> None:
    values = run.values
    _book(run, CONTRACT, values["contract_value"], _as_date(values.get("contract_date"), run.today),
          reference=values.get("contract_number", ""))


def book_acceptance(run: StepRun) -> None:
    on = _as_date(run.values.get("acceptance_date"), run.today)
    _book(run, ACCEPTED_VALUE, run.values.get("accepted_value", 0), on)
    _book(run, ACCEPTED_SUPPORT, run.values.get("accepted_support", 0), on)


def balance_at_liquidation(run: StepRun) -> None:
    """Pay what remains of the accepted support, or recover what was paid beyond it.

    Raises Refused (the whole step rolls back) when the declared advance disagrees with the book.
    """
    session, dossier = run.session, run.dossier
    pos = position(session, dossier.id)
    on = _as_date(run.values.get("liquidation_date"), run.today)
    declared = run.values.get("advanced_amount")
    if declared is not None and declared != pos.paid:
        if pos.paid:
            raise Refused([f"Kinh phí đã tạm ứng nhập khi thanh lý {_m(declared)} khác số đã chi trên sổ "
                           f"theo dõi kinh phí {_m(pos.paid)}."])
        # An advance paid before the book was kept: recorded now, under the same guards.
        _refuse_if(advance_allowed(replace(pos, accepted_support=None), declared, advance_rule(dossier)))
        _book(run, ADVANCE, declared, on, note="Tạm ứng đã chi, ghi nhận khi thanh lý hợp đồng")
        pos = position(session, dossier.id)
    if pos.to_recover:
        _book(run, RECOVERY, pos.to_recover, on, note="Thu hồi phần đã chi vượt giá trị nghiệm thu (thanh lý)")
    elif pos.remaining:
        _book(run, PAYMENT, pos.remaining, on, note="Thanh toán phần còn lại theo biên bản thanh lý")


def book_settlement(run: StepRun) -> None:
    amount = run.values["settled_amount"]
    _refuse_if(settlement_allowed(position(run.session, run.dossier.id), amount))
    _book(run, SETTLEMENT, amount, _as_date(run.values.get("settlement_date"), run.today))


def recover_on_stop(run: StepRun) -> None:
    amount = run.values.get("recovered_amount")
    if amount:
        _refuse_if(recovery_allowed(position(run.session, run.dossier.id), amount))
        _book(run, RECOVERY, amount, run.today, note="Thu hồi khi ngừng thực hiện đề án")


# Money moves only while the dossier is under contract; the states where a user may record it.
_PAYABLE_STATES = {Status.CONTRACTED.value, Status.IN_PROGRESS.value, Status.ADJUSTMENT_PENDING.value,
                   Status.ACCEPTED.value, Status.ACCEPTANCE_FAILED.value, Status.LIQUIDATED.value,
                   Status.STOPPED.value}


def _record_action(db: Database, actor_id: int, dossier_id: int, kind: str, amount: int, on: date,
                   reference: str, note: str) -> int:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValidationFailed({"amount": "Số tiền phải là số nguyên dương (đồng)."})
    with db.write() as session:
        actor = load_user(session, actor_id)
        dossier = require_visible(session, actor, lock_dossier(session, dossier_id))
        if not actor.roles & {Role.OFFICER, Role.LEADER}:
            raise Refused(["Chỉ chuyên viên hoặc lãnh đạo được ghi sổ theo dõi kinh phí."])
        if dossier.status not in _PAYABLE_STATES:
            what = LEDGER_KIND_LABELS[kind].lower()
            raise Refused([f"Hồ sơ ở trạng thái này chưa (hoặc không còn) được ghi {what}."])
        if kind == RECOVERY and dossier.status not in (Status.STOPPED.value, Status.LIQUIDATED.value,
                                                       Status.ACCEPTED.value):
            raise Refused(["Chỉ thu hồi kinh phí khi đề án đã nghiệm thu, thanh lý hoặc ngừng thực hiện."])
        pos = position(session, dossier.id)
        if kind == ADVANCE:
            _refuse_if(advance_allowed(pos, amount, advance_rule(dossier)))
        elif kind == PAYMENT:
            _refuse_if(payment_allowed(pos, amount))
        else:
            _refuse_if(recovery_allowed(pos, amount))
        entry = _add(session, dossier, kind, amount, on, "manual", actor.id, reference=reference, note=note)
        audit.append(session, actor_id=actor.id, action=f"ledger.{kind}", object_type="dossier",
                     object_id=dossier.id, payload={"entry": entry.id, "amount": amount, "date": on,
                                                    "reference": reference, "note": note})
        return entry.id


def record_advance(db: Database, actor_id: int, dossier_id: int, amount: int, on: date, *,
                   reference: str = "", note: str = "") -> int:
    """Ghi một khoản tạm ứng: within the province's ratio and the approved support."""
    return _record_action(db, actor_id, dossier_id, ADVANCE, amount, on, reference, note)


def record_payment(db: Database, actor_id: int, dossier_id: int, amount: int, on: date, *,
                   reference: str = "", note: str = "") -> int:
    """Ghi một khoản thanh toán: never beyond the approved (or, after acceptance, accepted) support."""
    return _record_action(db, actor_id, dossier_id, PAYMENT, amount, on, reference, note)


def record_recovery(db: Database, actor_id: int, dossier_id: int, amount: int, on: date, *,
                    reference: str = "", note: str = "") -> int:
    """Ghi một khoản thu hồi: never more than what was paid."""
    return _record_action(db, actor_id, dossier_id, RECOVERY, amount, on, reference, note)


# ---- what the documents print --------------------------------------------------------------

def liquidation_figures(entries: list[LedgerEntry]) -> dict[str, int]:
    """Figures of the Biên bản thanh lý from a dossier's entries (`entries_of`): the book before
    the liquidation's own entries, and those."""
    before = position_of(e for e in entries if e.source != Trigger.LIQUIDATE and e.kind != SETTLEMENT)
    at_liquidation = [e for e in entries if e.source == Trigger.LIQUIDATE]
    return {
        "contract": before.contract if before.contract is not None else (before.approved or 0),
        "accepted_support": before.accepted_support or 0,
        "paid_before": before.paid + sum(e.amount for e in at_liquidation if e.kind == ADVANCE),
        "to_pay": sum(e.amount for e in at_liquidation if e.kind == PAYMENT),
        "to_recover": sum(e.amount for e in at_liquidation if e.kind == RECOVERY),
    }
