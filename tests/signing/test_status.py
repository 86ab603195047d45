"""Messages for the UI when LibreOffice is missing (no LibreOffice needed)."""

from __future__ import annotations

import pytest

from dossier.signing.convert import PdfConverter, converter_status
from dossier.signing.errors import ConversionError


def test_status_message_when_soffice_missing(monkeypatch):
    monkeypatch.setenv("DOSSIER_SOFFICE", "/nonexistent/soffice")
    message = converter_status()
    assert message and "LibreOffice is not installed" in message


def test_convert_raises_clear_error_when_soffice_missing(monkeypatch):
    monkeypatch.setenv("DOSSIER_SOFFICE", "/nonexistent/soffice")
    with PdfConverter(size=1) as conv, pytest.raises(ConversionError, match="LibreOffice is not installed"):
        conv.to_pdf(b"PK\x03\x04 minimal")
