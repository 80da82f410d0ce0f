"""Stories found by filters, most recently updated first, a page at a time (`newsfold serve`).

A page is two queries: the ids of the matching stories, in order, from the `stories` row and
EXISTS subqueries over its stored articles; then those stories exactly as `stories export`
builds them. Pages follow a keyset cursor (the last story's `updated_at` and id) rather than
an offset, so a story updated while a reader pages moves to the front instead of shifting
every later page by one.
"""

import base64
import binascii
import json
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import ColumnElement, Connection, and_, exists, false, or_, select
from sqlalchemy.orm import aliased

from schemas.article import EntityKind
from schemas.story import ExportedStory
from services.storage.export import exportable, exported_stories
from services.storage.tables import (
    ArticleEntityRow,
    ArticleRow,
    StoryMemberRow,
    StoryRow,
    as_utc,
)
from workers.text.entity_names import clean_name, entity_key


class InvalidCursor(ValueError):
    """A page cursor that this module did not write."""


class StoryFilter(BaseModel):
    """What a story must match; every field left None matches every story.

    Article-level filters (entity, outlet, language, text) match a story when one of its
    stored articles matches all of them.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Times without an offset are UTC; a bare date is its midnight, UTC.
    updated_since: datetime | None = None
    updated_until: datetime | None = None
    # A story matches when its publication span [first, last] meets [since, until].
    published_since: datetime | None = None
    published_until: datetime | None = None
    # a name, compared with article_entities.key (entity_keys)
    entity: str | None = Field(default=None, max_length=200)
    # a registered domain, as articles.outlet holds it
    outlet: str | None = Field(default=None, max_length=255)
    language: str | None = Field(default=None, max_length=16)
    # a case-insensitive substring of an article's title or text
    text: str | None = Field(default=None, max_length=500)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        # An empty field of the HTML form means "any".
        if isinstance(value, str):
            return value.strip() or None
        return value

    @field_validator(
        "updated_since", "updated_until", "published_since", "published_until", mode="after"
    )
    @classmethod
    def _in_utc(cls, value: datetime | None) -> datetime | None:
        return as_utc(value)


@dataclass(frozen=True)
class StoryPage:
    """One page of stories and the cursor of the next (None on the last page)."""

    stories: list[ExportedStory]
    next_cursor: str | None


def entity_keys(entity: str) -> set[str]:
    """The keys an entity typed by a user is searched by: its own, and that of its name as
    the enrich stage cleans a person's ("President Putin's" -> "putin")."""
    keys = {entity_key(entity)}
    cleaned = clean_name(entity, EntityKind.PERSON)
    if cleaned is not None:
        keys.add(entity_key(cleaned))
    return keys - {""}


def search_stories(
    connection: Connection, story_filter: StoryFilter, limit: int, cursor: str | None = None
) -> StoryPage:
    """The page of at most `limit` matching stories after `cursor`, most recently updated
    first. Raises InvalidCursor for a cursor that is not one of ours."""
    conditions = [exportable(), *_conditions(story_filter)]
    if cursor is not None:
        updated_at, story_id = _decode_cursor(cursor)
        conditions.append(
            or_(
                StoryRow.updated_at < updated_at,
                and_(StoryRow.updated_at == updated_at, StoryRow.id < story_id),
            )
        )
    rows = connection.execute(
        select(StoryRow.id, StoryRow.updated_at)
        .where(*conditions)
        .order_by(StoryRow.updated_at.desc(), StoryRow.id.desc())
        .limit(limit + 1)
    ).all()
    page = rows[:limit]
    ids = [row.id for row in page]
    by_id = _stories_by_id(connection, ids)
    next_cursor = _encode_cursor(page[-1].updated_at, page[-1].id) if len(rows) > limit else None
    # A story whose canonical article left it between the two queries is skipped.
    return StoryPage([by_id[i] for i in ids if i in by_id], next_cursor)


def _stories_by_id(connection: Connection, ids: Sequence[str]) -> dict[str, ExportedStory]:
    if not ids:
        return {}
    with closing(exported_stories(connection, [StoryRow.id.in_(ids)])) as stories:
        return {story.id: story for story in stories}


def _conditions(story_filter: StoryFilter) -> list[ColumnElement[bool]]:
    if story_filter.entity is not None and not entity_keys(story_filter.entity):
        return [false()]  # a name of punctuation alone has no key and names nothing
    conditions: list[ColumnElement[bool]] = []
    if story_filter.updated_since is not None:
        conditions.append(StoryRow.updated_at >= story_filter.updated_since)
    if story_filter.updated_until is not None:
        conditions.append(StoryRow.updated_at <= story_filter.updated_until)
    if story_filter.published_since is not None:
        conditions.append(StoryRow.last_published_at >= story_filter.published_since)
    if story_filter.published_until is not None:
        conditions.append(StoryRow.first_published_at <= story_filter.published_until)
    article_conditions = _article_conditions(story_filter)
    if article_conditions:
        conditions.append(_has_article(article_conditions))
    return conditions


def _article_conditions(story_filter: StoryFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if story_filter.outlet is not None:
        conditions.append(ArticleRow.outlet == story_filter.outlet.lower())
    if story_filter.language is not None:
        conditions.append(ArticleRow.language == story_filter.language.lower())
    if story_filter.text is not None:
        # autoescape: a % or _ typed by the user is a literal character, not a wildcard.
        conditions.append(
            or_(
                ArticleRow.title.icontains(story_filter.text, autoescape=True),
                ArticleRow.text.icontains(story_filter.text, autoescape=True),
            )
        )
    if story_filter.entity is not None:
        conditions.append(_mentions(entity_keys(story_filter.entity)))
    return conditions


def _has_article(conditions: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    """A stored article of the story meets every condition (on `ArticleRow`)."""
    return (
        exists()
        .where(
            StoryMemberRow.story_id == StoryRow.id,
            ArticleRow.id == StoryMemberRow.article_id,
            *conditions,
        )
        .correlate(StoryRow)
    )


def _mentions(keys: set[str]) -> ColumnElement[bool]:
    """The article names the entity: one of its keys, or a key holding one as whole words,
    so "putin" finds "vladimir putin" (the key index serves the equality)."""
    entity = aliased(ArticleEntityRow)
    matches: list[ColumnElement[bool]] = []
    for key in sorted(keys):
        pattern = _escape_like(key)
        matches += [
            entity.key == key,
            entity.key.like(f"{pattern} %", escape="\\"),
            entity.key.like(f"% {pattern}", escape="\\"),
            entity.key.like(f"% {pattern} %", escape="\\"),
        ]
    return exists().where(entity.article_id == ArticleRow.id, or_(*matches)).correlate(ArticleRow)


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _encode_cursor(updated_at: datetime, story_id: str) -> str:
    payload = json.dumps([updated_at.isoformat(), story_id]).encode()
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        moment, story_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        updated_at = datetime.fromisoformat(moment)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidCursor(f"not a page cursor: {cursor[:40]!r}") from exc
    if updated_at.tzinfo is None or not isinstance(story_id, str):
        raise InvalidCursor(f"not a page cursor: {cursor[:40]!r}")
    return updated_at, story_id
