"""Core commands: database, demo, dossiers, workflow, audit. Messages in English for logs."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from dossier.cli.settings import cli_settings, open_database, upgrade_schema
from dossier.errors import DomainError
from dossier.model import Dossier
from dossier.services import queries
from dossier.services.uow import Database
from dossier.vn.vntime import today_vn
from workflows.labels import status_label, trigger_label

T = TypeVar("T")


def _db() -> Database:
    return open_database()


def _fail(message: str, code: int = 1) -> None:
    click.echo(message, err=True)
    sys.exit(code)


@click.command("init-db")
def init_db() -> None:
    """Create or upgrade the database schema and load the reference data (support caps)."""
    from dossier.demo.seed import seed_reference

    db = _db()
    upgrade_schema(db)
    seed_reference(db)
    click.echo(f"database ready: {db.engine.url.render_as_string(hide_password=True)}")


@click.command("demo")
@click.option("--quiet", is_flag=True, help="Do not print each step.")
def demo(quiet: bool) -> None:
    """Load the demo province and walk its dossiers through the workflow (needs an empty database)."""
    from dossier.demo.people import DEMO_PASSWORD, USERS
    from dossier.demo.seed import seed_demo

    db = _db()
    upgrade_schema(db)
    try:
        seed_demo(db, report=(lambda _: None) if quiet else click.echo)
    except RuntimeError as exc:
        _fail(f"demo not loaded: {exc}")
    click.echo(f"\nDemo users (password for all: {DEMO_PASSWORD}):")
    for spec in USERS:
        click.echo(f"  {spec.username:12s} {', '.join(spec.roles):8s} {spec.full_name} — {spec.job_title}")


@click.command("list")
@click.option("--status", help="Only dossiers in this state (e.g. in_progress).")
def list_dossiers(status: str | None) -> None:
    """List dossiers with their state and amounts."""
    with _db().read() as session:
        for d in queries.all_dossiers(session, status):
            click.echo(f"{d.id:4d}  {d.code:12s} {d.status:24s} v{d.version:<3d} "
                       f"{d.requested_support:>15,d} / {d.total_cost:>15,d}  {d.title}")


def _dossier(session, ref: str) -> Dossier:
    dossier = queries.find_dossier(session, ref)
    if dossier is None:
        _fail(f"no dossier {ref!r}", 2)
    return dossier


@click.command("show")
@click.argument("dossier")
def show(dossier: str) -> None:
    """Show one dossier (by id or code) with its lines, totals and available steps."""

    from dossier.services.documents import documents_to_make
    from dossier.services.facts import build_facts
    from workflows import available_actions
    from workflows.states import Role

    with _db().read() as session:
        d = _dossier(session, dossier)
        click.echo(f"{d.code}  {d.title}")
        click.echo(f"  status:      {d.status} ({status_label(d.status)}), version {d.version}")
        if d.beneficiary:
            click.echo(f"  beneficiary: {d.beneficiary.name}, {d.beneficiary.address}")
        click.echo(f"  period:      {d.start_date} → {d.end_date}   location: {d.location}")
        for item in d.items:
            click.echo(f"    {item.position:2d}. {item.name} — {item.quantity} {item.unit} × {item.unit_price:,d}")
        click.echo(f"  total {d.total_cost:,d}  support {d.requested_support:,d} ({d.support_percent}%)  "
                   f"counterpart {d.counterpart:,d}")
        facts = build_facts(session, d, today_vn())
        for action in available_actions(d.status, frozenset(Role), facts):
            mark = "ok " if action.enabled else "-- "
            click.echo(f"  {mark}{action.trigger:22s} {action.label}  {' '.join(action.reasons)}")
            if action.enabled:  # what the step makes on this dossier's path, as the web form says
                made = documents_to_make(session, d, action.trigger, None, today_vn())
                if made:
                    click.echo(f"      → {'; '.join(spec.title for spec in made)}")


def _fire_or_sign(db, user_id: int, dossier_id: int, trigger: str, version: int, raw: dict[str, object],
                  effective_on: dt.date | None, password_file: Path | None):
    """`fire`; a row that signs (approving is signing the decision) goes through `sign_step`."""
    from dossier.services.transitions import fire
    from workflows import steps_for

    if not any(step.signs for step in steps_for(trigger)):
        return fire(db, actor_id=user_id, dossier_id=dossier_id, trigger=trigger, expected_version=version,
                    inputs=raw, effective_on=effective_on)
    from dossier.cli.port import signing_port
    from dossier.cli.register import read_password
    from dossier.services.issuance.steps import sign_step

    return sign_step(db, port=signing_port(), actor_id=user_id, dossier_id=dossier_id, trigger=trigger,
                     expected_version=version, inputs=raw, password=read_password(password_file, "Certificate"))


@click.command("advance")
@click.argument("dossier")
@click.argument("trigger")
@click.option("--as", "username", required=True, help="Login of the user acting.")
@click.option("--input", "inputs", multiple=True, help="NAME=VALUE inputs of the step (repeatable).")
@click.option("--version", "expected_version", type=int, help="Version seen (defaults to the current one).")
@click.option("--on", "effective_on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The step's own date (default today, Vietnam time): its documents, history and ledger use it.")
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A step that signs its decision (approve, adjust, stop): the certificate password's file "
                   "(else it is asked).")
def advance(dossier: str, trigger: str, username: str, inputs: tuple[str, ...], expected_version: int | None,
            effective_on: dt.datetime | None, password_file: Path | None) -> None:
    """Fire a workflow TRIGGER on DOSSIER as a user (signing its decision when the step signs)."""
    from workflows import inputs_for

    db = _db()
    with db.read() as session:
        d = _dossier(session, dossier)
        user = queries.find_user(session, username)
        if user is None:
            _fail(f"no user {username!r}", 2)
        dossier_id, version, user_id = d.id, d.version, user.id
    raw: dict[str, object] = {}
    lines = {i.name for i in inputs_for(trigger) if i.kind == "lines"}
    for pair in inputs:
        name, _, value = pair.partition("=")
        if name in lines:
            raw.setdefault(name, []).append(value)  # type: ignore[union-attr]
        else:
            raw[name] = value
    try:
        result = _fire_or_sign(db, user_id, dossier_id, trigger, expected_version or version, raw,
                               effective_on.date() if effective_on else None, password_file)
    except DomainError as exc:
        _fail(f"refused: {exc.message}")
    click.echo(f"{trigger}: {result.from_status} → {result.to_status} (version {result.version}, "
               f"{len(result.document_ids)} documents)")


def _echo_rows(dossier: str, rows: Callable[[Any, int], Iterable[T]], line: Callable[[T], str]) -> None:
    """One line per row that `rows(session, dossier_id)` gives for the dossier named by code or id."""
    with _db().read() as session:
        d = _dossier(session, dossier)
        for row in rows(session, d.id):
            click.echo(line(row))


def _history_line(r: Any) -> str:
    return (f"{r.on:%Y-%m-%d} (recorded {r.at:%Y-%m-%d %H:%M:%S})  {r.actor.username:12s} "
            f"{trigger_label(r.trigger):32s} {r.from_status} → {r.to_status}  v{r.version_after}  {r.inputs_json}")


@click.command("history")
@click.argument("dossier")
def history(dossier: str) -> None:
    """The transition history of a dossier: each step's own date, and when it was recorded."""
    _echo_rows(dossier, queries.history, _history_line)


