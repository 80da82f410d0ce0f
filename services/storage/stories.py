"""Reads and writes of the `stories` and `story_members` tables.

The dedupe stage sends whole snapshots of a story with a version that only grows; the sink
keeps the newest (`snapshot_version`), so sink jobs may run in any order, on any number of
workers, and converge. Every story whose exported record a write changes (the snapshot's,
those merged into it, those that lost articles to it, the one holding a newly stored
article) then gets a new deployment-wide `version` (services/storage/story_versions.py),
which is what consumers poll by.
"""

from collections.abc import Collection
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Connection, Engine, delete, func, or_, select, update
from sqlalchemy.orm import aliased

from schemas.story import ExportedStory, Member, StorySnapshot
from services.storage.export import exportable, exported_stories
from services.storage.story_versions import assign_versions
from services.storage.tables import ArticleRow, StoryMemberRow, StoryRow, as_utc
from services.storage.upsert import insert_for


class InvalidSnapshot(ValueError):
    """A snapshot breaks the dedupe stage's contract (a variant without a relation)."""


class StorySummary(BaseModel):
    """One line of `stories list`."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str | None
    version: int
    member_count: int  # stored articles, the canonical one included
    first_published_at: datetime | None
    last_published_at: datetime | None
    updated_at: datetime


@dataclass(frozen=True)
class StoryWrite:
    """What one write did: whether the snapshot was applied, and the new version of each
    story whose exported record changed."""

    applied: bool
    versions: dict[str, int] = field(default_factory=dict)


def write_stories(
    connection: Connection,
    snapshot: StorySnapshot | None,
    stored_article_ids: Collection[str],
    now: datetime,
) -> StoryWrite:
    """The sink's write, after it stored `stored_article_ids`: apply `snapshot` if it is the
    newest of its story, then version every story the write changed, the stories holding
    the stored articles included (one becomes exportable, or shows a new variant, though
    its snapshot came earlier). Call it last in the transaction."""
    changed = set() if snapshot is None else _apply(connection, snapshot, now)
    if stored_article_ids:
        changed.update(_holders(connection, stored_article_ids))
    applied = snapshot is not None and snapshot.id in changed
    return StoryWrite(applied=applied, versions=assign_versions(connection, changed))


def apply_snapshot(connection: Connection, snapshot: StorySnapshot, now: datetime) -> bool:
    """Store `snapshot` if it is newer than the stored version of its story, and version
    the stories that changed; True if it was stored.

    The story's members become the snapshot's. An article another story holds moves to this
    one unless that story's claim on it is newer (stories that merged, applied out of order).
    """
    return write_stories(connection, snapshot, (), now).applied


def _apply(connection: Connection, snapshot: StorySnapshot, now: datetime) -> set[str]:
    """Store `snapshot` if it is the newest of its story; the ids of the stories whose
    record changed (none when it was not the newest)."""
    for member in snapshot.members:
        if member.article_id != snapshot.canonical_id and member.relation is None:
            raise InvalidSnapshot(
                f"story {snapshot.id}: variant {member.article_id} has no relation"
            )
    if not _upsert_story(connection, snapshot, now):
        return set()
    # Stories that held some of these articles: those the snapshot takes them from change.
    changed = {snapshot.id, *_holders(connection, [m.article_id for m in snapshot.members])}
    _replace_members(connection, snapshot)
    if snapshot.merged_ids:
        # A merged story is exported as a tombstone pointing here (services/storage/changes.py).
        merged = connection.execute(
            update(StoryRow)
            .where(StoryRow.id.in_(snapshot.merged_ids))
            .values(merged_into=snapshot.id, updated_at=snapshot.updated_at)
            .returning(StoryRow.id)
        )
        changed.update(merged.scalars())
    return changed


def _holders(connection: Connection, article_ids: Collection[str]) -> set[str]:
    statement = select(StoryMemberRow.story_id).where(StoryMemberRow.article_id.in_(article_ids))
    return set(connection.execute(statement).scalars())


def _upsert_story(connection: Connection, snapshot: StorySnapshot, now: datetime) -> bool:
    # On PostgreSQL, ON CONFLICT DO UPDATE locks the story row whether or not the WHERE
    # holds, and a fresh insert is invisible to others until commit: a concurrent sink job
    # for the same story waits here until this transaction ends, then sees its version.
    published = [
        published_at
        for member in snapshot.members
        if (published_at := as_utc(member.published_at)) is not None
    ]
    values = {
        "id": snapshot.id,
        "snapshot_version": snapshot.version,
        "canonical_id": snapshot.canonical_id,
        "first_published_at": min(published, default=None),
        "last_published_at": max(published, default=None),
        "updated_at": snapshot.updated_at,
    }
    # The version is given by assign_versions, later in the same transaction.
    statement = insert_for(connection, StoryRow).values(**values, version=0, created_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=["id"],
        set_={name: statement.excluded[name] for name in values if name != "id"},
        where=StoryRow.snapshot_version < statement.excluded.snapshot_version,
    )
    return connection.execute(statement.returning(StoryRow.id)).first() is not None


def _replace_members(connection: Connection, snapshot: StorySnapshot) -> None:
    # The last entry wins should a snapshot list an article twice: one statement may not
    # update the same row twice on PostgreSQL.
    members: dict[str, Member] = {member.article_id: member for member in snapshot.members}
    connection.execute(
        delete(StoryMemberRow).where(
            StoryMemberRow.story_id == snapshot.id, StoryMemberRow.article_id.not_in(members)
        )
    )
    if not members:
        return
    statement = insert_for(connection, StoryMemberRow)
    statement = statement.on_conflict_do_update(
        index_elements=["article_id"],
        set_={
            name: statement.excluded[name]
            for name in (
                "story_id",
                "relation",
                "similarity",
                "tier",
                "join_score",
                "joined_via",
                "spun_from",
                "claimed_at",
            )
        },
        where=or_(
            StoryMemberRow.story_id == statement.excluded.story_id,
            StoryMemberRow.claimed_at <= statement.excluded.claimed_at,
        ),
    )
    rows = [
        {
            "article_id": article_id,
            "story_id": snapshot.id,
            "relation": None if member.relation is None else member.relation.value,
            "similarity": member.similarity,
            "tier": None if member.tier is None else member.tier.value,
            "join_score": member.join_score,
            "joined_via": member.joined_via,
            "spun_from": member.spun_from,
            "claimed_at": snapshot.updated_at,
        }
        # In one order of article ids, so two workers taking over rows lock them in the
        # same order and cannot deadlock on each other.
        for article_id, member in sorted(members.items())
    ]
    connection.execute(statement, rows)


def list_stories(engine: Engine, limit: int = 50, offset: int = 0) -> list[StorySummary]:
    """Exportable stories, most recently updated first."""
    stored = aliased(ArticleRow)
    member_count = (
        select(func.count())
        .select_from(StoryMemberRow)
        .join(stored, stored.id == StoryMemberRow.article_id)
        .where(StoryMemberRow.story_id == StoryRow.id)
        .correlate(StoryRow)
        .scalar_subquery()
    )
    statement = (
        select(
            StoryRow.id,
            ArticleRow.title,
            StoryRow.version,
            member_count.label("member_count"),
            StoryRow.first_published_at,
            StoryRow.last_published_at,
            StoryRow.updated_at,
        )
        .join(ArticleRow, ArticleRow.id == StoryRow.canonical_id)
        .where(exportable())
        .order_by(StoryRow.updated_at.desc(), StoryRow.id)
        .limit(limit)
        .offset(offset)
    )
    with engine.connect() as connection:
        rows = connection.execute(statement).mappings()
        return [StorySummary.model_validate(dict(row)) for row in rows]


def resolve_story_id(engine: Engine, story_id: str) -> str:
    """The id of the story `story_id` now lives in, following merges."""
    seen = {story_id}
    with engine.connect() as connection:
        while True:
            merged_into = connection.execute(
                select(StoryRow.merged_into).where(StoryRow.id == story_id)
            ).scalar()
            if merged_into is None or merged_into in seen:
                return story_id
            seen.add(merged_into)
            story_id = merged_into


def get_story(engine: Engine, story_id: str) -> ExportedStory | None:
    """One story as `stories export` would write it (the story it merged into, for a merged
    one), or None if it is not exportable."""
    story_id = resolve_story_id(engine, story_id)
    with (
        engine.connect() as connection,
        closing(exported_stories(connection, [StoryRow.id == story_id])) as stories,
    ):
        return next(stories, None)
