"""Build the read-only `Facts` the workflow guards look at, from the stored dossier."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from dossier.model import (
    Beneficiary,
    Council,
    Dossier,
    GeneratedDocument,
    RegisterCancellation,
    RegisterEntry,
    TransitionRecord,
    User,
)
from dossier.services import ledger
from dossier.services.caps import rules_in_force
from dossier.services.records import latest_inputs
from workflows.chronology import Dated, current_milestones
from workflows.facts import Facts, council_proposal
from workflows.states import Role, Trigger


def quorum_needed(council: Council | None, voting_members: int) -> int:
    """Reviews needed for the council to decide: the quorum share of its voting members, rounded up."""
    if council is None:
        return 0
    return -(-voting_members * council.quorum_numerator // council.quorum_denominator)


def council_outcome(dossier: Dossier) -> bool | None:
    """Pass rule of the council: majority of 'đạt' votes, or an average score ≥ the pass mark."""
    council = dossier.council
    voting_ids = {m.id for m in council.members if m.voting} if council else set()
    reviews = [r for r in dossier.reviews if r.member_id in voting_ids]
    if not council or not reviews:
        return None
    if council.scoring_mode == "score":
        scores = [r.score for r in reviews if r.score is not None]
        return bool(scores) and sum(scores) >= council.pass_score * len(scores)
    return sum(1 for r in reviews if r.passed) * 2 > len(reviews)


def council_proposal_of(session: Session, dossier: Dossier) -> int:
    """What the council proposes (workflows.facts.council_proposal): its minutes' amount, else
    what every voting member whose sheet concludes proposed, when they agree, else the request."""
    return _council_proposal(dossier, latest_inputs(session, dossier.id, Trigger.RECORD_APPRAISAL))


def _council_proposal(dossier: Dossier, minutes: Mapping[str, Any]) -> int:
    council = dossier.council
    voting_ids = {m.id for m in council.members if m.voting} if council else set()
    scoring = council is not None and council.scoring_mode == "score"
    counted = [r for r in dossier.reviews if r.member_id in voting_ids
               and (r.score if scoring else r.passed) is not None]
    return council_proposal(minutes.get("recommended_support"), (r.recommended_support for r in counted),
                           dossier.requested_support)


# The statements every step reads, built once with their cache keys (bound by dossier_id).
_ISSUED_DATES = (
    select(GeneratedDocument.transition_id, GeneratedDocument.template_id, RegisterEntry.issued_on)
    .join(GeneratedDocument, GeneratedDocument.id == RegisterEntry.generated_document_id)
    .outerjoin(RegisterCancellation, RegisterCancellation.entry_id == RegisterEntry.id)
    .where(RegisterEntry.dossier_id == bindparam("dossier_id"), RegisterCancellation.id.is_(None)))
_DATED_HISTORY = (
    select(TransitionRecord.id, TransitionRecord.trigger, TransitionRecord.effective_on, TransitionRecord.at,
           TransitionRecord.inputs_json)
    .where(TransitionRecord.dossier_id == bindparam("dossier_id")).order_by(TransitionRecord.id))


def _issued_dates(session: Session, dossier_id: int) -> dict[tuple[int | None, str], date]:
    """(history row, template id) → issue date of the dossier's documents issued and not cancelled:
    the register's entries, signed electronically or on paper (issuance.paper)."""
    rows = session.execute(_ISSUED_DATES, {"dossier_id": dossier_id})
    return {(transition_id, template_id): issued_on for transition_id, template_id, issued_on in rows}


def _dated_history(session: Session, dossier_id: int) -> list[Dated]:
    """The dossier's history rows, oldest first, as the chronology reads them."""
    history = session.execute(_DATED_HISTORY, {"dossier_id": dossier_id}).all()
    return [Dated(trigger, effective_on or at.date(), json.loads(inputs_json), ref=row_id)
            for row_id, trigger, effective_on, at, inputs_json in history]


def _dates_of(session: Session, dossier_id: int, dated: list[Dated], *, with_drafts: bool = True
              ) -> tuple[dict[str, date], date | None]:
    milestones = current_milestones(dated, _issued_dates(session, dossier_id), with_drafts=with_drafts)
    return milestones, max((d.on for d in dated), default=None)


def dossier_dates(session: Session, dossier_id: int, *, with_drafts: bool = True
                  ) -> tuple[dict[str, date], date | None]:
    """The milestones of the dossier's current attempt (workflows.chronology) and the date of its
    latest step: its history's own dates, an issued document's by its issue date (without
    `with_drafts`, the milestones of documents not yet issued are left out)."""
    return _dates_of(session, dossier_id, _dated_history(session, dossier_id), with_drafts=with_drafts)