@click.command("documents")
@click.argument("dossier")
def documents(dossier: str) -> None:
    """The documents generated for a dossier, oldest first."""
    _echo_rows(dossier, lambda session, dossier_id: reversed(queries.documents(session, dossier_id)),
               lambda doc: f"{doc.id:5d}  {doc.template_id:28s} v{doc.template_version}  {doc.sha256[:12]}  "
                           f"{doc.filename}")


@click.group("audit")
def audit_group() -> None:
    """The hash-chained audit trail."""


def checkpoint_file() -> Path:
    """The append-only checkpoint file outside the database (DOSSIER_CHECKPOINT_DIR or instance/audit)."""
    from dossier.services.checkpoints import FILE_NAME

    settings = cli_settings()
    return (settings.checkpoint_dir or settings.instance() / "audit") / FILE_NAME


@audit_group.command("verify")
@click.option("--expect", "expect", metavar="HASH", help="A head written down earlier: it must still be in the chain.")
@click.option("--checkpoints", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Another copy of the checkpoint file (JSON lines) to check against.")
def audit_verify(expect: str | None, extra: tuple[Path, ...]) -> None:
    """Recompute the audit chain and check it against every signed checkpoint; exit 1 on any problem."""
    from dossier.services import checkpoints
    from dossier.services.audit import verify

    outside = [c for f in (checkpoint_file(), *extra) for c in checkpoints.read_file(f)]
    with _db().read() as session:
        report = verify(session)
        marks = checkpoints.verify(session, outside, expect=expect)
    if not report.ok:
        _fail(f"audit chain BROKEN after {report.events} good events: {report.problem}")
    if not marks.ok:
        _fail("audit chain does NOT match its checkpoints:\n  " + "\n  ".join(marks.problems))
    click.echo(f"audit chain intact: {report.events} events, head {report.head_hash}; "
               f"{marks.checked} signed checkpoints match (last at seq {marks.last_seq})")


@audit_group.command("checkpoint")
@click.option("--org", "org_code", help="Organisation whose seal signs (default DOSSIER_CHECKPOINT_ORG, else the Sở).")
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="File holding the seal's password (default DOSSIER_CHECKPOINT_PASSWORD_FILE; else asked).")
@click.option("--reason", type=click.Choice(["daily", "manual"]), default="daily", show_default=True)
def audit_checkpoint(org_code: str | None, password_file: Path | None, reason: str) -> None:
    """Sign the chain's head with an organisation's seal; run daily (cron or the daily job)."""
    from dossier.services import checkpoints
    from dossier.signing.errors import SigningError

    settings = cli_settings()
    password = _checkpoint_password(password_file or settings.checkpoint_password_file)
    try:
        made = checkpoints.checkpoint_now(_db(), reason=reason, password=password,
                                          org_code=org_code or settings.checkpoint_org)
    except (checkpoints.CheckpointError, SigningError) as exc:
        _fail(f"checkpoint not made: {exc}")
    checkpoints.export_file(_db(), checkpoint_file().parent)
    click.echo(f"checkpoint #{made['id']}: seq {made['seq']}, head {made['hash']}, signed; "
               f"copied to {checkpoint_file()}")


