"""The schema of the first version in one migration: the baseline of 3 December 2026.

Revision ID: 0025_baseline
Revises: (none)
Create Date: 2026-12-03 14:00:00

The first version's schema was written in 23 migrations (0001 … 0024_archive_timestamps) while
it was being built, before any release. They are folded into this one: what a new database gets
is read in one place, from the tables to the triggers that keep the append-only tables, the
list's counters and search index, and the caches' versions. A database at 0024_archive_timestamps
has exactly this schema and is carried on to it without a change (dossier.db.migrate); one at an
earlier revision is refused with the command that upgrades it. Migrations from here on are
upgrades of deployed databases and stay as they are written.
"""

import time

import sqlalchemy as sa
from alembic import op

from dossier.db.append_only import create_append_only_triggers

revision = "0025_baseline"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    _tables()
    conn = op.get_bind()
    for table in APPEND_ONLY:
        create_append_only_triggers(conn, table)
    sqlite = conn.dialect.name == "sqlite"
    for statement in (*_frozen_issued_documents(sqlite), *_list_search(sqlite), *_cache_versions(sqlite)):
        op.execute(statement)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS dossier_fts")
    for table in reversed(TABLES):
        op.drop_table(table)  # with its triggers
    if conn.dialect.name == "postgresql":
        for function in PG_FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")


