"""Load the frozen `DossierSnapshot` a dossier's documents are built from (documents/snapshot.py).

All the reading happens here, inside the step's transaction and after the step's own writes
(state, history row, ledger entries), so the documents see what the step decided. The documents
package then works on plain values only and never touches the session.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from types import MappingProxyType
from typing import Any

from sqlalchemy import bindparam, exists, inspect, select
from sqlalchemy.orm import Session

from dossier.documents import frame
from dossier.documents import snapshot as snap
from dossier.model import (
    VERSIONED_FIELDS,
    ApprovalAuthorityVersion,
    Attachment,
    Dossier,
    GeneratedDocument,
    Organisation,
    OrganisationVersion,
    TransitionRecord,
    User,
    UserRole,
)
from dossier.model.register import RegisterCancellation, RegisterEntry
from dossier.services import ledger
from dossier.services.facts import quorum_needed
from dossier.vn.vntime import now_vn, today_vn
from workflows.states import Role, Trigger

# ---- organisations -------------------------------------------------------------------------


# What every step's snapshot reads, built once with their cache keys.
_BODY = select(Organisation).where(Organisation.kind == bindparam("kind"),
                                   Organisation.province == bindparam("province"))
_BODY_BY_VERSION = (select(Organisation).join(OrganisationVersion)
                    .where(Organisation.kind == bindparam("kind"),
                           OrganisationVersion.province == bindparam("province")))
# The leaders and the bodies' versions are read as the columns the snapshot keeps (plain values),
# not as objects: loading rows as mapped objects cost about as much again as the statements.
_LEADERS = (select(User.id, User.full_name, User.job_title, User.organisation_id, Organisation.name,
                   User.signing_capacity, User.gender)
            .join(UserRole, UserRole.user_id == User.id).join(Organisation, Organisation.id == User.organisation_id)
            .where(User.organisation_id.in_(bindparam("org_ids", expanding=True)), User.active,
                   UserRole.role == Role.LEADER.value)
            .order_by(User.id))
_VERSIONS = (select(OrganisationVersion.organisation_id, OrganisationVersion.valid_from,
                    *(getattr(OrganisationVersion, name) for name in VERSIONED_FIELDS))
             .where(OrganisationVersion.organisation_id.in_(bindparam("org_ids", expanding=True)))
             .order_by(OrganisationVersion.organisation_id, OrganisationVersion.valid_from.asc().nullsfirst()))
# The history as the columns a StepRecord keeps, and who fired its steps as the Person the documents
# print (name, title, body, whether a leader) in one statement for all of them: not each row as an
# object, then each actor not yet in the session with his roles (two statements more).
_HISTORY = (select(TransitionRecord.id, TransitionRecord.trigger, TransitionRecord.effective_on, TransitionRecord.at,
                   TransitionRecord.inputs_json, TransitionRecord.actor_id)
            .where(TransitionRecord.dossier_id == bindparam("dossier_id")).order_by(TransitionRecord.id))
_PEOPLE = (select(User.id, User.full_name, User.job_title, User.organisation_id, Organisation.name,
                  User.signing_capacity, User.gender,
                  exists().where(UserRole.user_id == User.id, UserRole.role == Role.LEADER.value))
           .outerjoin(Organisation, Organisation.id == User.organisation_id)
           .where(User.id.in_(bindparam("user_ids", expanding=True))))
_ISSUED = (select(GeneratedDocument.template_id, RegisterEntry.symbol, RegisterEntry.issued_on,
                   RegisterCancellation.id.is_not(None))  # one cancellation at most (unique)
           .join(GeneratedDocument, GeneratedDocument.id == RegisterEntry.generated_document_id)
           .outerjoin(RegisterCancellation, RegisterCancellation.entry_id == RegisterEntry.id)
           .where(RegisterEntry.dossier_id == bindparam("dossier_id"))
           .order_by(RegisterEntry.id))
_ATTACHMENT_KINDS = (select(Attachment.kind).where(Attachment.dossier_id == bindparam("dossier_id"))
                     .order_by(Attachment.id))


def body_of_kind(session: Session, kind: str, province: str) -> Organisation | None:
    """The body of `kind` of the province, now or in one of its versions (the 2021–2025
    programme of Ninh Thuận is carried on by the merged Khánh Hòa's bodies)."""
    where = {"kind": kind, "province": province}
    return session.scalars(_BODY, where).first() or session.scalars(_BODY_BY_VERSION, where).first()


def _org_of_kind(session: Session, start: Organisation, kind: str) -> Organisation | None:
    org: Organisation | None = start
    while org is not None:
        if org.kind == kind:
            return org
        org = org.parent
    return body_of_kind(session, kind, start.province)


def approving_body(session: Session, sct: Organisation, on: date | None = None) -> Organisation:
    """Who approves the province's đề án (the Sở's setting, domain.md §2.2 item 4): the UBND
    tỉnh, or the Sở itself by delegation (then the Giám đốc Sở signs the decisions); today, or
    on the day `on` (the setting's history, `authority_periods`)."""
    # the column is today's value, and no change is dated after today: only a day past reads the history
    authority = (sct.approval_authority if on is None or on >= today_vn()
                 else authority_on(authority_periods(session, sct), on))
    return _body_of_authority(session, sct, authority)


def _body_of_authority(session: Session, sct: Organisation, authority: str) -> Organisation:
    if authority == "so_cong_thuong":
        return sct
    return _org_of_kind(session, sct, "ubnd_tinh") or sct


AuthorityPeriods = tuple[tuple[date | None, str], ...]


# built once, as the snapshot's other statements: each step's snapshot reads it (once: the periods
# and their delegating acts are the same rows)
_AUTHORITY_ROWS = (select(ApprovalAuthorityVersion.valid_from, ApprovalAuthorityVersion.authority,
                          ApprovalAuthorityVersion.act_number, ApprovalAuthorityVersion.act_date)
                   .where(ApprovalAuthorityVersion.organisation_id == bindparam("organisation_id"))
                   .order_by(ApprovalAuthorityVersion.valid_from.asc().nullsfirst()))


def _authority_rows(session: Session, sct: Organisation) -> list:
    return session.execute(_AUTHORITY_ROWS, {"organisation_id": sct.id}).all()


def _periods_of(rows: list, sct: Organisation) -> AuthorityPeriods:
    periods = tuple((valid_from, authority) for valid_from, authority, _, _ in rows)
    if not periods:
        return ((None, sct.approval_authority),)
    return ((None, periods[0][1]), *periods[1:]) if periods[0][0] is not None else periods


def authority_periods(session: Session, sct: Organisation) -> AuthorityPeriods:
    """The Sở's approval authority by date, oldest first: (valid_from, authority), the first
    since always (None). A Sở whose setting never changed has had its column's value always."""
    return _periods_of(_authority_rows(session, sct), sct)


def _approval_periods_of(session: Session, sct: Organisation, rows: list) -> tuple[snap.ApprovalPeriod, ...]:
    if not any(act_number for _, _, act_number, _ in rows):
        return ()
    ubnd = _org_of_kind(session, sct, "ubnd_tinh")
    history = org_history(session, ubnd) if ubnd is not None else None
    return tuple(snap.ApprovalPeriod(
        valid_from=valid_from, authority=authority, act_number=act_number or "", act_date=act_date,
        act_issuer=history.as_of(act_date).name if history and act_date else "")
        for valid_from, authority, act_number, act_date in rows)


def approval_periods(session: Session, sct: Organisation) -> tuple[snap.ApprovalPeriod, ...]:
    """The Sở's approval authority by date with the delegating acts, for the documents' Căn cứ."""
    return _approval_periods_of(session, sct, _authority_rows(session, sct))


def authority_on(periods: AuthorityPeriods, on: date) -> str:
    """The authority in force on `on`."""
    return [authority for valid_from, authority in periods if valid_from is None or valid_from <= on][-1]


def _approving_history(periods: AuthorityPeriods, histories: dict[str, snap.OrgHistory]) -> snap.OrgHistory:
    """The approving body as a history of its own: in each period of the setting, the versions
    of the body it named then (the UBND tỉnh's, or the Sở's), so a document asks for the
    approving body of its date as it asks for any body's version of its date."""
    versions: list[snap.OrgVersion] = []
    for i, (start, authority) in enumerate(periods):
        end = periods[i + 1][0] if i + 1 < len(periods) else None
        body = histories[authority]
        versions.append(dataclasses.replace(body.as_of(start) if start else body.versions[0], valid_from=start))
        versions.extend(v for v in body.versions if v.valid_from is not None and (start is None or v.valid_from > start)
                        and (end is None or v.valid_from < end))
    return snap.OrgHistory(tuple(versions))


def sct_of(session: Session, dossier: Dossier) -> Organisation:
    return _org_of_kind(session, dossier.owner_org, "so_cong_thuong") or dossier.owner_org


def approving_body_of(session: Session, dossier: Dossier, on: date | None = None) -> Organisation:
    """The approving authority of the dossier's province (the "ubnd" of `issuing_bodies`), today
    or on `on`, without looking for the other bodies."""
    return approving_body(session, sct_of(session, dossier), on)


def issuing_bodies(session: Session, dossier: Dossier, on: date | None = None) -> dict[str, Organisation]:
    """The bodies whose header a dossier's documents carry: "sct", "ubnd" — the approving
    authority (today, or on `on`), the UBND tỉnh or the Sở by delegation — and "ttkc" (the
    implementing unit), found up the owner's parents, else in its province."""
    owner = dossier.owner_org
    sct = sct_of(session, dossier)
    bodies = {snap.SCT: sct, snap.UBND: approving_body(session, sct, on)}
    bodies[snap.TTKC] = (dossier.implementing_org or _org_of_kind(session, owner, "trung_tam_khuyen_cong")
                         or owner)
    return bodies


def person(user: User, *, is_leader: bool | None = None) -> snap.Person:
    return snap.Person(id=user.id, full_name=user.full_name, job_title=user.job_title,
                       organisation_id=user.organisation_id, organisation_name=user.organisation.name,
                       signing_capacity=user.signing_capacity, gender=user.gender,
                       is_leader=Role.LEADER in user.roles if is_leader is None else is_leader)


def _leaders(session: Session, orgs: list[Organisation]) -> dict[int, tuple[snap.Person, ...]]:
    """Active leaders of each body, by user id: one query for all of them."""
    found: dict[int, list[snap.Person]] = {o.id: [] for o in orgs}
    for user_id, full_name, job_title, org_id, org_name, capacity, gender in session.execute(
            _LEADERS, {"org_ids": [o.id for o in orgs]}):
        found[org_id].append(snap.Person(id=user_id, full_name=full_name, job_title=job_title, organisation_id=org_id,
                                         organisation_name=org_name, signing_capacity=capacity, gender=gender,
                                         is_leader=True))
    return {org_id: tuple(people) for org_id, people in found.items()}


def _version(row: Organisation | OrganisationVersion, org_id: int, kind: str,
             leaders: tuple[snap.Person, ...], valid_from: date | None = None) -> snap.OrgVersion:
    return snap.OrgVersion(
        id=org_id, kind=kind, leaders=leaders, valid_from=valid_from,
        **{name: getattr(row, name) for name in VERSIONED_FIELDS})


def _histories(session: Session, orgs: list[Organisation]) -> dict[int, snap.OrgHistory]:
    """Each body's versions, oldest first (one query for all); a body without versions is its
    row. Its people (users) are the same in every version: who signs is who signs."""
    leaders = _leaders(session, orgs)
    rows = session.execute(_VERSIONS, {"org_ids": [o.id for o in orgs]})
    found: dict[int, list[snap.OrgVersion]] = {o.id: [] for o in orgs}
    kinds = {o.id: o.kind for o in orgs}
    for org_id, valid_from, *fields in rows:
        found[org_id].append(snap.OrgVersion(id=org_id, kind=kinds[org_id], leaders=leaders[org_id],
                                             valid_from=valid_from, **dict(zip(VERSIONED_FIELDS, fields, strict=True))))
    return {o.id: snap.OrgHistory(tuple(found[o.id]) or (_version(o, o.id, o.kind, leaders[o.id]),))
            for o in orgs}


def org_history(session: Session, org: Organisation) -> snap.OrgHistory:
    return _histories(session, [org])[org.id]


def org_version(session: Session, org: Organisation, on: date | None = None) -> snap.OrgVersion:
    """The body as it stood on `on` (default: today in Vietnam)."""
    return org_history(session, org).as_of(on or now_vn().date())


def signer_of(session: Session, org: Organisation, actor: User | None, on: date | None = None) -> dict[str, Any]:
    """The signature block `org` prints on `on` when `actor` signs (see documents.frame.signer)."""
    return frame.signer(org_version(session, org, on), person(actor) if actor else None)


def _organisations(session: Session, dossier: Dossier, bodies: list[int | None],
                   periods: AuthorityPeriods) -> dict[str, snap.OrgHistory]:
    """The bodies the documents may print, `bodies` those of the people who fired the steps (by id),
    the approving body by the Sở's authority `periods`."""
    found = {snap.OWNER: dossier.owner_org, **issuing_bodies(session, dossier)}
    if dossier.implementing_org is not None:
        found[snap.IMPLEMENTING] = dossier.implementing_org
    for org_id in bodies:  # their body as of each document's date, not today's name
        if org_id is not None and f"{snap.ACTOR_BODY}{org_id}" not in found:
            found[f"{snap.ACTOR_BODY}{org_id}"] = session.get(Organisation, org_id)
    sct = found[snap.SCT]
    by_authority = {authority: _body_of_authority(session, sct, authority) for _, authority in periods}
    if len(periods) > 1:  # each body the setting named, under its own key for `unit_of`
        for body in by_authority.values():
            found.setdefault(f"{snap.ACTOR_BODY}{body.id}", body)
    orgs = list({org.id: org for org in found.values()}.values())
    histories = _histories(session, orgs)  # OrgHistory.as_of picks each document's version
    result = {key: histories[org.id] for key, org in found.items()}
    if len(periods) > 1:  # the approving body of each document's date; last, after the bodies themselves
        del result[snap.UBND]
        result[snap.UBND] = _approving_history(
            periods, {authority: histories[body.id] for authority, body in by_authority.items()})
    return result


# ---- the dossier ---------------------------------------------------------------------------


def _facts(d: Dossier) -> snap.DossierFacts:
    return snap.DossierFacts(
        code=d.code, title=d.title, status=d.status, requested_support=d.requested_support,
        total_cost=d.total_cost, content_group=d.content_group.name if d.content_group else "",
        necessity=d.necessity, objectives=d.objectives, expected_results=d.expected_results, impact=d.impact,
        implementation_plan=d.implementation_plan, partners=d.partners, location=d.location,
        start_date=d.start_date, end_date=d.end_date, funding_source=d.funding_source,
        plan_year=d.plan.year if d.plan else None, batch_number=d.batch.number if d.batch else None)


def _beneficiary(d: Dossier) -> snap.Beneficiary | None:
    b = d.beneficiary
    if b is None:
        return None
    return snap.Beneficiary(
        name=b.name, kind=b.kind, address=b.address, commune=b.commune, tax_code=b.tax_code,
        registration_number=b.registration_number, registration_date=b.registration_date,
        registration_issuer=b.registration_issuer, representative=b.representative,
        representative_title=b.representative_title, representative_gender=b.representative_gender,
        representative_id_number=b.representative_id_number, bank_account=b.bank_account, bank_name=b.bank_name,
        phone=b.phone, sector=b.sector, products=b.products,
        workers=b.workers, capacity=b.capacity)


def _items(d: Dossier) -> tuple[snap.Item, ...]:
    return tuple(snap.Item(position=i.position, name=i.name, quantity=i.quantity, unit=i.unit,
                           unit_price=i.unit_price, amount=i.amount, specification=i.specification,
                           origin=i.origin) for i in d.items)


def _council(d: Dossier) -> snap.Council | None:
    council = d.council
    if council is None:
        return None
    members = tuple(snap.Member(id=m.id, full_name=m.full_name, title=m.title, unit=m.unit, role=m.role,
                                voting=m.voting, gender=m.gender) for m in council.members)
    return snap.Council(name=council.name, scoring_mode=council.scoring_mode, members=members,
                        quorum_needed=quorum_needed(council, sum(1 for m in members if m.voting)))


def _reviews(d: Dossier) -> tuple[snap.Review, ...]:
    return tuple(snap.Review(member_id=r.member_id, passed=r.passed, score=r.score,
                             criteria=tuple(json.loads(r.criteria_json)), comment=r.comment,
                             recommended_support=r.recommended_support) for r in d.reviews)


def _step(record: TransitionRecord) -> snap.StepRecord:
    # The step's own date (a 2025 step walked today is still dated 2025); rows older than the
    # column fall back to the day they were recorded.
    return snap.StepRecord(trigger=record.trigger, on=record.on, at=record.at,
                           inputs=MappingProxyType(json.loads(record.inputs_json)),
                           actor=person(record.actor) if record.actor else None)


def _people(session: Session, user_ids: set[int]) -> dict[int, snap.Person]:
    """Each user as a Person: from the session when it holds him with his roles (the step's actor),
    else read as columns, all at once."""
    found = {}
    for user_id in user_ids:
        user = session.identity_map.get(session.identity_key(User, user_id))
        if user is not None and not inspect(user).unloaded & {"role_rows", "full_name", "organisation_id"}:
            found[user_id] = person(user)
    missing = sorted(user_ids - found.keys())
    if not missing:
        return found
    return found | {user_id: snap.Person(id=user_id, full_name=full_name, job_title=job_title, organisation_id=org_id,
                                 organisation_name=org_name or "", signing_capacity=capacity, gender=gender,
                                 is_leader=bool(leader))
            for user_id, full_name, job_title, org_id, org_name, capacity, gender, leader
            in session.execute(_PEOPLE, {"user_ids": missing})}


def _history(session: Session, dossier_id: int) -> dict[int, snap.StepRecord]:
    """The dossier's steps by history row, oldest first (`_step` of each row, from its columns)."""
    rows = session.execute(_HISTORY, {"dossier_id": dossier_id}).all()
    people = _people(session, {actor_id for *_, actor_id in rows if actor_id is not None})
    # The step's own date (a 2025 step walked today is still dated 2025); rows older than the
    # column fall back to the day they were recorded.
    return {row_id: snap.StepRecord(trigger=trigger, on=effective_on or at.date(), at=at,
                                    inputs=MappingProxyType(json.loads(inputs_json)), actor=people.get(actor_id))
            for row_id, trigger, effective_on, at, inputs_json, actor_id in rows}


def _issued(session: Session, dossier_id: int) -> tuple[snap.IssuedRef, ...]:
    """The dossier's numbered documents as the register has them: signed electronically or on
    paper (issuance.paper), each with its number and date."""
    entries = session.execute(_ISSUED, {"dossier_id": dossier_id})
    return tuple(snap.IssuedRef(template_id=template_id, symbol=symbol, issued_on=issued_on, cancelled=bool(cancelled))
                 for template_id, symbol, issued_on, cancelled in entries)


def _ledger(session: Session, d: Dossier, contract_inputs: Any) -> snap.LedgerFigures:
    entries = ledger.entries_of(session, d.id)  # read once: the position and the liquidation's figures
    pos = ledger.position_of(entries)
    rule = ledger.advance_rule(d)
    contract_value = contract_inputs.get("contract_value",
                                         pos.approved if pos.approved is not None else d.requested_support)
    return snap.LedgerFigures(
        approved=pos.approved, advanced=pos.advanced, payments=pos.payments, recovered=pos.recovered,
        settled=pos.settled,
        advance_percent=ledger.percent_text(rule.percent),
        advance_ceiling=ledger.advance_limit(ledger.Position(contract=contract_value), rule),
        liquidation=MappingProxyType(ledger.liquidation_figures(entries)))


def load_snapshot(session: Session, dossier: Dossier, record: TransitionRecord,
                  actor: User | None) -> snap.DossierSnapshot:
    """Everything the documents of the step `record` may cite, as of now in this transaction."""
    history = _history(session, dossier.id)
    return _snapshot(session, dossier, history, history.get(record.id) or _step(record), [record.actor, actor],
                     actor)


def preview_snapshot(session: Session, dossier: Dossier, trigger: str, on: date,
                     actor: User | None) -> snap.DossierSnapshot:
    """The snapshot a step `trigger` fired by `actor` on `on` would see, before it is fired
    (no inputs yet): what the step's form tells of the documents it will make."""
    history = _history(session, dossier.id)
    step = snap.StepRecord(trigger=trigger, on=on, at=now_vn(), actor=person(actor) if actor else None)
    return _snapshot(session, dossier, history, step, [actor], actor)


def _snapshot(session: Session, dossier: Dossier, history: dict[int, snap.StepRecord], step: snap.StepRecord,
              others: list[User | None], actor: User | None) -> snap.DossierSnapshot:
    steps = tuple(history.values())
    contract = next((r.inputs for r in reversed(steps) if r.trigger == Trigger.SIGN_CONTRACT), {})
    bodies = [*(r.actor.organisation_id for r in steps if r.actor is not None),
              *(u.organisation_id for u in others if u is not None)]
    sct = sct_of(session, dossier)
    authority = _authority_rows(session, sct)
    return snap.DossierSnapshot(
        dossier=_facts(dossier), step=step,
        organisations=_organisations(session, dossier, bodies, _periods_of(authority, sct)),
        beneficiary=_beneficiary(dossier), items=_items(dossier), council=_council(dossier),
        reviews=_reviews(dossier), history=steps, issued=_issued(session, dossier.id),
        ledger=_ledger(session, dossier, contract), actor=person(actor) if actor else None,
        attachments=_attachments(session, dossier.id), approval_periods=_approval_periods_of(session, sct, authority))


def _attachments(session: Session, dossier_id: int) -> tuple[str, ...]:
    from dossier.services.attachments import ATTACHMENT_KINDS

    kinds = session.scalars(_ATTACHMENT_KINDS, {"dossier_id": dossier_id})
    return tuple(dict.fromkeys(ATTACHMENT_KINDS.get(k, k) for k in kinds if k != "don_de_nghi"))
