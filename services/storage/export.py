"""Stories as `stories export` writes them: the canonical article and its variants.

A story is exported once its canonical article is stored; of its other members only those
whose article is stored appear, so every stored article of a story is exported exactly once.
Each export is one streamed query, so it reads one consistent state of the database even
while the sink writes, and holds one story in memory at a time.
"""

from collections.abc import Generator, Iterator, Sequence
from itertools import groupby
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, RowMapping, case, exists, select
from sqlalchemy.orm import aliased

from schemas.story import (
    ExportedArticle,
    ExportedFeed,
    ExportedStory,
    ExportedVariant,
    Relation,
    Tier,
)
from services.storage.story_record import story_fields
from services.storage.tables import ArticleRow, FeedRow, StoryMemberRow, StoryRow

# Rows fetched per round trip; a row carries one article's full text.
BATCH_ROWS = 200

# The exported article's fields that are columns of `articles` (its feed is joined).
_ARTICLE_FIELDS = tuple(
    name for name in ExportedArticle.model_fields if name in ArticleRow.__table__.columns
)


def exportable() -> ColumnElement[bool]:
    """Condition on `stories` rows: the story holds its canonical article and it is stored."""
    # Aliases keep the subquery's tables apart from the same tables in an enclosing query.
    member = aliased(StoryMemberRow)
    article = aliased(ArticleRow)
    return (
        exists()
        .where(
            member.article_id == StoryRow.canonical_id,
            member.story_id == StoryRow.id,
            article.id == StoryRow.canonical_id,
        )
        .correlate(StoryRow)
    )


def iter_exported_stories(
    engine: Engine, since_version: int | None = None
) -> Iterator[ExportedStory]:
    """Every exportable story in order of id; with `since_version`, only stories whose
    version is greater than it."""
    conditions = [] if since_version is None else [StoryRow.version > since_version]
    with engine.connect() as connection:
        yield from exported_stories(connection, conditions)


def exported_stories(
    connection: Connection, conditions: Sequence[ColumnElement[bool]] = ()
) -> Generator[ExportedStory, None, None]:
    """The exportable stories that meet `conditions`, in order of id."""
    statement = (
        select(
            StoryRow.id.label("story_id"),
            StoryRow.version,
            StoryRow.first_published_at,
            StoryRow.last_published_at,
            StoryRow.updated_at,
            StoryMemberRow.relation,
            StoryMemberRow.similarity,
            StoryMemberRow.tier,
            *(getattr(ArticleRow, name) for name in _ARTICLE_FIELDS),
            ArticleRow.feed_id,
            FeedRow.url.label("feed_url"),
            FeedRow.title.label("feed_title"),
        )
        .join(StoryMemberRow, StoryMemberRow.story_id == StoryRow.id)
        .join(ArticleRow, ArticleRow.id == StoryMemberRow.article_id)
        .outerjoin(FeedRow, FeedRow.id == ArticleRow.feed_id)
        .where(exportable(), *conditions)
        .order_by(
            StoryRow.id,
            case((StoryMemberRow.article_id == StoryRow.canonical_id, 0), else_=1),
            StoryMemberRow.similarity.desc(),
            StoryMemberRow.article_id,
        )
    )
    # yield_per streams through a server-side cursor on PostgreSQL.
    result = connection.execution_options(yield_per=BATCH_ROWS).execute(statement)
    try:
        for _story_id, rows in groupby(result.mappings(), key=lambda row: row["story_id"]):
            yield _story(list(rows))
    finally:
        # A reader that stops early must not leave the server-side cursor open.
        result.close()


def _story(rows: list[RowMapping]) -> ExportedStory:
    first = rows[0]
    canonical = ExportedArticle(**_article_fields(first))
    variants = [_variant(row) for row in rows[1:]]
    return ExportedStory(
        id=first["story_id"],
        title=canonical.title,
        version=first["version"],
        canonical=canonical,
        variants=variants,
        first_published_at=first["first_published_at"],
        last_published_at=first["last_published_at"],
        updated_at=first["updated_at"],
        **story_fields(canonical, variants),
    )


def _variant(row: RowMapping) -> ExportedVariant:
    return ExportedVariant(
        **_article_fields(row),
        # apply_snapshot refuses a variant without a relation, so a stored one has it.
        relation=Relation(row["relation"]),
        similarity=row["similarity"],
        tier=None if row["tier"] is None else Tier(row["tier"]),
    )


def _article_fields(row: RowMapping) -> dict[str, Any]:
    fields = {name: row[name] for name in _ARTICLE_FIELDS}
    fields["authors"] = list(fields["authors"] or [])
    if row["feed_id"] is not None:
        fields["feed"] = ExportedFeed(
            id=row["feed_id"], url=row["feed_url"], title=row["feed_title"]
        )
    return fields
