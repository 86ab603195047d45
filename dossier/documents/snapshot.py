"""What a dossier's documents may cite, frozen: the input of `context.build_context`.

Plain frozen dataclasses, no ORM objects and no session: `dossier.services.snapshot` loads one
from the database inside the step's transaction, a test builds one in memory. Everything a
template prints comes from here, so a document can be rebuilt from its snapshot alone.

Dates: every step record carries the date it is effective on (`StepRecord.on`) beside the time
it was recorded (`at`); organisations are looked up *as of* a date (`OrgHistory.as_of`), because
their names, heads and places change (the 2025 mergers) and a document prints its issuer as it
was on the document's own date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Person:
    """A user as the documents see him: name, title, body, and how he signs."""

    id: int
    full_name: str
    job_title: str = ""
    organisation_id: int | None = None
    organisation_name: str = ""
    signing_capacity: str = "direct"  # "direct", "TM", "KT", "TL", "TUQ"
    is_leader: bool = False
    gender: str = ""  # "male" / "female" / "" (dossier.vn.people)


@dataclass(frozen=True)
class OrgVersion:
    """One body as it stood from `valid_from` (None: since always) until the next version."""

    id: int
    kind: str
    name: str
    header_name: str
    abbreviation: str
    place_name: str
    province: str
    header_parent: str = ""
    head_title: str = "GIÁM ĐỐC"
    head_name: str = ""
    collective_name: str = ""
    address: str = ""
    phone: str = ""
    tax_code: str = ""
    bank_account: str = ""
    bank_name: str = ""
    leaders: tuple[Person, ...] = ()  # its active leaders, in the order the signer is chosen from
    valid_from: date | None = None


@dataclass(frozen=True)
class OrgHistory:
    """The versions of one body, oldest first; a document asks for the one in force on its date."""

    versions: tuple[OrgVersion, ...]

    def as_of(self, on: date | None) -> OrgVersion:
        current = self.versions[0]
        for version in self.versions[1:]:
            if on is None or version.valid_from is None or version.valid_from <= on:
                current = version
        return current


@dataclass(frozen=True)
class Beneficiary:
    name: str
    kind: str
    address: str
    commune: str = ""
    tax_code: str = ""
    registration_number: str = ""
    registration_date: date | None = None
    registration_issuer: str = ""
    representative: str = ""
    representative_title: str = ""
    representative_gender: str = ""
    representative_id_number: str = ""
    bank_account: str = ""
    bank_name: str = ""
    phone: str = ""
    sector: str = ""
    products: str = ""
    workers: int = 0
    capacity: str = ""


@dataclass(frozen=True)
class Item:
    position: int
    name: str
    quantity: int
    unit: str
    unit_price: int
    amount: int
    specification: str = ""
    origin: str = ""


@dataclass(frozen=True)
class Member:
    id: int
    full_name: str
    title: str = ""
    unit: str = ""
    role: str = "member"  # "chair", "vice_chair", "secretary", "member" …
    voting: bool = True
    gender: str = ""


@dataclass(frozen=True)
class Review:
    member_id: int
    passed: bool | None = None
    score: int | None = None
    criteria: tuple[Mapping[str, Any], ...] = ()
    comment: str = ""
    recommended_support: int | None = None


@dataclass(frozen=True)
class Council:
    name: str
    scoring_mode: str  # "score" | "pass_fail"
    quorum_needed: int  # reviews needed for a decision (the guards' own rule)
    members: tuple[Member, ...] = ()


@dataclass(frozen=True)
class StepRecord:
    """One history row: the step, its inputs, when it is effective and who fired it."""

    trigger: str
    on: date  # the step's own date: what its documents print
    at: datetime  # when it was recorded
    inputs: Mapping[str, Any] = field(default_factory=dict)
    actor: Person | None = None


@dataclass(frozen=True)
class IssuedRef:
    """An earlier document as later ones cite it: "125/QĐ-UBND" of 20/03/2026."""

    template_id: str
    symbol: str
    issued_on: date
    cancelled: bool = False


@dataclass(frozen=True)
class ApprovalPeriod:
    """Who approved the province's đề án from `valid_from` (None: since always) to the next period:
    "ubnd_tinh", or "so_cong_thuong" by delegation under the UBND tỉnh's decision `act_number` of
    `act_date` ("15/2026/QĐ-UBND"; empty when none was recorded), `act_issuer` as named that day."""

    valid_from: date | None
    authority: str
    act_number: str = ""
    act_date: date | None = None
    act_issuer: str = ""


@dataclass(frozen=True)
class LedgerFigures:
    """The dossier's money as its ledger holds it when the documents are made."""

    approved: int | None = None
    advanced: int = 0
    payments: int = 0
    recovered: int = 0
    settled: int | None = None
    advance_percent: str = "0"  # the advance ratio as the ledger prints it ("50", "70")
    advance_ceiling: int = 0  # Σ advances the contract allows
    # The Biên bản thanh lý: the book before the liquidation's own entries, and those.
    liquidation: Mapping[str, int] = field(default_factory=dict)

    @property
    def paid(self) -> int:
        """What left the treasury for this dossier, net: advances + payments − recoveries."""
        return self.advanced + self.payments - self.recovered


