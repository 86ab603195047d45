"""Schema management through Alembic, from the first table on."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, inspect

from dossier.errors import DossierError

MIGRATIONS = Path(__file__).with_name("migrations")

# The first version's 23 migrations, written before any release, are one baseline since
# 3 December 2026 (versions/…_0025_baseline.py). A database at the last of them has exactly the
# baseline's schema (compared table by table, trigger by trigger, on SQLite and PostgreSQL) and
# is carried on to it; one at an earlier revision must first be upgraded by a version that still
# has that revision's successors.
BASELINE = "0025_baseline"
FOLDED_HEAD = "0024_archive_timestamps"
FOLDED = frozenset({
    "0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008_signers", "0009_list_search",
    "0010_step_date", "0011_security", "0012_lifecycle", "0014_people", "0015_org_versions", "0016_signature_images",
    "0017_jobs", "0019_exchange", "0020_api_tokens", "0021_plan_register", "0021_cache_versions",
    "0022_record_metadata", "0023_incoming_register", FOLDED_HEAD,
})
# The last commit whose migrations go up to FOLDED_HEAD one by one.
LAST_UNFOLDED = "66ecb84"


class SchemaTooOld(DossierError):
    """The database is at a revision folded into the baseline and older than its last one."""

    code = "schema_too_old"
    message = "Cơ sở dữ liệu ở phiên bản cấu trúc quá cũ; cần nâng cấp qua phiên bản trung gian."


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    cfg.set_main_option(
        "file_template", "%%(year)d%%(month).2d%%(day).2d_%%(hour).2d%%(minute).2d_%%(rev)s_%%(slug)s"
    )
    return cfg


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the database to `revision` (idempotent: running it twice changes nothing)."""
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        carry_over_folded(conn)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def carry_over_folded(conn: Connection) -> None:
    """Move a database at the folded chain's last revision to the baseline (same schema, no
    change but its recorded revision); refuse one at an earlier folded revision, nothing changed."""
    if not inspect(conn).has_table("alembic_version"):
        return
    current = set(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars())
    if current == {FOLDED_HEAD}:
        conn.exec_driver_sql(f"UPDATE alembic_version SET version_num = '{BASELINE}'")
    elif current & FOLDED:
        revisions = ", ".join(sorted(current))
        raise SchemaTooOld(detail=(
            f"the database is at schema revision {revisions}, older than {FOLDED_HEAD}, whose migrations "
            f"were folded into the baseline {BASELINE}; upgrade it first with the version that has them "
            f"(git checkout {LAST_UNFOLDED}, then `dossier init-db` on this database), then run this version again"))


def downgrade(engine: Engine, revision: str = "base") -> None:
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
