"""``dossier verify FILE.pdf [--trust CA.pem ...]``: check the signatures of a PDF.

Prints, for each signature: who signed (CN, O), when (Vietnam time, ISO 8601), which
certificate, whether the signed bytes are intact, whether the certificate is trusted, and what
happened to the file after signing. Exits 1 if any signature is invalid or there is none.
"""

from __future__ import annotations

from pathlib import Path

import click

from dossier.signing.certs import load_certificate_file
from dossier.signing.errors import SigningError
from dossier.signing.verification import verify_pdf


def _configured_roots() -> list:
    """The roots the application trusts: the trust_roots table (demo CA) and configured PEM files.

    Without a usable database (a bare PDF check on another machine) only the files count.
    """
    from dossier.cli.port import signing_port
    from dossier.services.issuance.verification import port_roots

    port = signing_port()
    try:
        from dossier.cli.settings import open_database

        db = open_database()
        try:
            with db.read() as session:
                return port_roots(port, session)
        finally:
            db.dispose()
    except Exception:  # noqa: BLE001 - no database, or not migrated: fall back to the files
        return port_roots(port, None)


def _yes_no(flag: bool, yes: str, no: str) -> str:
    return click.style(yes, fg="green") if flag else click.style(no, fg="red", bold=True)


def _revocation_text(rep) -> str:
    source = {"embedded": "data embedded at signing", "online": "asked the CA now"}.get(rep.revocation_source or "", "")
    when = f" on {rep.revoked_at.isoformat()}" if rep.revoked_at else ""
    text = {"good": "not revoked", "revoked": f"REVOKED{when}", "unknown": "status unknown",
            "not_checked": "not checked (no revocation data in the file; use --online)"}[rep.revocation]
    return f"{text} ({source})" if source else text


@click.command("verify")
@click.argument("pdf_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--trust", "trust", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="PEM/DER file with trusted root certificate(s); repeatable.")
@click.option("--no-default-trust", is_flag=True,
              help="Trust only --trust files, not the configured roots (database, DOSSIER_TRUST_ROOTS).")
@click.option("--online", is_flag=True,
              help="Also ask the CAs' OCSP/CRL services for each certificate's status now.")
def verify(pdf_file: Path, trust: tuple[Path, ...], no_default_trust: bool, online: bool) -> None:
    """Verify the digital signatures in PDF_FILE."""
    roots = [cert for path in trust for cert in load_certificate_file(path)]
    if not no_default_trust:
        roots += _configured_roots()
    try:
        reports = verify_pdf(pdf_file.read_bytes(), roots, online=online)
    except SigningError as exc:
        raise click.ClickException(str(exc)) from exc
    if not reports:
        click.echo(f"{pdf_file}: no digital signatures found")
        raise SystemExit(1)
    click.echo(f"{pdf_file}: {len(reports)} signature(s)")
    for i, rep in enumerate(reports, 1):
        verdict = _yes_no(rep.bottom_line, "VALID", "INVALID")
        click.echo(f"\n#{i} [{rep.field_name}] {verdict}")
        org = f" — {rep.signer_org}" if rep.signer_org else ""
        click.echo(f"  Signer:       {rep.signer_name or '?'}{org}")
        click.echo(f"  Signed at:    {rep.signing_time_iso or 'unknown'} (Vietnam time)")
        click.echo(f"  Certificate:  serial {rep.cert_serial}")
        click.echo(f"                issuer {rep.cert_issuer}")
        click.echo(f"                SHA-256 {rep.cert_sha256}")
        valid = f"{rep.cert_valid_from.isoformat()} → {rep.cert_valid_to.isoformat()}"
        click.echo(f"                valid {valid}")
        click.echo(f"  Content:      {_yes_no(rep.intact, 'intact', 'CHANGED after signing')}")
        trusted = _yes_no(rep.trusted, "yes", "NO (issuer not among the trusted roots)")
        click.echo(f"  Trusted:      {trusted}")
        click.echo(f"  Coverage:     {rep.coverage}")
        click.echo(f"  Level:        PAdES {rep.pades_level}")
        if rep.timestamp_time:
            ts = _yes_no(bool(rep.timestamp_trusted), "trusted TSA", "NOT from a trusted TSA")
            click.echo(f"  Timestamp:    {rep.timestamp_time.isoformat()} ({ts})")
        click.echo(f"  Revocation:   {_revocation_text(rep)}")
        for problem in rep.problems:
            click.echo(f"  Problem:      {problem}")
    if not all(rep.bottom_line for rep in reports):
        raise SystemExit(1)
