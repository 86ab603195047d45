"""Vietnamese labels for states, roles and triggers: the only place they are written."""

from __future__ import annotations

from workflows.states import Role, Status

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

TRIGGER_LABELS: dict[str, str] = {
    "submit": "Nộp hồ sơ",
    "request_revision": "Yêu cầu bổ sung hồ sơ",
    "resubmit": "Nộp lại hồ sơ đã bổ sung",
    "start_appraisal": "Thành lập Hội đồng, đưa ra thẩm định",
    "record_appraisal": "Ghi kết quả thẩm định",
    "reopen": "Mở lại để lập hồ sơ mới",
    "submit_for_approval": "Trình phê duyệt",
    "return_to_officer": "Trả lại chuyên viên",
    "approve": "Phê duyệt đề án",
    "sign_contract": "Ký hợp đồng thực hiện",
    "start_implementation": "Bắt đầu thực hiện",
    "record_inspection": "Ghi biên bản kiểm tra",
    "request_adjustment": "Đề nghị điều chỉnh",
    "approve_adjustment": "Phê duyệt điều chỉnh",
    "reject_adjustment": "Không chấp thuận điều chỉnh",
    "stop": "Ngừng thực hiện đề án",
    "accept": "Nghiệm thu",
    "resume": "Khắc phục, tiếp tục thực hiện",
    "liquidate": "Thanh lý hợp đồng",
    "settle": "Quyết toán kinh phí",
    "archive": "Đưa vào lưu trữ",
}


def status_label(status: str) -> str:
    """The Vietnamese label of a stored status key (the key itself if unknown)."""
    try:
        return STATUS_LABELS[Status(status)]
    except ValueError:
        return status


def trigger_label(trigger: str) -> str:
    return TRIGGER_LABELS.get(trigger, trigger)
