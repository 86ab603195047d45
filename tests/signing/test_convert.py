"""DOCX → PDF through the LibreOffice pool (real LibreOffice, no mocks)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time

import pytest
from conftest import require_program

from dossier.signing.convert import PdfConverter, convert_once, converter_status
from dossier.signing.errors import ConversionError

pytestmark = pytest.mark.libreoffice


def _pdftotext(pdf: bytes) -> str:
    exe = require_program("pdftotext")
    return subprocess.run([exe, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def _fonts(pdf: bytes, tmp_path) -> list[str]:
    exe = require_program("pdffonts")
    path = tmp_path / "f.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([exe, str(path)], capture_output=True, check=True, text=True).stdout
    return [line.split()[0] for line in out.splitlines()[2:] if line.strip()]


def test_vietnamese_text_comes_back_and_only_liberation_serif_is_embedded(converter, sample_docx, tmp_path):
    pdf = converter.to_pdf(sample_docx)
    assert pdf.startswith(b"%PDF")
    text = _pdftotext(pdf)
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Nguyễn Thị Hồng Nhung" in text
    fonts = _fonts(pdf, tmp_path)
    assert fonts, "no fonts embedded"
    # Without fonts-liberation2, LibreOffice falls back to DejaVu glyph by glyph.
    assert all(re.fullmatch(r"[A-Z]{6}\+LiberationSerif(-\w+)?", f) for f in fonts), fonts


def test_pdfa_output_declares_pdfa_2b(converter, sample_docx):
    import io

    from pypdf import PdfReader

    pdf = converter.to_pdf(sample_docx, pdfa=True)
    xmp = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"<pdfaid:part>2</pdfaid:part>|pdfaid:part=\"2\"", xmp), xmp[:500]
    assert re.search(r"<pdfaid:conformance>B</pdfaid:conformance>|pdfaid:conformance=\"B\"", xmp)


def test_pool_survives_a_killed_soffice(converter, sample_docx):
    converter.to_pdf(sample_docx)  # make sure the instance is up
    (inst,) = converter.instances()
    victims = [pid for pid in inst.soffice_pids() if _is_soffice(pid)]
    assert victims, "no LibreOffice process found under the unoserver instance"
    for pid in victims:
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.5)
    pdf = converter.to_pdf(sample_docx)  # detects the dead instance, restarts, converts
    assert pdf.startswith(b"%PDF")
    assert not set(victims) & set(inst.soffice_pids())


def _is_soffice(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/comm") as fh:
            return fh.read().strip().startswith(("soffice", "oosplash"))
    except OSError:
        return False


def test_one_shot_fallback_when_pool_cannot_start(sample_docx):
    require_program("soffice")
    # /bin/false cannot run unoserver: the pool fails to start and we fall back to soffice.
    with PdfConverter(size=1, uno_python="/bin/false", start_timeout=20) as conv:
        pdf = conv.to_pdf(sample_docx)
        assert pdf.startswith(b"%PDF")
        assert conv.pool_error and "exited during start-up" in conv.pool_error


def test_convert_once_pdfa(sample_docx):
    require_program("soffice")
    assert b"pdfaid" in convert_once(sample_docx, pdfa=True)


def test_rejects_non_docx(converter):
    with pytest.raises(ConversionError, match="not a DOCX"):
        converter.to_pdf(b"%PDF-1.7 not a docx")


@pytest.mark.libreoffice
def test_status_ok_when_installed():
    require_program("soffice")
    assert converter_status() is None
