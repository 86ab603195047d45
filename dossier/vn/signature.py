"""Signature block (ô số 7a/7b): capacity and title lines above the signer's name.

ND 30/2020 capacities:

* ``direct`` — the head signs in their own name:        GIÁM ĐỐC
* ``TM``     — the head signs for a collective body:     TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH
* ``KT``     — a deputy signs in place of the head:      KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC
  (for a collective: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)
* ``TL``     — signed on the head's behalf by a unit head: TL. GIÁM ĐỐC / CHÁNH VĂN PHÒNG
* ``TUQ``    — signed under a written authorisation:      TUQ. GIÁM ĐỐC / TRƯỞNG PHÒNG …

The lines are uppercase (Vietnamese-aware); the name stays as given (title case,
no academic titles — the caller's data).
"""

from __future__ import annotations

from dataclasses import dataclass

from dossier.vn.text import nfc, vn_upper

CAPACITIES = ("direct", "TM", "KT", "TL", "TUQ")


@dataclass(frozen=True)
class SignatureBlock:
    """Lines above the signature (7a) and the signer's name (7b)."""

    lines: tuple[str, ...]
    name: str

    def all_lines(self) -> tuple[str, ...]:
        """Title lines followed by the name, top to bottom (the signature goes before the name)."""
        return (*self.lines, self.name)


def _clean(value: str | None, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string")
    return " ".join(nfc(value).split())


def signature_block(
    capacity: str,
    *,
    collective: str | None,
    head_title: str,
    signer_title: str,
    signer_name: str,
) -> SignatureBlock:
    """Build the signature block for ``capacity`` (one of :data:`CAPACITIES`).

    ``collective`` is the collective body ("Ủy ban nhân dân") — required for ``TM``,
    optional for ``KT`` (adds the "TM." line), refused for the others where it
    would be silently meaningless. ``head_title`` is the head's title ("Chủ tịch",
    "Giám đốc"); ``signer_title`` the title of the person who actually signs.
    """
    if capacity not in CAPACITIES:
        raise ValueError(f"unknown signing capacity {capacity!r}; expected one of {', '.join(CAPACITIES)}")
    head = vn_upper(_clean(head_title, "head_title"))
    signer = vn_upper(_clean(signer_title, "signer_title"))
    name = _clean(signer_name, "signer_name")
    body = vn_upper(_clean(collective, "collective")) if collective is not None else None

    if capacity in ("direct", "TL", "TUQ") and body is not None:
        raise ValueError(f"capacity {capacity!r} does not take a collective (use 'TM' or 'KT')")

    if capacity == "direct":
        # Anyone signing in their own capacity (the head, a council's CHỦ TỌA / THƯ KÝ).
        lines: tuple[str, ...] = (signer,)
    elif capacity == "TM":
        if body is None:
            raise ValueError("capacity 'TM' needs the collective body (e.g. 'Ủy ban nhân dân')")
        if signer != head:
            raise ValueError(
                f"'TM' is signed by the head ({head!r}), not {signer!r}; a deputy signs with 'KT' "
                "and the collective"
            )
        lines = (f"TM. {body}", head)
    elif capacity == "KT":
        if signer == head:
            raise ValueError("'KT' is for a deputy: signer_title must differ from head_title")
        lines = (f"KT. {head}", signer)
        if body is not None:
            lines = (f"TM. {body}", *lines)
    else:  # TL, TUQ
        lines = (f"{capacity}. {head}", signer)
    return SignatureBlock(lines=lines, name=name)
