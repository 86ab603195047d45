"""The chronology of a dossier's dates (issue 10, item 3): one pure guard on every row, fed by the
milestones of the dossier's current attempt; each refusal names both dates in Vietnamese."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from workflows import GuardFailed, Role, Status, Trigger, decide
from workflows.chronology import CHAIN, Dated, current_milestones, out_of_order, step_reasons
from workflows.facts import Facts
from workflows.table import STEPS

S = Status
T = Trigger
OFFICER = frozenset({Role.OFFICER})
LEADER = frozenset({Role.LEADER})
# A 2025 dossier approved on 25/03 (its council met on 12/03 after the Giấy mời of 05/03).
APPROVED = {"application": date(2025, 2, 20), "council_decision": date(2025, 3, 5), "invitation": date(2025, 3, 5),
            "meeting": date(2025, 3, 12), "submission": date(2025, 3, 18), "approval": date(2025, 3, 25)}
FACTS = Facts(today=date(2025, 4, 10), support=130_000_000, total=290_000_000, has_contract=True,
              has_acceptance=True, start_date=date(2025, 3, 1), end_date=date(2025, 11, 30),
              milestones=APPROVED, last_step_on=date(2025, 3, 25))
CONTRACT = {"contract_number": "05/2025/HĐ-KC", "contract_date": date(2025, 4, 10), "contract_value": 130_000_000}


def test_the_chain_is_the_issues_order() -> None:
    assert [m.label for m in CHAIN] == [
        "Đơn đề nghị", "Quyết định thành lập Hội đồng", "Giấy mời", "họp Hội đồng", "Tờ trình",
        "Quyết định phê duyệt", "ký Hợp đồng", "bắt đầu thực hiện", "kiểm tra", "nghiệm thu", "thanh lý hợp đồng",
        "quyết toán"]


def test_every_row_carries_the_chronology_guard() -> None:
    assert all(step.guards[-1].__name__ == "dates_in_sequence" for step in STEPS)


def test_a_contract_after_the_approval_and_on_its_own_day_goes_ahead() -> None:
    assert decide(S.APPROVED, T.SIGN_CONTRACT, OFFICER, FACTS, CONTRACT).dest == S.CONTRACTED


def test_a_contract_dated_before_the_approval_is_refused_naming_both_dates() -> None:
    with pytest.raises(GuardFailed) as info:
        decide(S.APPROVED, T.SIGN_CONTRACT, OFFICER, FACTS, {**CONTRACT, "contract_date": date(2025, 3, 20)})
    assert info.value.reasons == ["Ngày ký Hợp đồng 20/03/2025 trước ngày Quyết định phê duyệt 25/03/2025."]


def test_an_event_later_than_the_step_recording_it_is_refused() -> None:
    with pytest.raises(GuardFailed) as info:
        decide(S.APPROVED, T.SIGN_CONTRACT, OFFICER, FACTS, {**CONTRACT, "contract_date": date(2025, 4, 12)})
    assert info.value.reasons == ["Ngày ký Hợp đồng 12/04/2025 sau ngày thực hiện bước 10/04/2025."]


def test_a_step_dated_before_the_previous_step_is_refused() -> None:
    with pytest.raises(GuardFailed) as info:
        decide(S.APPROVED, T.SIGN_CONTRACT, OFFICER, replace(FACTS, today=date(2025, 3, 24)),
               {**CONTRACT, "contract_date": date(2025, 3, 24)})
    assert info.value.reasons[0].startswith("Ngày thực hiện bước 24/03/2025 trước ngày của bước trước 25/03/2025.")


def test_a_meeting_before_its_invitation_is_refused_at_the_invitation() -> None:
    submitted = Facts(today=date(2025, 3, 10), council_members=3, council_has_chair=True,
                      council_has_secretary=True, title="Đề án", has_beneficiary=True, content_group="G1",
                      location="xã", start_date=date(2025, 3, 1), end_date=date(2025, 11, 30), item_count=1,
                      total=2, support=1, milestones={"application": date(2025, 2, 20)},
                      last_step_on=date(2025, 2, 20))
    inputs = {"meeting_date": date(2025, 3, 5), "meeting_time": "8 giờ", "meeting_place": "Sở"}
    with pytest.raises(GuardFailed) as info:
        decide(S.SUBMITTED, T.START_APPRAISAL, OFFICER, submitted, inputs)
    assert info.value.reasons == ["Ngày họp Hội đồng 05/03/2025 trước ngày Giấy mời 10/03/2025."]
    planned = {**inputs, "meeting_date": date(2025, 3, 17)}  # a meeting still to come is what a Giấy mời announces
    assert decide(S.SUBMITTED, T.START_APPRAISAL, OFFICER, submitted, planned).dest == S.UNDER_APPRAISAL


def test_the_later_direction_an_issue_date_after_a_milestone_already_fixed() -> None:
    # The Giấy mời signed on 14/03 for a meeting set for 12/03: refused, both dates named.
    assert out_of_order(APPROVED, {"invitation": date(2025, 3, 14)}) == [
        "Ngày họp Hội đồng 12/03/2025 trước ngày Giấy mời 14/03/2025."]
    assert out_of_order(APPROVED, {"invitation": date(2025, 3, 6)}) == []


def test_one_reason_per_date_out_of_place_against_its_nearest_neighbour() -> None:
    assert out_of_order(APPROVED, {"meeting": date(2025, 2, 1)}) == [
        "Ngày họp Hội đồng 01/02/2025 trước ngày Giấy mời 05/03/2025."]
    assert out_of_order(APPROVED, {"invitation": date(2025, 3, 20)}) == [
        "Ngày họp Hội đồng 12/03/2025 trước ngày Giấy mời 20/03/2025."]


def test_recorded_dates_of_every_event_step_are_checked_against_the_step_and_the_chain() -> None:
    on = date(2025, 10, 25)
    milestones = {**APPROVED, "contract": date(2025, 4, 10), "start": date(2025, 4, 15),
                  "inspection": date(2025, 11, 1)}
    assert step_reasons(T.ACCEPT, on, {"acceptance_date": on}, milestones, date(2025, 7, 20)) == [
        "Ngày nghiệm thu 25/10/2025 trước ngày kiểm tra 01/11/2025."]
    settled = {**milestones, "inspection": date(2025, 7, 20), "acceptance": on, "liquidation": date(2025, 11, 5)}
    assert step_reasons(T.SETTLE, date(2025, 11, 18), {"settlement_date": date(2025, 11, 1)}, settled,
                        date(2025, 11, 5)) == ["Ngày quyết toán 01/11/2025 trước ngày thanh lý hợp đồng 05/11/2025."]


def _row(trigger: Trigger, on: date, ref: int, **inputs) -> Dated:
    return Dated(trigger, on, {k: v.isoformat() for k, v in inputs.items()}, ref=ref)


def test_the_current_attempt_drops_what_a_step_sent_back_had_dated() -> None:
    history = [
        _row(T.SUBMIT, date(2025, 2, 20), 1),
        _row(T.START_APPRAISAL, date(2025, 3, 5), 2, meeting_date=date(2025, 3, 12)),
        _row(T.REQUEST_REVISION, date(2025, 3, 8), 3),
        _row(T.RESUBMIT, date(2025, 3, 20), 4),
    ]
    assert current_milestones(history) == {"application": date(2025, 2, 20)}
    again = [*history, _row(T.START_APPRAISAL, date(2025, 3, 25), 5, meeting_date=date(2025, 4, 2)),
             _row(T.RECORD_APPRAISAL, date(2025, 4, 2), 6, meeting_date=date(2025, 4, 2))]
    assert current_milestones(again)["meeting"] == date(2025, 4, 2)
    reopened = [*again, _row(T.REOPEN, date(2025, 4, 10), 7)]
    assert current_milestones(reopened) == {}


def test_an_issued_document_dates_its_milestone_by_its_issue_date() -> None:
    history = [_row(T.SUBMIT, date(2025, 2, 20), 1),
               _row(T.START_APPRAISAL, date(2025, 3, 5), 2, meeting_date=date(2025, 3, 12))]
    issued = {(2, "giay_moi_hop_hoi_dong"): date(2025, 3, 6), (99, "qd_phe_duyet_de_an"): date(2025, 3, 30)}
    found = current_milestones(history, issued)
    assert found["invitation"] == date(2025, 3, 6) and found["council_decision"] == date(2025, 3, 5)
    assert "approval" not in found  # a document of another attempt dates nothing


def test_at_a_signing_the_drafts_still_open_bind_nothing() -> None:
    # The QĐ thành lập Hội đồng and its Giấy mời were drafted on 25/11 and are signed on 02/12:
    # signing the QĐ first must not be held back by the Giấy mời's draft date.
    history = [_row(T.SUBMIT, date(2026, 11, 20), 1),
               _row(T.START_APPRAISAL, date(2026, 11, 25), 2, meeting_date=date(2026, 12, 2))]
    settled = current_milestones(history, {}, with_drafts=False)
    assert settled == {"application": date(2026, 11, 20), "meeting": date(2026, 12, 2)}
    assert out_of_order(settled, {"council_decision": date(2026, 12, 2)}) == []
    issued = {(2, "qd_thanh_lap_hoi_dong"): date(2026, 12, 2)}
    settled = current_milestones(history, issued, with_drafts=False)
    assert out_of_order(settled, {"invitation": date(2026, 12, 3)}) == [
        "Ngày họp Hội đồng 02/12/2026 trước ngày Giấy mời 03/12/2026."]
