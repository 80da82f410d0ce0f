"""SQLAlchemy table definitions (SQLite and PostgreSQL alike)."""

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and read back timezone-aware on every database.

    SQLite has no timezone type: SQLAlchemy writes the wall-clock time without its offset
    and reads back a naive datetime, so +02:00 times would shift and compare wrongly.
    Naive datetimes given to it are taken to be UTC already.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return as_utc(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return as_utc(value)


def as_utc(value: datetime | None) -> datetime | None:
    """`value` in UTC; a naive datetime is taken to be in UTC already."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of newsfold's tables."""


class FeedRow(Base):
    """A followed feed and its poll state."""

    __tablename__ = "feeds"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    site_url: Mapped[str | None] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_polled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    next_poll_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_code: Mapped[str | None] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The adaptive interval between polls (None: not learnt yet, the configured default).
    poll_interval_seconds: Mapped[int | None] = mapped_column(Integer)
    # Digest of the last body read, so an unchanged feed without validators costs a hash.
    content_hash: Mapped[str | None] = mapped_column(String(64))
    last_full_fetch_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # A permanent redirect's target and on how many polls in a row it was seen.
    redirect_url: Mapped[str | None] = mapped_column(Text)
    redirect_seen: Mapped[int] = mapped_column(Integer, default=0)
    disabled_reason: Mapped[str | None] = mapped_column(Text)


class FeedEntryRow(Base):
    """An entry a feed has shown, by its identity in that feed (`entry_key`: the GUID's, the
    link's, or the title and date's digest), and the article it was taken as."""

    __tablename__ = "feed_entries"

    feed_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True
    )
    entry_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(32), index=True)
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ArticleRow(Base):
    """An extracted, enriched article."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    feed_id: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("feeds.id", ondelete="SET NULL"), index=True
    )
    url: Mapped[str] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    date_source: Mapped[str] = mapped_column(String(16))
    site_name: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    language_confidence: Mapped[float | None] = mapped_column(Float)
    outlet: Mapped[str | None] = mapped_column(Text)
    image_url: Mapped[str | None] = mapped_column(Text)
    text_source: Mapped[str] = mapped_column(String(8))
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Indexed for `newsfold status`: articles stored over the last minutes.
    stored_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    # Enrichment (workers/enrich/); None on articles stored before it computed them.
    summary: Mapped[str | None] = mapped_column(Text)
    word_count: Mapped[int | None] = mapped_column(Integer)
    reading_time_seconds: Mapped[int | None] = mapped_column(Integer)
    keywords: Mapped[list[str] | None] = mapped_column(JSON)
    # [{"name", "kind", "mentions"}], the article's named entities, most mentioned first.
    entities: Mapped[list[dict[str, object]] | None] = mapped_column(JSON)


class ArticleEntityRow(Base):
    """A named entity of an article, by its normalized key, so stories can be searched by
    the entities their articles mention."""

    __tablename__ = "article_entities"

    article_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    # Lower-cased, accents folded: the form an entity is searched by.
    key: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    mentions: Mapped[int] = mapped_column(Integer)


class StoryRow(Base):
    """A canonical story; its membership is in `story_members`."""

    __tablename__ = "stories"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    # Deployment-wide, from `story_version_counter`: a new number each time the sink writes
    # the story, in commit order, so `stories export --since` never misses a change.
    version: Mapped[int] = mapped_column(BigInteger, index=True)
    # The dedupe stage's own version of the story: the sink keeps the newest snapshot by it.
    snapshot_version: Mapped[int] = mapped_column(Integer)
    canonical_id: Mapped[str] = mapped_column(String(32))
    first_published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    # Set when a later article showed this story and another to be one: it redirects there.
    merged_into: Mapped[str | None] = mapped_column(String(32))


class StoryMemberRow(Base):
    """One article of a story with its relation to the canonical article."""

    __tablename__ = "story_members"

    # An article belongs to at most one story, so its id alone is the key; when stories
    # merge, the membership row moves to the surviving story.
    article_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    story_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("stories.id", ondelete="CASCADE"), index=True
    )
    relation: Mapped[str | None] = mapped_column(String(16))
    similarity: Mapped[float] = mapped_column(Float)
    tier: Mapped[str | None] = mapped_column(String(24))
    join_score: Mapped[float | None] = mapped_column(Float)
    joined_via: Mapped[str | None] = mapped_column(String(32))
    spun_from: Mapped[str | None] = mapped_column(String(32))
    # The `updated_at` of the snapshot that put the article here: a snapshot of another
    # story takes the article over only if it is at least as new.
    claimed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class StoryVersionCounterRow(Base):
    """The one row holding the last story version given out (services/storage/story_versions.py).

    Updating it in the writing transaction locks it until commit, so versions are handed
    out in commit order on PostgreSQL; SQLite serializes writers anyway.
    """

    __tablename__ = "story_version_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger)


class WebhookDeadLetterRow(Base):
    """A webhook delivery that failed its last attempt (`newsfold webhooks dead-letters`)."""

    __tablename__ = "webhook_dead_letters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    endpoint_url: Mapped[str] = mapped_column(Text)
    story_id: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(BigInteger)
    event: Mapped[str] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer)
    # The last attempt's HTTP status, or None when it got no response (last_error says why).
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    failed_at: Mapped[datetime] = mapped_column(UtcDateTime)
