"""Register and issuance commands: ``dossier register list|export|cancel|enter``, ``dossier sign``,
``dossier seal``. English output (logs, scripts); the services' Vietnamese messages are
passed through as they are, because they are what the officer will also see on the web.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from dossier.cli.settings import open_database, refusals, user_id_of
from dossier.services import queries
from dossier.services.uow import Database
from dossier.vn.vntime import today_vn


@contextmanager
def _database() -> Iterator[Database]:
    # Disposed at the end of the command: a CLI run must not leave pooled connections behind.
    db = open_database()
    try:
        yield db
    finally:
        db.dispose()


def read_password(password_file: Path | None, what: str) -> str:
    if password_file is not None:
        lines = password_file.read_text(encoding="utf-8").splitlines()
        if not lines or not lines[0]:
            raise click.ClickException(f"{password_file} is empty")
        return lines[0]
    return click.prompt(f"{what} password", hide_input=True)


@click.group("register")
def register() -> None:
    """The register of outgoing documents (sổ văn bản đi)."""


@register.command("list")
@click.option("--org", "org_code", help="Organisation code (e.g. sct-kh).")
@click.option("--year", type=int, help="Register year (default: all).")
def list_cmd(org_code: str | None, year: int | None) -> None:
    """Show the register."""
    from dossier.services.register import list_register

    with refusals(), _database() as db:
        rows = list_register(db, organisation_code=org_code, year=year)
    if not rows:
        click.echo("register is empty")
        return
    for r in rows:
        state = "CANCELLED" if r.cancelled else ("issued" if r.status == "Đã phát hành" else "signed")
        click.echo(f"{r.year} {r.organisation[:30]:30s} {r.symbol:22s} {r.issued_on:%d/%m/%Y} "
                   f"{state:9s} {r.verification_code or '-':10s} {r.abstract[:70]}")
        if r.cancelled:
            click.echo(f"{'':36s}reason: {r.cancel_reason}")


@register.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="FILE.xlsx or FILE.csv")
@click.option("--org", "org_code")
@click.option("--year", type=int)
def export_cmd(output: Path, org_code: str | None, year: int | None) -> None:
    """Export the register to Excel (.xlsx) or CSV."""
    from dossier.services.register import export_csv, export_xlsx, list_register

    with _database() as db:
        rows = list_register(db, organisation_code=org_code, year=year)
    data = export_csv(rows) if output.suffix.lower() == ".csv" else export_xlsx(rows)
    output.write_bytes(data)
    click.echo(f"{len(rows)} entries written to {output}")


@register.command("cancel")
@click.argument("number")
@click.option("--reason", required=True, help="Why the number is cancelled (kept in the register).")
@click.option("--as", "username", required=True, help="The clerk (văn thư) cancelling it.")
@click.option("--year", type=int, default=None, help="Register year (default: this year).")
@click.option("--org", "org_code", default=None)
def cancel_cmd(number: str, reason: str, username: str, year: int | None, org_code: str | None) -> None:
    """Cancel NUMBER (e.g. "05/QĐ-SCT"); it stays in the register and is never reused."""
    from dossier.services.register import cancel_number, find_entry

    with _database() as db:
        actor = user_id_of(db, username)
        year = year or today_vn().year
        with refusals():
            with db.read() as session:
                org_id = None
                if org_code:
                    org_id = queries.find_organisation_id(session, org_code)
                entry = find_entry(session, symbol=number, year=year, organisation_id=org_id)
            cancel_number(db, actor_id=actor, entry_id=entry.id, reason=reason)
        click.echo(f"cancelled {entry.symbol} ({year}): {reason}")


@register.command("enter")
@click.argument("document_id", type=int)
@click.option("--signer", "signer_name", required=True, help="The leader who signed it by hand (login).")
@click.option("--on", "signed_on", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="The day it was signed on paper (a biên bản keeps the day of the event it records).")
@click.option("--as", "username", required=True, help="The clerk (văn thư) entering it, or the signer himself.")
def enter_cmd(document_id: int, signer_name: str, signed_on: dt.datetime, username: str) -> None:
    """Enter DOCUMENT_ID, signed on paper, in its issuing body's register: a draft signed by hand,
    or a biên bản its parties signed (what the web's "Vào sổ văn bản giấy" does)."""
    from dossier.services.issuance.paper import register_paper_signature

    with _database() as db:
        actor, signer = user_id_of(db, username), user_id_of(db, signer_name)
        with refusals():
            entry = register_paper_signature(db, actor_id=actor, document_id=document_id, signer_id=signer,
                                             issued_on=signed_on.date())
    click.echo(f"entered document {document_id} as {entry.symbol}, signed {signed_on:%Y-%m-%d} by {signer_name}")


@click.command("sign")
@click.argument("document_id", type=int)
@click.option("--as", "username", required=True, help="The leader who signs.")
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="File whose first line is the certificate password (else it is asked).")
@click.option("--date", "issued_on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Issue date: only today (Vietnam time), the day it is signed; back-dating is refused.")
def sign(document_id: int, username: str, password_file: Path | None, issued_on: dt.datetime | None) -> None:
    """Sign draft DOCUMENT_ID: number, date, signature block, signed PDF."""
    from dossier.cli.port import signing_port
    from dossier.services.issuance import sign_document

    today = today_vn()
    if issued_on and issued_on.date() < today:
        raise click.ClickException(f"refused: --date {issued_on:%Y-%m-%d} is before today ({today.isoformat()}, "
                                   "Vietnam time); a document is dated the day it is signed, back-dating is refused")
    if issued_on and issued_on.date() > today:
        raise click.ClickException(f"refused: --date {issued_on:%Y-%m-%d} is after today ({today.isoformat()}, "
                                   "Vietnam time); a document is dated the day it is signed")

    with _database() as db:
        actor = user_id_of(db, username)
        with refusals():
            result = sign_document(db, port=signing_port(), actor_id=actor, document_id=document_id,
                                   password=read_password(password_file, "Certificate"),
                                   issued_on=issued_on.date() if issued_on else None)
        click.echo(f"signed document {document_id}: {result.number_text}, {result.issued_on:%d/%m/%Y}, "
                   f"issued id {result.issued_id}, verification code {result.verification_code}")


@click.command("seal")
@click.argument("document_id", type=int)
@click.option("--as", "username", required=True, help="The clerk (văn thư) who seals.")
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the final PDF here.")
def seal(document_id: int, username: str, password_file: Path | None, output: Path | None) -> None:
    """Seal signed document DOCUMENT_ID (the draft's id) with the agency certificate; issue it."""
    from dossier.cli.port import signing_port
    from dossier.services.issuance import issued_pdf, seal_document

    with _database() as db:
        actor = user_id_of(db, username)
        with db.read() as session:
            issued_id = queries.issued_id_for_draft(session, document_id)
        if issued_id is None:
            raise click.ClickException(f"document {document_id} has not been signed")
        with refusals():
            result = seal_document(db, port=signing_port(), actor_id=actor, issued_id=issued_id,
                                   password=read_password(password_file, "Seal certificate"))
        click.echo(f"issued {result.number_text} (verification code {result.verification_code})")
        if output is not None:
            _name, data = issued_pdf(db, actor_id=actor, issued_id=issued_id)
            output.write_bytes(data)
            click.echo(f"written {output}")

