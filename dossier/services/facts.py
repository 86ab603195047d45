"""Build the read-only `Facts` the workflow guards look at, from the stored dossier."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from dossier.model import Council, Dossier
from dossier.services.caps import rules_in_force
from dossier.services.records import latest_inputs, latest_record
from workflows.facts import Facts
from workflows.states import Trigger


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


def build_facts(session: Session, dossier: Dossier, today: date) -> Facts:
    council = dossier.council
    members = council.members if council else []
    voting = [m for m in members if m.voting]
    voting_ids = {m.id for m in voting}
    province = dossier.owner_org.province if dossier.owner_org else ""
    acceptance = latest_inputs(session, dossier.id, Trigger.ACCEPT)
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
        is_technology_line=dossier.is_technology_line,
        caps=tuple(rules_in_force(session, province=province, content_type=dossier.support_type, on=today)),
        council_members=len(members),
        council_has_chair=any(m.role == "chair" for m in members),
        council_has_secretary=any(m.role == "secretary" for m in members),
        voting_members=len(voting),
        reviews=sum(1 for r in dossier.reviews if r.member_id in voting_ids),
        quorum_needed=quorum_needed(council, len(voting)),
        council_passed=council_outcome(dossier),
        has_contract=latest_record(session, dossier.id, Trigger.SIGN_CONTRACT) is not None,
        has_acceptance=bool(acceptance.get("passed")),
    )
