"""Random walks through the workflow on a real SQLite file keep the invariants (Hypothesis)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import func, select

from dossier.demo.seed import seed_province
from dossier.errors import DomainError
from dossier.model import AuditEvent, Dossier, GeneratedDocument, Review, TransitionRecord
from dossier.services import audit
from dossier.services.facts import build_facts
from dossier.services.transitions import fire
from dossier.services.uow import Database
from dossier.vn.vntime import today_vn
from tests.core.helpers import new_dossier, review_all
from workflows import STEPS, TRIGGERS, Status, Trigger, steps_for
from workflows.walks import example_inputs

PEOPLE = ("chuyenvien", "giamdoc", "vanthu", "quantri", "ttkc")


class WorkflowWalk(RuleBasedStateMachine):
    @initialize()
    def start(self) -> None:
        self.tmp = Path(tempfile.mkdtemp())
        shutil.copy(TEMPLATE_DB, self.tmp / "walk.sqlite3")
        self.db = Database(f"sqlite:///{self.tmp / 'walk.sqlite3'}")
        self.users = seed_province(self.db)
        self.dossier_id = new_dossier(self.db, self.users)
        self.version = 1
        self.successes = 0
        self.reached: set[str] = set()
        self.audit_events = self._count(AuditEvent)
        self.reviewed = False
        with self.db.read() as session:
            self.voting = sum(m.voting for m in session.get(Dossier, self.dossier_id).council.members)

    def teardown(self) -> None:
        if hasattr(self, "db"):
            self.db.dispose()
            shutil.rmtree(self.tmp, ignore_errors=True)

    def _count(self, model) -> int:
        with self.db.read() as session:
            return session.scalar(select(func.count()).select_from(model))

    def _examples(self, trigger: Trigger) -> dict:
        """The table's example inputs for the trigger's first row, for this dossier."""
        with self.db.read() as session:
            facts = build_facts(session, session.get(Dossier, self.dossier_id), today_vn())
        return example_inputs(steps_for(trigger)[0], facts)

    def _state(self) -> tuple[str, int]:
        with self.db.read() as session:
            d = session.get(Dossier, self.dossier_id)
            return d.status, d.version

    @rule(trigger=st.sampled_from(TRIGGERS), who=st.sampled_from(PEOPLE), valid=st.booleans(),
          stale=st.booleans())
    def any_step(self, trigger: Trigger, who: str, valid: bool, stale: bool) -> None:
        self.fire_a_step(trigger, who, valid, stale)

    def fire_a_step(self, trigger: Trigger, who: str, valid: bool, stale: bool) -> None:
        before_status, before_version = self._state()
        inputs = self._examples(trigger) if valid else {}
        try:
            result = fire(self.db, actor_id=self.users[who], dossier_id=self.dossier_id, trigger=trigger,
                          expected_version=before_version - 1 if stale else before_version, inputs=inputs)
        except DomainError:
            assert self._state() == (before_status, before_version), "a refused step changed the dossier"
            return
        assert not stale, "a stale version was accepted"
        assert result.version > before_version
        self.successes += 1
        self.audit_events += 1
        self.reached.add(result.to_status)
        REACHED.add(result.to_status)

    @rule(pick=st.integers(min_value=0, max_value=10), who=st.sampled_from(PEOPLE[:3]))
    def take_a_step_the_table_allows(self, pick: int, who: str) -> None:
        """Biased towards progress, so walks reach the late states (contract, acceptance …)."""
        status, _ = self._state()
        triggers = sorted({s.trigger for s in STEPS if Status(status) in s.sources})
        if triggers:
            self.fire_a_step(triggers[pick % len(triggers)], who, valid=True, stale=False)

    @rule()
    def council_reviews(self) -> None:
        status, _ = self._state()
        if status == Status.UNDER_APPRAISAL.value:
            review_all(self.db, self.users, self.dossier_id)
            self.audit_events = self._count(AuditEvent)
            self.reviewed = True

    @invariant()
    def state_is_valid_and_records_reconcile(self) -> None:
        if not hasattr(self, "db"):
            return
        status, version = self._state()
        assert status in set(Status)
        assert version >= self.version
        self.version = version
        assert self._count(TransitionRecord) == self.successes
        assert self._count(AuditEvent) == self.audit_events
        with self.db.read() as session:
            assert audit.verify(session).ok
            versions = list(session.scalars(select(TransitionRecord.version_after).order_by(TransitionRecord.id)))
            assert versions == sorted(set(versions)), "versions must strictly increase"
            if status in (Status.APPROVED.value, Status.CONTRACTED.value):
                assert session.scalar(select(func.count()).select_from(GeneratedDocument).where(
                    GeneratedDocument.template_id == "qd_phe_duyet_de_an")) >= 1
            # one Phiếu nhận xét per voting member once the council has reviewed, none before
            assert session.scalar(select(func.count()).select_from(Review)) == (self.voting if self.reviewed else 0)


TEMPLATE_DB: Path
REACHED: set[str] = set()  # every state some walk of the run reached by a step that succeeded


def test_random_walks_keep_the_invariants(_sqlite_template: Path) -> None:
    global TEMPLATE_DB
    TEMPLATE_DB = _sqlite_template
    WorkflowWalk.TestCase.settings = settings(
        max_examples=12, stateful_step_count=25, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    REACHED.clear()
    WorkflowWalk.TestCase().runTest()
    # the walks must get somewhere, or the invariants above were only checked on a draft
    assert {Status.SUBMITTED, Status.UNDER_APPRAISAL} <= REACHED
