"""What the guards may know about a dossier: a frozen snapshot built by the service layer.

Guards read only this object and the step's inputs, never the ORM, so the table stays pure data
that can be tested, drawn and explained without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction


@dataclass(frozen=True)
class CapRule:
    """A support cap in force on the relevant date (national or provincial)."""

    content_type: str
    percent_cap: Fraction | None  # share of the total cost, e.g. Fraction(1, 2)
    absolute_cap: int | None  # đồng per establishment / model
    legal_basis: str
    line_multiplier: Fraction = Fraction(1)  # 1.5 for a technology line (TT 28/2018 art. 8.4)


@dataclass(frozen=True)
class Draft:
    """A register-numbered document of the dossier (QĐ, Tờ trình, Giấy mời …) and its issuance.

    `awaiting` names who has to act for it to be issued ("lãnh đạo Ủy ban nhân dân tỉnh …
    (Trần Hòa Nam)"); `superseded` marks a draft replaced by a later one of the same template.
    """

    template_id: str
    title: str
    trigger: str  # the step that made it
    issued: bool = False
    cancelled_reason: str | None = None
    awaiting: str = ""
    superseded: bool = False
    needed: bool = True  # False: no longer made on the dossier's path (a Tờ trình once approval is delegated)


@dataclass(frozen=True)
class Facts:
    today: date  # the step's own (effective) date: caps in force, the dates it is checked against
    title: str = ""
    has_beneficiary: bool = False
    content_group: str | None = None
    location: str = ""
    start_date: date | None = None
    end_date: date | None = None
    item_count: int = 0
    total: int = 0
    support: int = 0  # what the applicant requests (kinh phí đề nghị hỗ trợ)
    # The amount through the approval (issue 10): what the council proposes (its minutes, else
    # its members' agreed sheets, else the request), what the Sở's Tờ trình proposes, and what
    # the ledger holds as approved. None: not there yet.
    council_proposal: int | None = None
    proposal: int | None = None
    approved: int | None = None
    is_technology_line: bool = False
    caps: tuple[CapRule, ...] = ()
    council_members: int = 0
    council_has_chair: bool = False
    council_has_secretary: bool = False
    voting_members: int = 0
    reviews: int = 0
    quorum_needed: int = 0
    council_passed: bool | None = None
    has_contract: bool = False
    # Bên B's particulars the contract needs and the beneficiary lacks (Vietnamese labels): Điều 4
    # pays by transfer, so the account and the bank must be known before signing.
    contract_party_missing: tuple[str, ...] = ()
    has_acceptance: bool = False
    # The dossier's dated milestones of its current attempt (workflows.chronology.CHAIN keys, in
    # chain order) and the date of its latest step: what a new step's dates are checked against.
    milestones: Mapping[str, date] = field(default_factory=dict)
    last_step_on: date | None = None
    # Issuance (issue 10): the dossier's numbered documents in the order they were made, the
    # approving body's name (UBND tỉnh or the Sở by delegation), and whether the user asking
    # belongs to it (its leader approves or returns).
    drafts: tuple[Draft, ...] = ()
    approver: str = ""
    actor_is_approver: bool = False

    @property
    def agreed_support(self) -> int:
        """The support later steps are held to: the approved amount, else the request."""
        return self.approved if self.approved is not None else self.support

    @property
    def default_proposal(self) -> int:
        """What the Sở's Tờ trình proposes unless the officer types another amount: the council's
        proposal, never more than the request."""
        if self.council_proposal is None:
            return self.support
        return min(self.council_proposal, self.support)


def submitted_support(inputs: Mapping[str, object], requested: int) -> int:
    """What the Sở's Tờ trình submits for approval: the amount its step recorded, else (a Tờ
    trình recorded before it said so) the amount requested."""
    proposed = inputs.get("proposed_support")
    return proposed if isinstance(proposed, int) else requested


def council_proposal(minutes: int | None, members: Iterable[int | None], requested: int) -> int:
    """What the council proposes: the amount its minutes record, else what every counted member
    proposed when they all agree, else the amount requested. The Biên bản họp prints it and the
    Tờ trình proposes it by default: one rule for both."""
    if minutes:
        return minutes
    proposed = set(members)
    if len(proposed) == 1 and None not in proposed:
        return proposed.pop()
    return requested
