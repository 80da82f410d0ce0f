"""The deployment-wide story version: a new number each time the sink writes a story.

Consumers poll with `stories export --since V`, so a version must never become visible
after a greater one: a writer that took version 8 and committed after the writer of 9
would be missed by a consumer that had read 9. The numbers come from the one row of
`story_version_counter`, updated in the writing transaction: on PostgreSQL its row lock
holds every other writer at the counter until this one commits, so versions are handed out
in commit order; SQLite lets one writer at a time anyway. Taking the counter is the last
thing a writing transaction does, so the lock is held only for the commit.
"""

from collections.abc import Collection

from sqlalchemy import Connection, bindparam, select, update

from services.storage.tables import StoryRow, StoryVersionCounterRow
from services.storage.upsert import insert_for

_COUNTER_ID = 1


def assign_versions(connection: Connection, story_ids: Collection[str]) -> dict[str, int]:
    """Give each stored story of `story_ids` the next version, in order of id; returns
    the versions given. Call it last in the writing transaction."""
    # The story rows are locked before the counter, in one order, so a writer never waits
    # for a story row while holding the counter that the row's holder is waiting for.
    locked = list(
        connection.execute(
            select(StoryRow.id)
            .where(StoryRow.id.in_(sorted(set(story_ids))))
            .order_by(StoryRow.id)
            .with_for_update()
        ).scalars()
    )
    if not locked:
        return {}
    last = _take(connection, len(locked))
    versions = {story_id: last - len(locked) + 1 + index for index, story_id in enumerate(locked)}
    connection.execute(
        update(StoryRow)
        .where(StoryRow.id == bindparam("story_id"))
        .values(version=bindparam("new_version")),
        [{"story_id": key, "new_version": value} for key, value in versions.items()],
    )
    return versions


def last_version(connection: Connection) -> int:
    """The greatest version handed out and committed (0 before the first)."""
    value = connection.execute(
        select(StoryVersionCounterRow.value).where(StoryVersionCounterRow.id == _COUNTER_ID)
    ).scalar()
    return int(value or 0)


def _take(connection: Connection, count: int) -> int:
    """Advance the counter by `count`; returns its new value. A database given its schema
    by `create_all` has no counter row yet: the first writer inserts it."""
    statement = insert_for(connection, StoryVersionCounterRow).values(id=_COUNTER_ID, value=count)
    statement = statement.on_conflict_do_update(
        index_elements=["id"], set_={"value": StoryVersionCounterRow.value + count}
    )
    return int(connection.execute(statement.returning(StoryVersionCounterRow.value)).scalar_one())