@dataclass(frozen=True)
class DossierFacts:
    """The dossier's own fields."""

    code: str
    title: str
    status: str
    requested_support: int
    total_cost: int
    content_group: str = ""
    necessity: str = ""
    objectives: str = ""
    expected_results: str = ""
    impact: str = ""
    implementation_plan: str = ""
    partners: str = ""
    location: str = ""
    start_date: date | None = None
    end_date: date | None = None
    funding_source: str = "dia_phuong"
    plan_year: int | None = None
    batch_number: int | None = None

    @property
    def counterpart(self) -> int:
        return self.total_cost - self.requested_support


# Keys of DossierSnapshot.organisations: the bodies a dossier's documents name.
OWNER, IMPLEMENTING, SCT, UBND, TTKC = "owner", "implementing", "sct", "ubnd", "ttkc"
ACTOR_BODY = "actor_body:"


@dataclass(frozen=True)
class DossierSnapshot:
    dossier: DossierFacts
    step: StepRecord  # the step whose documents are being made
    # OWNER, SCT, UBND, TTKC always; IMPLEMENTING if set; the bodies of the steps' actors as
    # ACTOR_BODY + id (what `unit_of` reads)
    organisations: Mapping[str, OrgHistory]
    beneficiary: Beneficiary | None = None
    items: tuple[Item, ...] = ()
    council: Council | None = None
    reviews: tuple[Review, ...] = ()
    history: tuple[StepRecord, ...] = ()  # every step so far, oldest first (the current one too)
    issued: tuple[IssuedRef, ...] = ()  # earlier documents issued through the register, oldest first
    ledger: LedgerFigures = field(default_factory=LedgerFigures)
    actor: Person | None = None
    # what the applicant uploaded with the dossier, by kind label, each once in upload order
    attachments: tuple[str, ...] = ()
    # who approved in each period, oldest first; empty: the UBND tỉnh always, no act to cite
    approval_periods: tuple[ApprovalPeriod, ...] = ()

    def latest(self, trigger: str) -> StepRecord | None:
        """The latest step fired by `trigger` (a workflows.Trigger), or None."""
        return next((r for r in reversed(self.history) if r.trigger == trigger), None)

    def inputs(self, trigger: str) -> Mapping[str, Any]:
        record = self.latest(trigger)
        return record.inputs if record else _EMPTY

    def issued_ref(self, template_id: str) -> IssuedRef | None:
        """The latest issue of `template_id`; None while a draft, or when that issue was cancelled."""
        ref = next((r for r in reversed(self.issued) if r.template_id == template_id), None)
        return None if ref is None or ref.cancelled else ref

    def delegation_on(self, on: date) -> ApprovalPeriod | None:
        """The period in force on `on` when the Sở then approved by delegation under a recorded act."""
        period = next((p for p in reversed(self.approval_periods) if p.valid_from is None or p.valid_from <= on), None)
        return period if period and period.authority == "so_cong_thuong" and period.act_number else None

    def org(self, key: str, on: date | None) -> OrgVersion | None:
        history = self.organisations.get(key)
        return history.as_of(on) if history else None

    def unit_of(self, person: Person, on: date | None) -> str:
        """The name of `person`'s body as it was on `on` (an inspector of 2021 worked for the Sở
        Công Thương tỉnh Ninh Thuận, whatever the body is called today)."""
        history = next((h for h in self.organisations.values() if h.versions[0].id == person.organisation_id),
                       None)
        return history.as_of(on).name if history else person.organisation_name
