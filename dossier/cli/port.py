"""The CLI's signing port: built once per command from the command's settings and passed down."""

from __future__ import annotations

from dossier.cli.settings import cli_settings
from dossier.services.issuance.port import SigningPort, build_signing_port
from dossier.services.signing_methods import smartca_gateway


def signing_port() -> SigningPort:
    """LibreOffice, the server keystore, and the settings' public URL and trust-root files."""
    settings = cli_settings()
    return build_signing_port(instance_path=settings.instance(), public_url=settings.public_url,
                              trust_files=settings.trust_roots, tsa_url=settings.tsa_url,
                              smartca=smartca_gateway(settings))
