"""Reads and writes of the `feed_entries` table: which entries each feed has shown.

Rows are kept while their entry is in its feed, and for a while after (see `forget_entries`),
so the table grows with what feeds currently show, not with all they ever showed.
"""

from collections.abc import Collection, Mapping
from datetime import datetime

from sqlalchemy import Engine, String, bindparam, delete, literal, select

from services.storage.tables import FeedEntryRow, FeedRow
from services.storage.upsert import insert_for


def known_entry_keys(engine: Engine, feed_id: str, keys: Collection[str]) -> dict[str, str]:
    """Of `keys`, those the feed has shown, each with the article id it was taken as."""
    if not keys:
        return {}
    with engine.connect() as connection:
        rows = connection.execute(
            select(FeedEntryRow.entry_key, FeedEntryRow.article_id)
            .where(FeedEntryRow.feed_id == feed_id)
            .where(FeedEntryRow.entry_key.in_(set(keys)))
        )
        return {key: article for key, article in rows}


def known_entry_articles(engine: Engine, feed_id: str, article_ids: Collection[str]) -> set[str]:
    """Of `article_ids`, those the feed has shown under any entry key."""
    if not article_ids:
        return set()
    with engine.connect() as connection:
        rows = connection.execute(
            select(FeedEntryRow.article_id)
            .where(FeedEntryRow.feed_id == feed_id)
            .where(FeedEntryRow.article_id.in_(set(article_ids)))
        )
        return {row[0] for row in rows}


def record_entries(
    engine: Engine, feed_id: str, articles: Mapping[str, str], now: datetime
) -> None:
    """Remember that the feed shows the entries keyed in `articles` (entry key -> article id).

    A key already recorded keeps its first article and time, so pollers racing on one feed
    are harmless. Nothing is recorded for a feed removed meanwhile.
    """
    if not articles:
        return
    # INSERT ... SELECT from the feed's row: a removed feed selects nothing, where a plain
    # INSERT would break the foreign key. SQLite needs the WHERE to read ON CONFLICT right.
    source = select(
        FeedRow.id,
        bindparam("entry_key", type_=String),
        bindparam("article_id", type_=String),
        literal(now, FeedEntryRow.first_seen_at.type),
    ).where(FeedRow.id == feed_id)
    with engine.begin() as connection:
        statement = insert_for(connection, FeedEntryRow).from_select(
            ["feed_id", "entry_key", "article_id", "first_seen_at"], source
        )
        connection.execute(
            statement.on_conflict_do_nothing(),
            [{"entry_key": key, "article_id": article} for key, article in articles.items()],
        )


def forget_entries(
    engine: Engine, feed_id: str, *, keep: Collection[str], seen_before: datetime
) -> int:
    """Forget the feed's entries first seen before `seen_before`, except the keys in `keep`
    (those still in the feed, which would otherwise look new on the next poll). Returns how
    many were forgotten."""
    with engine.begin() as connection:
        old = connection.scalars(
            select(FeedEntryRow.entry_key)
            .where(FeedEntryRow.feed_id == feed_id)
            .where(FeedEntryRow.first_seen_at < seen_before)
        )
        gone = set(old) - set(keep)
        if not gone:
            return 0
        result = connection.execute(
            delete(FeedEntryRow)
            .where(FeedEntryRow.feed_id == feed_id)
            .where(FeedEntryRow.entry_key.in_(gone))
            .where(FeedEntryRow.first_seen_at < seen_before)
        )
        return result.rowcount
