"""The dossier workflow as one declarative table (domain.md §2.2 and §2.5).

Each row says everything a step does: trigger, sources, destination, roles allowed, guards (pure
predicates returning a Vietnamese reason), inputs the step needs, the documents it produces
(template ids in templates_docx/), its effects by name (workflows.effects, applied in order by
the service layer), its phase, and whose decision the destination waits for (the leaders'
inbox). Two rows may share a trigger when the outcome decides the destination (appraisal passed
or failed, acceptance passed or failed); `when` routes between them.

Everything else reads this table: the machine, the step forms, the inbox and its decisions,
the diagram and its phases, the documents' `generated_by` in the template manifests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from workflows import examples as x
from workflows import guards as g
from workflows.effects import Effect
from workflows.facts import Facts
from workflows.inputs import Input
from workflows.states import INITIAL, Phase, Role, Status, Trigger

S = Status
T = Trigger
E = Effect
P = Phase
OFFICER = frozenset({Role.OFFICER})
LEADER = frozenset({Role.LEADER})
OFFICER_OR_LEADER = frozenset({Role.OFFICER, Role.LEADER})


@dataclass(frozen=True)
class Wait:
    """Whose decision a state waits for, and the two steps that answer: agree, send back."""

    role: Role
    agree: Trigger
    send_back: Trigger


@dataclass(frozen=True)
class Step:
    trigger: Trigger
    sources: tuple[Status, ...]
    dest: Status
    roles: frozenset[Role]
    guards: tuple[g.Guard, ...] = ()
    inputs: tuple[Input, ...] = ()
    documents: tuple[str, ...] = ()
    when: Callable[[Facts, Mapping[str, Any]], bool] | None = None
    when_label: str = ""
    phase: Phase = field(kw_only=True)
    effects: tuple[Effect, ...] = field(default=(), kw_only=True)
    waits: Wait | None = field(default=None, kw_only=True)  # the destination waits for this decision
    # Issuance is part of the lifecycle (issue 10). `issued_before_next`: this row's documents
    # that later steps cite — no later step until each is issued (number, date, signature).
    # `signs`: the step *is* the signature of its documents (the approving leader approves by
    # signing the decision): fired only together with their issuance, in one transaction.
    # `before_issuance`: a step back that may happen while documents still wait to be signed (and
    # the archive, whose own guard wants every document issued or cancelled with a reason).
    issued_before_next: tuple[str, ...] = field(default=(), kw_only=True)
    signs: bool = field(default=False, kw_only=True)
    before_issuance: bool = field(default=False, kw_only=True)
    # Given on a trigger's first row: the step's Vietnamese name (buttons, history, documents); the
    # day of the dossier's year on which a walk takes it when no date is given (a plausible
    # calendar, domain.md §2.4, in the chronology's order); what a plausible officer types into
    # its required inputs, values or functions of the dossier's Facts (workflows.examples).
    label: str = field(default="", kw_only=True)
    day: tuple[int, int] | None = field(default=None, kw_only=True)
    example: Mapping[str, Any] = field(default_factory=dict, kw_only=True)


def _council_passed(f: Facts, _: Mapping[str, Any]) -> bool:
    return bool(f.council_passed)


def _council_failed(f: Facts, _: Mapping[str, Any]) -> bool:
    return not f.council_passed


def _acceptance_passed(_: Facts, inputs: Mapping[str, Any]) -> bool:
    return bool(inputs.get("passed"))


def _acceptance_failed(_: Facts, inputs: Mapping[str, Any]) -> bool:
    return not inputs.get("passed")


COMMENT = Input("comment", "Ý kiến", "textarea", required=False)
REASON = Input("reason", "Lý do", "textarea")
# What the stop rests on, cited beside its reason in the QĐ ngừng: the beneficiary's request, an
# inspection's minutes … as the leader names it (none: the reason stands alone, nothing is invented).
STOP_BASIS = Input("basis", "Căn cứ ngừng thực hiện (văn bản, số, ngày: đơn xin dừng của cơ sở, biên bản kiểm tra …)",
                   "text", required=False)
DOSSIER_CHECKS = (g.dossier_complete, g.dates_in_order, g.counterpart_not_negative, g.support_within_caps)

APPRAISAL_RECORD = (
    Input("meeting_date", "Ngày họp Hội đồng", "date"),
    Input("conclusion", "Kết luận của Hội đồng", "textarea"),
    Input("corrections", "Nội dung yêu cầu chỉnh sửa", "lines", required=False),
    Input("recommended_support", "Kinh phí Hội đồng đề nghị hỗ trợ", "money", required=False),
)
# The Sở's Tờ trình proposes an amount to approve (issue 10): by default the council's proposal,
# never more than requested nor over the caps; the approving decision approves it.
PROPOSED_SUPPORT = Input("proposed_support", "Kinh phí khuyến công đề nghị phê duyệt (để trống: theo đề xuất "
                         "của Hội đồng thẩm định)", "money", required=False)
ACCEPTANCE_RECORD = (
    Input("acceptance_date", "Ngày nghiệm thu", "date"),
    Input("passed", "Kết quả nghiệm thu đạt", "bool"),
    Input("accepted_value", "Giá trị thực hiện được nghiệm thu", "money"),
    Input("accepted_support", "Kinh phí khuyến công được nghiệm thu", "money"),
    Input("conclusion", "Kết luận nghiệm thu", "textarea"),
    # what the team found of each item short of the approved list; an item not named was found as
    # approved (the Biên bản's table prints both, so a failed acceptance claims only what it found)
    Input("shortfalls", "Hạng mục không đúng danh mục được duyệt (mỗi dòng: STT | số lượng thực tế | "
          "lắp đặt có/không | vận hành có/không; hạng mục không ghi là đúng danh mục)", "lines", required=False),
)

STEPS: tuple[Step, ...] = (
    Step(T.SUBMIT, (S.DRAFT,), S.SUBMITTED, OFFICER, DOSSIER_CHECKS, (COMMENT,),
         ("don_de_nghi_ho_tro", "de_an_khuyen_cong"), phase=P.PROPOSAL,
         label="Nộp hồ sơ", day=(2, 20)),
    Step(T.REQUEST_REVISION, (S.SUBMITTED, S.UNDER_APPRAISAL), S.REVISION_REQUESTED, OFFICER_OR_LEADER, (),
         (Input("missing_items", "Danh sách nội dung cần bổ sung", "lines"),
          Input("deadline", "Hạn nộp bổ sung", "date", required=False), COMMENT),
         ("thong_bao_yeu_cau_bo_sung",), phase=P.PROPOSAL, before_issuance=True,
         label="Yêu cầu bổ sung hồ sơ", day=(2, 24),
         example={"missing_items": ["Báo giá của 03 nhà cung cấp"]}),
    Step(T.RESUBMIT, (S.REVISION_REQUESTED,), S.SUBMITTED, OFFICER, DOSSIER_CHECKS, (COMMENT,),
         ("de_an_khuyen_cong",), phase=P.PROPOSAL,
         label="Nộp lại hồ sơ đã bổ sung", day=(2, 27)),
    Step(T.START_APPRAISAL, (S.SUBMITTED,), S.UNDER_APPRAISAL, OFFICER, (*DOSSIER_CHECKS, g.council_formed),
         (Input("meeting_date", "Ngày họp Hội đồng", "date"),
          Input("meeting_time", "Giờ họp", "text"),
          Input("meeting_place", "Địa điểm họp", "text")),
         ("qd_thanh_lap_hoi_dong", "giay_moi_hop_hoi_dong"), phase=P.APPRAISAL,
         issued_before_next=("qd_thanh_lap_hoi_dong", "giay_moi_hop_hoi_dong"),
         label="Thành lập Hội đồng, đưa ra thẩm định", day=(3, 5),
         example={"meeting_date": x.week_later, "meeting_time": "08 giờ 00",
                                "meeting_place": "Phòng họp số 2, Sở Công Thương"}),
    Step(T.RECORD_APPRAISAL, (S.UNDER_APPRAISAL,), S.APPRAISED, OFFICER,
         (g.reviews_reach_quorum, g.conclusion_agrees_with_votes),
         APPRAISAL_RECORD, ("phieu_nhan_xet", "bien_ban_hop_hoi_dong"),
         when=_council_passed, when_label="Hội đồng kết luận đạt", phase=P.APPRAISAL,
         label="Ghi kết quả thẩm định", day=(3, 12),
         example={"meeting_date": x.step_day, "conclusion": "Đề án đạt yêu cầu."}),
    Step(T.RECORD_APPRAISAL, (S.UNDER_APPRAISAL,), S.APPRAISAL_FAILED, OFFICER,
         (g.reviews_reach_quorum, g.conclusion_agrees_with_votes),
         APPRAISAL_RECORD, ("phieu_nhan_xet", "bien_ban_hop_hoi_dong"),
         when=_council_failed, when_label="Hội đồng kết luận không đạt", phase=P.APPRAISAL),
    Step(T.REOPEN, (S.APPRAISAL_FAILED,), S.DRAFT, OFFICER, (), (COMMENT,), phase=P.PROPOSAL,
         label="Mở lại để lập hồ sơ mới", day=(3, 16)),
    Step(T.SUBMIT_FOR_APPROVAL, (S.APPRAISED,), S.SUBMITTED_FOR_APPROVAL, OFFICER,
         (*DOSSIER_CHECKS, g.proposal_within_request), (PROPOSED_SUPPORT, COMMENT),
         ("to_trinh_phe_duyet",), phase=P.APPROVAL, effects=(E.PROPOSE_SUPPORT,),
         issued_before_next=("to_trinh_phe_duyet",),
         waits=Wait(Role.LEADER, agree=T.APPROVE, send_back=T.RETURN_TO_OFFICER),
         label="Trình phê duyệt", day=(3, 18)),
    Step(T.RETURN_TO_OFFICER, (S.SUBMITTED_FOR_APPROVAL,), S.APPRAISED, LEADER, (g.by_approver,), (REASON,),
         phase=P.APPROVAL, before_issuance=True,
         label="Trả lại chuyên viên", day=(3, 20),
         example={"reason": "Bổ sung báo giá thiết bị."}),
    Step(T.APPROVE, (S.SUBMITTED_FOR_APPROVAL,), S.APPROVED, LEADER,
         (g.by_approver, *DOSSIER_CHECKS, g.approval_within_request), (COMMENT,),
         ("qd_phe_duyet_de_an",), phase=P.APPROVAL, effects=(E.BOOK_APPROVED_SUPPORT,), signs=True,
         issued_before_next=("qd_phe_duyet_de_an",),
         label="Phê duyệt đề án", day=(3, 25)),
    Step(T.SIGN_CONTRACT, (S.APPROVED,), S.CONTRACTED, OFFICER, (g.contract_party_complete, g.contract_within_support),
         (Input("contract_number", "Số hợp đồng", "text"),
          Input("contract_date", "Ngày ký hợp đồng", "date"),
          Input("contract_value", "Giá trị hợp đồng (kinh phí khuyến công)", "money")),
         ("hop_dong_thuc_hien",), phase=P.IMPLEMENTATION, effects=(E.BOOK_CONTRACT,),
         label="Ký hợp đồng thực hiện", day=(4, 10),
         example={"contract_number": x.contract_number, "contract_date": x.step_day,
                                "contract_value": x.agreed_support}),
    Step(T.START_IMPLEMENTATION, (S.CONTRACTED,), S.IN_PROGRESS, OFFICER, (g.has_contract,),
         (Input("start_date", "Ngày bắt đầu thực hiện", "date"), COMMENT), phase=P.IMPLEMENTATION,
         label="Bắt đầu thực hiện", day=(4, 15),
         example={"start_date": x.step_day}),
    Step(T.RECORD_INSPECTION, (S.IN_PROGRESS,), S.IN_PROGRESS, OFFICER, (),
         (Input("inspection_date", "Ngày kiểm tra", "date"),
          Input("findings", "Kết quả kiểm tra", "textarea"),
          Input("requests", "Kiến nghị, yêu cầu", "lines", required=False)),
         ("bien_ban_kiem_tra",), phase=P.IMPLEMENTATION,
         label="Ghi biên bản kiểm tra", day=(7, 20),
         example={"inspection_date": x.step_day, "findings": "Đúng tiến độ."}),
    Step(T.REQUEST_ADJUSTMENT, (S.IN_PROGRESS,), S.ADJUSTMENT_PENDING, OFFICER, (),
         (REASON, Input("changes", "Nội dung điều chỉnh (mỗi dòng: nội dung | cũ | mới)", "lines"),
          Input("new_end_date", "Thời hạn kết thúc mới", "date", required=False)), phase=P.IMPLEMENTATION,
         waits=Wait(Role.LEADER, agree=T.APPROVE_ADJUSTMENT, send_back=T.REJECT_ADJUSTMENT),
         label="Đề nghị điều chỉnh", day=(8, 5),
         example={"reason": "Nhà cung cấp ngừng sản xuất model cũ.",
                                "changes": ["Máy rửa | 1 tấn/giờ | 1,2 tấn/giờ"]}),
    Step(T.APPROVE_ADJUSTMENT, (S.ADJUSTMENT_PENDING,), S.IN_PROGRESS, LEADER, (g.by_approver,), (COMMENT,),
         ("qd_dieu_chinh",), phase=P.IMPLEMENTATION, effects=(E.EXTEND_END_DATE,), signs=True,
         issued_before_next=("qd_dieu_chinh",),
         label="Phê duyệt điều chỉnh", day=(8, 12)),
    Step(T.REJECT_ADJUSTMENT, (S.ADJUSTMENT_PENDING,), S.IN_PROGRESS, LEADER, (g.by_approver,), (REASON,),
         phase=P.IMPLEMENTATION, before_issuance=True,
         label="Không chấp thuận điều chỉnh", day=(8, 12),
         example={"reason": "Không có căn cứ điều chỉnh."}),
    Step(T.STOP, (S.APPROVED, S.CONTRACTED, S.IN_PROGRESS, S.ADJUSTMENT_PENDING), S.STOPPED, LEADER,
         (g.by_approver,), (REASON, STOP_BASIS, Input("recovered_amount", "Kinh phí thu hồi", "money", required=False)),
         ("qd_ngung_thuc_hien",), phase=P.IMPLEMENTATION, effects=(E.RECOVER_ON_STOP,), signs=True,
         issued_before_next=("qd_ngung_thuc_hien",), before_issuance=True,
         label="Ngừng thực hiện đề án", day=(9, 1),
         example={"reason": "Cơ sở không thu xếp được vốn đối ứng.", "basis": x.stop_request}),
    Step(T.ACCEPT, (S.IN_PROGRESS,), S.ACCEPTED, OFFICER,
         (g.acceptance_within_period, g.accepted_value_within_support, g.findings_name_items), ACCEPTANCE_RECORD,
         ("bien_ban_nghiem_thu",), when=_acceptance_passed, when_label="Nghiệm thu đạt", phase=P.CLOSING,
         effects=(E.BOOK_ACCEPTANCE,),
         label="Nghiệm thu", day=(10, 25),
         example={"acceptance_date": x.step_day, "passed": True, "accepted_value": x.total,
                                "accepted_support": x.agreed_support, "conclusion": "Đạt yêu cầu."}),
    Step(T.ACCEPT, (S.IN_PROGRESS,), S.ACCEPTANCE_FAILED, OFFICER,
         (g.acceptance_within_period, g.accepted_value_within_support, g.findings_name_items), ACCEPTANCE_RECORD,
         ("bien_ban_nghiem_thu",), when=_acceptance_failed, when_label="Nghiệm thu không đạt", phase=P.CLOSING),
    Step(T.RESUME, (S.ACCEPTANCE_FAILED,), S.IN_PROGRESS, OFFICER, (), (COMMENT,), phase=P.IMPLEMENTATION,
         label="Khắc phục, tiếp tục thực hiện", day=(10, 28)),
    Step(T.LIQUIDATE, (S.ACCEPTED,), S.LIQUIDATED, OFFICER, (g.has_acceptance,),
         (Input("liquidation_date", "Ngày thanh lý hợp đồng", "date"),
          Input("advanced_amount", "Kinh phí đã tạm ứng", "money", required=False)),
         ("bien_ban_thanh_ly",), phase=P.CLOSING, effects=(E.BALANCE_AT_LIQUIDATION,),
         label="Thanh lý hợp đồng", day=(11, 5),
         example={"liquidation_date": x.step_day}),
    Step(T.SETTLE, (S.LIQUIDATED,), S.SETTLED, LEADER, (g.has_acceptance,),
         (Input("settlement_date", "Ngày quyết toán", "date"),
          Input("settled_amount", "Kinh phí đề nghị quyết toán", "money")),
         ("bao_cao_quyet_toan", "qd_phe_duyet_quyet_toan"), phase=P.CLOSING, effects=(E.BOOK_SETTLEMENT,),
         issued_before_next=("bao_cao_quyet_toan", "qd_phe_duyet_quyet_toan"),
         label="Quyết toán kinh phí", day=(11, 18),
         example={"settlement_date": x.step_day, "settled_amount": x.agreed_support}),
    Step(T.ARCHIVE, (S.SETTLED, S.STOPPED, S.APPRAISAL_FAILED), S.ARCHIVED, frozenset({Role.OFFICER, Role.CLERK}),
         (g.every_document_settled,), (COMMENT,), phase=P.CLOSING, before_issuance=True,
         label="Đưa vào lưu trữ", day=(11, 25)),  # its own, stricter guard
)

# Every row checks its dates against the dossier's (workflows.chronology): added here, once,
# rather than in each row, so a new row is dated like the others.
STEPS = tuple(replace(step, guards=(*step.guards, g.dates_in_sequence(step.trigger))) for step in STEPS)

# The guard every row has unless it is a step back: the documents later steps cite are issued.
ISSUED_FIRST = g.documents_issued(frozenset(t for step in STEPS for t in step.issued_before_next))

TRIGGERS: tuple[Trigger, ...] = tuple(dict.fromkeys(step.trigger for step in STEPS))


def steps_for(trigger: str) -> tuple[Step, ...]:
    return tuple(step for step in STEPS if step.trigger == trigger)


def inputs_for(trigger: str) -> tuple[Input, ...]:
    """The inputs of a trigger (rows sharing a trigger declare the same inputs)."""
    rows = steps_for(trigger)
    return rows[0].inputs if rows else ()


def steps_producing(template_id: str) -> tuple[Trigger, ...]:
    """The triggers whose rows make `template_id`, in table order: a manifest's `generated_by`."""
    return tuple(dict.fromkeys(step.trigger for step in STEPS if template_id in step.documents))


def phase_of(status: Status | str) -> Phase:
    """A state's phase: that of the first row (in table order) leading to it; the initial state
    belongs to the phase of the first row leaving it."""
    status = Status(status)
    entering = [step for step in STEPS if step.dest == status]
    if status == INITIAL or not entering:
        return next(step.phase for step in STEPS if status in step.sources)
    return entering[0].phase


def waits_for(role: Role) -> dict[Status, Wait]:
    """The states whose next move is a decision of `role`, in table order, with its two answers."""
    return {step.dest: step.waits for step in STEPS if step.waits is not None and step.waits.role == role}
