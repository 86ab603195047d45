"""The content check across a dossier's documents (issue 10, item 5): what one document cannot
show alone.

Given the dossier's documents in step order — each with its visible text and, when it was
issued, its registered number and issue date — it finds:

- dates out of the dossier's order (Đơn ≤ QĐ thành lập Hội đồng ≤ Giấy mời ≤ họp Hội đồng ≤
  Tờ trình ≤ QĐ phê duyệt ≤ Hợp đồng ≤ kiểm tra ≤ nghiệm thu ≤ thanh lý ≤ quyết toán);
- a citation of one of the dossier's documents left unfilled ("Tờ trình số …/TTr-SCT") although
  that document is issued, cited with another number or date than its own, or dated after the
  document citing it;
- figures that disagree between documents: the support proposed and approved (Tờ trình, QĐ phê
  duyệt, Hợp đồng), the council's proposal (Biên bản họp, as the Tờ trình restates it), the
  contract value (Hợp đồng, thanh lý: never above the support), the advance, the accepted value,
  the settlement.

Each finding names both documents, in Vietnamese. Pure: text in, findings out; the service
(services/coherence.py) gathers a stored dossier's documents.

Why the printed text and not the contexts: the check is about what the reader of the two pages
sees; a template printing another field than the one intended is exactly what it must catch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache

from .checks import Problem
from .content import document_date

# Rank of each dossier document in the chain; documents of one step share a rank.
RANK: dict[str, int] = {
    "don_de_nghi_ho_tro": 0, "de_an_khuyen_cong": 0, "thong_bao_yeu_cau_bo_sung": 0,
    "qd_thanh_lap_hoi_dong": 1, "giay_moi_hop_hoi_dong": 2, "phieu_nhan_xet": 3, "bien_ban_hop_hoi_dong": 3,
    "to_trinh_phe_duyet": 4, "qd_phe_duyet_de_an": 5, "hop_dong_thuc_hien": 6, "bien_ban_kiem_tra": 7,
    "bien_ban_nghiem_thu": 8, "bien_ban_thanh_ly": 9, "bao_cao_quyet_toan": 10,
}
# What a citation's neighbourhood says of the decision it cites (several QĐ share a series).
# Each is looked for around the citation ("Quyết định số 02/QĐ-UBND ngày … phê duyệt đề án",
# "đã được phê duyệt tại Quyết định số …"), never "phê duyệt Chương trình" or "danh mục đề án".
_NUM = r"Quyết định số[\s…]*\S*(?: ngày [^,;]*? năm \d{4})?(?: của [^,;]*?)?(?: về việc)?"
_DECISION_SUBJECT = {
    "qd_thanh_lap_hoi_dong": re.compile(rf"{_NUM} (?:thành lập|về thành lập)|thành lập theo Quyết định"),
    "qd_phe_duyet_de_an": re.compile(rf"{_NUM} phê duyệt đề án|phê duyệt tại Quyết định"),
    "qd_dieu_chinh": re.compile(rf"{_NUM} (?:phê duyệt )?điều chỉnh|điều chỉnh tại Quyết định"),
    "qd_ngung_thuc_hien": re.compile(rf"{_NUM} (?:về việc )?ngừng|ngừng thực hiện tại Quyết định"),
}
_CITED_KIND = {
    "Quyết định": ("qd_thanh_lap_hoi_dong", "qd_phe_duyet_de_an", "qd_dieu_chinh", "qd_ngung_thuc_hien"),
    "Tờ trình": ("to_trinh_phe_duyet",),
    "Hợp đồng": ("hop_dong_thuc_hien",),
    "Giấy mời": ("giay_moi_hop_hoi_dong",),
}
_GAP = "…. \u00a0"
_CITATION = re.compile(
    r"\b(?P<kind>Quyết định|Tờ trình|Hợp đồng|Giấy mời) số"
    rf"(?P<number>[{_GAP}]*[^\s,;:()]*?)(?=[\s,;:()]|$)"
    r"(?:\s+ngày\s+(?P<d>\d{1,2}) tháng (?P<m>\d{1,2}) năm (?P<y>\d{4}))?")
_OWN_NUMBER = re.compile(r"^Số\s*:\s*(\S+)")
_TODAY = re.compile(r"Hôm nay,? ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})")
_AMOUNT = r"(\d{1,3}(?:\.\d{3})*) đồng"

# (figure, templates it is read from, the phrase before the amount)
_FIGURES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("support", ("to_trinh_phe_duyet", "qd_phe_duyet_de_an", "hop_dong_thuc_hien"),
     r"Kinh phí khuyến công hỗ trợ: "),
    # The council proposes; the Sở's Tờ trình states that proposal beside its own, which may differ.
    ("council", ("bien_ban_hop_hoi_dong",), r"Kinh phí khuyến công Hội đồng đề nghị hỗ trợ: "),
    ("council", ("to_trinh_phe_duyet",), r"Hội đồng thẩm định đề xuất hỗ trợ "),
    ("contract", ("hop_dong_thuc_hien",), r"Giá trị hợp đồng \(kinh phí khuyến công hỗ trợ\): "),
    ("contract", ("bien_ban_thanh_ly",), r"Giá trị hợp đồng: "),
    ("advance", ("hop_dong_thuc_hien",), r"tạm ứng cho Bên B [^.;]*?tương ứng "),
    ("advanced", ("bien_ban_thanh_ly",), r"Bên A đã tạm ứng cho Bên B: "),
    ("accepted", ("bien_ban_nghiem_thu",), r"Kinh phí khuyến công hỗ trợ được thanh toán: "),
    ("accepted", ("bien_ban_thanh_ly",), r"Giá trị được nghiệm thu, thanh toán: "),
    ("to_pay", ("bien_ban_thanh_ly",), r"Bên A còn phải thanh toán cho Bên B: "),
    ("to_recover", ("bien_ban_thanh_ly",), r"Bên B phải nộp trả Bên A: "),
    ("settlement", ("bao_cao_quyet_toan",), r"Số kinh phí đề nghị quyết toán: "),
)
FIGURE_LABEL = {"support": "kinh phí khuyến công hỗ trợ", "council": "kinh phí Hội đồng đề nghị hỗ trợ",
                "contract": "giá trị hợp đồng", "advance": "số tiền tạm ứng",
                "advanced": "số đã tạm ứng", "accepted": "kinh phí hỗ trợ được nghiệm thu, thanh toán",
                "to_pay": "số còn phải thanh toán", "to_recover": "số phải nộp trả",
                "settlement": "số kinh phí quyết toán"}
# An approved adjustment may change the support: figures are compared within one side of it.
_RESETS = ("qd_dieu_chinh",)


@dataclass(frozen=True)
class DossierDocument:
    """One document of the dossier as the check reads it.

    ``number`` and ``issued_on`` are the register's (None for a draft); without them the text's
    own "Số: …" line and place–date line are used. ``drafted_on`` (the step's date) only names a
    draft whose date line is still blank: that draft takes its signing day and binds nothing.
    """

    template_id: str
    name: str
    paragraphs: Sequence[str]
    number: str | None = None
    issued_on: date | None = None
    drafted_on: date | None = None
    key: str = ""  # how the caller names it in the report (its id)
    lines: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        paragraphs = self.paragraphs
        lines = _kept_lines(paragraphs) if isinstance(paragraphs, tuple) else _lines(paragraphs)
        object.__setattr__(self, "lines", lines)

    @property
    def own_number(self) -> str | None:
        if self.number:
            return self.number
        for line in self.lines[:12]:
            found = _OWN_NUMBER.match(line)
            if found and found.group(1)[0].isdigit():
                return found.group(1)
        return None

    @cached_property  # the fields are frozen; the cross-document checks ask it again and again
    def on(self) -> date | None:
        """Its issue date, else the date it prints; a draft whose date line is still blank has
        none yet (it takes its signing day) and binds nothing."""
        if self.issued_on:
            return self.issued_on
        printed, _ = document_date(self.lines)
        if printed:
            return printed
        for line in self.lines:
            today = _TODAY.search(line)
            if today:
                return _day(today.group(1), today.group(2), today.group(3))
        return None

    @property
    def label(self) -> str:
        """"Tờ trình … số 04/TTr-SCT"; a document with no number by its date, or as a draft."""
        number = self.own_number
        if number:
            return f"{self.name} số {number}"
        when = self.on or self.drafted_on
        return f"{self.name} ngày {when:%d/%m/%Y}" if when else f"{self.name} (dự thảo)"

    @property
    def dated(self) -> str:
        """The label with the date: "Tờ trình … số 04/TTr-SCT ngày 18/03/2025"."""
        if self.own_number and self.on:
            return f"{self.label} ngày {self.on:%d/%m/%Y}"
        if self.on:
            return f"{self.name} ngày {self.on:%d/%m/%Y}"
        return self.label


def _lines(paragraphs: Iterable[str]) -> tuple[str, ...]:
    """The non-blank paragraphs, each with its runs of white space made one space."""
    return tuple(" ".join(p.split()) for p in paragraphs if p and p.strip())


# A stored document's text is one tuple for as long as the service keeps it (services/coherence.py
# keeps it by content hash), and each issuance checks every document of the dossier again: its
# lines and the citations in them are worked out once per text, not once per check. Pure: the same
# text gives the same lines and citations.
_KEPT = 512


@lru_cache(maxsize=_KEPT)
def _kept_lines(paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    return _lines(paragraphs)


def _day(d: str, m: str, y: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _problem(doc: DossierDocument, vi: str, en: str, quote: str = "") -> Problem:
    return Problem("error", doc.key or doc.template_id, None, vi, en, quote[:160])


# ---- dates --------------------------------------------------------------------------------

def _dates_out_of_order(docs: Sequence[DossierDocument]) -> list[Problem]:
    """A document of a later step dated before one of an earlier step (earlier in step order:
    a dossier sent back starts a new attempt, whose documents follow the abandoned ones)."""
    problems = []
    for j, later in enumerate(docs):
        rank, when = RANK.get(later.template_id), later.on
        if rank is None or when is None:
            continue
        earlier = [e for e in docs[:j] if RANK.get(e.template_id, rank + 1) <= rank and e.on and e.on > when]
        if earlier:
            first = max(earlier, key=lambda e: (RANK[e.template_id], e.on))
            problems.append(_problem(
                later, f"{later.dated} trước {first.dated}.",
                f"{later.template_id} dated {when.isoformat()} before {first.template_id} of "
                f"{first.on.isoformat()}"))
    return problems


# ---- citations ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Citation:
    kind: str
    number: str  # as printed; blank ("", "…/TTr-SCT", "/QĐ-UBND") when unfilled
    on: date | None
    around: str

    @property
    def filled(self) -> bool:
        return bool(self.number) and self.number[0].isdigit()

    @property
    def series(self) -> str:
        """What follows the serial number: "/TTr-SCT", "/2025/HĐ-KC"."""
        return _series_of(self.number.lstrip(_GAP))


@lru_cache(maxsize=_KEPT)
def _citing_lines(lines: tuple[str, ...]) -> tuple[tuple[str, tuple[_Citation, ...]], ...]:
    """The lines that cite an act, each with its citations in order (see `_kept_lines`)."""
    found = ((line, tuple(_citations(line))) for line in lines)
    return tuple((line, citations) for line, citations in found if citations)


def _citations(line: str) -> Iterable[_Citation]:
    for m in _CITATION.finditer(line):
        on = _day(m["d"], m["m"], m["y"]) if m["d"] else None
        around = line[max(0, m.start() - 40): m.end() + 140]
        number = m["number"].strip(_GAP).rstrip(".")
        yield _Citation(m["kind"], number, on, around)


def _series_of(number: str) -> str:
    tail = number.lstrip("0123456789")
    return tail if tail.startswith("/") else ""


def _cited(citation: _Citation, docs: Sequence[DossierDocument]) -> DossierDocument | None:
    """The dossier's document a citation means: by its number, else by kind, series and subject."""
    kinds = _CITED_KIND[citation.kind]
    if citation.filled:
        same = [d for d in docs if d.own_number == citation.number]
        if same:
            return same[-1]
    candidates = [d for d in docs if d.template_id in kinds]
    if citation.filled:  # another number than the dossier's own: only a numbered document can differ
        candidates = [d for d in candidates if d.own_number]
    if citation.series:
        candidates = [d for d in candidates if not d.own_number or _series_of(d.own_number) == citation.series]
    if citation.kind == "Quyết định":
        candidates = [d for d in candidates if _DECISION_SUBJECT[d.template_id].search(citation.around)]
    return candidates[-1] if candidates else None


def _citation_problems(doc: DossierDocument, earlier: Sequence[DossierDocument]) -> list[Problem]:
    problems = []
    for line, citations in _citing_lines(doc.lines):
        for citation in citations:
            cited = _cited(citation, earlier)
            if cited is None or cited is doc:
                continue
            number, issued = cited.own_number, cited.on if cited.own_number else None
            if not citation.filled:
                if number:
                    problems.append(_problem(
                        doc, f"{doc.label} trích dẫn {cited.name} chưa ghi số, ngày, trong khi {cited.label} "
                             f"đã ban hành{f' ngày {issued:%d/%m/%Y}' if issued else ''}.",
                        f"{doc.template_id} cites {cited.template_id} with no number; it is issued as {number}",
                        line))
                continue
            if number and citation.number != number:
                problems.append(_problem(
                    doc, f"{doc.label} trích dẫn {citation.kind} số {citation.number}, nhưng {cited.name} của hồ sơ "
                         f"là số {number}.",
                    f"{doc.template_id} cites {citation.number}; {cited.template_id} is {number}", line))
            elif issued and citation.on and citation.on != issued:
                problems.append(_problem(
                    doc, f"{doc.label} trích dẫn {cited.label} ngày {citation.on:%d/%m/%Y}, nhưng văn bản đó "
                         f"ngày {issued:%d/%m/%Y}.",
                    f"{doc.template_id} cites {number} as of {citation.on.isoformat()}; it is dated "
                    f"{issued.isoformat()}", line))
            cited_on = citation.on or issued
            if cited_on and doc.on and cited_on > doc.on:
                problems.append(_problem(
                    doc, f"{doc.dated} trích dẫn {cited.label} ngày {cited_on:%d/%m/%Y}, sau ngày của chính nó.",
                    f"{doc.template_id} of {doc.on.isoformat()} cites {cited.template_id} of "
                    f"{cited_on.isoformat()}", line))
    return problems


# ---- figures ------------------------------------------------------------------------------

def figures(doc: DossierDocument) -> dict[str, int]:
    """The dossier's figures the document prints (first occurrence of each)."""
    text = "\n".join(doc.lines)
    found: dict[str, int] = {}
    for key, templates, phrase in _FIGURES:
        if doc.template_id not in templates or key in found:
            continue
        m = re.search(phrase + _AMOUNT, text)
        if m:
            found[key] = int(m.group(1).replace(".", ""))
    return found


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def _figure_problems(docs: Sequence[DossierDocument]) -> list[Problem]:
    problems: list[Problem] = []
    last: dict[str, tuple[DossierDocument, int]] = {}  # figure → latest document stating it
    for doc in docs:
        if doc.template_id in _RESETS:
            last.pop("support", None)
            last.pop("contract", None)
            continue
        own = figures(doc)
        for key, amount in own.items():
            # a document of the same template later in step order is a new attempt (an acceptance
            # failed, then passed): it replaces the earlier one's figure rather than disagreeing
            if (key in last and key != "advance" and last[key][1] != amount
                    and last[key][0].template_id != doc.template_id):
                other, theirs = last[key]
                problems.append(_problem(
                    doc, f"{doc.label} ghi {FIGURE_LABEL[key]} {_money(amount)}, {other.label} ghi {_money(theirs)}.",
                    f"{key}: {doc.template_id} {amount} vs {other.template_id} {theirs}"))
        for key, amount in own.items():
            last[key] = (doc, amount)
        problems += _bounds(doc, own, last)
    return problems


def _bounds(doc: DossierDocument, own: dict[str, int], last: dict[str, tuple[DossierDocument, int]]) -> list[Problem]:
    """Amounts that may differ but not exceed: an advance or an accepted value above the
    support agreed, a settlement above what was accepted; the liquidation's own sum."""
    problems = []
    support = last.get("support")
    for key in ("contract", "advance", "advanced", "accepted", "settlement"):
        if key in own and support and own[key] > support[1]:
            problems.append(_problem(
                doc, f"{doc.label} ghi {FIGURE_LABEL[key]} {_money(own[key])}, vượt {FIGURE_LABEL['support']} "
                     f"{_money(support[1])} tại {support[0].label}.",
                f"{key} {own[key]} above the support {support[1]} of {support[0].template_id}"))
    accepted = last.get("accepted")
    if "settlement" in own and accepted and accepted[0] is not doc and own["settlement"] > accepted[1]:
        problems.append(_problem(
            doc, f"{doc.label} ghi {FIGURE_LABEL['settlement']} {_money(own['settlement'])}, vượt "
                 f"{FIGURE_LABEL['accepted']} {_money(accepted[1])} tại {accepted[0].label}.",
            f"settlement {own['settlement']} above the accepted {accepted[1]}"))
    if {"accepted", "advanced", "to_pay", "to_recover"} <= own.keys():
        due = own["accepted"] - own["advanced"]
        if due != own["to_pay"] - own["to_recover"]:
            problems.append(_problem(
                doc, f"{doc.label}: giá trị được thanh toán {_money(own['accepted'])} trừ số đã tạm ứng "
                     f"{_money(own['advanced'])} không bằng số còn phải thanh toán {_money(own['to_pay'])} trừ số "
                     f"phải nộp trả {_money(own['to_recover'])}.",
                "liquidation: accepted - advanced != to pay - to recover"))
    return problems


_RECOMMENDED = re.compile(r"^Kinh phí khuyến công đề nghị hỗ trợ: " + _AMOUNT)


def _council_problems(docs: Sequence[DossierDocument]) -> list[Problem]:
    """The Biên bản họp proposes what the members' Phiếu nhận xét of that meeting proposed, when
    they all proposed the same amount."""
    problems, sheets = [], []
    for doc in docs:
        if doc.template_id == "phieu_nhan_xet":
            found = next((m for m in map(_RECOMMENDED.match, doc.lines) if m), None)
            if found:
                sheets.append((doc, int(found.group(1).replace(".", ""))))
        elif doc.template_id == "bien_ban_hop_hoi_dong":
            amounts = {a for _, a in sheets}
            council = figures(doc).get("council")
            if len(amounts) == 1 and council is not None and council not in amounts:
                sheet, amount = sheets[-1]
                problems.append(_problem(
                    doc, f"{doc.label} ghi kinh phí Hội đồng đề nghị hỗ trợ {_money(council)}, các {sheet.name} "
                         f"({len(sheets)} phiếu) đều đề nghị {_money(amount)}.",
                    f"council proposes {council}, every member's sheet {amount}"))
            sheets = []
    return problems


def check_dossier(docs: Sequence[DossierDocument]) -> list[Problem]:
    """Every cross-document finding over the dossier's documents, given in step order."""
    problems = _dates_out_of_order(docs)
    for i, doc in enumerate(docs):
        problems += _citation_problems(doc, docs[:i])
    return problems + _figure_problems(docs) + _council_problems(docs)
