"""Reads and writes of the `articles` table."""

from collections.abc import Iterable

from sqlalchemy import Engine, select

from services.storage.tables import ArticleRow


def known_article_ids(engine: Engine, ids: Iterable[str]) -> set[str]:
    """The subset of `ids` already stored, so a poll does not re-ingest them."""
    wanted = list(set(ids))
    if not wanted:
        return set()
    with engine.connect() as connection:
        rows = connection.execute(select(ArticleRow.id).where(ArticleRow.id.in_(wanted)))
        return {row[0] for row in rows}
