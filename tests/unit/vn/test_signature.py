"""Tests for dossier.vn.signature (domain.md §3.3, §5.2 ô 7a/7b)."""

from __future__ import annotations

import dataclasses

import pytest

from dossier.vn.signature import SignatureBlock, signature_block


def test_ubnd_deputy_for_collective() -> None:
    # Quảng Bình QĐ 2384/QĐ-UBND: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Nguyễn Xuân Quang
    block = signature_block(
        "KT",
        collective="Ủy ban nhân dân",
        head_title="Chủ tịch",
        signer_title="Phó Chủ tịch",
        signer_name="Nguyễn Xuân Quang",
    )
    assert block == SignatureBlock(
        lines=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), name="Nguyễn Xuân Quang"
    )
    assert block.all_lines()[-1] == "Nguyễn Xuân Quang"


@pytest.mark.parametrize(
    ("capacity", "collective", "head_title", "signer_title", "signer_name", "lines"),
    [
        # §3.3: issued under the Chủ tịch's own power → "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
        pytest.param("KT", None, "Chủ tịch", "Phó Chủ tịch", "Trần Văn A", ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
                     id="chairman-own-power-deputy"),
        pytest.param("TM", "Ủy ban nhân dân", "Chủ tịch", "Chủ tịch", "Lê Thị B",
                     ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), id="head-for-collective"),
        pytest.param("direct", None, "Giám đốc", "Giám đốc", "Phạm C", ("GIÁM ĐỐC",), id="director-direct"),
        pytest.param("KT", None, "Giám đốc", "Phó Giám đốc", "Võ D", ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
                     id="director-deputy"),
        # Biên bản: THƯ KÝ (left) and CHỦ TỌA (right) sign in their own capacity
        pytest.param("direct", None, "Chủ tọa", "Thư ký", "Đặng E", ("THƯ KÝ",), id="council-minutes-direct"),
        pytest.param("TL", None, "Giám đốc", "Chánh Văn phòng", "Hồ F", ("TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"),
                     id="tl"),
        pytest.param("TUQ", None, "Giám đốc", "Trưởng phòng Quản lý công nghiệp", "Ngô G",
                     ("TUQ. GIÁM ĐỐC", "TRƯỞNG PHÒNG QUẢN LÝ CÔNG NGHIỆP"), id="tuq"),
    ],
)
def test_title_lines(capacity: str, collective: str | None, head_title: str, signer_title: str, signer_name: str,
                     lines: tuple[str, ...]) -> None:
    block = signature_block(capacity, collective=collective, head_title=head_title, signer_title=signer_title,
                            signer_name=signer_name)
    assert block.lines == lines


def test_name_kept_as_given_and_nfc() -> None:
    block = signature_block(
        "direct",
        collective=None,
        head_title="giám đốc",
        signer_title="giám đốc",
        signer_name="  Nguye\u0302\u0303n  Văn   An ",
    )
    assert block.name == "Nguyễn Văn An"
    assert block.lines == ("GIÁM ĐỐC",)


def test_block_is_frozen() -> None:
    block = signature_block(
        "direct", collective=None, head_title="Giám đốc", signer_title="Giám đốc", signer_name="X"
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        block.name = "Y"  # type: ignore[misc]


@pytest.mark.parametrize("capacity", ["Q", "kt", "", "TM.", "KT/TL"])
def test_unknown_capacity(capacity: str) -> None:
    with pytest.raises(ValueError, match="unknown signing capacity"):
        signature_block(capacity, collective=None, head_title="A", signer_title="B", signer_name="C")


@pytest.mark.parametrize(
    ("capacity", "collective", "head_title", "signer_title", "signer_name", "refusal"),
    [
        ("TM", None, "Chủ tịch", "Chủ tịch", "X", "collective"),
        ("TM", "Ủy ban nhân dân", "Chủ tịch", "Phó Chủ tịch", "X", "KT"),
        ("KT", None, "Giám đốc", "GIÁM ĐỐC", "X", "deputy"),
        ("TL", "Ủy ban nhân dân", "Chủ tịch", "Chánh VP", "X", "does not take a collective"),
        ("direct", None, "A", "A", " ", "signer_name"),
    ],
)
def test_mistakes_are_refused(capacity: str, collective: str | None, head_title: str, signer_title: str,
                              signer_name: str, refusal: str) -> None:
    with pytest.raises(ValueError, match=refusal):
        signature_block(capacity, collective=collective, head_title=head_title, signer_title=signer_title,
                        signer_name=signer_name)
