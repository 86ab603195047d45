"""The "Nơi nhận:" list (ô số 9b, domain.md §5.2).

Each line starts with "- " and ends with ";"; the last line is the archive line
"- Lưu: VT, <units>." (VT = văn thư, always first). Input items may already
carry the dash or the final punctuation (copied from an old document); they
are normalised so the output is always uniform.
"""

from __future__ import annotations

from collections.abc import Iterable

from dossier.vn.text import nfc


def _clean(item: str) -> str:
    if not isinstance(item, str):
        raise TypeError(f"recipient must be a string, got {type(item).__name__}")
    text = " ".join(nfc(item).split())
    text = text.removeprefix("-").strip().rstrip(";., ")
    if not text:
        raise ValueError("empty recipient line")
    return text


def recipient_lines(recipients: Iterable[str], archive: Iterable[str]) -> list[str]:
    """["- Như Điều 3;", "- Sở Tài chính;", "- Lưu: VT, QLCN."].

    ``archive`` lists the units keeping a copy after VT (unit abbreviations, optionally
    drafter initials and copy count, e.g. "QLCN", "Ng(05)").
    """
    if isinstance(recipients, str) or isinstance(archive, str):
        raise TypeError("recipients and archive must be lists of strings, not a single string")
    lines = [f"- {_clean(r)};" for r in recipients]
    units = ["VT"] + [u for u in (_clean(a) for a in archive) if u != "VT"]
    lines.append(f"- Lưu: {', '.join(units)}.")
    return lines
