"""The contract and its liquidation, rendered from a dossier walked through the real services
(issue 10, item 6): one title on the Hợp đồng; the Biên bản thanh lý says what Bên A still pays
(or Bên B pays back), into which account and within how many working days."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from dossier.documents.profiles import SETTLE_WITHIN_WORKING_DAYS
from dossier.model import Blob, GeneratedDocument
from dossier.services.coherence import check_stored_dossier
from dossier.services.ledger import record_advance
from tests.core.helpers import new_dossier, walk_dossier
from tests.docx_text import docx_text
from workflows import Status, Trigger

ACCOUNT_B = ("- Tài khoản số: 4501205123456 tại Ngân hàng Nông nghiệp và Phát triển nông thôn Việt Nam - Chi nhánh "
             "Khánh Hòa.")


def _lines(db, dossier_id: int, template_id: str) -> list[str]:
    with db.read() as session:
        document = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == template_id)
            .order_by(GeneratedDocument.id.desc())).first()
        return [" ".join(line.split()) for line in docx_text(session.get(Blob, document.sha256).data).splitlines()
                if line.strip()]


def _advanced_then_settled(db, users, accepted_support: int) -> int:
    """A 2025 dossier (130 triệu approved) advanced 65 triệu after its contract, then accepted
    with `accepted_support` and settled."""
    dossier_id = new_dossier(db, users, year=2025)
    walk_dossier(db, users, dossier_id, Status.IN_PROGRESS)
    record_advance(db, users["chuyenvien"], dossier_id, 65_000_000, date(2025, 4, 20), reference="UNC 15")
    walk_dossier(db, users, dossier_id, Status.SETTLED, inputs={
        Trigger.ACCEPT: {"accepted_support": accepted_support},
        Trigger.SETTLE: {"settled_amount": accepted_support}})
    return dossier_id


def test_the_contract_has_one_title_and_bên_b_s_account(db, users):
    dossier_id = new_dossier(db, users, year=2025)
    walk_dossier(db, users, dossier_id, Status.CONTRACTED)
    lines = _lines(db, dossier_id, "hop_dong_thuc_hien")
    title = lines.index("HỢP ĐỒNG")
    assert lines[title + 1] == "Thực hiện đề án khuyến công địa phương năm 2025"
    assert not [line for line in lines if line.lower().startswith("hợp đồng thực hiện")]  # no second title
    assert ACCOUNT_B in lines  # Điều 4 pays by transfer into it
    registration = next(line for line in lines if line.startswith("- Giấy chứng nhận đăng ký số:"))
    # Bên B in law: its registration as the Đơn gives it (no issuing body on this one: a hand-fill blank)
    assert registration.startswith("- Giấy chứng nhận đăng ký số: 45H8012345 do …")
    assert registration.endswith(" cấp ngày 09 tháng 4 năm 2015."), registration


def test_the_liquidation_says_what_bên_a_still_pays_into_which_account_and_by_when(db, users):
    dossier_id = _advanced_then_settled(db, users, 130_000_000)
    lines = _lines(db, dossier_id, "bien_ban_thanh_ly")
    assert "3. Bên A đã tạm ứng cho Bên B: 65.000.000 đồng (Bằng chữ: Sáu mươi lăm triệu đồng)." in lines
    assert "4. Bên A còn phải thanh toán cho Bên B: 65.000.000 đồng (Bằng chữ: Sáu mươi lăm triệu đồng)." in lines
    assert ACCOUNT_B in lines
    assert ("Bên A thanh toán cho Bên B số kinh phí còn lại nêu tại khoản 4 Điều 2 là 65.000.000 đồng, bằng hình "
            "thức chuyển khoản vào tài khoản số 4501205123456 của Hộ kinh doanh Trung Tuấn tại Ngân hàng Nông nghiệp "
            "và Phát triển nông thôn Việt Nam - Chi nhánh Khánh Hòa, trong thời hạn "
            f"{SETTLE_WITHIN_WORKING_DAYS} ngày làm việc kể từ ngày ký biên bản này.") in lines
    assert not [line for line in lines if line.startswith("Bên B nộp trả")]
    assert any(line.startswith("Hai bên thống nhất thanh lý Hợp đồng số 05/2025/HĐ-KC; hợp đồng chấm dứt khi khoản "
                               "kinh phí nêu trên được chuyển đủ.") for line in lines)
    with db.read() as session:
        assert [str(f) for f in check_stored_dossier(session, dossier_id)] == []


def test_the_liquidation_says_what_bên_b_pays_back_into_bên_a_s_account(db, users):
    dossier_id = _advanced_then_settled(db, users, 60_000_000)  # less accepted than advanced
    lines = _lines(db, dossier_id, "bien_ban_thanh_ly")
    assert "5. Bên B phải nộp trả Bên A: 5.000.000 đồng (Bằng chữ: Năm triệu đồng)." in lines
    back = next(line for line in lines if line.startswith("Bên B nộp trả cho Bên A"))
    assert back.startswith("Bên B nộp trả cho Bên A số kinh phí nêu tại khoản 5 Điều 2 là 5.000.000 đồng, bằng hình "
                           "thức chuyển khoản vào tài khoản số ")
    assert "……" not in back and back.endswith(
        f"trong thời hạn {SETTLE_WITHIN_WORKING_DAYS} ngày làm việc kể từ ngày ký biên bản này.")
    assert not [line for line in lines if line.startswith("Bên A thanh toán cho Bên B")]
    with db.read() as session:
        assert [str(f) for f in check_stored_dossier(session, dossier_id)] == []


ID_B = "045081002345"  # the representative's CCCD the dossier form took (stored encrypted)


def test_the_contract_names_bên_b_s_representative_by_his_id_and_only_the_documents_printing_it_keep_it(db, users):
    import json

    from dossier.model import Beneficiary, Dossier
    from dossier.services.personal_data import subject_export

    dossier_id = _advanced_then_settled(db, users, 130_000_000)
    for template_id in ("hop_dong_thuc_hien", "bien_ban_thanh_ly"):
        lines = _lines(db, dossier_id, template_id)
        signatory = lines.index("- Đại diện: Nguyễn Trung Tuấn; chức vụ: Chủ hộ.")
        # the number from the dossier; its issue date and place, which the system does not keep, by hand
        assert lines[signatory + 1] == (f"- Căn cước công dân/Căn cước số: {ID_B}, cấp ngày …… tháng …… năm ……, "
                                        "tại …………………….")
    with db.read() as session:
        contexts = {d.template_id: d.context_json for d in session.scalars(
            select(GeneratedDocument).where(GeneratedDocument.dossier_id == dossier_id))}
        beneficiary_id = session.get(Dossier, dossier_id).beneficiary_id
        stored = session.get(Beneficiary, beneficiary_id)
        assert stored.representative_id_number == ID_B  # decrypted on the way out
    # the minutes, the report and the decisions cite the contract but keep neither number beside them
    printing = {"hop_dong_thuc_hien", "bien_ban_thanh_ly"}
    assert {t for t, c in contexts.items() if ID_B in c} == printing
    assert {t for t, c in contexts.items() if "4501205123456" in c} == printing
    assert "hop_dong" in json.loads(contexts["bien_ban_nghiem_thu"])  # it does cite the contract
    # the data subject's export says which documents carry them (not the numbers themselves)
    export = subject_export(db, users["chuyenvien"], beneficiary_id)
    carrying = export["documents_with_identifiers"]
    assert sorted(d["title"] for d in carrying) == sorted(
        ["Hợp đồng thực hiện đề án khuyến công", "Biên bản thanh lý hợp đồng thực hiện đề án khuyến công"])
    assert all(d["fields"] == ["representative_id_number", "bank_account"] for d in carrying)
    assert ID_B not in json.dumps(export, ensure_ascii=False)
    with db.read() as session:
        assert [str(f) for f in check_stored_dossier(session, dossier_id)] == []


def _shifted(data: bytes, lines: int) -> bytes:
    """The document with `lines` one-line paragraphs before its Điều 1: its articles that many lines
    lower, each heading a line nearer the foot of its page. The lines are plain text (no
    keep-with-next copied from the heading: a chain of 30 kept lines LibreOffice rightly breaks)."""
    import copy
    import io

    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))
    first = next(p for p in document.paragraphs if p.text.startswith("Điều 1."))
    for _ in range(lines):
        line = copy.deepcopy(first._p)
        for run in line.findall(qn("w:r"))[1:]:
            line.remove(run)
        for keep in line.iter(qn("w:keepNext")):
            keep.getparent().remove(keep)
        line.find(qn("w:r")).find(qn("w:t")).text = "Dòng thử."
        first._p.addprevious(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pages_of_shifted(data: bytes, folder, shifts: int = 36) -> list[list[str]]:
    """Each shift of `data` (`_shifted`) converted by LibreOffice: per PDF, its pages' printed lines."""
    import subprocess

    from tests.conftest import require_program

    pdftotext, soffice = require_program("pdftotext"), require_program("soffice")
    folder.mkdir()
    for n in range(shifts):
        (folder / f"v{n:02d}.docx").write_bytes(_shifted(data, n))
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(folder / 'lo').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(folder), *sorted(map(str, folder.glob("v*.docx")))],
                   capture_output=True, check=True, timeout=300)
    pdfs = sorted(folder.glob("v*.pdf"))
    assert len(pdfs) == shifts
    found = []
    for pdf in pdfs:
        text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
        found.append([[line.strip() for line in page.splitlines() if line.strip() and not line.strip().isdigit()]
                      for page in text.split("\f")])
    return found


