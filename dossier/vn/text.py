"""Vietnamese text helpers: normalisation, search folding, upper case, sorting.

All text stored or rendered by the system is NFC (precomposed), which is what
Word and Times New Roman expect; decomposed input (from macOS, some PDF
copy-paste) would otherwise compare unequal and render with floating marks.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")

# Marks that turn a base letter into another letter of the alphabet (ă â ê ô ơ ư).
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
# Tone marks in the order used for sorting: ngang (none), huyền, sắc, hỏi, ngã, nặng.
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
# Vietnamese alphabet order; f j w z (foreign words, names) slotted in Latin order.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}


def nfc(s: str) -> str:
    """Unicode NFC form (precomposed Vietnamese letters)."""
    return unicodedata.normalize("NFC", s)


def fold(s: str) -> str:
    """Search key: no diacritics, đ→d, lowercase, single spaces.

    >>> fold("  Máy sấy   TÁO ")
    'may say tao'
    """
    decomposed = unicodedata.normalize("NFD", s)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", stripped.lower()).strip()


def in_sentence(s: str) -> str:
    """A name as it reads inside a sentence: its first letter in lower case, nothing else.

    "Máy chạm khắc gỗ CNC 4 đầu" → "máy chạm khắc gỗ CNC 4 đầu" (``str.lower`` would write
    "cnc"); a first word that is an abbreviation stays: "CNC router" → "CNC router".
    """
    s = nfc(s).strip()
    first = s.split(" ", 1)[0]
    if not first or any(ch.isupper() for ch in first[1:]):
        return s
    return first[0].lower() + s[1:]


def vn_upper(s: str) -> str:
    """Upper case that keeps diacritics, NFC ("Phó chủ tịch" → "PHÓ CHỦ TỊCH")."""
    return nfc(nfc(s).upper())


def _split_letter(ch: str) -> tuple[str, int]:
    """(base letter of the alphabet, tone rank) for one NFC character, lowercase."""
    parts = unicodedata.normalize("NFD", ch.lower())
    base = parts[0] + "".join(m for m in parts[1:] if m in _LETTER_MARKS)
    tone = max((_TONES.get(m, 0) for m in parts[1:]), default=0)
    return nfc(base), tone


def sort_key(s: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...], str]:
    """Key for Vietnamese alphabetical order (simple, three levels like a dictionary).

    1. base letters in the Vietnamese alphabet order a ă â b c d đ e ê … o ô ơ … u ư …,
       case-insensitive; spaces sort before digits/punctuation, which sort before letters;
    2. then tones, letter by letter: ngang < huyền < sắc < hỏi < ngã < nặng
       (so "ba" < "bà" < "bá" < "bả" < "bã" < "bạ" < "bác");
    3. then the NFC string itself, so the order is total and stable.

    It sorts strings as written (it does not move a person's given name first).
    """
    text = _SPACES.sub(" ", nfc(s)).strip()
    primary: list[tuple[int, int]] = []
    tones: list[int] = []
    for ch in text:
        if ch == " ":
            primary.append((0, 0))
            tones.append(0)
            continue
        letter, tone = _split_letter(ch)
        rank = _LETTER_RANK.get(letter)
        primary.append((2, rank) if rank is not None else (1, ord(letter[0])))
        tones.append(tone)
    return tuple(primary), tuple(tones), text
