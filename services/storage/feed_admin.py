"""What an operator does to feeds the poller gave up on: list them by error, and bring
them back.

The poller counts a feed's failed polls and keeps the last error's stable code
(`services.http.errors`); after a long run of failures, or a 410 Gone, it disables the feed.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, case, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from schemas.feed import Feed
from services.storage.feeds import feed_from_row
from services.storage.tables import FeedRow


@dataclass(frozen=True)
class ErrorGroup:
    """The feeds whose last poll failed with one error code: how many, how many of them
    are disabled, and the ids of a few, those failing longest first."""

    code: str
    feeds: int
    disabled: int
    examples: list[str]


def feeds_by_error(engine: Engine, *, examples: int = 3) -> list[ErrorGroup]:
    """Failing feeds counted per error code, the most common code first."""
    code = FeedRow.last_error_code
    disabled = case((FeedRow.enabled.is_(False), 1), else_=0)
    ranked = (
        select(
            code,
            FeedRow.id,
            func.row_number()
            .over(partition_by=code, order_by=(FeedRow.error_count.desc(), FeedRow.id))
            .label("rank"),
            func.count().over(partition_by=code).label("feeds"),
            func.sum(disabled).over(partition_by=code).label("disabled"),
        )
        .where(code.is_not(None))
        .subquery()
    )
    groups: dict[str, ErrorGroup] = {}
    with engine.connect() as connection:
        rows = connection.execute(
            select(ranked).where(ranked.c.rank <= examples).order_by(ranked.c.rank)
        )
        for row in rows:
            group = groups.setdefault(
                row.last_error_code,
                ErrorGroup(row.last_error_code, int(row.feeds), int(row.disabled), []),
            )
            group.examples.append(row.id)
    return sorted(groups.values(), key=lambda group: (-group.feeds, group.code))


def find_feeds(
    engine: Engine,
    *,
    failing: bool = False,
    disabled: bool = False,
    error_code: str | None = None,
) -> list[Feed]:
    """Feeds in the order they were added, only those failing (their last poll failed),
    disabled, or whose last error has `error_code`, as asked; all feeds when nothing is."""
    conditions: list[ColumnElement[bool]] = []
    if failing:
        conditions.append(FeedRow.last_error_code.is_not(None))
    if disabled:
        conditions.append(FeedRow.enabled.is_(False))
    if error_code is not None:
        conditions.append(FeedRow.last_error_code == error_code)
    with Session(engine) as session:
        rows = session.scalars(
            select(FeedRow).where(*conditions).order_by(FeedRow.created_at, FeedRow.id)
        )
        return [feed_from_row(row) for row in rows]


def enable_feeds(engine: Engine, feed_ids: list[str], now: datetime) -> list[str]:
    """Poll these feeds again from now, as if they had never failed: enabled, their error
    count, last error and disabled reason cleared, due at once. Returns the ids of those
    that exist, sorted."""
    if not feed_ids:
        return []
    with engine.begin() as connection:
        result = connection.execute(
            update(FeedRow)
            .where(FeedRow.id.in_(feed_ids))
            .values(
                enabled=True,
                error_count=0,
                last_error=None,
                last_error_code=None,
                disabled_reason=None,
                next_poll_at=now,
            )
            .returning(FeedRow.id)
        )
        return sorted(result.scalars())