@pytest.mark.libreoffice
@pytest.mark.sqlite_only  # the pages do not depend on the database: measured once
def test_no_article_heading_of_the_contract_or_its_liquidation_is_left_at_the_foot_of_a_page(db, users, tmp_path):
    """LibreOffice ignores keep-with-next on the first paragraph after a table (the contract's
    "Điều 2. Giá trị hợp đồng" after its equipment table, 1a1645f), and on a heading whose text goes
    over to the next page with the signature table it keeps with: "Điều 7. Điều khoản chung" stood
    alone at the foot of page 4 when the articles began 31 or 32 lines lower. With the articles 0 to
    35 lines lower (each heading through every line of a page), no page of the walked contract or
    of its liquidation ends with an article's heading, nor does a page begin with the signatures."""
    import re

    dossier_id = new_dossier(db, users, year=2026)
    walk_dossier(db, users, dossier_id, Status.LIQUIDATED)  # the contract and the liquidation, numbered
    alone, signatures_alone = [], []
    for template_id in ("hop_dong_thuc_hien", "bien_ban_thanh_ly"):
        with db.read() as session:
            document = session.scalars(select(GeneratedDocument).where(
                GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == template_id)).one()
            data = session.get(Blob, document.sha256).data
        for n, pages in enumerate(_pages_of_shifted(data, tmp_path / template_id)):
            for page, printed in enumerate(pages, start=1):
                if printed and re.fullmatch(r"Điều \d\. [^.]{,40}", printed[-1]):
                    alone.append((template_id, n, page, printed[-1]))
                if printed and printed[0].startswith("ĐẠI DIỆN BÊN A"):
                    signatures_alone.append((template_id, n, page))
    assert alone == [] and signatures_alone == [], (alone, signatures_alone)
