"""The CLI's signing port: built once per command from the command's settings and passed down."""

from __future__ import annotations

from dossier.cli.settings import cli_settings
from dossier.services.issuance.port import SigningPort, signing_port_from


def signing_port() -> SigningPort:
    """LibreOffice, the server keystore, and the command's settings (services.issuance.port)."""
    return signing_port_from(cli_settings())
