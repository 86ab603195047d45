"""The "Căn cứ" block (ô số 6) from a dated library of legal bases.

Which texts a document cites depends on its date: ND 45/2012 is cited "được sửa đổi,
bổ sung bởi Nghị định số 235/2025/NĐ-CP" only from 15/10/2025; a 2016 dossier cites
TT 28/2018's predecessor. The texts and their dates therefore live in data
(``dossier/data/legal_bases.toml``), so a new circular means editing data, not code.

Line style follows domain.md §5.9: laws by name and date ("Căn cứ Luật Tổ chức chính
quyền địa phương ngày 16 tháng 6 năm 2025"), other texts by type, number, date, issuer
and title; every line ends with ";" and the last one with ".".
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from dossier.vn.dates import DateLike, format_date, to_date
from dossier.vn.text import fold, nfc

KIND_NAMES = {
    "luat": "Luật",
    "nghi_dinh": "Nghị định",
    "thong_tu": "Thông tư",
    "thong_tu_lien_tich": "Thông tư liên tịch",
    "nghi_quyet": "Nghị quyết",
    "quyet_dinh": "Quyết định",
}
# Order of the Căn cứ block: higher legal force first, then the entry's `order`, then signing date.
_KIND_RANK = {
    "luat": 0,
    "nghi_dinh": 1,
    "thong_tu": 2,
    "thong_tu_lien_tich": 2,
    "nghi_quyet": 3,
    "quyet_dinh": 4,
}


@dataclass(frozen=True)
class LegalBasis:
    """One legal text of the library (see the header of legal_bases.toml for the fields)."""

    code: str
    kind: str
    number: str
    signed: date
    issuer: str
    title: str
    valid_from: date
    valid_to: date | None = None
    amended_by: tuple[str, ...] = ()
    amends: str | None = None
    applies_to: frozenset[str] = frozenset()
    province: str | None = None
    order: int = 100
    demo: bool = False
    confidence: str = "R"
    note: str = ""

    def in_force(self, on: date) -> bool:
        """True when the text may be cited on ``on``: issued by then and in force (valid_to inclusive).

        The signing date is checked on its own so that a library entry whose effective date was
        mistyped before its signing still never lets a document cite a text issued after it.
        """
        issued = self.signed <= on
        return issued and self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def reference(self) -> str:
        """How the text is named inside a citation (no "Căn cứ", no punctuation)."""
        when = format_date(self.signed)
        if self.kind == "luat":
            return f"{self.title} {when}"
        issuer = f" của {self.issuer}" if self.issuer else ""
        return f"{KIND_NAMES[self.kind]} số {self.number} {when}{issuer} {self.title}"

    def short_reference(self) -> str:
        """An amending text, after "được sửa đổi, bổ sung bởi": type, number and date only."""
        if self.kind == "luat":
            return f"{self.title} {format_date(self.signed)}"
        return f"{KIND_NAMES[self.kind]} số {self.number} {format_date(self.signed)}"


@dataclass(frozen=True)
class Library:
    """All bases by code plus the known document kinds."""

    bases: Mapping[str, LegalBasis]
    document_kinds: frozenset[str]


def _as_date(value: object, field: str, code: str) -> date:
    if isinstance(value, date):
        return value
    raise ValueError(f"legal basis {code!r}: {field} must be a TOML date (YYYY-MM-DD), got {value!r}")


def _parse(raw: Mapping[str, object]) -> Library:
    kinds = frozenset(raw.get("document_kinds", ()))  # type: ignore[arg-type]
    bases: dict[str, LegalBasis] = {}
    for item in raw.get("basis", ()):  # type: ignore[union-attr]
        code = item["code"]
        if code in bases:
            raise ValueError(f"duplicate legal basis code {code!r}")
        if item["kind"] not in KIND_NAMES:
            raise ValueError(f"legal basis {code!r}: unknown kind {item['kind']!r}")
        valid_to = item.get("valid_to")
        basis = LegalBasis(
            code=code,
            kind=item["kind"],
            number=nfc(item["number"]),
            signed=_as_date(item["signed"], "signed", code),
            issuer=nfc(item.get("issuer", "")),
            title=nfc(item["title"]),
            valid_from=_as_date(item["valid_from"], "valid_from", code),
            valid_to=_as_date(valid_to, "valid_to", code) if valid_to is not None else None,
            amended_by=tuple(item.get("amended_by", ())),
            amends=item.get("amends"),
            applies_to=frozenset(item.get("applies_to", ())),
            province=nfc(item["province"]) if item.get("province") else None,
            order=int(item.get("order", 100)),
            demo=bool(item.get("demo", False)),
            confidence=item.get("confidence", "R"),
            note=item.get("note", ""),
        )
        unknown = basis.applies_to - kinds
        if unknown:
            raise ValueError(f"legal basis {code!r}: unknown document kinds {sorted(unknown)}")
        if basis.valid_to is not None and basis.valid_to < basis.valid_from:
            raise ValueError(f"legal basis {code!r}: valid_to is before valid_from")
        bases[code] = basis
    for basis in bases.values():
        for ref in (*basis.amended_by, *([basis.amends] if basis.amends else [])):
            if ref not in bases:
                raise ValueError(f"legal basis {basis.code!r} refers to unknown code {ref!r}")
        for ref in basis.amended_by:
            if bases[ref].amends != basis.code:
                raise ValueError(f"{ref!r} is listed in amended_by of {basis.code!r} but does not amend it")
        if basis.amends and basis.applies_to:
            raise ValueError(f"amendment {basis.code!r} must not be cited alone (remove applies_to)")
    return Library(bases=bases, document_kinds=kinds)


def load_library(path: str | Path | None = None) -> Library:
    """Parse and validate a legal-bases TOML file (default: the shipped library)."""
    if path is None:
        return _default_library()
    with open(path, "rb") as fh:
        return _parse(tomllib.load(fh))


@lru_cache(maxsize=1)
def _default_library() -> Library:
    data = resources.files("dossier").joinpath("data", "legal_bases.toml").read_bytes()
    return _parse(tomllib.loads(data.decode("utf-8")))


def _join_amendments(refs: list[str]) -> str:
    if len(refs) == 1:
        return refs[0]
    return ", ".join(refs[:-1]) + " và " + refs[-1]


def citation(basis: LegalBasis, on: date, library: Library | None = None) -> str:
    """ "Căn cứ …" for one basis on date ``on`` (amendments in force appended), no final punctuation."""
    lib = library or _default_library()
    amendments = sorted(
        (lib.bases[c] for c in basis.amended_by if lib.bases[c].in_force(on)), key=lambda b: b.signed
    )
    text = f"Căn cứ {basis.reference()}"
    if not amendments:
        return text
    if basis.kind == "luat":
        # Laws list their amending laws after a semicolon, as in real decisions.
        return text + "; " + "; ".join(a.short_reference() for a in amendments)
    return text + ", được sửa đổi, bổ sung bởi " + _join_amendments([a.short_reference() for a in amendments])


def applicable_bases(
    document_kind: str,
    on: DateLike,
    *,
    province: str | None = None,
    include_demo: bool = True,
    library: Library | None = None,
) -> list[LegalBasis]:
    """Bases cited by ``document_kind`` on ``on``, in Căn cứ order."""
    lib = library or _default_library()
    if document_kind not in lib.document_kinds:
        known = ", ".join(sorted(lib.document_kinds))
        raise ValueError(f"unknown document kind {document_kind!r}; known: {known}")
    day = to_date(on)
    wanted_province = fold(province) if province else None
    chosen = [
        b
        for b in lib.bases.values()
        if document_kind in b.applies_to
        and b.in_force(day)
        and (b.province is None or fold(b.province) == wanted_province)
        and (include_demo or not b.demo)
    ]
    return sorted(chosen, key=lambda b: (_KIND_RANK[b.kind], b.order, b.signed, b.code))


def _strip_end(line: str) -> str:
    if not isinstance(line, str) or not line.strip():
        raise ValueError(f"extra Căn cứ line must be a non-empty string, got {line!r}")
    return " ".join(nfc(line).split()).rstrip(";., ")


def bases_for(
    document_kind: str,
    on: DateLike,
    *,
    province: str | None = None,
    extra: Iterable[str] = (),
    include_demo: bool = True,
    library: Library | None = None,
) -> list[str]:
    """The Căn cứ lines of a document of ``document_kind`` dated ``on``.

    Provincial texts are included only when ``province`` matches (diacritics-insensitive,
    so "Khánh Hoà" = "Khánh Hòa"). ``extra`` lines ("Căn cứ Quyết định số …", "Theo đề nghị
    của …") are appended in the given order. Each line ends with ";", the last with ".".
    """
    if isinstance(extra, str):
        raise TypeError("extra must be a list of lines, not a single string")
    day = to_date(on)
    chosen = applicable_bases(
        document_kind, day, province=province, include_demo=include_demo, library=library
    )
    lines = [citation(b, day, library) for b in chosen]
    lines += [_strip_end(line) for line in extra]
    return [line + ("." if i == len(lines) - 1 else ";") for i, line in enumerate(lines)]
