"""The exchange with other agencies' systems: agency directory, outbox, statuses, revocations.

Revision ID: 0019_exchange
Revises: 0015_org_versions
Create Date: 2026-12-02 06:20:23

Issue 12: an issued document's edXML packages wait in the outbox, written in the issuance's
own transaction, until the sender delivers them; recipients' status messages are kept per package.
"""

import sqlalchemy as sa
from alembic import op


revision = "0019_exchange"
down_revision = "0015_org_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('exchange_agencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organ_id', sa.String(length=13), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('aliases', sa.Text(), nullable=False),
    sa.Column('address', sa.String(length=255), nullable=False),
    sa.Column('email', sa.String(length=255), nullable=False),
    sa.Column('telephone', sa.String(length=50), nullable=False),
    sa.Column('website', sa.String(length=255), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_exchange_agencies_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_agencies')),
    sa.UniqueConstraint('organ_id', name=op.f('uq_exchange_agencies_organ_id')),
    sa.UniqueConstraint('organisation_id', name=op.f('uq_exchange_agencies_organisation_id'))
    )
    op.create_table('exchange_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=36), nullable=False),
    sa.Column('issued_document_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('business_type', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.String(length=120), nullable=False),
    sa.Column('package_sha256', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state IN ('pending', 'sent', 'refused')", name=op.f('ck_exchange_outbox_state')),
    sa.ForeignKeyConstraint(['agency_id'], ['exchange_agencies.id'], name=op.f('fk_exchange_outbox_agency_id_exchange_agencies')),
    sa.ForeignKeyConstraint(['issued_document_id'], ['issued_documents.id'], name=op.f('fk_exchange_outbox_issued_document_id_issued_documents')),
    sa.ForeignKeyConstraint(['package_sha256'], ['blobs.sha256'], name=op.f('fk_exchange_outbox_package_sha256_blobs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_outbox')),
    sa.UniqueConstraint('issued_document_id', 'agency_id', 'business_type', name=op.f('uq_exchange_outbox_issued_document_id')),
    sa.UniqueConstraint('message_id', name=op.f('uq_exchange_outbox_message_id'))
    )
    with op.batch_alter_table('exchange_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchange_outbox_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exchange_outbox_issued_document_id'), ['issued_document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exchange_outbox_next_attempt_at'), ['next_attempt_at'], unique=False)

    op.create_table('exchange_revocations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issued_document_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.Column('by_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('revoke', 'replace')", name=op.f('ck_exchange_revocations_kind')),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_exchange_revocations_by_id_users')),
    sa.ForeignKeyConstraint(['issued_document_id'], ['issued_documents.id'], name=op.f('fk_exchange_revocations_issued_document_id_issued_documents')),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['issued_documents.id'], name=op.f('fk_exchange_revocations_replaced_by_id_issued_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_revocations')),
    sa.UniqueConstraint('issued_document_id', name=op.f('uq_exchange_revocations_issued_document_id'))
    )
    op.create_table('exchange_statuses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('staff', sa.String(length=255), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['outbox_id'], ['exchange_outbox.id'], name=op.f('fk_exchange_statuses_outbox_id_exchange_outbox')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_statuses')),
    sa.UniqueConstraint('outbox_id', 'status_code', 'reported_at', name=op.f('uq_exchange_statuses_outbox_id'))
    )
    with op.batch_alter_table('exchange_statuses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchange_statuses_outbox_id'), ['outbox_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('exchange_statuses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exchange_statuses_outbox_id'))

    op.drop_table('exchange_statuses')
    op.drop_table('exchange_revocations')
    with op.batch_alter_table('exchange_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exchange_outbox_next_attempt_at'))
        batch_op.drop_index(batch_op.f('ix_exchange_outbox_issued_document_id'))
        batch_op.drop_index(batch_op.f('ix_exchange_outbox_document_id'))

    op.drop_table('exchange_outbox')
    op.drop_table('exchange_agencies')
