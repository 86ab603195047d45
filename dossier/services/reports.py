"""Where the money stands: planned vs approved vs contracted vs disbursed vs settled, by content
group, funding source, batch, commune or year, for one plan year or the whole programme against
its envelope.

Figures come from the dossiers (registered support, item lines) and their ledgers (everything
after approval), so a report always reconciles with the dossier pages and the documents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.errors import NotFound
from dossier.model import Blob, Dossier, LedgerEntry, PlanDocument, Programme, ProgrammeEnvelope, User
from dossier.model.ledger import ENVELOPE_SOURCE_LABELS
from dossier.services.access import scoped, visible_org_ids
from dossier.services.ledger import Position, position_of
from dossier.vn.numbers import percent
from workflows.states import Status

DIMENSIONS = {
    "content_group": "Nhóm nội dung",
    "source": "Nguồn kinh phí",
    "batch": "Đợt",
    "commune": "Xã, phường",
    "year": "Năm kế hoạch",
}
COLUMNS = (
    ("envelope", "Kinh phí được giao / dự toán"),
    ("planned", "Kinh phí đăng ký"),
    ("approved", "Được phê duyệt"),
    ("contracted", "Đã ký hợp đồng"),
    ("disbursed", "Đã giải ngân"),
    ("settled", "Đã quyết toán"),
)
_NOT_PLANNED = {Status.DRAFT.value, Status.APPRAISAL_FAILED.value}


def rate(part: int, whole: int | None) -> Decimal | None:
    """part / whole in percent, two decimals; None when there is nothing to compare with."""
    if not whole:
        return None
    return percent(part, whole)


@dataclass
class MoneyRow:
    key: str
    label: str
    envelope: int | None = None
    planned: int = 0
    approved: int = 0
    contracted: int = 0
    disbursed: int = 0
    settled: int = 0
    dossiers: int = 0

    @property
    def disbursement_rate(self) -> Decimal | None:
        """Tỷ lệ giải ngân so với dự toán/kinh phí được giao (the figure leaders ask for)."""
        return rate(self.disbursed, self.envelope)

    @property
    def disbursed_of_approved(self) -> Decimal | None:
        return rate(self.disbursed, self.approved)

    def add(self, other: MoneyRow) -> None:
        for name in ("planned", "approved", "contracted", "disbursed", "settled", "dossiers"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class MoneyReport:
    title: str
    programme_code: str
    year: int | None
    dimension: str
    rows: list[MoneyRow]
    total: MoneyRow
    counterpart: MoneyRow | None = None  # đối ứng of the beneficiaries, outside the state money
    notes: list[str] = field(default_factory=list)
    programme_total: int = 0  # the programme's whole envelope, counterpart included

    @property
    def dimension_label(self) -> str:
        return DIMENSIONS[self.dimension]


@dataclass(frozen=True)
class DossierMoney:
    """One dossier with the figures the reports add up."""

    dossier: Dossier
    position: Position

    @property
    def planned(self) -> int:
        if self.dossier.status in _NOT_PLANNED:
            return 0
        if self.dossier.status == Status.ARCHIVED.value and self.position.approved is None:
            return 0  # archived after failing the appraisal
        return self.dossier.requested_support

    def row(self) -> MoneyRow:
        p = self.position
        return MoneyRow("", "", planned=self.planned, approved=p.approved or 0, contracted=p.contract or 0,
                        disbursed=p.paid, settled=p.settled or 0, dossiers=1 if self.planned else 0)


def programme_for(session: Session, *, programme_id: int | None = None, year: int | None = None,
                  code: str | None = None) -> Programme:
    if programme_id is not None:
        programme = session.get(Programme, programme_id)
    elif code is not None:
        programme = session.scalars(select(Programme).where(Programme.code == code)).one_or_none()
    elif year is not None:
        programme = session.scalars(select(Programme).where(Programme.start_year <= year,
                                                            Programme.end_year >= year)
                                    .order_by(Programme.start_year)).first()
    else:
        programme = session.scalars(select(Programme).order_by(Programme.start_year)).first()
    if programme is None:
        raise NotFound("Không tìm thấy chương trình khuyến công.")
    return programme


def dossier_money(session: Session, dossiers: Iterable[Dossier]) -> list[DossierMoney]:
    dossiers = list(dossiers)
    by_dossier: dict[int, list[LedgerEntry]] = defaultdict(list)
    ids = [d.id for d in dossiers]
    for start in range(0, len(ids), 500):  # bounded IN lists
        for entry in session.scalars(select(LedgerEntry).where(LedgerEntry.dossier_id.in_(ids[start:start + 500]))):
            by_dossier[entry.dossier_id].append(entry)
    return [DossierMoney(d, position_of(by_dossier.get(d.id, []))) for d in dossiers]


def dossiers_in(session: Session, programme: Programme, year: int | None = None,
                user: User | None = None) -> list[Dossier]:
    plan_ids = [p.id for p in programme.plans if year is None or p.year == year]
    query = select(Dossier).where(Dossier.plan_id.in_(plan_ids)).order_by(Dossier.code)
    if user is not None:
        query = scoped(session, user, query)
    return list(session.scalars(query))


def _key(dimension: str) -> Callable[[Dossier], tuple[str, str, int]]:
    """Dossier → (key, label, sort order) of its row."""
    def content_group(d: Dossier) -> tuple[str, str, int]:
        g = d.content_group
        return (g.code, g.name, g.position) if g else ("", "Chưa xác định nhóm nội dung", 999)

    def source(d: Dossier) -> tuple[str, str, int]:
        key = "trung_uong" if d.funding_source == "quoc_gia" else "dia_phuong"
        return key, ENVELOPE_SOURCE_LABELS[key], 0 if key == "trung_uong" else 1

    def batch(d: Dossier) -> tuple[str, str, int]:
        if d.batch is None:
            return "", "Chưa xếp đợt", 99999
        return f"{d.plan.year}-{d.batch.number}", d.batch.name, d.plan.year * 10 + d.batch.number

    def commune(d: Dossier) -> tuple[str, str, int]:
        name = d.beneficiary.commune if d.beneficiary and d.beneficiary.commune else "Chưa xác định"
        return name, name, 0

    def year(d: Dossier) -> tuple[str, str, int]:
        y = d.plan.year if d.plan else 0
        return str(y), f"Năm {y}", y

    return {"content_group": content_group, "source": source, "batch": batch, "commune": commune,
            "year": year}[dimension]


def money_report(session: Session, *, dimension: str = "content_group", year: int | None = None,
                 programme_id: int | None = None, user: User | None = None) -> MoneyReport:
    """The money of one plan year (`year`) or of the whole programme (year=None), by `dimension`."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    programme = programme_for(session, programme_id=programme_id, year=year)
    money = dossier_money(session, dossiers_in(session, programme, year, user))
    rows: dict[str, MoneyRow] = {}
    order: dict[str, tuple[int, str]] = {}
    key_of = _key(dimension)
    for m in money:
        key, label, sort = key_of(m.dossier)
        row = rows.setdefault(key, MoneyRow(key, label))
        order[key] = (sort, label)
        row.add(m.row())
    plans = [p for p in programme.plans if year is None or p.year == year]
    # The envelope each row is measured against. With envelope rows by source the state part
    # (trung ương + địa phương) is what the khuyến công money is compared with; the counterpart is
    # the beneficiaries' own money and has its own row.
    envelopes = list(session.scalars(select(ProgrammeEnvelope).where(ProgrammeEnvelope.programme_id == programme.id)))
    state = [e for e in envelopes if e.source != "doi_ung"]
    if dimension == "content_group" and year is None:
        by_group: dict[int, int] = defaultdict(int)
        for e in state:
            by_group[e.content_group_id] += e.amount
        for g in programme.content_groups:
            row = rows.setdefault(g.code, MoneyRow(g.code, g.name))
            order[g.code] = (g.position, g.name)
            row.envelope = by_group[g.id] if envelopes else g.budget_envelope
    elif dimension == "source" and year is None:
        for env in state:
            row = rows.setdefault(env.source, MoneyRow(env.source, ENVELOPE_SOURCE_LABELS[env.source]))
            order.setdefault(env.source, (0 if env.source == "trung_uong" else 1, row.label))
            row.envelope = (row.envelope or 0) + env.amount
    elif dimension == "year":
        for p in plans:
            row = rows.setdefault(str(p.year), MoneyRow(str(p.year), f"Năm {p.year}"))
            order[str(p.year)] = (p.year, row.label)
            row.envelope = p.budget
    total = MoneyRow("total", "Tổng cộng")
    for row in rows.values():
        total.add(row)
    if year is not None:
        total.envelope = sum(p.budget for p in plans)
    else:
        total.envelope = sum(e.amount for e in state) if envelopes else programme.budget_envelope
    counterpart = _counterpart(money, envelopes if year is None else None)
    scope = f"năm {year}" if year else f"giai đoạn {programme.start_year}-{programme.end_year}"
    title = f"Tình hình thực hiện kinh phí khuyến công {scope} theo {DIMENSIONS[dimension].lower()}"
    notes = ["Kinh phí đăng ký: kinh phí khuyến công đề nghị hỗ trợ của các đề án đã nộp (trừ hồ sơ nháp "
             "và hồ sơ thẩm định không đạt).",
             "Đã giải ngân = tạm ứng + thanh toán − thu hồi, theo sổ theo dõi kinh phí của từng đề án."]
    ordered = sorted(rows.values(), key=lambda r: order.get(r.key, (0, r.label)))
    if year is None and envelopes:
        notes.append(f"Tổng kinh phí chương trình {programme.budget_envelope:,} đồng gồm kinh phí khuyến công "
                     f"(trung ương và địa phương) {total.envelope:,} đồng và vốn đối ứng của các cơ sở "
                     f"{counterpart.envelope or 0:,} đồng; tỷ lệ giải ngân tính trên kinh phí khuyến công."
                     .replace(",", "."))
    return MoneyReport(title, programme.code, year, dimension, ordered, total, counterpart, notes,
                       programme.budget_envelope)


