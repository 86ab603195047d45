"""Fixtures for the signing tests: a Vietnamese sample document, a demo CA, certificates."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SAMPLE_PDF = DATA / "sample.pdf"  # LibreOffice output of build_sample_docx(), checked in

ORG = "Sở Công Thương tỉnh Hà Giang"
LEADER = "Nguyễn Thị Hồng Nhung"
LEADER_TITLE = "Giám đốc"
LEADER_PASSWORD = "mật-khẩu-ký-số"
SEAL_PASSWORD = "dấu-cơ-quan"


def require_program(name: str) -> str:
    """Path of ``name``; skip the test when it is missing, but fail when CI=true.

    CI must exercise the real tools (LibreOffice, poppler), so there a missing program is a
    broken environment, not a reason to skip.
    """
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{name!r} is required in CI but was not found on PATH")
    pytest.skip(f"{name!r} is not installed")


def build_sample_docx() -> bytes:
    """A small official-style document in Times New Roman with a signature block."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), "Times New Roman")

    def para(text: str, *, bold: bool = False, centre: bool = False) -> None:
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        if centre:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, centre=True)
    para("Độc lập - Tự do - Hạnh phúc", bold=True, centre=True)
    para("QUYẾT ĐỊNH", bold=True, centre=True)
    para("Về việc phê duyệt đề án khuyến công địa phương năm 2026", bold=True, centre=True)
    para("Căn cứ Nghị định số 235/2025/NĐ-CP của Chính phủ về khuyến công; "
         "xét đề nghị của Trung tâm Khuyến công và Tư vấn phát triển công nghiệp.")

    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run("Nơi nhận:").bold = True
    left.add_paragraph("- Như Điều 3;")
    left.add_paragraph("- Lưu: VT, KHTC.")
    right.paragraphs[0].add_run("GIÁM ĐỐC").bold = True
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for _ in range(5):
        right.add_paragraph("")
    name = right.add_paragraph()
    name.add_run(LEADER).bold = True
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.fixture(scope="session")
def sample_docx() -> bytes:
    return build_sample_docx()


@pytest.fixture(scope="session")
def sample_pdf() -> bytes:
    return SAMPLE_PDF.read_bytes()


@pytest.fixture(scope="session")
def ca():
    from dossier.signing.certs import create_demo_ca

    return create_demo_ca(ORG)


@pytest.fixture(scope="session")
def leader_p12(ca) -> bytes:
    from dossier.signing.certs import issue_user_certificate

    return issue_user_certificate(ca, LEADER, ORG, LEADER_TITLE, "nhung@hagiang.gov.vn",
                                  password=LEADER_PASSWORD, valid_days=365)


@pytest.fixture(scope="session")
def seal_p12(ca) -> bytes:
    from dossier.signing.certs import issue_org_seal_certificate

    return issue_org_seal_certificate(ca, ORG, password=SEAL_PASSWORD, valid_days=365)


@pytest.fixture()
def leader(leader_p12):
    from dossier.signing.signer import Pkcs12Signer

    return Pkcs12Signer(leader_p12, LEADER_PASSWORD)


@pytest.fixture()
def sealer(seal_p12):
    from dossier.signing.signer import Pkcs12Signer

    return Pkcs12Signer(seal_p12, SEAL_PASSWORD)


@pytest.fixture(scope="session")
def converter():
    require_program("soffice")
    from dossier.signing.convert import PdfConverter

    conv = PdfConverter(size=1, timeout=60)
    yield conv
    conv.close()


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
