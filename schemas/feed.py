"""Feeds and the entries a poll finds in them."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class Feed(BaseModel):
    """A feed newsfold follows, with the state its poller keeps between polls."""

    model_config = ConfigDict(extra="forbid")

    id: str
    url: str
    title: str | None = None
    site_url: str | None = None
    enabled: bool = True
    etag: str | None = None
    last_modified: str | None = None
    last_polled_at: datetime | None = None
    next_poll_at: datetime | None = None
    error_count: int = 0
    last_error: str | None = None
    last_error_code: str | None = None
    created_at: datetime | None = None
    poll_interval_seconds: int | None = None
    content_hash: str | None = None
    last_full_fetch_at: datetime | None = None
    redirect_url: str | None = None
    redirect_seen: int = 0
    disabled_reason: str | None = None


class FeedEntry(BaseModel):
    """One item of a feed, as the poll job hands it to extraction.

    `article_id` is derived from `url`; it is the job id of the entry's extraction, so an
    entry seen by two polls at once is extracted once.
    """

    model_config = ConfigDict(extra="forbid")

    article_id: str
    feed_id: str
    url: str
    guid: str | None = None
    title: str | None = None
    summary_html: str | None = None
    content_html: str | None = None
    authors: list[str] = Field(default_factory=list)
    published_at: datetime | None = None
    discovered_at: datetime
