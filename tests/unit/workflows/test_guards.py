"""Guards and support caps at their boundaries, with the Vietnamese reasons users see."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from workflows import CapRule, Facts, GuardFailed, Role, Status, decide
from workflows.guards import cap_violation
from workflows.inputs import Input, InputErrors, parse_inputs

TT28 = "khoản 4 Điều 8 Thông tư số 28/2018/TT-BTC"
MACHINERY = CapRule("may_moc_thiet_bi", Fraction(1, 2), 300_000_000, TT28, Fraction(3, 2))
OFFICER = frozenset({Role.OFFICER})


def complete(**changes) -> Facts:
    base = dict(today=date(2026, 12, 1), title="Đề án máy sấy", has_beneficiary=True, content_group="G1",
                location="xã Phước Thuận", start_date=date(2026, 3, 1), end_date=date(2026, 11, 30),
                item_count=3, total=290_000_000, support=130_000_000, caps=(MACHINERY,))
    base.update(changes)
    return Facts(**base)


def test_a_complete_dossier_within_caps_may_be_submitted() -> None:
    assert decide(Status.DRAFT, "submit", OFFICER, complete()).dest == Status.SUBMITTED


def test_incomplete_dossier_lists_everything_missing() -> None:
    with pytest.raises(GuardFailed) as info:
        decide(Status.DRAFT, "submit", OFFICER, complete(title=" ", item_count=0, has_beneficiary=False))
    reason = info.value.reasons[0]
    assert "tên đề án" in reason and "cơ sở thụ hưởng" in reason and "hạng mục kinh phí" in reason


@pytest.mark.parametrize(("support", "total", "ok"), [
    (300_000_000, 600_000_000, True),       # exactly the absolute cap and exactly 50 %
    (300_000_001, 700_000_000, False),      # one đồng over the absolute cap
    (150_000_000, 300_000_000, True),       # exactly 50 %
    (150_000_001, 300_000_000, False),      # one đồng over 50 %
])
def test_machinery_cap_boundaries(support: int, total: int, ok: bool) -> None:
    assert (cap_violation(MACHINERY, total, support, False) is None) is ok


def test_absolute_cap_message_names_figures_and_basis() -> None:
    reason = cap_violation(MACHINERY, 900_000_000, 350_000_000, False)
    assert reason == f"Kinh phí hỗ trợ 350.000.000 đồng vượt mức tối đa 300.000.000 đồng theo {TT28}."


def test_percent_cap_message_names_the_share() -> None:
    reason = cap_violation(MACHINERY, 300_000_000, 160_000_000, False)
    assert reason is not None
    assert "53,33% tổng kinh phí 300.000.000 đồng" in reason and "vượt tỷ lệ tối đa 50%" in reason


def test_a_technology_line_may_reach_one_and_a_half_times_the_cap() -> None:
    assert cap_violation(MACHINERY, 1_000_000_000, 450_000_000, True) is None
    assert "450.000.000" in cap_violation(MACHINERY, 1_000_000_000, 450_000_001, True)


def test_support_over_the_cap_is_refused_at_submission() -> None:
    with pytest.raises(GuardFailed) as info:
        decide(Status.DRAFT, "submit", OFFICER, complete(total=900_000_000, support=350_000_000))
    assert info.value.reasons == [
        f"Kinh phí hỗ trợ 350.000.000 đồng vượt mức tối đa 300.000.000 đồng theo {TT28}."
    ]


def test_support_above_total_is_refused() -> None:
    with pytest.raises(GuardFailed) as info:
        decide(Status.DRAFT, "submit", OFFICER, complete(total=100, support=101, caps=()))
    assert any("vốn đối ứng không thể âm" in r for r in info.value.reasons)


def test_council_result_routes_the_appraisal() -> None:
    facts = complete(council_members=6, council_has_chair=True, council_has_secretary=True, voting_members=5,
                     reviews=4, quorum_needed=4, council_passed=True)
    inputs = {"meeting_date": date(2026, 3, 12), "conclusion": "Đạt"}
    assert decide(Status.UNDER_APPRAISAL, "record_appraisal", OFFICER, facts, inputs).dest == Status.APPRAISED
    failed = complete(**{**facts.__dict__, "council_passed": False})
    inputs = {**inputs, "conclusion": "Không đạt"}  # the conclusion says what the votes decided
    assert decide(Status.UNDER_APPRAISAL, "record_appraisal", OFFICER, failed, inputs).dest == Status.APPRAISAL_FAILED


def test_appraisal_needs_the_quorum_of_reviews() -> None:
    facts = complete(voting_members=5, reviews=3, quorum_needed=4, council_passed=True)
    with pytest.raises(GuardFailed) as info:
        decide(Status.UNDER_APPRAISAL, "record_appraisal", OFFICER, facts,
               {"meeting_date": date(2026, 3, 12), "conclusion": "x"})
    assert "3/5" in info.value.reasons[0] and "4 phiếu" in info.value.reasons[0]


def test_acceptance_after_the_end_date_is_refused() -> None:
    inputs = {"acceptance_date": date(2026, 12, 1), "passed": True, "accepted_value": 1, "accepted_support": 1}
    with pytest.raises(GuardFailed) as info:
        decide(Status.IN_PROGRESS, "accept", OFFICER, complete(), inputs)
    assert "01/12/2026" in info.value.reasons[0]
    on_time = {**inputs, "acceptance_date": date(2026, 11, 30)}
    assert decide(Status.IN_PROGRESS, "accept", OFFICER, complete(), on_time).dest == Status.ACCEPTED


def test_failed_acceptance_goes_to_acceptance_failed_and_back() -> None:
    inputs = {"acceptance_date": date(2026, 11, 1), "passed": False, "accepted_value": 0, "accepted_support": 0}
    assert decide(Status.IN_PROGRESS, "accept", OFFICER, complete(), inputs).dest == Status.ACCEPTANCE_FAILED
    assert decide(Status.ACCEPTANCE_FAILED, "resume", OFFICER, complete()).dest == Status.IN_PROGRESS


def test_inputs_are_parsed_with_every_error_at_once() -> None:
    specs = (Input("d", "Ngày ký", "date"), Input("m", "Giá trị", "money"), Input("l", "Danh sách", "lines"))
    assert parse_inputs(specs, {"d": "2026-01-05", "m": "130.000.000", "l": "a\n\nb"}) == {
        "d": date(2026, 1, 5), "m": 130_000_000, "l": ["a", "b"]}
    with pytest.raises(InputErrors) as info:
        parse_inputs(specs, {"d": "05/01/2026", "m": "-5", "l": ""})
    assert set(info.value.errors) == {"d", "m", "l"}
    assert "YYYY-MM-DD" in info.value.errors["d"]


@pytest.mark.parametrize(("passed", "conclusion", "refused"), [
    (False, "Đề án đạt yêu cầu.", "Kết luận ghi «đạt»"),            # the votes say it failed
    (True, "Đề án không đạt yêu cầu.", "Kết luận ghi «không đạt»"),  # the votes say it passed
    (False, "Đề án không đạt yêu cầu.", None),
    (True, "Đề án đạt; tiêu chí 5 không đạt, cần bổ sung.", None),   # says both: the officer's words stand
    (True, "", None),
])
def test_the_councils_conclusion_says_what_its_votes_decided(passed, conclusion, refused) -> None:
    from workflows.guards import conclusion_agrees_with_votes

    reason = conclusion_agrees_with_votes(complete(council_passed=passed), {"conclusion": conclusion})
    assert (reason is None) if refused is None else refused in reason
