"""The stamps embed one subset of their font made once per process (dossier.signing.stamp_font):
the page looks exactly as with pyHanko's subset per stamp, and a character outside the preset's
repertoire falls back to that per-stamp subset."""

from __future__ import annotations

import io
import subprocess

import pytest
from conftest import LEADER_PASSWORD, require_program, utc_now

from dossier.signing import stamp_font
from dossier.signing.appearance import signature_appearance, stamp_font_path
from dossier.signing.pades import sign_pdf
from dossier.signing.signer import Pkcs12Signer


def _page_png(pdf: bytes, tmp_path, name: str) -> bytes:
    exe = require_program("pdftoppm")
    (tmp_path / f"{name}.pdf").write_bytes(pdf)
    subprocess.run([exe, "-r", "110", "-png", "-l", "9", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
                   check=True, capture_output=True, timeout=60)
    return b"".join(p.read_bytes() for p in sorted(tmp_path.glob(f"{name}-*.png")))


_SIGNED_AT: list = []  # one time on both stamps (the stamp prints it), taken after the certificate exists


def _sign(sample_pdf: bytes, leader_p12: bytes, name: str) -> bytes:
    appearance = signature_appearance(name, "Phó Giám đốc")
    return sign_pdf(sample_pdf, Pkcs12Signer(leader_p12, LEADER_PASSWORD), appearance=appearance,
                    box=(300, 200, 500, 260), page=-1, signing_time=_signed_at())


def _signed_at():
    if not _SIGNED_AT:
        _SIGNED_AT.append(utc_now())
    return _SIGNED_AT[0]


def test_the_preset_subset_prints_what_a_subset_per_stamp_prints(sample_pdf, leader_p12, tmp_path, monkeypatch):
    from PIL import Image, ImageChops

    name = "Nguyễn Thị Hồng Nhung – Đặng Quốc Bảo, Ưng Hoàng Phúc"
    with_preset = _sign(sample_pdf, leader_p12, name)
    preset = stamp_font._preset(str(stamp_font_path()))
    assert preset.compressed in with_preset, "the stamp embeds the preset subset as it is"

    monkeypatch.setattr(stamp_font, "_preset", lambda _: stamp_font._Preset(frozenset(), b""))
    per_stamp = _sign(sample_pdf, leader_p12, name)
    assert preset.compressed not in per_stamp
    a = Image.open(io.BytesIO(_page_png(with_preset, tmp_path, "a"))).convert("RGB")
    b = Image.open(io.BytesIO(_page_png(per_stamp, tmp_path, "b"))).convert("RGB")
    assert ImageChops.difference(a, b).getbbox() is None, "the two stamps render differently"


def test_a_character_outside_the_repertoire_falls_back_to_a_subset_per_stamp(sample_pdf, leader_p12):
    assert "Ω" not in stamp_font.REPERTOIRE
    signed = _sign(sample_pdf, leader_p12, "Lê Ω Văn")
    assert b"/FontFile2" in signed and stamp_font._preset(str(stamp_font_path())).compressed not in signed


@pytest.mark.parametrize("letter", ["ặ", "Ỵ", "ữ", "Đ", "ơ", "Ẫ"])
def test_the_repertoire_holds_every_vietnamese_letter(letter: str) -> None:
    assert letter in stamp_font.REPERTOIRE
