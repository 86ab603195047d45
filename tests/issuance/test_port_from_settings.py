"""The CLI, the web app and the PDF jobs build their signing port from the settings in one place
(services.issuance.port.signing_port_from): every setting reaches each of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier import config
from dossier.config import Settings
from dossier.services.issuance.port import signing_port_from
from dossier.services.signing_methods import SmartCaGateway


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env({
        "DOSSIER_INSTANCE_PATH": str(tmp_path / "instance"), "DOSSIER_PUBLIC_URL": "https://hoso.example.vn/",
        "DOSSIER_TRUST_ROOTS": str(tmp_path / "goc.pem"), "DOSSIER_TSA_URL": "http://tsa.example.vn",
        "DOSSIER_SMARTCA_URL": "https://smartca.example.vn", "DOSSIER_SMARTCA_SP_ID": "so-ct",
        "DOSSIER_SMARTCA_SP_PASSWORD": "mat-khau"})


def _assert_from(port, settings: Settings, tmp_path: Path) -> None:
    assert port.public_url == "https://hoso.example.vn"
    assert port.trust_files == (tmp_path / "goc.pem",)
    assert port.trust_folder == tmp_path / "instance" / "trust"
    assert port.tsa_url == "http://tsa.example.vn"
    # the SmartCA account reaches the remote source (the PDF jobs' port left it out before)
    remote = port.signers.sources["smartca"]
    assert remote._smartca == SmartCaGateway("https://smartca.example.vn", "so-ct", "mat-khau")


def test_the_port_reads_every_signing_setting(settings: Settings, tmp_path: Path) -> None:
    port = signing_port_from(settings)
    _assert_from(port, settings, tmp_path)
    assert port.preview_cache == tmp_path / "instance" / "cache" / "pdf"
    moved = signing_port_from(settings, preview_cache=tmp_path / "xem-truoc")
    assert moved.preview_cache == tmp_path / "xem-truoc" and moved.tsa_url == port.tsa_url


def test_the_pdf_jobs_and_the_cli_build_theirs_from_the_settings(settings: Settings, tmp_path: Path) -> None:
    from dossier.cli.port import signing_port
    from dossier.services import pdf_jobs

    config.install(settings)  # the suite's autouse fixture forgets it after the test
    _assert_from(pdf_jobs._port_from_settings(), settings, tmp_path)
    _assert_from(signing_port(), settings, tmp_path)  # outside a command: the process's settings
