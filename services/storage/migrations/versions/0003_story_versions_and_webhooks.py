"""Story versions for polling consumers, and webhook dead letters.

`stories.version` becomes a deployment-wide number the sink takes from the one-row
`story_version_counter` each time it writes a story (`stories export --since` polls by it);
the dedupe stage's own per-story version moves to `stories.snapshot_version`. Existing
stories are numbered 1, 2, ... in order of `updated_at`, then id, and the counter starts
after them. `webhook_dead_letters` keeps deliveries that failed their last attempt.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 22:12:16.681157
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_version_counter",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "webhook_dead_letters",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("endpoint_url", sa.Text(), nullable=False),
        sa.Column("story_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.add_column(sa.Column("snapshot_version", sa.Integer(), nullable=True))
    op.execute("UPDATE stories SET snapshot_version = version")
    # UPDATE ... FROM and window functions: PostgreSQL, and SQLite from 3.33.
    op.execute(
        "UPDATE stories SET version = ranked.position FROM ("
        " SELECT id, ROW_NUMBER() OVER (ORDER BY updated_at, id) AS position FROM stories"
        ") AS ranked WHERE stories.id = ranked.id"
    )
    op.execute(
        "INSERT INTO story_version_counter (id, value)"
        " SELECT 1, COALESCE(MAX(version), 0) FROM stories"
    )
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.alter_column("snapshot_version", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column(
            "version", existing_type=sa.INTEGER(), type_=sa.BigInteger(), existing_nullable=False
        )
        batch_op.create_index(batch_op.f("ix_stories_version"), ["version"], unique=False)


def downgrade() -> None:
    op.execute("UPDATE stories SET version = snapshot_version")
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stories_version"))
        batch_op.alter_column(
            "version", existing_type=sa.BigInteger(), type_=sa.INTEGER(), existing_nullable=False
        )
        batch_op.drop_column("snapshot_version")
    op.drop_table("webhook_dead_letters")
    op.drop_table("story_version_counter")
