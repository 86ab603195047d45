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


def test_chairman_own_power_deputy() -> None:
    # §3.3: issued under the Chủ tịch's own power → "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    block = signature_block(
        "KT", collective=None, head_title="Chủ tịch", signer_title="Phó Chủ tịch", signer_name="Trần Văn A"
    )
    assert block.lines == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def test_head_for_collective() -> None:
    block = signature_block(
        "TM",
        collective="Ủy ban nhân dân",
        head_title="Chủ tịch",
        signer_title="Chủ tịch",
        signer_name="Lê Thị B",
    )
    assert block.lines == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


def test_director_direct_and_deputy() -> None:
    direct = signature_block(
        "direct", collective=None, head_title="Giám đốc", signer_title="Giám đốc", signer_name="Phạm C"
    )
    assert direct.lines == ("GIÁM ĐỐC",)
    deputy = signature_block(
        "KT", collective=None, head_title="Giám đốc", signer_title="Phó Giám đốc", signer_name="Võ D"
    )
    assert deputy.lines == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


def test_council_minutes_sign_directly() -> None:
    # Biên bản: THƯ KÝ (left) and CHỦ TỌA (right) sign in their own capacity
    block = signature_block(
        "direct", collective=None, head_title="Chủ tọa", signer_title="Thư ký", signer_name="Đặng E"
    )
    assert block.lines == ("THƯ KÝ",)


def test_tl_and_tuq() -> None:
    tl = signature_block(
        "TL",
        collective=None,
        head_title="Giám đốc",
        signer_title="Chánh Văn phòng",
        signer_name="Hồ F",
    )
    assert tl.lines == ("TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG")
    tuq = signature_block(
        "TUQ",
        collective=None,
        head_title="Giám đốc",
        signer_title="Trưởng phòng Quản lý công nghiệp",
        signer_name="Ngô G",
    )
    assert tuq.lines == ("TUQ. GIÁM ĐỐC", "TRƯỞNG PHÒNG QUẢN LÝ CÔNG NGHIỆP")


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
