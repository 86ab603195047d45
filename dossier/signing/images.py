"""Signature and seal images (ND 30/2020 Phụ lục I), checked by their content.

* the leader's **signature image**: his handwritten signature as on paper, **blue**, PNG with a
  transparent background, drawn between the title and the name;
* the organisation's **seal image**: the seal, **red**, PNG with a transparent background, drawn
  at its **actual size** (a round seal of a Sở is about 36–42 mm across) over the left third of
  the signature image.

An administrator uploads them; :func:`check_image` decides from the bytes alone (the file name
and the browser's content type prove nothing): the file must decode as a PNG with Pillow, stay
within the size and pixel limits (a decompression bomb is refused before decoding), have an
alpha channel with real transparency, and be mostly blue (signature) or red (seal). Each refusal
is an :class:`ImageRefused` with a Vietnamese message.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

from dossier.signing.errors import SigningError

SIGNATURE = "signature"
SEAL = "seal"
KINDS = (SIGNATURE, SEAL)

MAX_BYTES = 2 * 1024 * 1024
MIN_SIDE_PX = 100
MAX_SIDE_PX = 4000
MM_PER_INCH = 25.4
PT_PER_MM = 72 / MM_PER_INCH
# A round seal of a state body is a few centimetres across (TT 14/2014/TT-BCA sizes lie within this).
SEAL_MM = (25.0, 60.0)
DEFAULT_SEAL_MM = 38.0
SIGNATURE_MM = (20.0, 80.0)  # the drawn width of a handwritten signature
DEFAULT_SIGNATURE_MM = 45.0


class ImageRefused(SigningError):
    code = "image_refused"
    message = "Ảnh chữ ký hoặc ảnh con dấu không hợp lệ."

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(detail or message, message=message, detail=detail or message)


@dataclass(frozen=True)
class ImageFacts:
    """What the checks learnt: pixel size and the physical width it is drawn at."""

    kind: str
    width_px: int
    height_px: int
    width_mm: float

    @property
    def height_mm(self) -> float:
        return round(self.width_mm * self.height_px / self.width_px, 2)

    @property
    def size_pt(self) -> tuple[float, float]:
        return self.width_mm * PT_PER_MM, self.height_mm * PT_PER_MM


def _open(data: bytes):
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_BYTES:
        raise ImageRefused(f"Ảnh quá lớn ({len(data) // 1024} KB); tối đa {MAX_BYTES // 1024 // 1024} MB.")
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ImageRefused("Tệp tải lên không phải ảnh PNG (Nghị định 30/2020 yêu cầu ảnh .png nền trong suốt).")
    if data[12:16] != b"IHDR" or len(data) < 33:
        raise ImageRefused("Không đọc được ảnh PNG: tệp bị hỏng.")
    # The size is read from the header, before Pillow decodes anything (a few KB can unpack to gigabytes).
    width, height = struct.unpack(">II", data[16:24])
    _check_pixels(width, height)
    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError) as exc:
        raise ImageRefused("Không đọc được ảnh PNG: tệp bị hỏng.", str(exc)) from exc
    if image.format != "PNG" or image.size != (width, height):
        raise ImageRefused("Tệp tải lên không phải ảnh PNG hợp lệ.")
    try:
        image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageRefused("Không đọc được ảnh PNG: dữ liệu ảnh bị hỏng hoặc thiếu.", str(exc)) from exc
    return image


def _check_pixels(width: int, height: int) -> None:
    if not (MIN_SIDE_PX <= width <= MAX_SIDE_PX and MIN_SIDE_PX <= height <= MAX_SIDE_PX):
        raise ImageRefused(f"Ảnh {width}×{height} điểm ảnh: mỗi cạnh phải từ {MIN_SIDE_PX} đến {MAX_SIDE_PX} điểm ảnh.")


def rgba(data: bytes):
    """The image as RGBA pixels (palette and grey PNGs with transparency included)."""
    return _open(data).convert("RGBA")


def _colour_refusal(kind: str, pixels) -> str | None:
    """Mostly blue for a signature, mostly red for a seal: the mean of the clearly visible pixels."""
    visible = [(r, g, b) for r, g, b, a in pixels if a >= 128]
    if len(visible) < 20:
        return "Ảnh gần như trong suốt hoàn toàn: không thấy chữ ký hoặc con dấu."
    n = len(visible)
    r, g, b = (sum(p[i] for p in visible) / n for i in range(3))
    if kind == SIGNATURE and not (b > r + 20 and b > g + 10):
        return "Ảnh chữ ký phải màu xanh (Nghị định 30/2020, Phụ lục I)."
    if kind == SEAL and not (r > g + 40 and r > b + 40):
        return "Ảnh con dấu phải màu đỏ (Nghị định 30/2020, Phụ lục I)."
    return None


def _physical_width_mm(image, kind: str, width_mm: float | None) -> float:
    if width_mm is None:
        dpi = image.info.get("dpi")
        if dpi and float(dpi[0]) >= 72:
            width_mm = image.size[0] / float(dpi[0]) * MM_PER_INCH
        else:
            width_mm = DEFAULT_SEAL_MM if kind == SEAL else DEFAULT_SIGNATURE_MM
    low, high = SEAL_MM if kind == SEAL else SIGNATURE_MM
    if not low <= width_mm <= high:
        what = "Con dấu" if kind == SEAL else "Chữ ký"
        raise ImageRefused(f"{what} rộng {width_mm:.1f} mm: kích thước thật phải từ {low:g} đến {high:g} mm "
                           "(ghi đúng kích thước hoặc độ phân giải DPI của ảnh).")
    return round(width_mm, 2)


def check_image(data: bytes, kind: str, *, width_mm: float | None = None) -> ImageFacts:
    """Accept ``data`` as a signature or seal image, or raise :class:`ImageRefused`.

    ``width_mm`` is the physical width it is drawn at; by default the PNG's own DPI says it
    (a scan at 600 dpi of a 38 mm seal is 898 px wide), else a usual size.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown image kind {kind!r}")
    image = _open(data)
    if "A" not in image.mode and "transparency" not in image.info:
        raise ImageRefused("Ảnh phải có nền trong suốt (PNG có kênh alpha); ảnh này có nền đặc.")
    sample = image.convert("RGBA")
    sample.thumbnail((256, 256), resample=0)  # nearest: the statistics below, on ≤ 65 536 pixels
    raw = sample.tobytes()
    pixels = [tuple(raw[i:i + 4]) for i in range(0, len(raw), 4)]
    transparent = sum(1 for p in pixels if p[3] < 16)
    if transparent < len(pixels) // 5:
        raise ImageRefused("Ảnh phải có nền trong suốt: phần lớn nền của ảnh này đang bị tô màu.")
    problem = _colour_refusal(kind, pixels)
    if problem:
        raise ImageRefused(problem)
    return ImageFacts(kind, image.size[0], image.size[1], _physical_width_mm(image, kind, width_mm))
