"""Background jobs: the outbox row a user action writes, and the units a run has finished.

A job is written in the same transaction as the action that asked for it (the row is the
outbox: a rolled-back action leaves none, a committed one cannot be lost), handed to the queue
after the commit, and run at least once; `job_items` records each finished unit in the same
transaction as the unit's own writes, so a run that resumes after a crash skips what was done
and never writes a unit twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dossier.model.base import Base, UTCDateTime, utcnow

JOB_STATUSES = ("queued", "running", "done", "failed", "cancelled")
JOB_STATUS_LABELS = {"queued": "Đang chờ", "running": "Đang chạy", "done": "Đã xong", "failed": "Không thành công",
                     "cancelled": "Đã hủy"}
FINISHED = frozenset({"done", "failed", "cancelled"})


class Job(Base):
    """One piece of long work: what to do (kind, params), how far it is, and its result file."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_heartbeat", "status", "heartbeat_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(300))  # Vietnamese, shown on the progress page
    params_json: Mapped[str] = mapped_column(Text, default="{}")
    status: Mapped[str] = mapped_column(String(20), default="queued")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=5)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    task_id: Mapped[str] = mapped_column(String(64), default="")  # the queue's id of the last hand-over
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    worker: Mapped[str] = mapped_column(String(200), default="")  # host:pid of the last run
    error: Mapped[str] = mapped_column(Text, default="")  # Vietnamese, for the user
    note: Mapped[str] = mapped_column(Text, default="")  # Vietnamese summary of the result
    result_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    result_filename: Mapped[str] = mapped_column(String(255), default="")
    result_mimetype: Mapped[str] = mapped_column(String(100), default="")


class JobItem(Base):
    """A unit of a job that is finished; written with the unit's own changes."""

    __tablename__ = "job_items"

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    value_json: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
