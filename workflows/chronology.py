"""The order of a dossier's dates (issue 10, item 3): Đơn ≤ QĐ thành lập Hội đồng ≤ Giấy mời ≤
họp Hội đồng ≤ Tờ trình ≤ QĐ phê duyệt ≤ Hợp đồng ≤ bắt đầu ≤ kiểm tra ≤ nghiệm thu ≤ thanh lý ≤
quyết toán.

Pure data and pure functions: which milestone each step dates (by its own date or by one of its
inputs), how a history folds into the milestones still current (a step sent back drops what the
abandoned attempt had dated after it), and the refusals, each naming both dates in Vietnamese.
The guard `workflows.guards.dates_in_sequence` and issuance both ask `out_of_order`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from workflows.states import Trigger

T = Trigger


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str  # as it reads after "Ngày"/"ngày": "Ngày họp Hội đồng 05/03/2025 …"


CHAIN: tuple[Milestone, ...] = (
    Milestone("application", "Đơn đề nghị"),
    Milestone("council_decision", "Quyết định thành lập Hội đồng"),
    Milestone("invitation", "Giấy mời"),
    Milestone("meeting", "họp Hội đồng"),
    Milestone("submission", "Tờ trình"),
    Milestone("approval", "Quyết định phê duyệt"),
    Milestone("contract", "ký Hợp đồng"),
    Milestone("start", "bắt đầu thực hiện"),
    Milestone("inspection", "kiểm tra"),
    Milestone("acceptance", "nghiệm thu"),
    Milestone("liquidation", "thanh lý hợp đồng"),
    Milestone("settlement", "quyết toán"),
)
POSITION = {m.key: i for i, m in enumerate(CHAIN)}
LABEL = {m.key: m.label for m in CHAIN}

STEP = None  # the source of a milestone dated by the step's own (effective) date
# What each step dates: milestone → None (the step's date) or the input holding the date.
STEP_DATES: Mapping[Trigger, tuple[tuple[str, str | None], ...]] = {
    T.SUBMIT: (("application", STEP),),
    T.START_APPRAISAL: (("council_decision", STEP), ("invitation", STEP), ("meeting", "meeting_date")),
    T.RECORD_APPRAISAL: (("meeting", "meeting_date"),),
    T.SUBMIT_FOR_APPROVAL: (("submission", STEP),),
    T.APPROVE: (("approval", STEP),),
    T.SIGN_CONTRACT: (("contract", "contract_date"),),
    T.START_IMPLEMENTATION: (("start", "start_date"),),
    T.RECORD_INSPECTION: (("inspection", "inspection_date"),),
    T.ACCEPT: (("acceptance", "acceptance_date"),),
    T.LIQUIDATE: (("liquidation", "liquidation_date"),),
    T.SETTLE: (("settlement", "settlement_date"),),
}
# The event an input dates has happened by the day the step is recorded; the meeting date of
# START_APPRAISAL is the one exception: the Giấy mời announces a meeting still to come.
PLANNED = frozenset({(T.START_APPRAISAL, "meeting_date")})
INPUT_LABEL = {"meeting_date": "họp Hội đồng", "contract_date": "ký Hợp đồng", "start_date": "bắt đầu thực hiện",
               "inspection_date": "kiểm tra", "acceptance_date": "nghiệm thu",
               "liquidation_date": "thanh lý hợp đồng", "settlement_date": "quyết toán"}
# A step that sends the dossier back keeps the milestones up to this one and drops the later
# ones (the abandoned attempt's); None drops them all (the dossier starts again as a draft).
REWINDS: Mapping[Trigger, str | None] = {
    T.REOPEN: None,
    T.REQUEST_REVISION: "application",
    T.RETURN_TO_OFFICER: "meeting",
    T.RESUME: "inspection",
}
# The documents whose issue date replaces the step's date once issued (the văn thư dates them).
ISSUED_MILESTONES: Mapping[str, str] = {
    "qd_thanh_lap_hoi_dong": "council_decision",
    "giay_moi_hop_hoi_dong": "invitation",
    "to_trinh_phe_duyet": "submission",
    "qd_phe_duyet_de_an": "approval",
}


def dmy(d: date) -> str:
    return f"{d:%d/%m/%Y}"


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)) if value else None


def step_milestones(trigger: str, on: date, inputs: Mapping[str, Any]) -> dict[str, date]:
    """The milestones a step of `trigger` dated `on` with `inputs` fixes (missing inputs skipped)."""
    found: dict[str, date] = {}
    for key, source in STEP_DATES.get(Trigger(trigger), ()):
        when = on if source is STEP else _as_date(inputs.get(source))
        if when is not None:
            found[key] = when
    return found


def _drop_after(current: dict[str, Any], key: str | None) -> None:
    keep = POSITION[key] if key is not None else -1
    for k in [k for k in current if POSITION[k] > keep]:
        del current[k]


@dataclass(frozen=True)
class Dated:
    """One history row as the fold reads it."""

    trigger: str
    on: date
    inputs: Mapping[str, Any]
    ref: Any = None  # what issued documents point back to (the history row's id)


def current_milestones(history: Iterable[Dated], issued: Mapping[tuple[Any, str], date] | None = None,
                       *, with_drafts: bool = True) -> dict[str, date]:
    """The milestones of the dossier's current attempt, in chain order.

    `issued` maps (history ref, template id) to the issue date of a document of that step: an
    issued QĐ, Giấy mời or Tờ trình is dated by its signing, not by the step that drafted it.
    Without `with_drafts`, the milestones of such documents still drafts are left out: their
    date is not fixed yet (it will be their signing day), so they bind nothing at a signing.
    """
    current: dict[str, tuple[date, Any]] = {}
    for row in history:
        trigger = Trigger(row.trigger)
        if trigger in REWINDS:
            _drop_after(current, REWINDS[trigger])
        for key, when in step_milestones(trigger, row.on, row.inputs).items():
            _drop_after(current, key)
            current[key] = (when, row.ref)
    confirmed = set()
    for (ref, template_id), when in (issued or {}).items():
        key = ISSUED_MILESTONES.get(template_id)
        if key in current and current[key][1] == ref:
            current[key] = (when, ref)
            confirmed.add(key)
    if not with_drafts:
        for key in set(ISSUED_MILESTONES.values()) - confirmed:
            current.pop(key, None)
    return {k: current[k][0] for k in sorted(current, key=POSITION.__getitem__)}


def out_of_order(milestones: Mapping[str, date], new: Mapping[str, date]) -> list[str]:
    """Why the dates `new` break the chain against the dossier's `milestones`, in both directions:
    a new date before an earlier milestone, or after a later one already fixed (a meeting set
    for a day before the Giấy mời is signed). Each reason names both dates."""
    merged = {**milestones, **new}  # a new date replaces the milestone's old one
    keys = sorted(merged, key=POSITION.__getitem__)
    broken = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1:]
              if (a in new or b in new) and merged[b] < merged[a]]
    # one reason per date out of place, against its nearest neighbour in the chain
    nearest_before = {b: a for a, b in broken}  # keys ascend: the last a kept is the nearest
    pairs = {}
    for b, a in nearest_before.items():
        pairs.setdefault(a, b)  # b ascend: the first b kept is the nearest
    return [f"Ngày {LABEL[b]} {dmy(merged[b])} trước ngày {LABEL[a]} {dmy(merged[a])}." for a, b in pairs.items()]


def step_reasons(trigger: str, on: date, inputs: Mapping[str, Any], milestones: Mapping[str, date],
                 last_step_on: date | None) -> list[str]:
    """Every date problem of a step of `trigger` dated `on`: before the previous step, an event
    input later than the step recording it, or a milestone out of the chain's order."""
    reasons = []
    if last_step_on and on < last_step_on:
        reasons.append(f"Ngày thực hiện bước {dmy(on)} trước ngày của bước trước {dmy(last_step_on)}.")
    for _, source in STEP_DATES.get(Trigger(trigger), ()):
        when = _as_date(inputs.get(source)) if source else None
        if when and (Trigger(trigger), source) not in PLANNED and when > on:
            reasons.append(f"Ngày {INPUT_LABEL[source]} {dmy(when)} sau ngày thực hiện bước {dmy(on)}.")
    live = dict(milestones)
    if Trigger(trigger) in REWINDS:
        _drop_after(live, REWINDS[Trigger(trigger)])
    return reasons + out_of_order(live, step_milestones(trigger, on, inputs))
