"""Plans, money, deadlines, reports, bundles and imports (issue 6). Messages in English for logs;
the Vietnamese reasons of the services are printed as they are."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from dossier.cli.settings import open_database, user_id_of
from dossier.errors import DomainError
from dossier.services import queries
from dossier.services.uow import Database
from dossier.vn.vntime import today_vn


def _db() -> Database:
    return open_database()


def _fail(message: str, code: int = 1) -> None:
    click.echo(message, err=True)
    sys.exit(code)




def _dossier_id(db: Database, ref: str) -> int:
    with db.read() as session:
        found = queries.find_dossier(session, ref)
        if found is None:
            _fail(f"no dossier {ref!r}", 2)
        return found.id


def _day(value: str | None) -> date:
    return date.fromisoformat(value) if value else today_vn()


@click.command("overdue")
@click.option("--today", help="Count as of this date (YYYY-MM-DD); default today.")
@click.option("--as", "username", help="Only the dossiers this user may see.")
def overdue(today: str | None, username: str | None) -> None:
    """List every dossier with a deadline already past (working days, Tết and holidays counted)."""
    from dossier.services.deadlines import overdue as find_overdue

    db = _db()
    with db.read() as session:
        user = queries.find_user(session, username) if username else None
        if username and user is None:
            _fail(f"no user {username!r}", 2)
        rows = find_overdue(session, _day(today), user)
    for r in rows:
        click.echo(f"{r.code:12s} {r.due.due:%Y-%m-%d} {-r.due.days_left:4d} days late  {r.status:24s} "
                   f"{r.due.label} — {r.title}")
    click.echo(f"{len(rows)} overdue")


@click.command("due")
@click.argument("dossier")
@click.option("--today", help="YYYY-MM-DD; default today.")
def due(dossier: str, today: str | None) -> None:
    """What is due for one dossier."""
    from dossier.services.deadlines import due_for

    db = _db()
    dossier_id = _dossier_id(db, dossier)
    with db.read() as session:
        for item in due_for(session, queries.find_dossier(session, str(dossier_id)), _day(today)):
            click.echo(f"{'LATE ' if item.overdue else '     '}{item.due:%Y-%m-%d}  {item.text}  [{item.basis}]")


@click.command("bundle")
@click.argument("dossier")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--as", "username", required=True, help="Login of the user exporting (access scope).")
def bundle(dossier: str, output: Path, username: str) -> None:
    """Export DOSSIER's archive file (hồ sơ lưu trữ) as a zip."""
    from dossier.services.bundle import export_bundle

    db = _db()
    try:
        result = export_bundle(db, user_id_of(db, username), _dossier_id(db, dossier))
    except DomainError as exc:
        _fail(f"refused: {exc.message}")
    output.write_bytes(result.data)
    click.echo(f"{output}: {len(result.items)} files, {len(result.data)} bytes; audit chain "
               f"{'intact' if result.chain_ok else 'BROKEN'}")


@click.command("import-plan")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "year", type=int, required=True, help="Plan year.")
@click.option("--as", "username", required=True, help="Login of the officer importing.")
@click.option("--example", is_flag=True, help="Write an example import file to FILE instead of importing.")
def import_plan_command(file: Path, year: int, username: str, example: bool) -> None:
    """Import a plan's list of đề án from .xlsx: all rows or none, with a row-by-row report."""
    from dossier.services.plan_import import example_workbook, import_plan, report_lines

    if example:
        file.write_bytes(example_workbook())
        click.echo(f"example written to {file}")
        return
    db = _db()
    try:
        report = import_plan(db, user_id_of(db, username), year, file.read_bytes())
    except DomainError as exc:
        _fail(f"refused: {exc.message}")
    for line in report_lines(report):
        click.echo(line)
    if not report.imported:
        sys.exit(1)


@click.command("plan-doc")
@click.argument("template", type=click.Choice(["bang_tong_hop_de_an", "to_trinh_ke_hoach", "qd_phe_duyet_ke_hoach",
                                                "bao_cao_6_thang", "bao_cao_nam"]))
@click.option("--plan", "year", type=int, required=True)
@click.option("--batch", type=int, help="Batch (đợt) number; default the whole plan.")
@click.option("--as", "username", required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
def plan_doc(template: str, year: int, batch: int | None, username: str, output: Path | None) -> None:
    """Generate a plan-level document (list, Tờ trình, Quyết định with annex, report) and store it."""
    from dossier.services.plans import generate_plan_document, generate_report

    db = _db()
    actor = user_id_of(db, username)
    try:
        if template.startswith("bao_cao"):
            result = generate_report(db, actor, year, "6m" if template == "bao_cao_6_thang" else "year")
        else:
            result = generate_plan_document(db, actor, template, year, batch_number=batch)
    except DomainError as exc:
        _fail(f"refused: {exc.message}")
    click.echo(f"plan document {result.id}: {result.filename} ({len(result.dossier_codes)} dossiers)")
    if output:
        with db.read() as session:
            output.write_bytes(queries.blob_bytes(session, result.sha256))
        click.echo(f"written to {output}")


@click.command("money")
@click.option("--year", type=int, help="One plan year; default the whole programme.")
@click.option("--by", "dimension", default="content_group",
              type=click.Choice(["content_group", "source", "batch", "commune", "year"]))
@click.option("--xlsx", type=click.Path(dir_okay=False, path_type=Path), help="Also write the report as .xlsx.")
def money(year: int | None, dimension: str, xlsx: Path | None) -> None:
    """Planned vs approved vs contracted vs disbursed vs settled, against the envelope."""
    from dossier.services.exports import report_xlsx
    from dossier.services.reports import money_report

    with _db().read() as session:
        report = money_report(session, dimension=dimension, year=year)
    click.echo(report.title)
    click.echo(f"{'':40s} {'envelope':>16s} {'planned':>16s} {'approved':>16s} {'contracted':>16s} "
               f"{'disbursed':>16s} {'settled':>16s} {'rate %':>7s}")
    for row in [*report.rows, report.total]:
        click.echo(f"{row.label[:40]:40s} {row.envelope or 0:16,d} {row.planned:16,d} {row.approved:16,d} "
                   f"{row.contracted:16,d} {row.disbursed:16,d} {row.settled:16,d} "
                   f"{row.disbursement_rate if row.disbursement_rate is not None else '':>7}")
    if xlsx:
        xlsx.write_bytes(report_xlsx(report))
        click.echo(f"written to {xlsx}")


@click.command("pay")
@click.argument("dossier")
@click.argument("kind", type=click.Choice(["advance", "payment", "recovery"]))
@click.argument("amount", type=int)
@click.option("--on", "when", help="Date of the voucher (YYYY-MM-DD); default today.")
@click.option("--ref", default="", help="Voucher number.")
@click.option("--as", "username", required=True)
def pay(dossier: str, kind: str, amount: int, when: str | None, ref: str, username: str) -> None:
    """Record an advance, a payment or a recovery in DOSSIER's ledger (guards apply)."""
    from dossier.services import ledger

    db = _db()
    action = {"advance": ledger.record_advance, "payment": ledger.record_payment,
              "recovery": ledger.record_recovery}[kind]
    try:
        entry = action(db, user_id_of(db, username), _dossier_id(db, dossier), amount, _day(when), reference=ref)
    except DomainError as exc:
        _fail(f"refused: {exc.message}")
    click.echo(f"ledger entry {entry}: {kind} {amount:,d}")


plan_commands = [overdue, due, bundle, import_plan_command, plan_doc, money, pay]
