"""Demo signature and seal images, drawn when the demo is seeded (no binary in the repository).

A demo leader's "handwritten" signature is his given name in a slanted script with a flourish,
blue on a transparent background; a demo seal is a red double ring with the parent body's name
around it, the organisation's name and a star inside, and the word "MẪU" so that no one takes a
demo seal for a real one. Both carry their DPI, so they are drawn at a believable physical size
(seal 38 mm across, signature 45 mm wide) — and both pass the same checks as an upload.
"""

from __future__ import annotations

import hashlib
import io
import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BLUE = (18, 38, 170, 255)
RED = (210, 20, 28, 255)
SEAL_PX = 600
SEAL_MM = 38.0
SIGNATURE_SIZE = (640, 240)
SIGNATURE_MM = 45.0
_FONTS = "/usr/share/fonts/truetype/liberation2"


def _font(style: str, size: int) -> ImageFont.FreeTypeFont:
    path = Path(_FONTS) / f"LiberationSerif-{style}.ttf"
    if not path.is_file():
        from dossier.signing.appearance import stamp_font_path

        path = stamp_font_path()
    return ImageFont.truetype(str(path), size)


def _png(image: Image.Image, width_mm: float) -> bytes:
    dpi = image.size[0] / width_mm * 25.4
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi), optimize=True)
    return out.getvalue()


def demo_signature_png(full_name: str) -> bytes:
    """A blue, transparent "handwritten" signature for a demo leader."""
    rng = random.Random(hashlib.sha256(full_name.encode()).digest())
    image = Image.new("RGBA", SIGNATURE_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    given = full_name.split()[-1] if full_name.split() else "Ký"
    font = _font("BoldItalic", 120)
    draw.text((70 + rng.randint(0, 30), 30), given, font=font, fill=BLUE)
    # The flourish: a smooth stroke under the name and back over it.
    bend, phase = 1.2 + rng.random() * 0.5, rng.random() * math.pi
    points = []
    for step in range(120):
        t = step / 119
        x = 40 + t * 540
        y = 190 - 45 * math.sin(t * math.pi * bend) + 10 * math.sin(t * 7 + phase)
        points.append((x, y))
    draw.line(points, fill=BLUE, width=7, joint="curve")
    return _png(image, SIGNATURE_MM)


def _arc_text(image: Image.Image, text: str, *, radius: float, font: ImageFont.FreeTypeFont, span: float) -> None:
    """Write ``text`` clockwise along the top of a circle, centred at the top, over ``span`` degrees."""
    centre = image.size[0] / 2
    step = span / max(len(text) - 1, 1)
    for index, char in enumerate(text):
        angle = -span / 2 + index * step  # degrees from the top, clockwise
        glyph = Image.new("RGBA", (90, 90), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((45, 45), char, font=font, fill=RED, anchor="mm")
        glyph = glyph.rotate(-angle, resample=Image.BICUBIC)
        rad = math.radians(angle - 90)
        x, y = centre + radius * math.cos(rad), centre + radius * math.sin(rad)
        image.alpha_composite(glyph, (int(x - 45), int(y - 45)))


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    points = []
    for k in range(10):
        rad = math.radians(-90 + k * 36)
        length = r if k % 2 == 0 else r * 0.4
        points.append((cx + length * math.cos(rad), cy + length * math.sin(rad)))
    draw.polygon(points, fill=RED)


def _centre_lines(draw: ImageDraw.ImageDraw, lines: list[str], cy: float, font: ImageFont.FreeTypeFont) -> None:
    for offset, line in enumerate(lines):
        draw.text((SEAL_PX / 2, cy + offset * 40), line, font=font, fill=RED, anchor="mm")


def _wrap(name: str, width: int = 16) -> list[str]:
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines[:3]


def demo_seal_png(name: str, around: str) -> bytes:
    """A red, transparent demo seal: ``around`` on the ring, ``name`` and a star inside, "MẪU"."""
    image = Image.new("RGBA", (SEAL_PX, SEAL_PX), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    c = SEAL_PX / 2
    draw.ellipse((8, 8, SEAL_PX - 8, SEAL_PX - 8), outline=RED, width=14)
    draw.ellipse((92, 92, SEAL_PX - 92, SEAL_PX - 92), outline=RED, width=5)
    ring = around.upper()
    _arc_text(image, ring, radius=c - 52, font=_font("Bold", 46), span=min(300.0, 13.0 * len(ring)))
    _star(draw, c, c - 95, 38)
    _centre_lines(draw, _wrap(name.upper()), c - 20, _font("Bold", 36))
    draw.text((c, c + 120), "MẪU", font=_font("Bold", 34), fill=RED, anchor="mm")
    return _png(image, SEAL_MM)


def seed_demo_images(db, admin_id: int, report=lambda _: None) -> int:
    """A drawn signature for every demo leader and a drawn seal for every demo body, uploaded
    through the same service (and the same checks) an administrator's upload goes through."""
    from sqlalchemy import select

    from dossier.model import Organisation, User
    from dossier.services.signature_images import upload_image
    from workflows.states import Role

    with db.read() as session:
        leaders = [(u.id, u.full_name) for u in session.scalars(select(User).order_by(User.id))
                   if Role.LEADER in u.roles and u.active]
        bodies = [(o.id, o.header_name or o.name, o.header_parent or f"tỉnh {o.province}")
                  for o in session.scalars(select(Organisation).order_by(Organisation.id))]
    for user_id, name in leaders:
        upload_image(db, actor_id=admin_id, kind="signature", data=demo_signature_png(name), user_id=user_id)
    for org_id, name, around in bodies:
        upload_image(db, actor_id=admin_id, kind="seal", data=demo_seal_png(name, around), organisation_id=org_id)
    report(f"Ảnh chữ ký demo: {len(leaders)} lãnh đạo; ảnh con dấu demo (có chữ «MẪU»): {len(bodies)} cơ quan")
    return len(leaders) + len(bodies)
