"""Vietnamese labels for states, roles, triggers and phases: where the UI and documents read them.

Those of states, roles and phases are written here; a step's is written on its row of the table.
"""

from __future__ import annotations

from workflows.states import Phase, Role, Status, Trigger
from workflows.table import STEPS

STATUS_LABELS: dict[Status, str] = {
    Status.DRAFT: "Nháp",
    Status.SUBMITTED: "Đã nộp hồ sơ",
    Status.REVISION_REQUESTED: "Yêu cầu bổ sung",
    Status.UNDER_APPRAISAL: "Đang thẩm định",
    Status.APPRAISED: "Đạt thẩm định, chờ trình",
    Status.APPRAISAL_FAILED: "Không đạt thẩm định",
    Status.SUBMITTED_FOR_APPROVAL: "Đã trình phê duyệt",
    Status.APPROVED: "Đã phê duyệt",
    Status.CONTRACTED: "Đã ký hợp đồng",
    Status.IN_PROGRESS: "Đang thực hiện",
    Status.ADJUSTMENT_PENDING: "Chờ điều chỉnh",
    Status.ACCEPTED: "Đã nghiệm thu",
    Status.ACCEPTANCE_FAILED: "Nghiệm thu không đạt",
    Status.LIQUIDATED: "Đã thanh lý hợp đồng",
    Status.SETTLED: "Đã quyết toán",
    Status.STOPPED: "Ngừng thực hiện",
    Status.ARCHIVED: "Lưu trữ",
}

ROLE_LABELS: dict[Role, str] = {
    Role.OFFICER: "Chuyên viên",
    Role.LEADER: "Lãnh đạo",
    Role.CLERK: "Văn thư",
    Role.ADMIN: "Quản trị",
}

# A step's name is written on its row of the table (workflows.table), with everything else it does.
TRIGGER_LABELS: dict[Trigger, str] = {step.trigger: step.label for step in STEPS if step.label}

PHASE_LABELS: dict[Phase, str] = {
    Phase.PROPOSAL: "Đề xuất",
    Phase.APPRAISAL: "Thẩm định",
    Phase.APPROVAL: "Phê duyệt",
    Phase.IMPLEMENTATION: "Thực hiện",
    Phase.CLOSING: "Nghiệm thu, thanh lý, quyết toán",
}


def status_label(status: str) -> str:
    """The Vietnamese label of a stored status key (the key itself if unknown)."""
    try:
        return STATUS_LABELS[Status(status)]
    except ValueError:
        return status


def trigger_label(trigger: str) -> str:
    return TRIGGER_LABELS.get(trigger, trigger)