def _checkpoint_password(path: Path | None) -> str:
    if path is not None:
        return path.read_text(encoding="utf-8").strip()
    return click.prompt("Seal certificate password", hide_input=True)


@audit_group.command("head")
def audit_head() -> None:
    """Print the chain head (seq and hash) to keep somewhere the application cannot write."""
    from dossier.services.audit import verify

    with _db().read() as session:
        report = verify(session)
    click.echo(json.dumps({"events": report.events, "head": report.head_hash, "intact": report.ok}))


@click.command("workflow")
@click.option("--mermaid", is_flag=True, help="Print the Mermaid state diagram.")
def workflow(mermaid: bool) -> None:
    """Print the workflow table, or its Mermaid diagram."""
    from workflows import STEPS
    from workflows.diagram import mermaid as render_mermaid

    if mermaid:
        click.echo(render_mermaid(), nl=False)
        return
    for step in STEPS:
        sources = ",".join(s.value for s in step.sources)
        click.echo(f"{step.trigger:22s} {sources:55s} → {step.dest.value:24s} "
                   f"roles={','.join(sorted(r.value for r in step.roles))} docs={','.join(step.documents)}")


core_commands = [init_db, demo, list_dossiers, show, advance, history, documents, audit_group, workflow]


@click.group("backup", invoke_without_command=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the backup (default: instance/backups/dossier-<UTC time>.sqlite3).")
@click.pass_context
def backup_group(ctx: click.Context, output) -> None:
    """Online backup of the SQLite database, verified after writing."""
    if ctx.invoked_subcommand:
        return
    from datetime import UTC, datetime

    from dossier.services.backup import backup_sqlite, verify_backup

    target = output or cli_settings().instance() / "backups" / f"dossier-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.sqlite3"
    from dossier.services.checkpoints import write_sidecar

    try:
        backup_sqlite(_db(), target)
    except (ValueError, FileExistsError) as exc:
        _fail(f"backup not made: {exc}")
    write_sidecar(_db(), target)  # the signed checkpoints and the copy's head travel with it
    _report_backup(verify_backup(target, checkpoint_file()))


@backup_group.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def backup_verify(file) -> None:
    """Check a backup: integrity, audit chain and its signed checkpoints, every stored document's sha256."""
    from dossier.services.backup import verify_backup

    _report_backup(verify_backup(file, checkpoint_file()))


def _report_backup(report) -> None:
    if not report.ok:
        _fail(f"backup {report.path} is NOT sound:\n  " + "\n  ".join(report.problems))
    click.echo(f"backup {report.path}: sound — {report.dossiers} dossiers, {report.blobs} stored files, "
               f"audit chain of {report.audit_events} events, head {report.audit_head}")


core_commands.append(backup_group)