def _tables() -> None:
    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blobs")),
    )
    op.create_table(
        "cache_versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_cache_versions")),
    )
    op.create_table(
        "dossier_counts",
        sa.Column("owner_org_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("commune", sa.String(length=255), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("owner_org_id", "status", "commune", name=op.f("pk_dossier_counts")),
    )
    op.create_table(
        "login_counters",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.Float(), nullable=False),
        sa.Column("next_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_counters")),
    )
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("header_parent", sa.String(length=255), nullable=False),
        sa.Column("header_name", sa.String(length=255), nullable=False),
        sa.Column("abbreviation", sa.String(length=20), nullable=False),
        sa.Column("place_name", sa.String(length=100), nullable=False),
        sa.Column("province", sa.String(length=100), nullable=False),
        sa.Column("head_title", sa.String(length=100), nullable=False),
        sa.Column("head_name", sa.String(length=255), nullable=False),
        sa.Column("collective_name", sa.String(length=100), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("tax_code", sa.String(length=20), nullable=False),
        sa.Column("bank_account", sa.String(length=50), nullable=False),
        sa.Column("bank_name", sa.String(length=255), nullable=False),
        sa.Column("approval_authority", sa.String(length=20), server_default="ubnd_tinh", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "approval_authority IN ('ubnd_tinh', 'so_cong_thuong')", name=op.f("ck_organisations_approval_authority")
        ),
        sa.CheckConstraint(
            "kind IN ('ubnd_tinh', 'so_cong_thuong', 'trung_tam_khuyen_cong', 'don_vi_khac')",
            name=op.f("ck_organisations_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["organisations.id"], name=op.f("fk_organisations_parent_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("code", name=op.f("uq_organisations_code")),
    )
    op.create_table(
        "programmes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("province", sa.String(length=100), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=False),
        sa.Column("budget_envelope", sa.BigInteger(), nullable=False),
        sa.Column("decision_ref", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programmes")),
        sa.UniqueConstraint("code", name=op.f("uq_programmes_code")),
    )
    op.create_table(
        "support_cap_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("province", sa.String(length=100), nullable=True),
        sa.Column("content_type", sa.String(length=60), nullable=False),
        sa.Column("percent_cap", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("absolute_cap", sa.BigInteger(), nullable=True),
        sa.Column("unit", sa.String(length=60), nullable=False),
        sa.Column("line_multiplier", sa.Numeric(precision=4, scale=2), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("absolute_cap IS NULL OR absolute_cap > 0", name=op.f("ck_support_cap_rules_absolute")),
        sa.CheckConstraint(
            "percent_cap IS NULL OR (percent_cap > 0 AND percent_cap <= 100)", name=op.f("ck_support_cap_rules_percent")
        ),
        sa.CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name=op.f("ck_support_cap_rules_period")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_cap_rules")),
    )
    op.create_index(op.f("ix_support_cap_rules_content_type"), "support_cap_rules", ["content_type"], unique=False)
    op.create_table(
        "trust_roots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("fingerprint_sha256", sa.String(length=64), nullable=False),
        sa.Column("cert_pem", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trust_roots")),
        sa.UniqueConstraint("fingerprint_sha256", name=op.f("uq_trust_roots_fingerprint_sha256")),
    )
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
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_audit_checkpoints_organisation_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_checkpoints")),
    )
    op.create_table(
        "beneficiaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("tax_code", sa.String(length=20), nullable=False),
        sa.Column("registration_number", sa.String(length=50), nullable=False),
        sa.Column("registration_date", sa.Date(), nullable=True),
        sa.Column("registration_issuer", sa.String(length=255), nullable=False),
        sa.Column("representative", sa.String(length=255), nullable=False),
        sa.Column("representative_title", sa.String(length=100), nullable=False),
        sa.Column("representative_gender", sa.String(length=8), server_default="", nullable=False),
        sa.Column("street", sa.String(length=255), nullable=False),
        sa.Column("hamlet", sa.String(length=255), nullable=False),
        sa.Column("commune", sa.String(length=255), nullable=False),
        sa.Column("province", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("representative_id_number", sa.Text(), nullable=False, server_default=""),
        sa.Column("bank_account", sa.Text(), nullable=False, server_default=""),
        sa.Column("bank_name", sa.String(length=255), nullable=False, server_default=""),
        sa.Column("sector", sa.String(length=255), nullable=False),
        sa.Column("products", sa.Text(), nullable=False),
        sa.Column("workers", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Text(), nullable=False),
        sa.Column("women_owned", sa.Boolean(), nullable=False),
        sa.Column("ethnic_minority_owned", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('dnnvv', 'htx', 'to_hop_tac', 'ho_kinh_doanh')", name=op.f("ck_beneficiaries_kind")
        ),
        sa.CheckConstraint(
            "representative_gender IN ('', 'male', 'female')", name=op.f("ck_beneficiaries_representative_gender")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_beneficiaries_organisation_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_beneficiaries")),
    )
    op.create_index(op.f("ix_beneficiaries_commune"), "beneficiaries", ["commune"], unique=False)
    op.create_index("ix_beneficiaries_org_commune", "beneficiaries", ["organisation_id", "commune"], unique=False)
    op.create_table(
        "content_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("reporting_group", sa.Integer(), nullable=False),
        sa.Column("default_support_type", sa.String(length=60), nullable=False),
        sa.Column("budget_envelope", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name=op.f("fk_content_groups_programme_id_programmes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_groups")),
        sa.UniqueConstraint("programme_id", "code", name=op.f("uq_content_groups_programme_id")),
    )
    op.create_table(
        "councils",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("scoring_mode", sa.String(length=20), nullable=False),
        sa.Column("quorum_numerator", sa.Integer(), nullable=False),
        sa.Column("quorum_denominator", sa.Integer(), nullable=False),
        sa.Column("pass_score", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("scoring_mode IN ('pass_fail', 'score')", name=op.f("ck_councils_scoring_mode")),
        sa.CheckConstraint(
            "quorum_numerator > 0 AND quorum_denominator >= quorum_numerator", name=op.f("ck_councils_quorum")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_councils_organisation_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_councils")),
    )
    op.create_table(
        "exchange_agencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organ_id", sa.String(length=13), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("telephone", sa.String(length=50), nullable=False),
        sa.Column("website", sa.String(length=255), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_exchange_agencies_organisation_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_agencies")),
        sa.UniqueConstraint("organ_id", name=op.f("uq_exchange_agencies_organ_id")),
        sa.UniqueConstraint("organisation_id", name=op.f("uq_exchange_agencies_organisation_id")),
    )
    op.create_table(
        "organisation_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("header_parent", sa.String(length=255), nullable=False),
        sa.Column("header_name", sa.String(length=255), nullable=False),
        sa.Column("abbreviation", sa.String(length=20), nullable=False),
        sa.Column("place_name", sa.String(length=100), nullable=False),
        sa.Column("province", sa.String(length=100), nullable=False),
        sa.Column("head_title", sa.String(length=100), nullable=False),
        sa.Column("head_name", sa.String(length=255), nullable=False),
        sa.Column("collective_name", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("tax_code", sa.String(length=20), nullable=False),
        sa.Column("bank_account", sa.String(length=50), nullable=False),
        sa.Column("bank_name", sa.String(length=255), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_versions_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_versions")),
        sa.UniqueConstraint("organisation_id", "valid_from", name=op.f("uq_organisation_versions_organisation_id")),
    )
    op.create_index(
        op.f("ix_organisation_versions_organisation_id"), "organisation_versions", ["organisation_id"], unique=False
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("budget", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"], name=op.f("fk_plans_programme_id_programmes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
        sa.UniqueConstraint("programme_id", "year", name=op.f("uq_plans_programme_id")),
    )
    op.create_table(
        "register_counters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=10), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_register_counters_organisation_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_counters")),
        sa.UniqueConstraint("organisation_id", "year", "series", name=op.f("uq_register_counters_organisation_id")),
    )
    op.create_table(
        "register_settings",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("per_type", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_register_settings_organisation_id_organisations")
        ),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_register_settings")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=255), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("job_title", sa.String(length=100), nullable=False),
        sa.Column("gender", sa.String(length=8), server_default="", nullable=False),
        sa.Column("signing_capacity", sa.String(length=8), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("totp_secret", sa.String(length=64), nullable=True),
        sa.Column("totp_confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("gender IN ('', 'male', 'female')", name=op.f("ck_users_gender")),
        sa.CheckConstraint("signing_capacity IN ('direct', 'TM', 'KT', 'TL', 'TUQ')", name=op.f("ck_users_capacity")),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_users_organisation_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "agent_signing_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=80), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("field_name", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pdf_sha256"], ["blobs.sha256"], name=op.f("fk_agent_signing_sessions_pdf_sha256_blobs")
        ),
        sa.ForeignKeyConstraint(
            ["signed_pdf_sha256"], ["blobs.sha256"], name=op.f("fk_agent_signing_sessions_signed_pdf_sha256_blobs")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_agent_signing_sessions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_signing_sessions")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_agent_signing_sessions_token_sha256")),
    )
    op.create_index(op.f("ix_agent_signing_sessions_user_id"), "agent_signing_sessions", ["user_id"], unique=False)
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("can_fire", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_api_tokens_created_by_id_users")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_api_tokens_token_sha256")),
    )
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"], unique=False)
    op.create_table(
        "audit_events",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.String(length=40), nullable=False),
        sa.Column("payload_json", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_audit_events_actor_id_users")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_events_hash")),
        sa.UniqueConstraint("prev_hash", name=op.f("uq_audit_events_prev_hash")),
    )
    op.create_table(
        "batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("registration_deadline", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_batches_plan_id_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batches")),
        sa.UniqueConstraint("plan_id", "number", name=op.f("uq_batches_plan_id")),
    )
    op.create_table(
        "council_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("unit", sa.String(length=255), nullable=False),
        sa.Column("gender", sa.String(length=8), server_default="", nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("voting", sa.Boolean(), nullable=False),
        sa.CheckConstraint("gender IN ('', 'male', 'female')", name=op.f("ck_council_members_gender")),
        sa.CheckConstraint(
            "role IN ('chair', 'vice_chair', 'member', 'secretary')", name=op.f("ck_council_members_role")
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_council_members_council_id_councils"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_members")),
    )
    op.create_table(
        "incoming_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("arrival_year", sa.Integer(), nullable=False),
        sa.Column("arrival_number", sa.Integer(), nullable=False),
        sa.Column("arrival_date", sa.Date(), nullable=False),
        sa.Column("code_number", sa.String(length=11), nullable=False),
        sa.Column("code_notation", sa.String(length=30), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("organ_name", sa.String(length=200), nullable=False),
        sa.Column("type_name", sa.String(length=100), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("pdf_filename", sa.String(length=255), nullable=False),
        sa.Column("duplicate_confirmed", sa.Boolean(), nullable=False),
        sa.Column("registered_by_id", sa.Integer(), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_incoming_documents_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(["pdf_sha256"], ["blobs.sha256"], name=op.f("fk_incoming_documents_pdf_sha256_blobs")),
        sa.ForeignKeyConstraint(
            ["registered_by_id"], ["users.id"], name=op.f("fk_incoming_documents_registered_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incoming_documents")),
        sa.UniqueConstraint(
            "organisation_id", "arrival_year", "arrival_number", name=op.f("uq_incoming_documents_organisation_id")
        ),
    )
    op.create_index(
        "ix_incoming_documents_code", "incoming_documents", ["code_number", "code_notation", "issued_on"], unique=False
    )
    op.create_index(
        op.f("ix_incoming_documents_organisation_id"), "incoming_documents", ["organisation_id"], unique=False
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("params_json", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dispatched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("task_id", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("worker", sa.String(length=200), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("result_sha256", sa.String(length=64), nullable=True),
        sa.Column("result_filename", sa.String(length=255), nullable=False),
        sa.Column("result_mimetype", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_jobs_created_by_id_users")),
        sa.ForeignKeyConstraint(["result_sha256"], ["blobs.sha256"], name=op.f("fk_jobs_result_sha256_blobs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index(op.f("ix_jobs_created_by_id"), "jobs", ["created_by_id"], unique=False)
    op.create_index("ix_jobs_status_heartbeat", "jobs", ["status", "heartbeat_at"], unique=False)
    op.create_table(
        "personal_data_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column("fields", sa.String(length=255), nullable=False),
        sa.Column("via", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_personal_data_reads_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["beneficiary_id"], ["beneficiaries.id"], name=op.f("fk_personal_data_reads_beneficiary_id_beneficiaries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_data_reads")),
    )
    op.create_index(op.f("ix_personal_data_reads_at"), "personal_data_reads", ["at"], unique=False)
    op.create_index(
        op.f("ix_personal_data_reads_beneficiary_id"), "personal_data_reads", ["beneficiary_id"], unique=False
    )
    op.create_table(
        "programme_envelopes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("content_group_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "source IN ('trung_uong', 'dia_phuong', 'doi_ung')", name=op.f("ck_programme_envelopes_source")
        ),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_programme_envelopes_amount_not_negative")),
        sa.ForeignKeyConstraint(
            ["content_group_id"],
            ["content_groups.id"],
            name=op.f("fk_programme_envelopes_content_group_id_content_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name=op.f("fk_programme_envelopes_programme_id_programmes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_envelopes")),
        sa.UniqueConstraint(
            "programme_id", "content_group_id", "source", name=op.f("uq_programme_envelopes_programme_id")
        ),
    )
    op.create_index(op.f("ix_programme_envelopes_programme_id"), "programme_envelopes", ["programme_id"], unique=False)
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=255), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_recovery_codes_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
    )
    op.create_index(op.f("ix_recovery_codes_user_id"), "recovery_codes", ["user_id"], unique=False)
    op.create_table(
        "signature_images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("png_sha256", sa.String(length=64), nullable=False),
        sa.Column("width_px", sa.Integer(), nullable=False),
        sa.Column("height_px", sa.Integer(), nullable=False),
        sa.Column("width_mm", sa.Float(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('signature', 'seal')", name=op.f("ck_signature_images_kind")),
        sa.CheckConstraint(
            "(user_id IS NULL) <> (organisation_id IS NULL)", name=op.f("ck_signature_images_one_owner")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_signature_images_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(["png_sha256"], ["blobs.sha256"], name=op.f("fk_signature_images_png_sha256_blobs")),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_signature_images_uploaded_by_id_users")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_signature_images_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signature_images")),
    )
    op.create_index(op.f("ix_signature_images_organisation_id"), "signature_images", ["organisation_id"], unique=False)
    op.create_index(op.f("ix_signature_images_user_id"), "signature_images", ["user_id"], unique=False)
    op.create_table(
        "signing_methods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("settings_json", sa.Text(), nullable=False),
        sa.Column("cert_pem", sa.Text(), nullable=False),
        sa.Column("fingerprint_sha256", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "source IN ('keystore', 'pkcs11', 'csc', 'smartca', 'agent')", name=op.f("ck_signing_methods_source")
        ),
        sa.CheckConstraint("(user_id IS NULL) <> (organisation_id IS NULL)", name=op.f("ck_signing_methods_one_owner")),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_signing_methods_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_signing_methods_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_methods")),
    )
    op.create_index(op.f("ix_signing_methods_organisation_id"), "signing_methods", ["organisation_id"], unique=False)
    op.create_index(op.f("ix_signing_methods_user_id"), "signing_methods", ["user_id"], unique=False)
    op.create_table(
        "template_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("manifest_toml", sa.Text(), nullable=False),
        sa.Column("sample_json", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("valid", sa.Boolean(), nullable=False),
        sa.Column("report_json", sa.Text(), nullable=False),
        sa.Column("preview_sha256", sa.String(length=64), nullable=True),
        sa.Column("comment", sa.String(length=500), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("activated_by_id", sa.Integer(), nullable=True),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('draft', 'active', 'retired')", name=op.f("ck_template_versions_status")),
        sa.ForeignKeyConstraint(
            ["activated_by_id"], ["users.id"], name=op.f("fk_template_versions_activated_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["preview_sha256"], ["blobs.sha256"], name=op.f("fk_template_versions_preview_sha256_blobs")
        ),
        sa.ForeignKeyConstraint(["sha256"], ["blobs.sha256"], name=op.f("fk_template_versions_sha256_blobs")),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_template_versions_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_versions")),
        sa.UniqueConstraint("template_id", "version", name=op.f("uq_template_versions_template_id")),
    )
    op.create_index(op.f("ix_template_versions_template_id"), "template_versions", ["template_id"], unique=False)
    op.create_table(
        "user_certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("fingerprint_sha256", sa.String(length=64), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("not_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cert_pem", sa.Text(), nullable=False),
        sa.Column("p12", sa.LargeBinary(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('personal', 'seal', 'ca')", name=op.f("ck_user_certificates_kind")),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_user_certificates_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_certificates_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_certificates")),
        sa.UniqueConstraint("fingerprint_sha256", name=op.f("uq_user_certificates_fingerprint_sha256")),
    )
    op.create_index(
        op.f("ix_user_certificates_organisation_id"), "user_certificates", ["organisation_id"], unique=False
    )
    op.create_index(op.f("ix_user_certificates_user_id"), "user_certificates", ["user_id"], unique=False)
    op.create_table(
        "user_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.CheckConstraint("role IN ('officer', 'leader', 'clerk', 'admin')", name=op.f("ck_user_roles_role")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_roles_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_roles")),
        sa.UniqueConstraint("user_id", "role", name=op.f("uq_user_roles_user_id")),
    )
    op.create_table(
        "user_sessions",
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("second_factor", sa.Boolean(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("token_sha256", name=op.f("pk_user_sessions")),
    )
    op.create_index(op.f("ix_user_sessions_user_id"), "user_sessions", ["user_id"], unique=False)
    op.create_table(
        "dossiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("owner_org_id", sa.Integer(), nullable=False),
        sa.Column("implementing_org_id", sa.Integer(), nullable=True),
        sa.Column("beneficiary_id", sa.Integer(), nullable=True),
        sa.Column("content_group_id", sa.Integer(), nullable=True),
        sa.Column("support_type", sa.String(length=60), nullable=False),
        sa.Column("is_technology_line", sa.Boolean(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("council_id", sa.Integer(), nullable=True),
        sa.Column("funding_source", sa.String(length=20), nullable=False),
        sa.Column("location", sa.String(length=500), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("necessity", sa.Text(), nullable=False),
        sa.Column("objectives", sa.Text(), nullable=False),
        sa.Column("expected_results", sa.Text(), nullable=False),
        sa.Column("impact", sa.Text(), nullable=False),
        sa.Column("implementation_plan", sa.Text(), nullable=False),
        sa.Column("partners", sa.String(length=500), nullable=False),
        sa.Column("requested_support", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("commune", sa.String(length=255), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("funding_source IN ('dia_phuong', 'quoc_gia')", name=op.f("ck_dossiers_funding_source")),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'revision_requested', 'under_appraisal', 'appraised', 'appraisal_failed', 'submitted_for_approval', 'approved', 'contracted', 'in_progress', 'adjustment_pending', 'accepted', 'acceptance_failed', 'liquidated', 'settled', 'stopped', 'archived')",
            name=op.f("ck_dossiers_status"),
        ),
        sa.CheckConstraint("requested_support >= 0", name=op.f("ck_dossiers_support_not_negative")),
        sa.ForeignKeyConstraint(["batch_id"], ["batches.id"], name=op.f("fk_dossiers_batch_id_batches")),
        sa.ForeignKeyConstraint(
            ["beneficiary_id"], ["beneficiaries.id"], name=op.f("fk_dossiers_beneficiary_id_beneficiaries")
        ),
        sa.ForeignKeyConstraint(
            ["content_group_id"], ["content_groups.id"], name=op.f("fk_dossiers_content_group_id_content_groups")
        ),
        sa.ForeignKeyConstraint(["council_id"], ["councils.id"], name=op.f("fk_dossiers_council_id_councils")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_dossiers_created_by_id_users")),
        sa.ForeignKeyConstraint(
            ["implementing_org_id"], ["organisations.id"], name=op.f("fk_dossiers_implementing_org_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["owner_org_id"], ["organisations.id"], name=op.f("fk_dossiers_owner_org_id_organisations")
        ),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_dossiers_plan_id_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossiers")),
        sa.UniqueConstraint("code", name=op.f("uq_dossiers_code")),
    )
    op.create_index(
        "ix_dossiers_batch_updated", "dossiers", ["batch_id", "updated_at", "id", "owner_org_id"], unique=False
    )
    op.create_index(op.f("ix_dossiers_beneficiary_id"), "dossiers", ["beneficiary_id"], unique=False)
    op.create_index(
        "ix_dossiers_commune_updated", "dossiers", ["commune", "updated_at", "id", "owner_org_id"], unique=False
    )
    op.create_index(
        "ix_dossiers_group_updated", "dossiers", ["content_group_id", "updated_at", "id", "owner_org_id"], unique=False
    )
    op.create_index(op.f("ix_dossiers_owner_org_id"), "dossiers", ["owner_org_id"], unique=False)
    op.create_index("ix_dossiers_owner_updated", "dossiers", ["owner_org_id", "updated_at"], unique=False)
    op.create_index(
        "ix_dossiers_plan_updated", "dossiers", ["plan_id", "updated_at", "id", "owner_org_id"], unique=False
    )
    op.create_index(
        "ix_dossiers_status_commune_updated",
        "dossiers",
        ["status", "commune", "updated_at", "id", "owner_org_id"],
        unique=False,
    )
    op.create_index(
        "ix_dossiers_status_updated", "dossiers", ["status", "updated_at", "id", "owner_org_id"], unique=False
    )
    op.create_index(op.f("ix_dossiers_updated_at"), "dossiers", ["updated_at"], unique=False)
    op.create_table(
        "job_items",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("value_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_job_items_job_id_jobs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("job_id", "key", name=op.f("pk_job_items")),
    )
    op.create_table(
        "plan_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("template_id", sa.String(length=80), nullable=False),
        sa.Column("template_version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("context_sha256", sa.String(length=64), nullable=False),
        sa.Column("context_json", sa.Text(), nullable=False),
        sa.Column("engine_version", sa.String(length=100), nullable=False),
        sa.Column("dossiers_json", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["batches.id"], name=op.f("fk_plan_documents_batch_id_batches")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_plan_documents_created_by_id_users")),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_plan_documents_plan_id_plans")),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name=op.f("fk_plan_documents_programme_id_programmes")
        ),
        sa.ForeignKeyConstraint(["sha256"], ["blobs.sha256"], name=op.f("fk_plan_documents_sha256_blobs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_documents")),
    )
    op.create_index(op.f("ix_plan_documents_plan_id"), "plan_documents", ["plan_id"], unique=False)
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_attachments_dossier_id_dossiers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["sha256"], ["blobs.sha256"], name=op.f("fk_attachments_sha256_blobs")),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["users.id"], name=op.f("fk_attachments_uploaded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    op.create_index(op.f("ix_attachments_dossier_id"), "attachments", ["dossier_id"], unique=False)
    op.create_table(
        "dossier_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("specification", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=255), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_dossier_items_quantity_positive")),
        sa.CheckConstraint("unit_price >= 0", name=op.f("ck_dossier_items_price_not_negative")),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_dossier_items_dossier_id_dossiers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_items")),
    )
    op.create_index(op.f("ix_dossier_items_dossier_id"), "dossier_items", ["dossier_id"], unique=False)
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("criteria_json", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("recommended_support", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("recommended_support IS NULL OR recommended_support >= 0", name=op.f("ck_reviews_support")),
        sa.CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name=op.f("ck_reviews_score_range")),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_reviews_dossier_id_dossiers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["council_members.id"], name=op.f("fk_reviews_member_id_council_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("dossier_id", "member_id", name=op.f("uq_reviews_dossier_id")),
    )
    op.create_index(op.f("ix_reviews_dossier_id"), "reviews", ["dossier_id"], unique=False)
    op.create_table(
        "transition_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=40), nullable=False),
        sa.Column("from_status", sa.String(length=30), nullable=False),
        sa.Column("to_status", sa.String(length=30), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("inputs_json", sa.Text(), nullable=False),
        sa.Column("version_after", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_transition_history_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_transition_history_dossier_id_dossiers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transition_history")),
    )
    op.create_index(op.f("ix_transition_history_dossier_id"), "transition_history", ["dossier_id"], unique=False)
    op.create_table(
        "generated_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("transition_id", sa.Integer(), nullable=True),
        sa.Column("template_id", sa.String(length=80), nullable=False),
        sa.Column("template_version", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("context_sha256", sa.String(length=64), nullable=False),
        sa.Column("context_json", sa.Text(), nullable=False),
        sa.Column("engine_version", sa.String(length=100), nullable=False),
        sa.Column("template_sha256", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_generated_documents_dossier_id_dossiers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["sha256"], ["blobs.sha256"], name=op.f("fk_generated_documents_sha256_blobs")),
        sa.ForeignKeyConstraint(
            ["transition_id"],
            ["transition_history.id"],
            name=op.f("fk_generated_documents_transition_id_transition_history"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_generated_documents")),
        sa.UniqueConstraint("transition_id", "template_id", "part", name=op.f("uq_generated_documents_transition_id")),
    )
    op.create_index(op.f("ix_generated_documents_dossier_id"), "generated_documents", ["dossier_id"], unique=False)
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("transition_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=255), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('approved_support', 'contract_value', 'advance', 'payment', 'recovery', 'accepted_value', 'accepted_support', 'settlement')",
            name=op.f("ck_ledger_entries_kind"),
        ),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_ledger_entries_amount_not_negative")),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_ledger_entries_actor_id_users")),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"], name=op.f("fk_ledger_entries_dossier_id_dossiers")),
        sa.ForeignKeyConstraint(
            ["transition_id"],
            ["transition_history.id"],
            name=op.f("fk_ledger_entries_transition_id_transition_history"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
    )
    op.create_index(op.f("ix_ledger_entries_dossier_id"), "ledger_entries", ["dossier_id"], unique=False)
    op.create_table(
        "draft_cancellations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("generated_document_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("cancelled_by_id", sa.Integer(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cancelled_by_id"], ["users.id"], name=op.f("fk_draft_cancellations_cancelled_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["generated_document_id"],
            ["generated_documents.id"],
            name=op.f("fk_draft_cancellations_generated_document_id_generated_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_cancellations")),
        sa.UniqueConstraint("generated_document_id", name=op.f("uq_draft_cancellations_generated_document_id")),
    )
    op.create_table(
        "register_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=10), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("doc_type", sa.String(length=10), nullable=False),
        sa.Column("symbol", sa.String(length=80), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("abstract", sa.Text(), nullable=False),
        sa.Column("signer_name", sa.String(length=255), nullable=False),
        sa.Column("signer_id", sa.Integer(), nullable=True),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=True),
        sa.Column("generated_document_id", sa.Integer(), nullable=True),
        sa.Column("plan_document_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"], name=op.f("fk_register_entries_dossier_id_dossiers")),
        sa.ForeignKeyConstraint(
            ["generated_document_id"],
            ["generated_documents.id"],
            name=op.f("fk_register_entries_generated_document_id_generated_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_register_entries_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["plan_document_id"],
            ["plan_documents.id"],
            name=op.f("fk_register_entries_plan_document_id_plan_documents"),
        ),
        sa.ForeignKeyConstraint(["signer_id"], ["users.id"], name=op.f("fk_register_entries_signer_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_entries")),
        sa.UniqueConstraint(
            "organisation_id", "year", "series", "number", name=op.f("uq_register_entries_organisation_id")
        ),
    )
    op.create_index(op.f("ix_register_entries_organisation_id"), "register_entries", ["organisation_id"], unique=False)
    op.create_index(op.f("ix_register_entries_plan_document_id"), "register_entries", ["plan_document_id"], unique=True)
    op.create_table(
        "issued_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("generated_document_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("register_entry_id", sa.Integer(), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("number_text", sa.String(length=100), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("verification_code", sa.String(length=16), nullable=False),
        sa.Column("template_id", sa.String(length=80), nullable=False),
        sa.Column("template_version", sa.Integer(), nullable=False),
        sa.Column("context_json", sa.Text(), nullable=False),
        sa.Column("docx_sha256", sa.String(length=64), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("signed_pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("sealed_pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("signer_id", sa.Integer(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sealer_id", sa.Integer(), nullable=True),
        sa.Column("sealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('signed', 'issued')", name=op.f("ck_issued_documents_status")),
        sa.ForeignKeyConstraint(
            ["corrects_id"], ["issued_documents.id"], name=op.f("fk_issued_documents_corrects_id_issued_documents")
        ),
        sa.ForeignKeyConstraint(["docx_sha256"], ["blobs.sha256"], name=op.f("fk_issued_documents_docx_sha256_blobs")),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"], name=op.f("fk_issued_documents_dossier_id_dossiers")),
        sa.ForeignKeyConstraint(
            ["generated_document_id"],
            ["generated_documents.id"],
            name=op.f("fk_issued_documents_generated_document_id_generated_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_issued_documents_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["register_entry_id"],
            ["register_entries.id"],
            name=op.f("fk_issued_documents_register_entry_id_register_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["sealed_pdf_sha256"], ["blobs.sha256"], name=op.f("fk_issued_documents_sealed_pdf_sha256_blobs")
        ),
        sa.ForeignKeyConstraint(["sealer_id"], ["users.id"], name=op.f("fk_issued_documents_sealer_id_users")),
        sa.ForeignKeyConstraint(
            ["signed_pdf_sha256"], ["blobs.sha256"], name=op.f("fk_issued_documents_signed_pdf_sha256_blobs")
        ),
        sa.ForeignKeyConstraint(["signer_id"], ["users.id"], name=op.f("fk_issued_documents_signer_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_documents")),
        sa.UniqueConstraint("generated_document_id", name=op.f("uq_issued_documents_generated_document_id")),
        sa.UniqueConstraint("register_entry_id", name=op.f("uq_issued_documents_register_entry_id")),
        sa.UniqueConstraint("verification_code", name=op.f("uq_issued_documents_verification_code")),
    )
    op.create_index(op.f("ix_issued_documents_dossier_id"), "issued_documents", ["dossier_id"], unique=False)
    op.create_table(
        "register_cancellations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("cancelled_by_id", sa.Integer(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cancelled_by_id"], ["users.id"], name=op.f("fk_register_cancellations_cancelled_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["register_entries.id"], name=op.f("fk_register_cancellations_entry_id_register_entries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_cancellations")),
        sa.UniqueConstraint("entry_id", name=op.f("uq_register_cancellations_entry_id")),
    )
    op.create_table(
        "archive_timestamps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issued_document_id", sa.Integer(), nullable=False),
        sa.Column("previous_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("tsa_url", sa.String(length=500), nullable=False),
        sa.Column("stamped_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["issued_document_id"],
            ["issued_documents.id"],
            name=op.f("fk_archive_timestamps_issued_document_id_issued_documents"),
        ),
        sa.ForeignKeyConstraint(["pdf_sha256"], ["blobs.sha256"], name=op.f("fk_archive_timestamps_pdf_sha256_blobs")),
        sa.ForeignKeyConstraint(
            ["previous_sha256"], ["blobs.sha256"], name=op.f("fk_archive_timestamps_previous_sha256_blobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_timestamps")),
    )
    op.create_index(
        op.f("ix_archive_timestamps_issued_document_id"), "archive_timestamps", ["issued_document_id"], unique=False
    )
    op.create_table(
        "exchange_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=36), nullable=False),
        sa.Column("issued_document_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("business_type", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(length=120), nullable=False),
        sa.Column("package_sha256", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("state IN ('pending', 'sent', 'refused')", name=op.f("ck_exchange_outbox_state")),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["exchange_agencies.id"], name=op.f("fk_exchange_outbox_agency_id_exchange_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["issued_document_id"],
            ["issued_documents.id"],
            name=op.f("fk_exchange_outbox_issued_document_id_issued_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["package_sha256"], ["blobs.sha256"], name=op.f("fk_exchange_outbox_package_sha256_blobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_outbox")),
        sa.UniqueConstraint(
            "issued_document_id", "agency_id", "business_type", name=op.f("uq_exchange_outbox_issued_document_id")
        ),
        sa.UniqueConstraint("message_id", name=op.f("uq_exchange_outbox_message_id")),
    )
    op.create_index(op.f("ix_exchange_outbox_document_id"), "exchange_outbox", ["document_id"], unique=False)
    op.create_index(
        op.f("ix_exchange_outbox_issued_document_id"), "exchange_outbox", ["issued_document_id"], unique=False
    )
    op.create_index(op.f("ix_exchange_outbox_next_attempt_at"), "exchange_outbox", ["next_attempt_at"], unique=False)
    op.create_table(
        "exchange_revocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issued_document_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('revoke', 'replace')", name=op.f("ck_exchange_revocations_kind")),
        sa.ForeignKeyConstraint(["by_id"], ["users.id"], name=op.f("fk_exchange_revocations_by_id_users")),
        sa.ForeignKeyConstraint(
            ["issued_document_id"],
            ["issued_documents.id"],
            name=op.f("fk_exchange_revocations_issued_document_id_issued_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["replaced_by_id"],
            ["issued_documents.id"],
            name=op.f("fk_exchange_revocations_replaced_by_id_issued_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_revocations")),
        sa.UniqueConstraint("issued_document_id", name=op.f("uq_exchange_revocations_issued_document_id")),
    )
    op.create_table(
        "issued_annexes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issued_document_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("original_sha256", sa.String(length=64), nullable=False),
        sa.Column("signed_pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("sealer_id", sa.Integer(), nullable=False),
        sa.Column("sealed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["issued_document_id"],
            ["issued_documents.id"],
            name=op.f("fk_issued_annexes_issued_document_id_issued_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["original_sha256"], ["blobs.sha256"], name=op.f("fk_issued_annexes_original_sha256_blobs")
        ),
        sa.ForeignKeyConstraint(["sealer_id"], ["users.id"], name=op.f("fk_issued_annexes_sealer_id_users")),
        sa.ForeignKeyConstraint(
            ["signed_pdf_sha256"], ["blobs.sha256"], name=op.f("fk_issued_annexes_signed_pdf_sha256_blobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_annexes")),
    )
    op.create_index(
        op.f("ix_issued_annexes_issued_document_id"), "issued_annexes", ["issued_document_id"], unique=False
    )
    op.create_table(
        "record_metadata",
        sa.Column("issued_document_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("code_number", sa.String(length=11), nullable=False),
        sa.Column("code_notation", sa.String(length=30), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("fields_json", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"], name=op.f("fk_record_metadata_dossier_id_dossiers")),
        sa.ForeignKeyConstraint(
            ["issued_document_id"],
            ["issued_documents.id"],
            name=op.f("fk_record_metadata_issued_document_id_issued_documents"),
        ),
        sa.PrimaryKeyConstraint("issued_document_id", name=op.f("pk_record_metadata")),
    )
    op.create_index(
        "ix_record_metadata_code", "record_metadata", ["code_number", "code_notation", "issued_on"], unique=False
    )
    op.create_index(op.f("ix_record_metadata_dossier_id"), "record_metadata", ["dossier_id"], unique=False)
    op.create_table(
        "exchange_statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("staff", sa.String(length=255), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["outbox_id"], ["exchange_outbox.id"], name=op.f("fk_exchange_statuses_outbox_id_exchange_outbox")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_statuses")),
        sa.UniqueConstraint("outbox_id", "status_code", "reported_at", name=op.f("uq_exchange_statuses_outbox_id")),
    )
    op.create_index(op.f("ix_exchange_statuses_outbox_id"), "exchange_statuses", ["outbox_id"], unique=False)


# In the order they are created (each after the tables it refers to); dropped in reverse.
TABLES = (
    "audit_chain_head",
    "blobs",
    "cache_versions",
    "dossier_counts",
    "login_counters",
    "organisations",
    "programmes",
    "support_cap_rules",
    "trust_roots",
    "audit_checkpoints",
    "beneficiaries",
    "content_groups",
    "councils",
    "exchange_agencies",
    "organisation_versions",
    "plans",
    "register_counters",
    "register_settings",
    "users",
    "agent_signing_sessions",
    "api_tokens",
    "audit_events",
    "batches",
    "council_members",
    "incoming_documents",
    "jobs",
    "personal_data_reads",
    "programme_envelopes",
    "recovery_codes",
    "signature_images",
    "signing_methods",
    "template_versions",
    "user_certificates",
    "user_roles",
    "user_sessions",
    "dossiers",
    "job_items",
    "plan_documents",
    "attachments",
    "dossier_items",
    "reviews",
    "transition_history",
    "generated_documents",
    "ledger_entries",
    "draft_cancellations",
    "register_entries",
    "issued_documents",
    "register_cancellations",
    "archive_timestamps",
    "exchange_outbox",
    "exchange_revocations",
    "issued_annexes",
    "record_metadata",
    "exchange_statuses",
)
# Rows the application never updates or deletes: the database refuses it (dossier.db.append_only).
APPEND_ONLY = (
    "audit_events",
    "audit_checkpoints",
    "personal_data_reads",
    "register_entries",
    "register_cancellations",
    "ledger_entries",
    "draft_cancellations",
    "record_metadata",
    "incoming_documents",
    "archive_timestamps",
)
PG_FUNCTIONS = (
    *(f"{table}_append_only" for table in APPEND_ONLY),
    "issued_documents_frozen",
    "dossiers_count",
    "bump_cache_version",
)

# The columns that are the issued document, fixed when the leader signs; the seal is added once
# (NULL → value), after which the row is final, and an issued document is never deleted.
FROZEN = (
    "generated_document_id",
    "register_entry_id",
    "number_text",
    "issued_on",
    "verification_code",
    "template_id",
    "template_version",
    "context_json",
    "docx_sha256",
    "text_sha256",
    "signed_pdf_sha256",
    "signer_id",
    "signed_at",
)


def _frozen_issued_documents(sqlite: bool) -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in FROZEN)
    sealed = "OLD.sealed_pdf_sha256 IS NOT NULL"
    if sqlite:
        return [
            f"CREATE TRIGGER issued_documents_frozen BEFORE UPDATE ON issued_documents WHEN {changed} OR {sealed} "
            "BEGIN SELECT RAISE(ABORT, 'issued_documents: an issued document cannot be changed'); END",
            "CREATE TRIGGER issued_documents_no_delete BEFORE DELETE ON issued_documents "
            "BEGIN SELECT RAISE(ABORT, 'issued_documents: an issued document cannot be deleted'); END",
        ]
    changed = changed.replace(" IS NOT ", " IS DISTINCT FROM ")
    return [
        "CREATE OR REPLACE FUNCTION issued_documents_frozen() RETURNS trigger AS $$ BEGIN "
        "IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'issued_documents: an issued document cannot be deleted'; END IF; "
        f"IF {changed} OR {sealed} THEN "
        "RAISE EXCEPTION 'issued_documents: an issued document cannot be changed'; END IF; "
        "RETURN NEW; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER issued_documents_frozen BEFORE UPDATE OR DELETE ON issued_documents "
        "FOR EACH ROW EXECUTE FUNCTION issued_documents_frozen()",
    ]


# The list's totals: dossier_counts (body, state, commune → n), kept in the writing transaction.
_COUNT_UP = (
    "INSERT INTO dossier_counts (owner_org_id, status, commune, n) "
    "VALUES (new.owner_org_id, new.status, new.commune, 1) "
    "ON CONFLICT (owner_org_id, status, commune) DO UPDATE SET n = dossier_counts.n + 1;"
)
_COUNT_DOWN = (
    "UPDATE dossier_counts SET n = n - 1 WHERE owner_org_id = old.owner_org_id "
    "AND status = old.status AND commune = old.commune;"
)
_CHANGED = "old.owner_org_id IS NOT new.owner_org_id OR old.status IS NOT new.status OR old.commune IS NOT new.commune"
# PostgreSQL: one row-level function. The two counter rows of a change are written in key order
# so that two steps crossing between the same states cannot deadlock on them.
_PG_COUNT_FUNCTION = """
CREATE OR REPLACE FUNCTION dossiers_count() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NOT (OLD.owner_org_id IS DISTINCT FROM NEW.owner_org_id
      OR OLD.status IS DISTINCT FROM NEW.status OR OLD.commune IS DISTINCT FROM NEW.commune) THEN
    RETURN NULL;
  END IF;
  INSERT INTO dossier_counts AS c (owner_org_id, status, commune, n)
  SELECT o, s, m, d FROM (
    SELECT OLD.owner_org_id, OLD.status, OLD.commune, -1 WHERE TG_OP IN ('UPDATE', 'DELETE')
    UNION ALL
    SELECT NEW.owner_org_id, NEW.status, NEW.commune, 1 WHERE TG_OP IN ('UPDATE', 'INSERT')
  ) AS change (o, s, m, d)
  ORDER BY o, s, m
  ON CONFLICT (owner_org_id, status, commune) DO UPDATE SET n = c.n + excluded.n;
  RETURN NULL;
END; $$ LANGUAGE plpgsql
"""


def _list_search(sqlite: bool) -> list[str]:
    """The counters' triggers, and the search without diacritics over the folded search_text: an
    FTS5 trigram table on SQLite (≥ 3.34), a pg_trgm GIN index on PostgreSQL (dossier.db.search)."""
    if not sqlite:
        return [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            "CREATE INDEX ix_dossiers_search_trgm ON dossiers USING gin (search_text gin_trgm_ops)",
            _PG_COUNT_FUNCTION,
            "CREATE TRIGGER dossiers_count AFTER INSERT OR UPDATE OR DELETE ON dossiers "
            "FOR EACH ROW EXECUTE FUNCTION dossiers_count()",
        ]
    fts = "INSERT INTO dossier_fts (dossier_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
    return [
        f"CREATE TRIGGER dossiers_count_insert AFTER INSERT ON dossiers BEGIN {_COUNT_UP} END",
        f"CREATE TRIGGER dossiers_count_delete AFTER DELETE ON dossiers BEGIN {_COUNT_DOWN} END",
        "CREATE TRIGGER dossiers_count_update AFTER UPDATE OF owner_org_id, status, commune ON dossiers "
        f"WHEN {_CHANGED} BEGIN {_COUNT_DOWN} {_COUNT_UP} END",
        "CREATE VIRTUAL TABLE dossier_fts USING fts5(search_text, content='dossiers', content_rowid='id', "
        "tokenize='trigram')",
        "INSERT INTO dossier_fts (dossier_fts) VALUES ('rebuild')",
        "CREATE TRIGGER dossiers_fts_insert AFTER INSERT ON dossiers BEGIN "
        "INSERT INTO dossier_fts (rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER dossiers_fts_delete AFTER DELETE ON dossiers BEGIN {fts} END",
        "CREATE TRIGGER dossiers_fts_update AFTER UPDATE OF search_text ON dossiers BEGIN "
        f"{fts} INSERT INTO dossier_fts (rowid, search_text) VALUES (new.id, new.search_text); END",
    ]


# What processes cache (the filter menus, the organisation tree) and the version it was read at:
# "reference" bumped by any write to these tables, "communes" when a counter row appears,
# disappears, or reaches or leaves zero (dossier.services.cache). Triggers, so that every writer
# (a service, the CLI, a bulk load, another node) invalidates.
REFERENCE_TABLES = ("plans", "batches", "programmes", "content_groups", "organisations")
_BUMP = "UPDATE cache_versions SET version = version + 1 WHERE name = '{name}';"
_PG_BUMP_FUNCTION = """
CREATE OR REPLACE FUNCTION bump_cache_version() RETURNS trigger AS $$
BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = TG_ARGV[0];
  RETURN NULL;
END; $$ LANGUAGE plpgsql
"""


def _cache_versions(sqlite: bool) -> list[str]:
    # From the clock, not 1: a database dropped and made again under the same URL must not give a
    # process the versions its kept values were built at.
    start = time.time_ns() // 1000
    seed = f"INSERT INTO cache_versions (name, version) VALUES ('reference', {start}), ('communes', {start})"
    if not sqlite:
        return [
            seed,
            _PG_BUMP_FUNCTION,
            *(
                f"CREATE TRIGGER {table}_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version('reference')"
                for table in REFERENCE_TABLES
            ),
            "CREATE TRIGGER dossier_counts_cache_change AFTER INSERT OR DELETE ON dossier_counts "
            "FOR EACH ROW EXECUTE FUNCTION bump_cache_version('communes')",
            "CREATE TRIGGER dossier_counts_cache_update AFTER UPDATE OF n ON dossier_counts FOR EACH ROW "
            "WHEN ((OLD.n > 0) IS DISTINCT FROM (NEW.n > 0)) EXECUTE FUNCTION bump_cache_version('communes')",
        ]
    bump = _BUMP.format(name="communes")
    return [
        seed,
        *(
            f"CREATE TRIGGER {table}_cache_{event.lower()} AFTER {event} ON {table} "
            f"BEGIN {_BUMP.format(name='reference')} END"
            for table in REFERENCE_TABLES
            for event in ("INSERT", "UPDATE", "DELETE")
        ),
        f"CREATE TRIGGER dossier_counts_cache_insert AFTER INSERT ON dossier_counts BEGIN {bump} END",
        f"CREATE TRIGGER dossier_counts_cache_delete AFTER DELETE ON dossier_counts BEGIN {bump} END",
        "CREATE TRIGGER dossier_counts_cache_update AFTER UPDATE OF n ON dossier_counts "
        f"WHEN (old.n > 0) <> (new.n > 0) BEGIN {bump} END",
    ]
