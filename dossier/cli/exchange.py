"""``dossier exchange``: the edXML outbox, status messages, the agency directory, package checks.

``send`` delivers what the outbox holds now (every job worker already does so on its own, as the
``exchange_send`` job kind: services/exchange_jobs.py; this is for a one-off push, or cron where
no worker runs; ``--every N`` keeps it running); ``receive`` reads status messages the provincial connector left;
``check`` says what the central gateway would refuse in a package.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from dossier.cli.register import _database
from dossier.cli.settings import refusals
from dossier.errors import DomainError
from dossier.services.exchange.outbox import transport_from


@click.group()
def exchange() -> None:
    """Exchange with other agencies' systems (edXML, QCVN 102:2016/BTTTT)."""


@exchange.command("send")
@click.option("--every", type=float, default=0, help="Keep running, sending every N seconds.")
def send(every: float) -> None:
    """Deliver the queued packages that are due."""
    from dossier.cli.settings import cli_settings
    from dossier.services.exchange import send_pending

    transport = transport_from(cli_settings())
    with _database() as db:
        while True:
            report = send_pending(db, transport)
            click.echo(f"sent {len(report.sent)}, deferred {len(report.deferred)}, refused {len(report.refused)}")
            if not every:
                return
            time.sleep(every)


@exchange.command("receive")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def receive(paths: tuple[Path, ...]) -> None:
    """Record status messages (files, or folders of *.edxml / *.xml); a file read is renamed *.done."""
    from dossier.services.exchange import record_status

    files = [p for path in paths for p in (sorted(path.glob("*.*ml")) if path.is_dir() else [path])]
    failed = 0
    with _database() as db:
        for file in files:
            try:
                record_status(db, file.read_bytes())
            except DomainError as exc:
                failed += 1
                click.echo(f"{file}: {exc.detail or exc}", err=True)
                continue
            file.rename(file.with_name(file.name + ".done"))
            click.echo(f"{file}: recorded")
    if failed:
        raise click.ClickException(f"{failed} of {len(files)} status messages were not recorded")


@exchange.command("check")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check(path: Path) -> None:
    """Say what the central gateway would refuse in an edXML package (exit 1 if anything)."""
    from dossier.exchange.edxml import check as check_package

    findings = check_package(path.read_bytes())
    for finding in findings:
        click.echo(f"{path}: {finding}")
    if findings:
        raise SystemExit(1)
    click.echo(f"{path}: acceptable")


@exchange.command("add-agency")
@click.argument("organ_id")
@click.argument("name")
@click.option("--alias", "aliases", multiple=True, help="A Nơi nhận wording that means this agency.")
@click.option("--org", "org_code", help="Our own organisation's code, when the agency is one of ours.")
def add_agency_command(organ_id: str, name: str, aliases: tuple[str, ...], org_code: str | None) -> None:
    """Add an agency to the directory by its mã định danh (e.g. 000.00.15.H41)."""
    from dossier.services.exchange import add_agency
    from dossier.services.exchange.agencies import organisation_id_by_code

    with _database() as db, refusals(), db.write() as session:
        org_id = organisation_id_by_code(session, org_code) if org_code else None
        add_agency(session, organ_id=organ_id, name=name, aliases=aliases, organisation_id=org_id)
    click.echo(f"added {organ_id}")
