"""``dossier records export CODE OUT_DIR``: a dossier's hồ sơ điện tử for the archive (issue 12)."""

from __future__ import annotations

from pathlib import Path

import click

from dossier.cli.settings import open_database, refusals


@click.group("records")
def records() -> None:
    """Electronic records (ND 30/2020 Phụ lục VI)."""


@records.command("export")
@click.argument("code")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
def export_cmd(code: str, out_dir: Path) -> None:
    """Write the dossier's PDF, its XML and each signed PDF into OUT_DIR/CODE/."""
    from dossier.services.archive.export import export_by_code

    db = open_database()
    try:
        with refusals():
            exported = export_by_code(db, code)
    finally:
        db.dispose()
    target = out_dir / exported.code
    for name, data in exported.files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    documents = sum(1 for name in exported.files if name.startswith("van_ban/"))
    click.echo(f"{documents} documents of {code} written to {target}")
