"""Baseline: the schema of the first release with migrations.

Timestamps are `tables.UtcDateTime`, stored as DateTime(timezone=True), which is what this
revision creates. A database from before the migrations is adopted at this revision by
`newsfold db upgrade` (services/storage/schema.py).

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("site_url", sa.Text(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("last_polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_poll_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_code", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("poll_interval_seconds", sa.Integer(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("last_full_fetch_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("redirect_url", sa.Text(), nullable=True),
        sa.Column("redirect_seen", sa.Integer(), nullable=False),
        sa.Column("disabled_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("url"),
    )
    with op.batch_alter_table("feeds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feeds_last_error_code"), ["last_error_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_feeds_next_poll_at"), ["next_poll_at"], unique=False)

    op.create_table(
        "stories",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("canonical_id", sa.String(length=32), nullable=False),
        sa.Column("first_published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("merged_into", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stories_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "articles",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("feed_id", sa.String(length=32), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("canonical_url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("date_source", sa.String(length=16), nullable=False),
        sa.Column("site_name", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("language_confidence", sa.Float(), nullable=True),
        sa.Column("outlet", sa.Text(), nullable=True),
        sa.Column("image_url", sa.Text(), nullable=True),
        sa.Column("text_source", sa.String(length=8), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["feed_id"], ["feeds.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_articles_feed_id"), ["feed_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_articles_published_at"), ["published_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_articles_stored_at"), ["stored_at"], unique=False)

    op.create_table(
        "feed_entries",
        sa.Column("feed_id", sa.String(length=32), nullable=False),
        sa.Column("entry_key", sa.String(length=32), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["feed_id"], ["feeds.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("feed_id", "entry_key"),
    )
    with op.batch_alter_table("feed_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feed_entries_article_id"), ["article_id"], unique=False
        )

    op.create_table(
        "story_members",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("story_id", sa.String(length=32), nullable=False),
        sa.Column("relation", sa.String(length=16), nullable=True),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("tier", sa.String(length=24), nullable=True),
        sa.Column("join_score", sa.Float(), nullable=True),
        sa.Column("joined_via", sa.String(length=32), nullable=True),
        sa.Column("spun_from", sa.String(length=32), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id"),
    )
    with op.batch_alter_table("story_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_members_story_id"), ["story_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("story_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_members_story_id"))

    op.drop_table("story_members")
    with op.batch_alter_table("feed_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feed_entries_article_id"))

    op.drop_table("feed_entries")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_stored_at"))
        batch_op.drop_index(batch_op.f("ix_articles_published_at"))
        batch_op.drop_index(batch_op.f("ix_articles_feed_id"))

    op.drop_table("articles")
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stories_updated_at"))

    op.drop_table("stories")
    with op.batch_alter_table("feeds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feeds_next_poll_at"))
        batch_op.drop_index(batch_op.f("ix_feeds_last_error_code"))

    op.drop_table("feeds")
