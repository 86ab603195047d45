"""Dossier states and roles: stable ASCII keys stored in the database.

Never rename a value: stored dossiers refer to it (Hypha's registry warns about exactly this).
Vietnamese labels live in `workflows.labels`, the one place the UI and documents read them from.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REVISION_REQUESTED = "revision_requested"
    UNDER_APPRAISAL = "under_appraisal"
    APPRAISED = "appraised"
    APPRAISAL_FAILED = "appraisal_failed"
    SUBMITTED_FOR_APPROVAL = "submitted_for_approval"
    APPROVED = "approved"
    CONTRACTED = "contracted"
    IN_PROGRESS = "in_progress"
    ADJUSTMENT_PENDING = "adjustment_pending"
    ACCEPTED = "accepted"
    ACCEPTANCE_FAILED = "acceptance_failed"
    LIQUIDATED = "liquidated"
    SETTLED = "settled"
    STOPPED = "stopped"
    ARCHIVED = "archived"


class Trigger(StrEnum):
    """The workflow's steps by name: stored in history rows, so never rename a value."""

    SUBMIT = "submit"
    REQUEST_REVISION = "request_revision"
    RESUBMIT = "resubmit"
    START_APPRAISAL = "start_appraisal"
    RECORD_APPRAISAL = "record_appraisal"
    REOPEN = "reopen"
    SUBMIT_FOR_APPROVAL = "submit_for_approval"
    RETURN_TO_OFFICER = "return_to_officer"
    APPROVE = "approve"
    SIGN_CONTRACT = "sign_contract"
    START_IMPLEMENTATION = "start_implementation"
    RECORD_INSPECTION = "record_inspection"
    REQUEST_ADJUSTMENT = "request_adjustment"
    APPROVE_ADJUSTMENT = "approve_adjustment"
    REJECT_ADJUSTMENT = "reject_adjustment"
    STOP = "stop"
    ACCEPT = "accept"
    RESUME = "resume"
    LIQUIDATE = "liquidate"
    SETTLE = "settle"
    ARCHIVE = "archive"


class Phase(StrEnum):
    """The stage of the procedure a step belongs to (not stored: derived from the table)."""

    PROPOSAL = "proposal"  # đề xuất
    APPRAISAL = "appraisal"  # thẩm định
    APPROVAL = "approval"  # phê duyệt
    IMPLEMENTATION = "implementation"  # thực hiện
    CLOSING = "closing"  # nghiệm thu, thanh lý, quyết toán, lưu trữ


class Role(StrEnum):
    OFFICER = "officer"  # chuyên viên
    LEADER = "leader"  # lãnh đạo
    CLERK = "clerk"  # văn thư
    ADMIN = "admin"  # quản trị


INITIAL = Status.DRAFT
TERMINAL = frozenset({Status.ARCHIVED})
# States in which the dossier's own data (beneficiary, lines, amounts) may still be edited.
EDITABLE = frozenset({Status.DRAFT, Status.REVISION_REQUESTED})