def _latest(history: list[Dated], trigger: Trigger) -> Mapping[str, Any] | None:
    """The inputs of the latest step `trigger` in `history` (records.latest_inputs, read from the rows at hand)."""
    return next((row.inputs for row in reversed(history) if row.trigger == trigger), None)


def _approver(session: Session, dossier: Dossier, actor: User | None, on: date) -> tuple[str, bool]:
    """The approving body of the step's day `on` (a step dated before the Sở was delegated is the
    UBND tỉnh's, as its documents print) and whether `actor` is one of its leaders."""
    from dossier.services.snapshot import approving_body_of  # snapshot reads quorum_needed from here

    body = approving_body_of(session, dossier, on)
    return body.name, actor is not None and actor.organisation_id == body.id and Role.LEADER in actor.roles


# What the contract prints of Bên B and cannot go without (domain: Điều 4 pays by transfer).
_CONTRACT_PARTY = (("registration_number", "số Giấy chứng nhận đăng ký kinh doanh"),
                   ("registration_date", "ngày cấp Giấy chứng nhận đăng ký kinh doanh"),
                   ("representative", "người đại diện"),
                   ("representative_id_number", "số CCCD của người đại diện"),
                   ("bank_account", "số tài khoản"),
                   ("bank_name", "ngân hàng mở tài khoản"))


def contract_party_missing(beneficiary: Beneficiary | None) -> tuple[str, ...]:
    """The Vietnamese labels of Bên B's particulars the contract needs and `beneficiary` lacks."""
    if beneficiary is None:
        return tuple(label for _, label in _CONTRACT_PARTY)
    return tuple(label for attr, label in _CONTRACT_PARTY
                 if not (value := getattr(beneficiary, attr)) or (isinstance(value, str) and not value.strip()))


def build_facts(session: Session, dossier: Dossier, today: date, actor: User | None = None) -> Facts:
    """What the guards know of `dossier` for a step dated `today` (its effective date); `actor`
    is the user asking (the approving body's leader decides its steps)."""
    from dossier.services.drafts import facts_drafts

    council = dossier.council
    members = council.members if council else []
    voting = [m for m in members if m.voting]
    voting_ids = {m.id for m in voting}
    province = dossier.owner_org.province if dossier.owner_org else ""
    history = _dated_history(session, dossier.id)  # one read: the dates and what earlier steps recorded
    acceptance = _latest(history, Trigger.ACCEPT) or {}
    milestones, last_step_on = _dates_of(session, dossier.id, history)
    approver, is_approver = _approver(session, dossier, actor, today)
    proposal = (_latest(history, Trigger.SUBMIT_FOR_APPROVAL) or {}).get("proposed_support")
    return Facts(
        today=today,
        title=dossier.title or "",
        has_beneficiary=dossier.beneficiary_id is not None,
        content_group=dossier.content_group.code if dossier.content_group else None,
        location=dossier.location or "",
        start_date=dossier.start_date,
        end_date=dossier.end_date,
        item_count=len(dossier.items),
        total=dossier.total_cost,
        support=dossier.requested_support,
        council_proposal=(_council_proposal(dossier, _latest(history, Trigger.RECORD_APPRAISAL) or {})
                          if dossier.council else None),
        proposal=proposal if isinstance(proposal, int) else None,
        approved=ledger.position(session, dossier.id).approved,
        is_technology_line=dossier.is_technology_line,
        caps=tuple(rules_in_force(session, province=province, content_type=dossier.support_type, on=today)),
        council_members=len(members),
        council_has_chair=any(m.role == "chair" for m in members),
        council_has_secretary=any(m.role == "secretary" for m in members),
        voting_members=len(voting),
        reviews=sum(1 for r in dossier.reviews if r.member_id in voting_ids),
        quorum_needed=quorum_needed(council, len(voting)),
        council_passed=council_outcome(dossier),
        has_contract=_latest(history, Trigger.SIGN_CONTRACT) is not None,
        contract_party_missing=contract_party_missing(dossier.beneficiary),
        has_acceptance=bool(acceptance.get("passed")),
        milestones=milestones,
        last_step_on=last_step_on,
        drafts=facts_drafts(session, dossier),
        approver=approver,
        actor_is_approver=is_approver,
    )
