"""The ``verify`` click command, run directly with CliRunner."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import LEADER, ORG

from dossier.signing.certs import certificate_pem
from dossier.signing.pades import seal_pdf, sign_pdf


def _load_command():
    # Load the module by path so the test exercises this command alone and does not depend
    # on the whole CLI group (dossier/cli/__init__.py imports every area's command).
    import importlib.util
    from pathlib import Path

    import dossier

    path = Path(dossier.__file__).parent / "cli" / "verify.py"
    spec = importlib.util.spec_from_file_location("_dossier_cli_verify", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.verify


verify = _load_command()


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_valid_signatures_exit_0(tmp_path, sample_pdf, leader, sealer, ca):
    pdf = _write(tmp_path, "ok.pdf", seal_pdf(sign_pdf(sample_pdf, leader), sealer))
    ca_pem = _write(tmp_path, "ca.pem", certificate_pem(ca[1]))
    result = CliRunner().invoke(verify, [pdf, "--trust", ca_pem])
    assert result.exit_code == 0, result.output
    assert LEADER in result.output and ORG in result.output
    assert result.output.count("VALID") == 2 and "INVALID" not in result.output
    assert "+07:00" in result.output and "intact" in result.output


def test_untrusted_exits_1(tmp_path, sample_pdf, leader):
    pdf = _write(tmp_path, "untrusted.pdf", sign_pdf(sample_pdf, leader))
    result = CliRunner().invoke(verify, [pdf])
    assert result.exit_code == 1
    assert "INVALID" in result.output and "NO (issuer" in result.output


def test_tampered_exits_1(tmp_path, sample_pdf, leader, ca):
    signed = bytearray(sign_pdf(sample_pdf, leader))
    signed[signed.index(b"\n") + 2] ^= 1
    pdf = _write(tmp_path, "bad.pdf", bytes(signed))
    ca_pem = _write(tmp_path, "ca.pem", certificate_pem(ca[1]))
    result = CliRunner().invoke(verify, [pdf, "--trust", ca_pem])
    assert result.exit_code == 1
    assert "CHANGED" in result.output


def test_unsigned_exits_1(tmp_path, sample_pdf):
    result = CliRunner().invoke(verify, [_write(tmp_path, "plain.pdf", sample_pdf)])
    assert result.exit_code == 1 and "no digital signatures" in result.output
