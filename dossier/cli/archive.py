"""``dossier archive-timestamp``: PAdES B-LTA on the documents kept for the archive (run it from
cron every year or two, well before the timestamp authority's certificate expires)."""

from __future__ import annotations

from pathlib import Path

import click

from dossier.cli.settings import open_database, refusals


@click.command("archive-timestamp")
@click.option("--document", "issued_ids", multiple=True, type=int,
              help="Id of an issued document (repeatable); default: every sealed document of an archived dossier.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Also write each document's archival copy (the latest stamped PDF) into this folder.")
def archive_timestamp(issued_ids: tuple[int, ...], output: Path | None) -> None:
    """Add a document timestamp (B-LTA) to the archival copy of issued documents."""
    from dossier.cli.port import signing_port
    from dossier.model import Blob
    from dossier.services.issuance.archive_stamp import due_for_archive_stamp, stamp_for_archive

    db = open_database()
    try:
        chosen = list(issued_ids) or due_for_archive_stamp(db)
        if not chosen:
            click.echo("No sealed document of an archived dossier: nothing to stamp.")
            return
        with refusals():
            done = stamp_for_archive(db, signing_port(), chosen)
        for stamped in done:
            click.echo(f"{stamped.issued_id}\t{stamped.number_text}\tarchive timestamps: {stamped.stamps}\t"
                       f"{stamped.pdf_sha256[:16]}")
            if output is not None:
                output.mkdir(parents=True, exist_ok=True)
                with db.read() as session:
                    data = session.get(Blob, stamped.pdf_sha256).data
                (output / f"van-ban-{stamped.issued_id}-luu-tru.pdf").write_bytes(data)
        click.echo(f"{len(done)} document(s) stamped.")
    finally:
        db.dispose()
