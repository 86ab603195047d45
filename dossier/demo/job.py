"""The demo's construction as a background job: the server answers while the dossiers are walked.

`dossier run-demo` on an empty database loads the province and its users at once (one short
transaction: the sign-in works within seconds) and asks for this job; the worker beside the web
server then walks the demo dossiers, one unit each, and the sign-in page shows the progress.

A unit walks a dossier through many transactions of its own (the real workflow), so it is not
transactional: before creating a dossier it looks for the one an interrupted run left (same
title and beneficiary) and leaves it where it stopped, rather than making a second one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.demo.agencies import seed_demo_agencies
from dossier.demo.cases import CASES
from dossier.demo.money import _cases as money_cases
from dossier.demo.money import _title, seed_programme_setup, walk_money_case
from dossier.demo.pki import seed_demo_pki
from dossier.demo.plan_documents import seed_plan_documents
from dossier.demo.seed import seed_province_in, walk_case
from dossier.model import Beneficiary, Dossier, ProgrammeEnvelope
from dossier.services.jobs import Handler, JobContext, JobQueue, enqueue, register
from dossier.services.jobs.registry import HANDLERS
from dossier.services.uow import Database
from dossier.vn.vntime import now_vn

KIND = "demo"
LABEL = "Dựng dữ liệu mẫu (Ninh Thuận 2021–2025, Khánh Hòa sau hợp nhất)"


def _units(ctx: JobContext) -> list[str]:
    return ([f"case:{i}" for i in range(len(CASES))] + ["pki", "setup"]
            + [f"money:{i}" for i in range(len(money_cases()))] + ["plans"])


def _existing(db: Database, title: str, beneficiary: str) -> int | None:
    with db.read() as session:
        return session.scalar(select(Dossier.id).join(Beneficiary, Beneficiary.id == Dossier.beneficiary_id)
                              .where(Dossier.title == title, Beneficiary.name == beneficiary))


def _unit(session: Session | None, ctx: JobContext, key: str) -> dict[str, Any]:
    db: Database = ctx.db
    users = {name: int(i) for name, i in ctx.params["users"].items()}
    kind, _, ref = key.partition(":")
    if kind == "case":
        case = CASES[int(ref)]
        found = _existing(db, case.title, case.beneficiary["name"])
        return {"dossier": found, "resumed": True} if found else {"dossier": walk_case(db, users, case)}
    if kind == "money":
        case = money_cases()[int(ref)]
        title, beneficiary, _ = _title(case)
        found = _existing(db, title, beneficiary)
        return ({"dossier": found, "resumed": True} if found else
                {"dossier": walk_money_case(db, users, case, documents=True)})
    if kind == "plans":  # after every dossier: the plans' lists, Tờ trình, decisions and reports
        return {"documents": seed_plan_documents(db, users, now_vn().date())}
    if kind == "pki":
        seed_demo_pki(db)  # replaces the certificates if an interrupted run made them
        return {}
    with db.read() as read:
        done = read.scalar(select(ProgrammeEnvelope.id).limit(1)) is not None
    if not done:
        seed_programme_setup(db)
    return {"already": done}


def _summary(ctx: JobContext, values: dict[str, Any]) -> str:
    dossiers = sum(1 for k in values if k.startswith(("case:", "money:")))
    return f"Đã dựng dữ liệu mẫu: {dossiers} hồ sơ đề án, chứng thư số của lãnh đạo và dấu cơ quan."


def register_demo_kind() -> Handler:
    return HANDLERS.get(KIND) or register(Handler(KIND, _units, _unit, _summary, transactional=False))


def start_demo(db: Database, queue: JobQueue | None = None) -> int:
    """Load the province and users now; ask for the rest as a job. Returns the job's id."""
    register_demo_kind()
    with db.write() as session:
        users = seed_province_in(session)
        seed_demo_agencies(session)  # the exchange directory (illustrative codes), with the province
        return enqueue(session, KIND, label=LABEL, params={"users": users}, actor_id=None,
                       total=len(_units(JobContext(0, {}, None))), queue=queue).id
