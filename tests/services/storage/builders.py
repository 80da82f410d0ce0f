"""Articles, snapshots and table dumps shared by the sink's tests."""

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from schemas.article import Article
from schemas.story import Member, Relation, StorySnapshot, Tier
from services.storage.articles import upsert_article
from services.storage.stories import apply_snapshot
from services.storage.tables import ArticleRow, Base

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def make_article(article_id: str, **fields: Any) -> Article:
    """An article with plausible defaults; `fields` override them."""
    values: dict[str, Any] = {
        "id": article_id,
        "feed_id": "feed1",
        "url": f"https://example.com/{article_id}",
        "title": f"Title of {article_id}",
        "text": f"Text of {article_id}. " * 5,
        "authors": ["A. Writer"],
        "published_at": T0,
        "outlet": "Example News",
        "site_name": "Example",
        "language": "en",
        "fetched_at": T0,
    }
    values.update(fields)
    return Article(**values)


def make_snapshot(
    story_id: str,
    version: int,
    canonical_id: str,
    variants: list[str],
    updated_at: datetime | None = None,
) -> StorySnapshot:
    """A story of `canonical_id` and near-duplicate `variants`, published an hour apart."""
    members = [Member(article_id=canonical_id, published_at=T0)]
    members += [
        Member(
            article_id=variant,
            relation=Relation.NEAR_DUPLICATE,
            similarity=0.9 - index / 100,
            tier=Tier.MINHASH,
            published_at=T0 + timedelta(hours=index + 1),
        )
        for index, variant in enumerate(variants)
    ]
    return StorySnapshot(
        id=story_id,
        version=version,
        canonical_id=canonical_id,
        members=members,
        updated_at=updated_at or T0 + timedelta(minutes=version),
    )


def store(engine: Engine, articles: list[Article], snapshots: list[StorySnapshot]) -> None:
    """Store articles and apply snapshots, in that order, in one transaction."""
    with engine.begin() as connection:
        for article in articles:
            upsert_article(connection, article, T0)
        for snapshot in snapshots:
            apply_snapshot(connection, snapshot, T0)


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: two equal dumps are two equal databases."""
    with engine.connect() as connection:
        return {
            name: sorted(tuple(row) for row in connection.execute(select(table)))
            for name, table in Base.metadata.tables.items()
        }


def stored_article(engine: Engine, article_id: str) -> dict[str, Any] | None:
    """The stored row of an article by column name, or None."""
    statement = select(ArticleRow.__table__).where(ArticleRow.id == article_id)
    with engine.connect() as connection:
        row = connection.execute(statement).mappings().first()
    return None if row is None else dict(row)
