"""ND 30/2020 images on real bytes: the leader's blue signature image between title and name, the
organisation's red seal at actual size over its left third with the agency and the ISO 8601 time,
an annex's top-right agency signature; pdfsig and pyHanko both find every signature valid, and
uploads are judged by their content."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from conftest import LEADER, LEADER_PASSWORD, ORG, SEAL_PASSWORD, require_program

from dossier.demo.images import demo_seal_png, demo_signature_png
from dossier.signing.appearance import seal_appearance, signature_appearance
from dossier.signing.images import PT_PER_MM, SEAL, SIGNATURE, ImageRefused, check_image
from dossier.signing.pades import (
    ANNEX_FIELD,
    LEADER_FIELD,
    SEAL_FIELD,
    _field_box,
    find_signature_box,
    seal_pdf,
    sign_annex,
    sign_pdf,
    verify_pdf,
)
from dossier.signing.signer import Pkcs12Signer


def _png(mode: str, size: tuple[int, int], colour, *, background=(0, 0, 0, 0), dpi: float | None = None) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new(mode, size, background)
    ImageDraw.Draw(image).ellipse((10, 10, size[0] - 10, size[1] - 10), outline=colour, width=12)
    out = io.BytesIO()
    image.save(out, format="PNG", **({"dpi": (dpi, dpi)} if dpi else {}))
    return out.getvalue()


@pytest.fixture(scope="module")
def issued(sample_pdf, leader_p12, seal_p12):
    """The sample decision signed with the demo signature image and sealed with the demo seal."""
    sig_png, seal_png = demo_signature_png(LEADER), demo_seal_png("Sở Công Thương", "Ủy ban nhân dân tỉnh Hà Giang")
    sig, seal = check_image(sig_png, SIGNATURE), check_image(seal_png, SEAL)
    signed = sign_pdf(sample_pdf, Pkcs12Signer(leader_p12, LEADER_PASSWORD),
                      appearance=signature_appearance(LEADER, image_png=sig_png, image_size_pt=sig.size_pt))
    sealed = seal_pdf(signed, Pkcs12Signer(seal_p12, SEAL_PASSWORD),
                      appearance=seal_appearance(ORG, image_png=seal_png, image_size_pt=seal.size_pt))
    return sample_pdf, signed, sealed, seal


def test_signature_image_sits_between_title_and_name(issued) -> None:
    sample, signed, _sealed, _seal = issued
    _page, blank = find_signature_box(sample, LEADER)
    _page, image = _field_box(signed, LEADER_FIELD)
    assert blank[0] <= image[0] < image[2] <= blank[2] and blank[1] <= image[1] < image[3] <= blank[3]
    assert abs((image[0] + image[2]) - (blank[0] + blank[2])) < 1  # centred on the name
    width, height = image[2] - image[0], image[3] - image[1]
    assert abs(width / height - 640 / 240) < 0.02  # the image's own proportions, not the blank's


def test_seal_is_actual_size_over_the_left_third(issued) -> None:
    _sample, signed, sealed, seal = issued
    _p, sig = _field_box(signed, LEADER_FIELD)
    _p, box = _field_box(sealed, SEAL_FIELD)
    side = seal.width_mm * PT_PER_MM  # 38 mm = 107.7 pt, whatever the signature's size
    assert box[0] == pytest.approx(sig[0] + (sig[2] - sig[0]) / 3 - side, abs=0.05)  # right edge at one third
    assert box[3] == pytest.approx((sig[1] + sig[3]) / 2 + side / 2, abs=0.05)  # centred on the signature


def test_both_signatures_valid_for_pyhanko_and_pdfsig(issued, ca, tmp_path: Path) -> None:
    _sample, _signed, sealed, _seal = issued
    reports = verify_pdf(sealed, [ca[1]])
    assert [r.field_name for r in reports] == [LEADER_FIELD, SEAL_FIELD]
    assert all(r.bottom_line and r.intact and r.trusted for r in reports), [r.problems for r in reports]
    path = tmp_path / "issued.pdf"
    path.write_bytes(sealed)
    out = subprocess.run([require_program("pdfsig"), str(path)], capture_output=True, text=True, timeout=60).stdout
    assert out.count("Signature is Valid") == 2, out


def test_the_page_shows_blue_signature_red_seal_and_the_caption(issued, tmp_path: Path) -> None:
    from PIL import Image

    _sample, signed, sealed, _seal = issued
    path = tmp_path / "issued.pdf"
    path.write_bytes(sealed)
    subprocess.run([require_program("pdftoppm"), "-r", "100", "-png", "-singlefile", str(path), str(tmp_path / "p")],
                   check=True, timeout=120)
    page = Image.open(tmp_path / "p.png").convert("RGB")
    scale = 100 / 72
    _p, sig = _field_box(signed, LEADER_FIELD)
    _p, seal = _field_box(sealed, SEAL_FIELD)

    def pixels(box, x_from: float, x_to: float):  # PDF points (origin bottom left) → rendered pixels
        top = page.height - box[3] * scale
        crop = page.crop((int(x_from * scale), int(top), int(x_to * scale), int(page.height - box[1] * scale)))
        raw = crop.tobytes()
        return [tuple(raw[i:i + 3]) for i in range(0, len(raw), 3)]

    right_of_seal = pixels(sig, sig[0] + (sig[2] - sig[0]) / 3 + 3, sig[2])
    assert sum(1 for r, g, b in right_of_seal if b > 120 and r < 90) > 200  # blue ink, not covered
    seal_part = pixels((seal[0], seal[3] - 107, seal[0] + 107, seal[3]), seal[0], seal[0] + 107)
    assert sum(1 for r, g, b in seal_part if r > 150 and g < 90 and b < 90) > 500  # red seal
    text = subprocess.run([require_program("pdftotext"), "-layout", str(path), "-"], capture_output=True,
                          text=True, timeout=60).stdout
    assert re.search(r"Thời gian ký: 20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", text), text[-800:]
    assert f"Đã ký số: {ORG.upper()}" in text


def test_annex_signature_top_right_without_image(sample_pdf, seal_p12, ca, tmp_path: Path) -> None:
    annex = sign_annex(sample_pdf, Pkcs12Signer(seal_p12, SEAL_PASSWORD), number_text="Số: 15/QĐ-SCT", org_name=ORG)
    page, box = _field_box(annex, ANNEX_FIELD)
    assert page == 0 and box[2] > 500 and box[3] > 760  # top right of an A4 page 1
    report = verify_pdf(annex, [ca[1]])[0]
    assert report.bottom_line and report.field_name == ANNEX_FIELD
    path = tmp_path / "annex.pdf"
    path.write_bytes(annex)
    text = subprocess.run([require_program("pdftotext"), "-f", "1", "-l", "1", str(path), "-"], capture_output=True,
                          text=True, timeout=60).stdout
    assert "Kèm theo văn bản số 15/QĐ-SCT" in text and f"Cơ quan: {ORG}" in text and "+07:00" in text
    images = subprocess.run([require_program("pdfimages"), "-list", str(path)], capture_output=True, text=True,
                            timeout=60).stdout
    assert len(images.strip().splitlines()) == 2  # the header lines only: no image


@pytest.mark.parametrize(("data", "kind", "says"), [
    (b"GIF89a" + b"\0" * 200, SIGNATURE, "không phải ảnh PNG"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 200, SIGNATURE, "bị hỏng"),
    (_png("RGB", (400, 200), (20, 40, 180), background=(255, 255, 255)), SIGNATURE, "nền trong suốt"),
    (_png("RGBA", (400, 200), (20, 40, 180), background=(255, 255, 255, 255)), SIGNATURE, "nền trong suốt"),
    (_png("RGBA", (400, 200), (200, 20, 20, 255)), SIGNATURE, "màu xanh"),
    (_png("RGBA", (400, 400), (20, 40, 180, 255), dpi=300), SEAL, "màu đỏ"),
    (_png("RGBA", (50, 50), (200, 20, 20, 255)), SEAL, "điểm ảnh"),
    (_png("RGBA", (400, 400), (200, 20, 20, 255), dpi=100), SEAL, "kích thước thật"),  # 101 mm: not a seal
])
def test_uploads_are_judged_by_content(data: bytes, kind: str, says: str) -> None:
    with pytest.raises(ImageRefused) as refused:
        check_image(data, kind)
    assert says in refused.value.message


def test_truncated_png_and_bomb_refused() -> None:
    good = _png("RGBA", (400, 400), (200, 20, 20, 255), dpi=300)
    with pytest.raises(ImageRefused):
        check_image(good[: len(good) // 2], SEAL)
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, format="PNG")  # a few KB that would decode to 400 megapixels
    with pytest.raises(ImageRefused, match="điểm ảnh"):
        check_image(out.getvalue(), SEAL)
