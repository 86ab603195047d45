"""Guards: pure predicates that return a Vietnamese reason when a step is not possible yet.

A guard returns None when the step may go ahead. The reason is shown to the officer as is, so it
names the figures and the legal basis rather than saying "invalid".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from dossier.vn.numbers import format_money, format_percent
from workflows.chronology import step_reasons
from workflows.facts import CapRule, Draft, Facts
from workflows.inputs import item_findings
from workflows.states import Trigger

Guard = Callable[[Facts, Mapping[str, Any]], "str | None"]


def dossier_complete(f: Facts, _: Mapping[str, Any]) -> str | None:
    missing = [
        label
        for ok, label in (
            (bool(f.title.strip()), "tên đề án"),
            (f.has_beneficiary, "cơ sở thụ hưởng"),
            (f.content_group is not None, "nhóm nội dung"),
            (bool(f.location.strip()), "địa điểm thực hiện"),
            (f.start_date is not None and f.end_date is not None, "thời gian thực hiện"),
            (f.item_count > 0, "hạng mục kinh phí"),
            (f.support > 0, "kinh phí khuyến công đề nghị hỗ trợ"),
        )
        if not ok
    ]
    if missing:
        return "Hồ sơ còn thiếu: " + ", ".join(missing) + "."
    return None


def dates_in_order(f: Facts, _: Mapping[str, Any]) -> str | None:
    if f.start_date and f.end_date and f.end_date < f.start_date:
        return "Thời gian kết thúc phải sau thời gian bắt đầu thực hiện đề án."
    return None


def counterpart_not_negative(f: Facts, _: Mapping[str, Any]) -> str | None:
    if f.support > f.total:
        return (
            f"Kinh phí hỗ trợ {format_money(f.support)} đồng lớn hơn tổng kinh phí "
            f"{format_money(f.total)} đồng: vốn đối ứng không thể âm."
        )
    return None


def _percent_text(ratio: Fraction) -> str:
    return format_percent(ratio * 100, trim=True)


def cap_violation(rule: CapRule, total: int, support: int, technology_line: bool) -> str | None:
    """The Vietnamese reason why `support` breaks `rule`, or None."""
    if rule.absolute_cap is not None:
        limit = rule.absolute_cap
        if technology_line:
            limit = int(rule.absolute_cap * rule.line_multiplier)
        if support > limit:
            return (
                f"Kinh phí hỗ trợ {format_money(support)} đồng vượt mức tối đa "
                f"{format_money(limit)} đồng theo {rule.legal_basis}."
            )
    if rule.percent_cap is not None and total > 0 and Fraction(support, total) > rule.percent_cap:
        return (
            f"Kinh phí hỗ trợ {format_money(support)} đồng bằng "
            f"{_percent_text(Fraction(support, total))}% tổng kinh phí {format_money(total)} đồng, "
            f"vượt tỷ lệ tối đa {_percent_text(rule.percent_cap)}% theo {rule.legal_basis}."
        )
    return None


def support_within_caps(f: Facts, _: Mapping[str, Any]) -> str | None:
    for rule in f.caps:
        reason = cap_violation(rule, f.total, f.support, f.is_technology_line)
        if reason:
            return reason
    return None


def council_formed(f: Facts, _: Mapping[str, Any]) -> str | None:
    if f.council_members == 0:
        return "Chưa chọn Hội đồng thẩm định cho đề án."
    if not (f.council_has_chair and f.council_has_secretary):
        return "Hội đồng thẩm định phải có Chủ tịch và Thư ký."
    return None


def reviews_reach_quorum(f: Facts, _: Mapping[str, Any]) -> str | None:
    if f.reviews < f.quorum_needed or f.reviews == 0:
        return (
            f"Mới có {f.reviews}/{f.voting_members} phiếu nhận xét của thành viên Hội đồng; "
            f"cần ít nhất {max(f.quorum_needed, 1)} phiếu để họp thẩm định."
        )
    return None


def conclusion_agrees_with_votes(f: Facts, inputs: Mapping[str, Any]) -> str | None:
    """The council's conclusion as typed says the verdict its members' votes give: a Biên bản that
    counts 0 phiếu đạt and concludes "Đề án đạt yêu cầu" would go to the chair's signature."""
    text = " ".join(str(inputs.get("conclusion") or "").lower().split())
    says_failed = "không đạt" in text
    says_passed = re.search(r"\bđạt\b", text.replace("không đạt", "")) is not None
    if f.council_passed and says_failed and not says_passed:
        return "Kết luận ghi «không đạt» nhưng đa số phiếu nhận xét của thành viên Hội đồng là đạt."
    if f.council_passed is False and says_passed and not says_failed:
        return "Kết luận ghi «đạt» nhưng phiếu nhận xét của thành viên Hội đồng không đủ đạt: đề án không đạt."
    return None


def has_contract(f: Facts, _: Mapping[str, Any]) -> str | None:
    return None if f.has_contract else "Chưa có hợp đồng thực hiện đề án."


def has_acceptance(f: Facts, _: Mapping[str, Any]) -> str | None:
    return None if f.has_acceptance else "Chưa có biên bản nghiệm thu đạt."


def _within_approved(what: str, value: Any, f: Facts) -> str | None:
    agreed = f.agreed_support
    if isinstance(value, int) and value > agreed:
        return f"{what} {format_money(value)} đồng vượt kinh phí được phê duyệt {format_money(agreed)} đồng."
    return None


