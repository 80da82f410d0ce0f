"""What changed since a version: the lines `stories export --since` writes, and one story's
current line for its webhook.

Every write of a story gives it a new version in commit order (story_versions.py), so the
stories whose version is greater than V are exactly those changed since a consumer read V.
An export reads the counter first and then only versions up to it: every version up to the
counter was committed before it was read, so whatever the later statements see of them is
complete, and anything written since carries a greater version than any line written, for
the next poll. (On PostgreSQL each statement of a transaction at READ COMMITTED sees its
own snapshot; the bound makes the stories' and the tombstones' statements agree.)
"""

from collections.abc import Iterator, Sequence
from contextlib import closing

from sqlalchemy import ColumnElement, Connection, Engine, select

from schemas.export import ExportLine, MergedStory
from services.storage.export import exportable, exported_stories
from services.storage.story_versions import last_version
from services.storage.tables import StoryRow


def iter_changes(engine: Engine, since_version: int) -> Iterator[ExportLine]:
    """Stories changed since `since_version`, in order of id, then the tombstones of
    stories merged since, in order of id."""
    with engine.connect() as connection:
        window = [
            StoryRow.version > since_version,
            StoryRow.version <= last_version(connection),
        ]
        with closing(exported_stories(connection, window)) as stories:
            yield from stories
        yield from merged_stories(connection, window)


def story_line(engine: Engine, story_id: str) -> ExportLine | None:
    """The story's line as an export would write it now: the story, its tombstone if it
    merged into another, or None while its canonical article is not stored."""
    with engine.connect() as connection:
        condition = [StoryRow.id == story_id]
        with closing(exported_stories(connection, condition)) as stories:
            story = next(stories, None)
        if story is not None:
            return story
        return next(iter(merged_stories(connection, condition)), None)


def merged_stories(
    connection: Connection, conditions: Sequence[ColumnElement[bool]] = ()
) -> list[MergedStory]:
    """Tombstones of the merged stories that meet `conditions`, in order of id (a few
    short columns each: read at once, so no cursor stays open)."""
    statement = (
        select(StoryRow.id, StoryRow.version, StoryRow.merged_into, StoryRow.updated_at)
        .where(StoryRow.merged_into.is_not(None), ~exportable(), *conditions)
        .order_by(StoryRow.id)
    )
    rows = connection.execute(statement).mappings().all()
    return [MergedStory.model_validate(dict(row)) for row in rows]
