"""Vietnamese labels for states, roles, triggers and phases: the only place they are written."""

from __future__ import annotations

from workflows.states import Phase, Role, Status, Trigger

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

TRIGGER_LABELS: dict[Trigger, str] = {
    Trigger.SUBMIT: "Nộp hồ sơ",
    Trigger.REQUEST_REVISION: "Yêu cầu bổ sung hồ sơ",
    Trigger.RESUBMIT: "Nộp lại hồ sơ đã bổ sung",
    Trigger.START_APPRAISAL: "Thành lập Hội đồng, đưa ra thẩm định",
    Trigger.RECORD_APPRAISAL: "Ghi kết quả thẩm định",
    Trigger.REOPEN: "Mở lại để lập hồ sơ mới",
    Trigger.SUBMIT_FOR_APPROVAL: "Trình phê duyệt",
    Trigger.RETURN_TO_OFFICER: "Trả lại chuyên viên",
    Trigger.APPROVE: "Phê duyệt đề án",
    Trigger.SIGN_CONTRACT: "Ký hợp đồng thực hiện",
    Trigger.START_IMPLEMENTATION: "Bắt đầu thực hiện",
    Trigger.RECORD_INSPECTION: "Ghi biên bản kiểm tra",
    Trigger.REQUEST_ADJUSTMENT: "Đề nghị điều chỉnh",
    Trigger.APPROVE_ADJUSTMENT: "Phê duyệt điều chỉnh",
    Trigger.REJECT_ADJUSTMENT: "Không chấp thuận điều chỉnh",
    Trigger.STOP: "Ngừng thực hiện đề án",
    Trigger.ACCEPT: "Nghiệm thu",
    Trigger.RESUME: "Khắc phục, tiếp tục thực hiện",
    Trigger.LIQUIDATE: "Thanh lý hợp đồng",
    Trigger.SETTLE: "Quyết toán kinh phí",
    Trigger.ARCHIVE: "Đưa vào lưu trữ",
}

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
