"""Article enrichment: lead summary, word count and reading time, keywords, named entities
(and the article_entities table that stories are searched by entity with).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 22:06:33.248830
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_entities",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "key", "kind"),
    )
    with op.batch_alter_table("article_entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_entities_key"), ["key"], unique=False)

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("summary", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("word_count", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reading_time_seconds", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("keywords", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("entities", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("entities")
        batch_op.drop_column("keywords")
        batch_op.drop_column("reading_time_seconds")
        batch_op.drop_column("word_count")
        batch_op.drop_column("summary")

    with op.batch_alter_table("article_entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_entities_key"))

    op.drop_table("article_entities")