def _counterpart(money: list[DossierMoney], envelopes: list[ProgrammeEnvelope] | None) -> MoneyRow:
    """The beneficiaries' own money; measured against the counterpart envelopes when given (whole programme)."""
    counterpart = MoneyRow("doi_ung", ENVELOPE_SOURCE_LABELS["doi_ung"])
    for m in money:
        if m.planned:
            counterpart.planned += m.dossier.counterpart
        if m.position.approved is not None:
            counterpart.approved += max(m.dossier.total_cost - m.position.approved, 0)
        if m.position.settled is not None and m.position.accepted_value is not None:
            counterpart.settled += max(m.position.accepted_value - (m.position.accepted_support or 0), 0)
    if envelopes is not None:
        counterpart.envelope = sum(e.amount for e in envelopes if e.source == "doi_ung") or None
    return counterpart


def programme_years(session: Session, programme_id: int | None = None) -> list[int]:
    programme = programme_for(session, programme_id=programme_id)
    return [p.year for p in programme.plans]


def reconcile(session: Session, programme_id: int) -> dict[str, object]:
    """Totals at every level, to show (and test) that lines → dossier → batch → plan → programme add up."""
    programme = programme_for(session, programme_id=programme_id)
    out: dict[str, object] = {"programme": programme.code, "plans": {}}
    grand = {"total": 0, "support": 0, "counterpart": 0}
    for plan in programme.plans:
        batches: dict[str, dict[str, int]] = {}
        plan_sum = {"total": 0, "support": 0, "counterpart": 0}
        for d in session.scalars(select(Dossier).where(Dossier.plan_id == plan.id)):
            lines = sum(i.quantity * i.unit_price for i in d.items)
            b = batches.setdefault(d.batch.name if d.batch else "", {"total": 0, "support": 0, "counterpart": 0})
            for name, value in (("total", lines), ("support", d.requested_support),
                                ("counterpart", lines - d.requested_support)):
                b[name] += value
                plan_sum[name] += value
        out["plans"][plan.year] = {"batches": batches, **plan_sum}  # type: ignore[index]
        for name in grand:
            grand[name] += plan_sum[name]
    out.update(grand)
    return out


