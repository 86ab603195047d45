"""Personal data on request (Luật 91/2025/QH15): one beneficiary's data, who read it, retention."""

from __future__ import annotations

from pathlib import Path

import click

from dossier.cli.settings import open_database, refusals, user_id_of


@click.group("personal-data")
def personal_data() -> None:
    """A beneficiary's personal data: export on request, the read log, retention periods."""


@personal_data.command("export")
@click.argument("beneficiary_id", type=int)
@click.option("--as", "username", required=True, help="Login of the person answering the request (access scope).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export(beneficiary_id: int, username: str, output: Path) -> None:
    """Write one beneficiary's data (record, dossiers, reads, retention) as JSON; the export is logged."""
    from dossier.services import personal_data as service

    db = open_database()
    with refusals():
        data = service.subject_export(db, user_id_of(db, username), beneficiary_id)
    output.write_text(service.as_json(data), encoding="utf-8")
    click.echo(f"{output}: beneficiary {beneficiary_id}, {len(data['dossiers'])} dossiers, {len(data['reads'])} reads")


@personal_data.command("erase")
@click.argument("beneficiary_id", type=int)
@click.option("--as", "username", required=True, help="Login of the officer or leader answering the request.")
def erase(beneficiary_id: int, username: str) -> None:
    """Erase a beneficiary's contact and ID details once its dossiers are archived past retention."""
    from dossier.services import personal_data as service

    db = open_database()
    with refusals():
        erased = service.erase_contact(db, user_id_of(db, username), beneficiary_id)
    click.echo(f"beneficiary {beneficiary_id}: erased {', '.join(erased) or 'nothing (already empty)'}")


@personal_data.command("retention")
def retention() -> None:
    """The retention periods (dossier/data/retention.toml)."""
    from dossier.services.personal_data import retention_rules

    for rule in retention_rules():
        kept = "erasable" if rule.erasable else "kept    "
        click.echo(f"{rule.record:22s} {rule.years:3d} years  {kept}  {rule.label}")
