"""CLI for templates: `templates check/list`, `render`, `check-layout`, `check-document` (registered by the lead)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dossier.cli.settings import cli_settings
from dossier.documents.catalog import load_catalog, load_sample
from dossier.documents.errors import DocumentError


@click.group("templates")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Templates folder (default: $DOSSIER_TEMPLATES_DIR or the shipped templates).")
@click.pass_context
def templates(ctx: click.Context, root: Path | None) -> None:
    """Manage the Word template catalogue."""
    ctx.obj = {"root": root}


@templates.command("list")
@click.pass_context
def list_templates(ctx: click.Context) -> None:
    """List the templates in the catalogue."""
    for spec in load_catalog(ctx.obj["root"] or cli_settings().templates_dir).values():
        click.echo(f"{spec.id}\tv{spec.version}\t{spec.doc_type}\t{spec.issuer}\t{spec.title}")


@templates.command("check")
@click.argument("ids", nargs=-1)
@click.pass_context
def check(ctx: click.Context, ids: tuple[str, ...]) -> None:
    """Check templates (all, or the given IDs); exit 1 if any has an error."""
    from dossier.documents.checks import check_template

    catalog = load_catalog(ctx.obj["root"] or cli_settings().templates_dir)
    unknown = [i for i in ids if i not in catalog]
    if unknown:
        raise click.ClickException(f"unknown template(s): {', '.join(unknown)}")
    errors = 0
    for tid in ids or sorted(catalog):
        problems = check_template(catalog[tid])
        n_err = sum(p.severity == "error" for p in problems)
        errors += n_err
        click.echo(f"{tid}: {'OK' if not problems else f'{n_err} lỗi, {len(problems) - n_err} cảnh báo'}")
        for p in problems:
            click.echo(f"  {p}")
    sys.exit(1 if errors else 0)


@click.command("render")
@click.argument("template_id")
@click.option("--sample", "use_sample", is_flag=True, help="Render with the template's sample.json.")
@click.option("--context", "context_file", type=click.Path(dir_okay=False, path_type=Path),
              help="JSON file with the context.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None)
def render(template_id: str, use_sample: bool, context_file: Path | None, output: Path,
           root: Path | None) -> None:
    """Render TEMPLATE_ID to a .docx file (bounded worker process)."""
    from dossier.documents.bounded import render_documents

    catalog = load_catalog(root or cli_settings().templates_dir)
    if template_id not in catalog:
        raise click.ClickException(f"unknown template {template_id!r}")
    spec = catalog[template_id]
    if bool(use_sample) == bool(context_file):
        raise click.UsageError("give exactly one of --sample or --context FILE.json")
    context = load_sample(spec) if use_sample else json.loads(context_file.read_text(encoding="utf-8"))
    try:
        docs = render_documents(spec, context)
    except DocumentError as exc:
        raise click.ClickException(f"{exc}\n{exc.message_vi}") from None
    for i, doc in enumerate(docs):
        path = output if len(docs) == 1 else output.with_name(f"{output.stem}_{i + 1:02d}{output.suffix}")
        path.write_bytes(doc.data)
        click.echo(f"{path}\tsha256={doc.sha256}\tcontext_sha256={doc.context_sha256}")


@click.command("check-layout")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", default=None, help="Document kind: quyet_dinh, to_trinh, bien_ban, don, …")
def check_layout(file: Path, kind: str | None) -> None:
    """Check FILE.docx against the Nghị định 30/2020 layout rules; exit 1 if it departs."""
    from dossier.documents.layout import check_layout as run_layout_checks

    problems = run_layout_checks(file.read_bytes(), kind=kind)
    for p in problems:
        click.echo(str(p))
    if not problems:
        click.echo("OK: đúng thể thức Nghị định 30/2020 (các điểm đã kiểm tra).")
    sys.exit(1 if problems else 0)


@click.command("check-document")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The document's date (default: its place–date line).")
@click.option("--dossier", "dossier_code", default=None,
              help="Check every document of this dossier (code or id) in the instance database, each alone "
                   "and against the others: dates in order, citations, figures.")
def check_document(file: Path | None, on, dossier_code: str | None) -> None:
    """Check FILE.docx's text (None, 'Ông/Bà', unfilled citations, empty dates, Căn cứ later than its
    date, 'Như Điều N' in Nơi nhận), or a dossier's documents with --dossier; exit 1 if anything is found."""
    if bool(file) == bool(dossier_code):
        raise click.UsageError("give exactly one of FILE or --dossier CODE")
    if dossier_code:
        _check_dossier(dossier_code)
        return
    from dossier.documents.content import check_document as run_content_checks

    problems = run_content_checks(file.read_bytes(), on=on.date() if on else None)
    for p in problems:
        click.echo(str(p))
    if not problems:
        click.echo("OK: không thấy chỗ thiếu dữ liệu hay căn cứ sai ngày.")
    sys.exit(1 if problems else 0)


def _check_dossier(code: str) -> None:
    from dossier.cli.settings import open_database, refusals
    from dossier.services.coherence import check_stored_dossier, dossier_documents, find_dossier

    db = open_database()
    try:
        with refusals(), db.read() as session:
            dossier = find_dossier(session, code)
            checked = len(dossier_documents(session, dossier.id))
            findings = check_stored_dossier(session, dossier.id)
            label = dossier.code
    finally:
        db.dispose()
    for f in findings:
        click.echo(str(f))
    if findings:
        click.echo(f"{label}: {len(findings)} điểm cần sửa trong {checked} văn bản.")
    else:
        click.echo(f"OK: {label}, {checked} văn bản: không thấy chỗ thiếu dữ liệu, ngày, trích dẫn hay số liệu "
                   "lệch nhau.")
    sys.exit(1 if findings else 0)
