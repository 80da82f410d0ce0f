"""The poll stage's rq job: fetch one feed, and hand each new entry to extraction.

A feed that cannot be fetched or read is a state of that feed, not a failed job: the error's
stable code is recorded on the feed, its next poll backs off, and the job succeeds. Anything
else (the database or Redis failing) propagates, so rq retries the job.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

import structlog

from schemas.feed import Feed
from services.http.errors import FetchError, HttpStatusError
from services.http.fetch import Fetched, fetch
from services.poller.parse import ParsedFeed, parse_feed
from services.poller.schedule import next_poll_after_failure, next_poll_after_success
from services.runtime.context import WorkerContext, current
from services.runtime.queues import Stage, enqueue
from services.storage.articles import known_article_ids
from services.storage.feeds import get_feed, record_poll_failure, record_poll_success

log = structlog.get_logger(__name__)


class PollStatus(StrEnum):
    """How a poll ended."""

    POLLED = "polled"  # fetched and parsed; new entries enqueued
    NOT_MODIFIED = "not_modified"  # 304: nothing changed since the last poll
    FAILED = "failed"  # a fetch or parse error, recorded on the feed
    SKIPPED = "skipped"  # the feed was removed or disabled after the job was enqueued


@dataclass(frozen=True)
class PollOutcome:
    """What one poll did. `entries` counts the feed's entries, `new` those not yet stored,
    `enqueued` those whose extraction was enqueued (not already in flight)."""

    feed_id: str
    status: PollStatus
    entries: int = 0
    new: int = 0
    enqueued: int = 0
    error_code: str | None = None


def poll_feed(feed_id: str) -> None:
    """rq job: poll the feed `feed_id`."""
    run_poll(current(), feed_id, datetime.now(UTC))


def run_poll(context: WorkerContext, feed_id: str, now: datetime) -> PollOutcome:
    """Poll a feed with a conditional GET and enqueue the extraction of its new entries."""
    with structlog.contextvars.bound_contextvars(feed_id=feed_id, stage="poll"):
        feed = get_feed(context.engine, feed_id)
        if feed is None or not feed.enabled:
            log.info("feed gone or disabled; not polled")
            return PollOutcome(feed_id, PollStatus.SKIPPED)
        try:
            fetched = _fetch_feed(context, feed)
            parsed = None if fetched.status_code == 304 else _parse(fetched, feed, now)
        except FetchError as exc:
            return _record_failure(context, feed, exc, now)
        if parsed is None:
            _record_success(context, feed, fetched, None, now)
            log.info("feed not modified")
            return PollOutcome(feed_id, PollStatus.NOT_MODIFIED)
        outcome = _enqueue_new_entries(context, feed, parsed)
        # Recorded after enqueuing: if Redis fails first, the retried job must not send the
        # new validators and be told "not modified" about entries it never enqueued.
        _record_success(context, feed, fetched, parsed, now)
        log.info("feed polled", entries=outcome.entries, new=outcome.new, enqueued=outcome.enqueued)
        return outcome


def _fetch_feed(context: WorkerContext, feed: Feed) -> Fetched:
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    return fetch(
        context.http,
        feed.url,
        max_bytes=context.settings.http.max_feed_bytes,
        allow_private=context.settings.allow_private_networks,
        headers=headers,
    )


def _parse(fetched: Fetched, feed: Feed, now: datetime) -> ParsedFeed:
    return parse_feed(fetched.content, feed_id=feed.id, base_url=fetched.url, now=now)


def _enqueue_new_entries(context: WorkerContext, feed: Feed, parsed: ParsedFeed) -> PollOutcome:
    stored = known_article_ids(context.engine, (entry.article_id for entry in parsed.entries))
    new = [entry for entry in parsed.entries if entry.article_id not in stored]
    enqueued = sum(
        enqueue(
            context.redis,
            Stage.EXTRACT,
            entry.article_id,
            entry.model_dump(mode="json"),
            job_timeout=context.settings.job_timeout_seconds,
        )
        for entry in new
    )
    return PollOutcome(
        feed.id, PollStatus.POLLED, entries=len(parsed.entries), new=len(new), enqueued=enqueued
    )


def _record_success(
    context: WorkerContext,
    feed: Feed,
    fetched: Fetched,
    parsed: ParsedFeed | None,
    now: datetime,
) -> None:
    # A 304 may leave out the validators; the ones it answered to are still current.
    record_poll_success(
        context.engine,
        feed.id,
        etag=fetched.headers.get("etag") or (feed.etag if parsed is None else None),
        last_modified=fetched.headers.get("last-modified")
        or (feed.last_modified if parsed is None else None),
        title=None if parsed is None else parsed.title,
        site_url=None if parsed is None else parsed.site_url,
        next_poll_at=next_poll_after_success(now, context.settings.poll_interval_seconds),
        now=now,
    )


def _record_failure(
    context: WorkerContext, feed: Feed, error: FetchError, now: datetime
) -> PollOutcome:
    errors = feed.error_count + 1
    retry_after = error.retry_after if isinstance(error, HttpStatusError) else None
    next_poll_at = next_poll_after_failure(
        now, context.settings.poll_interval_seconds, errors, retry_after
    )
    record_poll_failure(
        context.engine,
        feed.id,
        code=error.code,
        message=error.message,
        next_poll_at=next_poll_at,
        now=now,
    )
    log.warning(
        "feed poll failed",
        code=error.code,
        error=str(error),
        errors=errors,
        next_poll_at=next_poll_at,
    )
    return PollOutcome(feed.id, PollStatus.FAILED, error_code=error.code)
