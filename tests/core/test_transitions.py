"""Firing steps against a real database: one transaction, all or nothing, one winner."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text

from dossier.errors import DomainError, Refused, StaleVersion, ValidationFailed
from dossier.model import AuditEvent, Dossier, GeneratedDocument, TransitionRecord
from dossier.services import audit
from dossier.services.transitions import fire
from tests.core.helpers import advance, advance_signed, new_dossier, version_of, walk_dossier
from workflows import Status, Trigger


def counts(db, dossier_id: int) -> tuple:
    with db.read() as session:
        d = session.get(Dossier, dossier_id)
        return (
            d.status, d.version,
            session.scalar(select(func.count()).select_from(TransitionRecord)),
            session.scalar(select(func.count()).select_from(AuditEvent)),
            session.scalar(select(func.count()).select_from(GeneratedDocument)),
        )


def test_a_step_writes_state_history_audit_and_documents_together(db, users) -> None:
    dossier_id = new_dossier(db, users)
    result = advance(db, users, "chuyenvien", dossier_id, "submit", comment="Hồ sơ đủ điều kiện")
    assert (result.from_status, result.to_status, result.version) == ("draft", "submitted", 2)
    with db.read() as session:
        record = session.scalars(select(TransitionRecord)).one()
        assert (record.trigger, record.actor_id, record.version_after) == ("submit", users["chuyenvien"], 2)
        docs = session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.id)).all()
        assert [d.template_id for d in docs] == ["don_de_nghi_ho_tro", "de_an_khuyen_cong"]
        assert all(d.transition_id == record.id for d in docs)
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "transition.submit")).one()
        assert '"to":"submitted"' in event.payload_json


def test_a_refused_step_changes_nothing(db, users) -> None:
    dossier_id = new_dossier(db, users)
    before = counts(db, dossier_id)
    with pytest.raises(Refused) as info:
        advance(db, users, "chuyenvien", dossier_id, "approve")
    assert "Không thể thực hiện" in info.value.message
    with pytest.raises(Refused):
        advance(db, users, "giamdoc", dossier_id, "submit")  # a leader does not submit
    with pytest.raises(ValidationFailed):
        advance(db, users, "chuyenvien", dossier_id, "request_revision")  # wrong state AND no list
    assert counts(db, dossier_id) == before


def test_a_failure_in_the_middle_of_a_step_leaves_no_trace(db, users) -> None:
    dossier_id = new_dossier(db, users)
    before = counts(db, dossier_id)

    def explode_after_first_document(session, dossier, step, record, actor):
        from dossier.services.documents import generate_step_documents

        generate_step_documents(session, dossier, step, record, actor)  # writes rows, then:
        raise RuntimeError("converter crashed")

    with pytest.raises(RuntimeError):
        fire(db, actor_id=users["chuyenvien"], dossier_id=dossier_id, trigger="submit",
             expected_version=1, generator=explode_after_first_document)
    assert counts(db, dossier_id) == before
    with db.read() as session:
        assert audit.verify(session).ok
    assert advance(db, users, "chuyenvien", dossier_id, "submit").to_status == "submitted"


def test_a_stale_version_is_refused(db, users) -> None:
    dossier_id = new_dossier(db, users)
    advance(db, users, "chuyenvien", dossier_id, "submit")
    with pytest.raises(StaleVersion):
        fire(db, actor_id=users["chuyenvien"], dossier_id=dossier_id, trigger="start_appraisal",
             expected_version=1, inputs={"meeting_date": "2026-03-12", "meeting_time": "8 giờ",
                                         "meeting_place": "Sở"})


def test_eight_threads_firing_the_same_step_give_exactly_one_success(db, users) -> None:
    dossier_id = new_dossier(db, users)
    version = version_of(db, dossier_id)
    barrier = threading.Barrier(8)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt() -> None:
        barrier.wait()
        try:
            fire(db, actor_id=users["chuyenvien"], dossier_id=dossier_id, trigger="submit",
                 expected_version=version)
            outcome = "ok"
        except StaleVersion:
            outcome = "stale"
        except DomainError as exc:
            outcome = type(exc).__name__
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) <= {"ok", "stale"}
    status, version_after, transitions, _, documents = counts(db, dossier_id)
    assert (status, version_after, transitions, documents) == ("submitted", version + 1, 1, 2)


def test_the_audit_chain_finds_an_edited_row(db, users) -> None:
    dossier_id = new_dossier(db, users)
    advance(db, users, "chuyenvien", dossier_id, "submit")
    with db.read() as session:
        assert audit.verify(session).ok
    with pytest.raises(Exception, match="append-only"), db.write() as session:
        session.execute(text("UPDATE audit_events SET action = 'x' WHERE seq = 2"))
    _drop_audit_triggers(db)
    with db.write() as session:
        session.execute(text("UPDATE audit_events SET payload_json = :p WHERE seq = 2"), {"p": '{"forged":1}'})
    with db.read() as session:
        report = audit.verify(session)
    assert not report.ok and report.first_bad_seq == 2 and "changed" in report.problem


def test_the_audit_chain_finds_a_deleted_row_and_a_truncated_tail(db, users) -> None:
    dossier_id = new_dossier(db, users)
    advance(db, users, "chuyenvien", dossier_id, "submit")
    _drop_audit_triggers(db)
    with db.write() as session:
        session.execute(text("DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)"))
    with db.read() as session:
        report = audit.verify(session)
    assert not report.ok and "deleted" in report.problem
    with db.write() as session:
        session.execute(text("DELETE FROM audit_events WHERE seq = 2"))
    with db.read() as session:
        assert audit.verify(session).first_bad_seq == 2


def _drop_audit_triggers(db) -> None:
    from dossier.db.append_only import drop_append_only_triggers

    with db.engine.begin() as conn:
        drop_append_only_triggers(conn, "audit_events")


def test_walk_to_approval_then_stop_and_archive(db, users) -> None:
    dossier_id = new_dossier(db, users)
    walk_dossier(db, users, dossier_id, Status.APPROVED)
    with pytest.raises(Refused):  # only a leader stops a đề án
        advance(db, users, "chuyenvien", dossier_id, Trigger.STOP, reason="Cơ sở xin dừng")
    with pytest.raises(Refused, match="Ủy ban nhân dân tỉnh Khánh Hòa"):  # the Sở does not stop a UBND decision
        advance_signed(db, users, "giamdoc", dossier_id, Trigger.STOP, reason="Cơ sở xin dừng", recovered_amount="0")
    with pytest.raises(Refused, match="ký ban hành"):  # stopping is signing the QĐ ngừng thực hiện
        advance(db, users, "phochutich", dossier_id, Trigger.STOP, reason="Cơ sở xin dừng", recovered_amount="0")
    advance_signed(db, users, "phochutich", dossier_id, Trigger.STOP, reason="Cơ sở xin dừng", recovered_amount="0")
    advance(db, users, "chuyenvien", dossier_id, Trigger.ARCHIVE)
    with db.read() as session:
        d = session.get(Dossier, dossier_id)
        assert d.status == "archived"
        history = [r.to_status for r in session.scalars(select(TransitionRecord).order_by(TransitionRecord.id))]
        assert history[-3:] == ["approved", "stopped", "archived"]
        assert audit.verify(session).ok


def test_every_trigger_outside_the_table_for_a_draft_is_refused_with_nothing_changed(db, users) -> None:
    from workflows import STEPS, TRIGGERS

    dossier_id = new_dossier(db, users)
    allowed = {s.trigger for s in STEPS if Status.DRAFT in s.sources}
    before = counts(db, dossier_id)
    for trigger in [t for t in TRIGGERS if t not in allowed] + ["to_approved"]:
        for who in ("chuyenvien", "giamdoc", "vanthu"):
            with pytest.raises(DomainError):
                advance(db, users, who, dossier_id, trigger)
    assert counts(db, dossier_id) == before
