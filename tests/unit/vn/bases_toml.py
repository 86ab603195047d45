"""Small libraries of legal bases written for the tests (the TOML the product ships, in brief)."""

from __future__ import annotations

from pathlib import Path


def basis(code: str, number: str, signed: str, valid_from: str, *, title: str = "về thử", **more: str) -> str:
    """One [[basis]] table: a Nghị định of the Chính phủ; `more` adds keys with their TOML values."""
    lines = ["[[basis]]", f'code = "{code}"', 'kind = "nghi_dinh"', f'number = "{number}"', f"signed = {signed}",
             'issuer = "Chính phủ"', f'title = "{title}"', f"valid_from = {valid_from}",
             *(f"{key} = {value}" for key, value in more.items())]
    return "\n" + "\n".join(lines) + "\n"


def library_file(tmp_path: Path, *bases: str) -> Path:
    """A library for the one document kind "hop_dong" holding `bases`."""
    path = tmp_path / "bases.toml"
    path.write_text('document_kinds = ["hop_dong"]\n' + "".join(bases), encoding="utf-8")
    return path
