"""Server-side sessions, sign-in counters, second factors, signed audit checkpoints, the log of
reads of personal data (issue 13).

Revision ID: 0011_security
Revises: 0010_step_date
Create Date: 2026-12-02 00:10:00
"""

import sqlalchemy as sa
from alembic import op

from dossier.db.append_only import create_append_only_triggers, drop_append_only_triggers

revision = "0011_security"
down_revision = "0010_step_date"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_sessions",
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("second_factor", sa.Boolean(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_sessions_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_sha256", name=op.f("pk_user_sessions")),
    )
    op.create_index(op.f("ix_user_sessions_user_id"), "user_sessions", ["user_id"])
    op.create_table(
        "login_counters",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.Float(), nullable=False),
        sa.Column("next_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_counters")),
    )
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=255), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_recovery_codes_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
    )
    op.create_index(op.f("ix_recovery_codes_user_id"), "recovery_codes", ["user_id"])
    op.create_table(
        "audit_checkpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("cert_pem", sa.Text(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_audit_checkpoints_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_checkpoints")),
    )
    create_append_only_triggers(op.get_bind(), "audit_checkpoints")
    op.create_table(
        "personal_data_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column("fields", sa.String(length=255), nullable=False),
        sa.Column("via", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_personal_data_reads_actor_id_users")),
        sa.ForeignKeyConstraint(["beneficiary_id"], ["beneficiaries.id"],
                                name=op.f("fk_personal_data_reads_beneficiary_id_beneficiaries")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_data_reads")),
    )
    op.create_index(op.f("ix_personal_data_reads_at"), "personal_data_reads", ["at"])
    op.create_index(op.f("ix_personal_data_reads_beneficiary_id"), "personal_data_reads", ["beneficiary_id"])
    create_append_only_triggers(op.get_bind(), "personal_data_reads")
    with op.batch_alter_table("beneficiaries") as batch:
        batch.add_column(sa.Column("representative_id_number", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("bank_account", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("bank_name", sa.String(length=255), nullable=False, server_default=""))
    _encrypt_existing(op.get_bind())
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("totp_confirmed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def _encrypt_existing(conn: sa.Connection) -> None:
    """Encrypt any ID or bank number stored in clear (rows written by an import or older code)."""
    from dossier.model.crypto import PREFIX, encrypt

    rows = conn.execute(sa.text("SELECT id, representative_id_number, bank_account FROM beneficiaries")).all()
    for row_id, id_number, account in rows:
        values = {k: encrypt(v) for k, v in (("n", id_number), ("a", account)) if v and not v.startswith(PREFIX)}
        if values:
            conn.execute(sa.text("UPDATE beneficiaries SET representative_id_number = :n, bank_account = :a "
                                 "WHERE id = :id"),
                         {"id": row_id, "n": values.get("n", id_number), "a": values.get("a", account)})


def downgrade() -> None:
    with op.batch_alter_table("beneficiaries") as batch:
        batch.drop_column("bank_name")
        batch.drop_column("bank_account")
        batch.drop_column("representative_id_number")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("must_change_password")
        batch.drop_column("totp_confirmed_at")
        batch.drop_column("totp_secret")
    drop_append_only_triggers(op.get_bind(), "personal_data_reads")
    op.drop_index(op.f("ix_personal_data_reads_beneficiary_id"), table_name="personal_data_reads")
    op.drop_index(op.f("ix_personal_data_reads_at"), table_name="personal_data_reads")
    op.drop_table("personal_data_reads")
    drop_append_only_triggers(op.get_bind(), "audit_checkpoints")
    op.drop_table("audit_checkpoints")
    op.drop_index(op.f("ix_recovery_codes_user_id"), table_name="recovery_codes")
    op.drop_table("recovery_codes")
    op.drop_table("login_counters")
    op.drop_index(op.f("ix_user_sessions_user_id"), table_name="user_sessions")
    op.drop_table("user_sessions")
