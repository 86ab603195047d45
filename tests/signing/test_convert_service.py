"""DOCX → PDF through the machine's conversion service (a real service process, real LibreOffice):
the service's pool converts for its clients, a document it cannot convert comes back as a
ConversionError, an unreachable service is an error or a one-shot conversion, and
default_converter() is the service's client when the settings name one."""

from __future__ import annotations

import io
import re
import socket
from pathlib import Path

import pytest
from conftest import require_program

from dossier import config
from dossier.signing.convert import default_converter, pool_state, shutdown_default_converter
from dossier.signing.convert_service import ServiceConverter
from dossier.signing.errors import ConversionError

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def service():
    require_program("soffice")
    from dossier.cli.convert import ConversionService

    started = ConversionService()
    started.start()
    yield started
    started.stop()


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def test_the_services_pool_converts_pdfa_for_its_clients(service, sample_docx):
    from pypdf import PdfReader

    client = ServiceConverter(service.url, allow_fallback=False)
    pdf = client.to_pdf(sample_docx, pdfa=True)
    xmp = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"<pdfaid:part>2</pdfaid:part>|pdfaid:part=\"2\"", xmp), xmp[:500]
    state = client.state()
    assert state["size"] == state["ready"] == 1 and state["pid"] == service.pid()
    (unoserver,) = state["unoserver"]
    assert _parent(unoserver) == service.pid() and state["libreoffice"]  # the service's, not ours


def test_a_document_the_service_cannot_convert_is_an_error_and_the_service_goes_on(service, sample_docx):
    client = ServiceConverter(service.url, allow_fallback=False)
    with pytest.raises(ConversionError, match="convert"):
        client.to_pdf(b"PK\x03\x04" + b"not a word document " * 200)
    assert client.to_pdf(sample_docx).startswith(b"%PDF")


def test_an_unreachable_service_is_an_error_or_a_one_shot_conversion(sample_docx):
    require_program("soffice")
    with socket.socket() as s:  # a port nobody listens on once closed
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    with pytest.raises(ConversionError, match="unreachable"):
        ServiceConverter(url, allow_fallback=False).to_pdf(sample_docx)
    assert ServiceConverter(url).to_pdf(sample_docx).startswith(b"%PDF")  # one-shot soffice
    assert ServiceConverter(url).state() is None


def test_default_converter_is_the_services_client_when_the_settings_name_one(service):
    config.install(config.settings().replace(converter_url=service.url))
    shutdown_default_converter()
    try:
        converter = default_converter()
        assert isinstance(converter, ServiceConverter) and converter.url == service.url
        problem, state = pool_state()
        assert problem is None and "conversion service" in state, state
    finally:
        shutdown_default_converter()
        config.reset()
