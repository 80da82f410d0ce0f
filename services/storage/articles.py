"""Reads and writes of the `articles` table."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from schemas.article import Article
from services.storage.tables import ArticleEntityRow, ArticleRow, FeedRow
from services.storage.upsert import insert_for
from workers.text.entity_names import entity_key


def known_article_ids(engine: Engine, ids: Iterable[str]) -> set[str]:
    """The subset of `ids` already stored, so a poll does not re-ingest them."""
    wanted = list(set(ids))
    if not wanted:
        return set()
    with engine.connect() as connection:
        rows = connection.execute(select(ArticleRow.id).where(ArticleRow.id.in_(wanted)))
        return {row[0] for row in rows}


def stored_text(engine: Engine, article_id: str) -> str | None:
    """The stored text of an article, or None when it is not stored."""
    with engine.connect() as connection:
        text = connection.scalar(select(ArticleRow.text).where(ArticleRow.id == article_id))
    return None if text is None else str(text)


def upsert_article(connection: Connection, article: Article, now: datetime) -> None:
    """Store an article, or update the stored one from an extraction at least as recent.

    Storing the same article twice changes nothing, and `stored_at` keeps the time of the
    first store. An extraction older than the stored one (a sink job that ran late) is
    ignored rather than rolling the article back. One statement, so sink workers storing
    the same article at once cannot race into a duplicate-key error. The article's
    `article_entities` rows are replaced whenever the article row is written.
    """
    values = _row_values(article)
    # A feed removed while its article was in flight: store the article without it, as the
    # foreign key's ON DELETE SET NULL does for articles stored before the removal.
    values["feed_id"] = select(FeedRow.id).where(FeedRow.id == article.feed_id).scalar_subquery()
    statement = insert_for(connection, ArticleRow).values(**values, stored_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=["id"],
        set_={name: statement.excluded[name] for name in values if name != "id"},
        where=ArticleRow.fetched_at <= statement.excluded.fetched_at,
    )
    # RETURNING tells whether the row was written (rowcount is not reliable for upserts).
    if connection.execute(statement.returning(ArticleRow.id)).first() is not None:
        _replace_entities(connection, article)


def _replace_entities(connection: Connection, article: Article) -> None:
    """The article's entity rows, one per entity key and kind, as its entities now are."""
    connection.execute(delete(ArticleEntityRow).where(ArticleEntityRow.article_id == article.id))
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for entity in article.entities or []:
        key = entity_key(entity.name)[: ArticleEntityRow.key.type.length or None]
        known = rows.get((key, entity.kind.value))
        if known is not None:
            # Two names one key apart only in what the key folds ("Elysée", "Elysee").
            known["mentions"] += entity.mentions
            continue
        rows[(key, entity.kind.value)] = {
            "article_id": article.id,
            "key": key,
            "kind": entity.kind.value,
            "name": entity.name,
            "mentions": entity.mentions,
        }
    if rows:
        connection.execute(insert(ArticleEntityRow), list(rows.values()))


def _row_values(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "title": article.title,
        "text": article.text,
        "authors": list(article.authors),
        "published_at": article.published_at,
        "date_source": article.date_source.value,
        "site_name": article.site_name,
        "language": article.language,
        "language_confidence": article.language_confidence,
        "outlet": article.outlet,
        "image_url": article.image_url,
        "text_source": article.text_source.value,
        "fetched_at": article.fetched_at,
        "summary": article.summary,
        "word_count": article.word_count,
        "reading_time_seconds": article.reading_time_seconds,
        "keywords": article.keywords,
        "entities": None
        if article.entities is None
        else [entity.model_dump(mode="json") for entity in article.entities],
    }