def _proposal_reason(amount: int, f: Facts) -> str | None:
    """The Sở proposes at most what was requested, and within the caps in force on the step's date."""
    if amount <= 0:
        return "Kinh phí khuyến công đề nghị phê duyệt phải lớn hơn 0 đồng."
    if amount > f.support:
        return (f"Kinh phí khuyến công đề nghị phê duyệt {format_money(amount)} đồng vượt kinh phí cơ sở đề nghị "
                f"hỗ trợ {format_money(f.support)} đồng.")
    for rule in f.caps:
        reason = cap_violation(rule, f.total, amount, f.is_technology_line)
        if reason:
            return reason
    return None


def proposal_within_request(f: Facts, inputs: Mapping[str, Any]) -> str | None:
    """The Tờ trình's proposal: the amount typed, else the council's (Facts.default_proposal)."""
    amount = inputs.get("proposed_support")
    return _proposal_reason(amount if isinstance(amount, int) else f.default_proposal, f)


def approval_within_request(f: Facts, _: Mapping[str, Any]) -> str | None:
    """The decision approves what the Tờ trình proposed: still within the caps on its own date."""
    return _proposal_reason(f.proposal if f.proposal is not None else f.support, f)


def contract_party_complete(f: Facts, _: Mapping[str, Any]) -> str | None:
    if not f.contract_party_missing:
        return None
    return ("Chưa thể ký hợp đồng: thông tin Bên B (cơ sở thụ hưởng) còn thiếu "
            + ", ".join(f.contract_party_missing)
            + ". Điều 4 của hợp đồng thanh toán bằng chuyển khoản; bổ sung trong hồ sơ cơ sở thụ hưởng.")


def contract_within_support(f: Facts, inputs: Mapping[str, Any]) -> str | None:
    return _within_approved("Giá trị hợp đồng", inputs.get("contract_value"), f)


def acceptance_within_period(f: Facts, inputs: Mapping[str, Any]) -> str | None:
    when = inputs.get("acceptance_date")
    if f.end_date and when and when > f.end_date:
        return (
            f"Ngày nghiệm thu {when:%d/%m/%Y} sau thời hạn thực hiện {f.end_date:%d/%m/%Y}; "
            "cần điều chỉnh thời gian thực hiện trước khi nghiệm thu."
        )
    return None


def accepted_value_within_support(f: Facts, inputs: Mapping[str, Any]) -> str | None:
    return _within_approved("Kinh phí hỗ trợ nghiệm thu", inputs.get("accepted_support"), f)


def findings_name_items(f: Facts, inputs: Mapping[str, Any]) -> str | None:
    """The acceptance's per-item findings read "STT | số lượng | lắp đặt | vận hành", each of an
    item the dossier has: the Biên bản prints them against the approved list."""
    lines = inputs.get("shortfalls") or []
    try:
        found = item_findings(lines)
    except ValueError as bad:
        return (f"Dòng «{bad}» không đúng dạng «STT | số lượng thực tế | lắp đặt có/không | "
                "vận hành có/không».")
    unknown = sorted(n for n in found if not 1 <= n <= f.item_count)
    if unknown:
        return f"Đề án không có hạng mục số {unknown[0]} (có {f.item_count} hạng mục)."
    return None


def dates_in_sequence(trigger: Trigger) -> Guard:
    """The chronology guard of `trigger`'s rows: the step's date not before the previous step's,
    an event it records not after the step's date, and every milestone it dates in the order of
    workflows.chronology.CHAIN against the dossier's others (both directions); the reason names
    both dates ("Ngày họp Hội đồng 05/03/2025 trước ngày Giấy mời 10/03/2025.")."""
    def dates_in_sequence(f: Facts, inputs: Mapping[str, Any]) -> str | None:
        reasons = step_reasons(trigger, f.today, inputs, f.milestones, f.last_step_on)
        return " ".join(reasons) if reasons else None

    return dates_in_sequence


def _waiting(d: Draft) -> str:
    return f"{d.title} chưa được ban hành: đang chờ {d.awaiting or 'lãnh đạo cơ quan ban hành'} ký."


def documents_issued(required: frozenset[str]) -> Guard:
    """The guard every later step has: the latest draft of each template in `required` (the
    rows' `issued_before_next`) is issued; a cancelled one must be made again first. A draft the
    dossier's path no longer makes holds nothing back (the archive still waits for its cancellation)."""

    def guard(f: Facts, _: Mapping[str, Any]) -> str | None:
        reasons = []
        for d in f.drafts:
            if d.template_id not in required or d.superseded or d.issued or not d.needed:
                continue
            if d.cancelled_reason is not None:
                reasons.append(f"{d.title} đã bị hủy ({d.cancelled_reason}): cần lập lại văn bản trước bước tiếp theo.")
            else:
                reasons.append(_waiting(d))
        return " ".join(reasons) or None

    guard.__name__ = "documents_issued"
    return guard


def every_document_settled(f: Facts, _: Mapping[str, Any]) -> str | None:
    """Archive: every numbered document of the dossier is issued or cancelled with a reason."""
    open_ = [d for d in f.drafts if not d.issued and d.cancelled_reason is None]
    if open_:
        return "Chưa lưu trữ được hồ sơ: " + " ".join(_waiting(d) for d in open_) + (
            " Văn bản không ban hành thì hủy dự thảo, ghi rõ lý do.")
    return None


def by_approver(f: Facts, _: Mapping[str, Any]) -> str | None:
    """Approving, returning, adjusting, stopping: the approving body's leader decides."""
    if f.actor_is_approver:
        return None
    return f"Bước này do lãnh đạo {f.approver or 'cơ quan có thẩm quyền phê duyệt'} quyết định."
