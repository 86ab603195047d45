"""How a document names a person: "Ông Nguyễn Văn A", "Bà Lê Thị B" — from the person's recorded
gender, never guessed from the name; a person whose gender is not recorded is named alone (a
document never prints "Ông/Bà")."""

from __future__ import annotations

GENDERS = ("", "male", "female")  # stored keys; "" = not recorded
GENDER_LABELS = {"": "Chưa ghi", "male": "Nam", "female": "Nữ"}
_HONORIFICS = {"male": "Ông", "female": "Bà"}


def honorific(gender: str) -> str:
    """"Ông", "Bà", or "" when the gender is not recorded."""
    return _HONORIFICS.get(gender or "", "")


def named(full_name: str, gender: str) -> str:
    """The name with its honorific when known: "Bà Nguyễn Thị Hồng Nhung"."""
    title = honorific(gender)
    return f"{title} {full_name}" if title and full_name else full_name
