"""The Căn cứ of a dossier document for a given date (issue 10, item 4): what issuance asks when it
rebuilds a draft's block for the issue date. Pure: an in-memory snapshot, the shipped library."""

from __future__ import annotations

from datetime import date

import pytest

from dossier.documents.catalog import load_catalog
from dossier.documents.context import build_context, can_cu_on
from tests.unit.documents.examples import dossier_snapshot, step
from workflows.states import Trigger

T = Trigger


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _approval_draft():
    return dossier_snapshot(step(T.SUBMIT, date(2025, 2, 20)), step(T.SUBMIT_FOR_APPROVAL, date(2025, 3, 18)),
                            step(T.APPROVE, date(2025, 3, 25)))


def test_a_draft_cites_its_steps_day_and_the_same_block_for_that_day(catalog) -> None:
    spec = catalog["qd_phe_duyet_de_an"]
    snapshot = _approval_draft()
    drafted = build_context(snapshot, spec)["can_cu"]
    assert drafted == can_cu_on(snapshot, spec, date(2025, 3, 25))
    text = "\n".join(drafted)
    assert "235/2025" not in text and "89/2025" not in text and "NQ-HĐND" not in text


def test_signed_in_2026_the_same_draft_cites_the_amended_decree_the_new_budget_law_and_the_resolution(catalog):
    spec = catalog["qd_phe_duyet_de_an"]
    text = "\n".join(can_cu_on(_approval_draft(), spec, date(2026, 1, 5)))
    assert "được sửa đổi, bổ sung bởi Nghị định số 235/2025/NĐ-CP ngày 27 tháng 8 năm 2025" in text
    assert "Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2025" in text and "25 tháng 6 năm 2015" not in text
    assert "15/2025/NQ-HĐND" in text  # the province's resolution, in force from 1 January 2026
    assert text.splitlines()[-1].startswith("Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số")


def test_a_document_with_no_legal_kind_has_no_block(catalog) -> None:
    assert can_cu_on(_approval_draft(), catalog["don_de_nghi_ho_tro"], date(2026, 1, 5)) == []