__all__ = ["COLUMNS", "DIMENSIONS", "DossierMoney", "MoneyReport", "MoneyRow", "dossier_money",
           "dossiers_in", "money_report", "programme_for", "programme_years", "rate", "reconcile"]


# ---- reads the report pages need ---------------------------------------------------------

def programme_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every programme, oldest first, for the dashboard's selector."""
    return [(p.id, p.name) for p in session.scalars(select(Programme).order_by(Programme.start_year))]


def plan_years(session: Session) -> list[int]:
    """Every year that has a plan, in any programme, newest first."""
    return sorted({p.year for prog in session.scalars(select(Programme)) for p in prog.plans}, reverse=True)


def ledger_entries(session: Session, dossier_ids: Iterable[int]) -> list[LedgerEntry]:
    """The ledger entries of these dossiers in the order they were booked."""
    ids = list(dossier_ids)
    if not ids:
        return []
    return list(session.scalars(select(LedgerEntry).where(LedgerEntry.dossier_id.in_(ids))
                                .order_by(LedgerEntry.entry_date, LedgerEntry.id)))


def plan_document_file(session: Session, user: User, document_id: int) -> tuple[bytes, str] | None:
    """The stored bytes and file name of a plan document `user` may read, or None.

    Like a dossier, a plan document is seen in the organisation that made it and by the leaders and
    clerks of the bodies above: it lists beneficiaries and amounts (issue 13 item 1)."""
    document = session.get(PlanDocument, document_id)
    author = session.get(User, document.created_by_id) if document else None
    if document is None or author is None or author.organisation_id not in visible_org_ids(session, user):
        return None
    blob = session.get(Blob, document.sha256)
    return blob.data, document.filename
