"""Reads and writes of the `feeds` table: the feeds followed and their poll state."""

from datetime import datetime

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from schemas import ids
from schemas.feed import Feed
from services.storage.tables import FeedRow
from services.storage.upsert import insert_for


def add_feed(engine: Engine, url: str, now: datetime, *, title: str | None = None) -> Feed:
    """Follow the feed at `url`, due for its first poll at once. Adding a feed already
    followed (under any spelling of its URL that normalizes alike) changes nothing and
    returns the stored feed."""
    identifier = ids.feed_id(url)
    with engine.begin() as connection:
        statement = insert_for(connection, FeedRow).values(
            id=identifier,
            url=url.strip(),
            title=title,
            enabled=True,
            error_count=0,
            created_at=now,
        )
        connection.execute(statement.on_conflict_do_nothing())
    feed = get_feed(engine, identifier)
    assert feed is not None  # just inserted, or there already
    return feed


def get_feed(engine: Engine, feed_id: str) -> Feed | None:
    """The feed with this id, or None."""
    with Session(engine) as session:
        row = session.get(FeedRow, feed_id)
        return None if row is None else _to_feed(row)


def list_feeds(engine: Engine) -> list[Feed]:
    """Every feed, in the order they were added."""
    with Session(engine) as session:
        rows = session.scalars(select(FeedRow).order_by(FeedRow.created_at, FeedRow.id))
        return [_to_feed(row) for row in rows]


def remove_feed(engine: Engine, feed_id: str) -> bool:
    """Stop following a feed; its stored articles stay. False if there was no such feed."""
    with engine.begin() as connection:
        result = connection.execute(delete(FeedRow).where(FeedRow.id == feed_id))
        return result.rowcount > 0


def due_feeds(engine: Engine, now: datetime, limit: int) -> list[Feed]:
    """Enabled feeds whose next poll is due (never polled first, then the most overdue)."""
    with Session(engine) as session:
        rows = session.scalars(
            select(FeedRow)
            .where(FeedRow.enabled.is_(True))
            .where((FeedRow.next_poll_at.is_(None)) | (FeedRow.next_poll_at <= now))
            .order_by(FeedRow.next_poll_at.asc().nulls_first(), FeedRow.id)
            .limit(limit)
        )
        return [_to_feed(row) for row in rows]


def record_poll_success(
    engine: Engine,
    feed_id: str,
    *,
    etag: str | None,
    last_modified: str | None,
    title: str | None,
    site_url: str | None,
    next_poll_at: datetime,
    now: datetime,
) -> None:
    """Store a successful poll: the validators for the next conditional GET replace the old
    ones, the error count is reset, and a title or site URL is kept unless a new one is
    given (a 304 carries none)."""
    values: dict[str, object] = {
        "etag": etag,
        "last_modified": last_modified,
        "last_polled_at": now,
        "next_poll_at": next_poll_at,
        "error_count": 0,
        "last_error": None,
    }
    if title is not None:
        values["title"] = title
    if site_url is not None:
        values["site_url"] = site_url
    with engine.begin() as connection:
        connection.execute(update(FeedRow).where(FeedRow.id == feed_id).values(**values))


def record_poll_failure(
    engine: Engine,
    feed_id: str,
    *,
    code: str,
    message: str,
    next_poll_at: datetime,
    now: datetime,
) -> None:
    """Store a failed poll: one more error counted and `last_error` set to "code: message"
    (the code is a stable `FetchError.code`, so errors can be grouped by it)."""
    with engine.begin() as connection:
        connection.execute(
            update(FeedRow)
            .where(FeedRow.id == feed_id)
            .values(
                error_count=FeedRow.error_count + 1,
                last_error=f"{code}: {message}",
                last_polled_at=now,
                next_poll_at=next_poll_at,
            )
        )


def _to_feed(row: FeedRow) -> Feed:
    return Feed(
        id=row.id,
        url=row.url,
        title=row.title,
        site_url=row.site_url,
        enabled=row.enabled,
        etag=row.etag,
        last_modified=row.last_modified,
        last_polled_at=row.last_polled_at,
        next_poll_at=row.next_poll_at,
        error_count=row.error_count,
        last_error=row.last_error,
        last_error_code=row.last_error_code,
        created_at=row.created_at,
        poll_interval_seconds=row.poll_interval_seconds,
        content_hash=row.content_hash,
        last_full_fetch_at=row.last_full_fetch_at,
        redirect_url=row.redirect_url,
        redirect_seen=row.redirect_seen or 0,
        disabled_reason=row.disabled_reason,
    )
