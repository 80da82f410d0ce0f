"""Reads and writes of the `feeds` table: the feeds followed and their poll state."""

from dataclasses import dataclass
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
        # A feed that moved to this URL keeps the id of the URL it was added under.
        stored_id = connection.scalar(
            select(FeedRow.id).where((FeedRow.id == identifier) | (FeedRow.url == url.strip()))
        )
    assert stored_id is not None  # just inserted, or there already
    feed = get_feed(engine, stored_id)
    assert feed is not None
    return feed


def get_feed(engine: Engine, feed_id: str) -> Feed | None:
    """The feed with this id, or None."""
    with Session(engine) as session:
        row = session.get(FeedRow, feed_id)
        return None if row is None else feed_from_row(row)


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
        return [feed_from_row(row) for row in rows]


@dataclass(frozen=True)
class PollSuccess:
    """What a poll that got an answer stores. `etag` and `last_modified` replace the old
    validators; `title` and `site_url` are kept unless given (a 304 carries none);
    `content_hash` likewise. `full_fetch` is True when the body was fetched without
    validators. `redirect_url` and `redirect_seen` track a permanent redirect not yet
    trusted (None and 0 when the feed answered at its own URL)."""

    etag: str | None
    last_modified: str | None
    next_poll_at: datetime
    interval_seconds: int
    title: str | None = None
    site_url: str | None = None
    content_hash: str | None = None
    full_fetch: bool = False
    redirect_url: str | None = None
    redirect_seen: int = 0


def record_poll_success(engine: Engine, feed_id: str, poll: PollSuccess, now: datetime) -> None:
    """Store a successful poll; the error count is reset."""
    values: dict[str, object] = {
        "etag": poll.etag,
        "last_modified": poll.last_modified,
        "last_polled_at": now,
        "next_poll_at": poll.next_poll_at,
        "poll_interval_seconds": poll.interval_seconds,
        "error_count": 0,
        "last_error": None,
        "last_error_code": None,
        "redirect_url": poll.redirect_url,
        "redirect_seen": poll.redirect_seen,
    }
    optional = {"title": poll.title, "site_url": poll.site_url, "content_hash": poll.content_hash}
    values |= {name: value for name, value in optional.items() if value is not None}
    if poll.full_fetch:
        values["last_full_fetch_at"] = now
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
    disable_reason: str | None = None,
) -> None:
    """Store a failed poll: one more error counted, `last_error` set to "code: message"
    and `last_error_code` to the code (a stable `FetchError.code`, so errors can be grouped
    by it). A `disable_reason` disables the feed with it."""
    values: dict[str, object] = {
        "error_count": FeedRow.error_count + 1,
        "last_error": f"{code}: {message}",
        "last_error_code": code,
        "last_polled_at": now,
        "next_poll_at": next_poll_at,
    }
    if disable_reason is not None:
        values |= {"enabled": False, "disabled_reason": disable_reason}
    with engine.begin() as connection:
        connection.execute(update(FeedRow).where(FeedRow.id == feed_id).values(**values))


def move_feed(engine: Engine, feed_id: str, url: str) -> Feed | None:
    """Poll the feed at `url` from now on (it moved there for good), keeping its id and
    its articles. When another feed already follows `url`, nothing moves and that feed is
    returned: the caller disables this one as its duplicate."""
    with engine.begin() as connection:
        other = connection.scalar(
            select(FeedRow.id).where(FeedRow.url == url.strip(), FeedRow.id != feed_id)
        )
        if other is None:
            connection.execute(
                update(FeedRow)
                .where(FeedRow.id == feed_id)
                .values(url=url.strip(), redirect_url=None, redirect_seen=0)
            )
            return None
    return get_feed(engine, other)


def defer_poll(engine: Engine, feed_id: str, until: datetime) -> None:
    """Poll the feed again at `until`, leaving its poll state as it is (nothing was asked)."""
    with engine.begin() as connection:
        statement = update(FeedRow).where(FeedRow.id == feed_id)
        connection.execute(statement.values(next_poll_at=until))


def disable_feed(engine: Engine, feed_id: str, reason: str) -> None:
    """Stop polling a feed, saying why (`feeds enable` brings it back)."""
    with engine.begin() as connection:
        statement = update(FeedRow).where(FeedRow.id == feed_id)
        connection.execute(statement.values(enabled=False, disabled_reason=reason))


def feed_from_row(row: FeedRow) -> Feed:
    """The feed a `feeds` row holds."""
    return Feed.model_validate(row, from_attributes=True)
