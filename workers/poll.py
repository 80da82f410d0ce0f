"""The poll stage's rq job: fetch one feed, and hand each new entry to extraction.

A feed that cannot be fetched or read is a state of that feed, not a failed job: the error's
stable code is recorded on the feed, its next poll backs off, and the job succeeds; a feed
gone for good (410) or failing `poll.disable_after_errors` polls in a row is disabled. Anything
else (the database or Redis failing) propagates, so rq retries the job.

An unchanged feed costs one 304, or one hash of its body where the server has no working
validators; now and then (`poll.unconditional_every_seconds`) the validators are left out,
for servers that answer 304 to everything. The fetch takes one of its host's slots, shared
by every worker (`services.http.host_gate`); a host whose slots stay taken, or that asked
to be left alone, defers the poll to the time it gives, without counting a failure.

An entry is new when the feed never showed it (`services.poller.entries`: by GUID, else by
link) and its article is not stored; each poll remembers what the feed shows.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import structlog

from schemas.feed import Feed
from services.http.errors import FetchError, HostBusy, HttpStatusError
from services.http.fetch import Fetched
from services.http.host_gate import gated_fetch
from services.poller.entries import (
    ShownEntries,
    forget_departed_entries,
    remember_entries,
    shown_entries,
    unseen_entries,
)
from services.poller.parse import ParsedFeed, parse_feed
from services.poller.redirects import RedirectState, redirect_state
from services.poller.schedule import (
    adaptive_interval,
    next_poll_after_failure,
    next_poll_after_success,
    server_delay,
)
from services.runtime.context import WorkerContext, current
from services.runtime.counters import count
from services.runtime.queues import Stage
from services.runtime.stage_stats import measured
from services.storage.articles import known_article_ids
from services.storage.feeds import (
    PollSuccess,
    defer_poll,
    disable_feed,
    get_feed,
    move_feed,
    record_poll_failure,
    record_poll_success,
)

log = structlog.get_logger(__name__)

GONE = 410

# How long a poll waits for a slot of its host: about one lease turning over. A longer wait
# would idle a worker that could poll other hosts meanwhile; the scheduler comes back to
# the feed at the time the host gives.
HOST_WAIT_SECONDS = 5.0


class PollStatus(StrEnum):
    """How a poll ended."""

    POLLED = "polled"  # fetched and parsed; new entries enqueued
    NOT_MODIFIED = "not_modified"  # a 304, or the same body as last time
    DEFERRED = "deferred"  # its host was busy or asked to be left alone; polled later
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


@measured(Stage.POLL)
def poll_feed(feed_id: str) -> None:
    """rq job: poll the feed `feed_id`."""
    outcome = run_poll(current(), feed_id, datetime.now(UTC))
    count("polls", outcome=outcome.status.value)
    if outcome.error_code:
        count("errors", stage=Stage.POLL.value, code=outcome.error_code)


def run_poll(context: WorkerContext, feed_id: str, now: datetime) -> PollOutcome:
    """Poll a feed with a conditional GET and enqueue the extraction of its new entries."""
    with structlog.contextvars.bound_contextvars(feed_id=feed_id, stage="poll"):
        feed = get_feed(context.engine, feed_id)
        if feed is None or not feed.enabled:
            log.info("feed gone or disabled; not polled")
            return PollOutcome(feed_id, PollStatus.SKIPPED)
        full_fetch = _due_for_full_fetch(context, feed, now)
        try:
            fetched = _fetch_feed(context, feed, full_fetch)
            digest = _digest(fetched)
            unchanged = fetched.status_code == 304 or (
                digest is not None and digest == feed.content_hash
            )
            parsed = None if unchanged else _parse(fetched, feed, now)
        except HostBusy as busy:
            defer_poll(context.engine, feed.id, busy.retry_at)
            log.info("feed's host busy; poll deferred", until=busy.retry_at, reason=busy.message)
            return PollOutcome(feed_id, PollStatus.DEFERRED)
        except FetchError as exc:
            return _record_failure(context, feed, exc, now)
        redirect = _follow_redirect(context, feed, fetched)
        if parsed is None:
            _record_success(context, feed, fetched, None, now, redirect, digest)
            log.info("feed not modified", status=fetched.status_code)
            return PollOutcome(feed_id, PollStatus.NOT_MODIFIED)
        shown = shown_entries(parsed.entries)
        outcome = _enqueue_new_entries(context, feed, parsed, shown)
        # Recorded after enqueuing: if Redis fails first, the retried job must not send the
        # new validators and be told "not modified" about entries it never enqueued, nor
        # find them remembered.
        _remember(context, feed, shown, now)
        _record_success(context, feed, fetched, parsed, now, redirect, digest, outcome.new > 0)
        log.info("feed polled", entries=outcome.entries, new=outcome.new, enqueued=outcome.enqueued)
        return outcome


def _due_for_full_fetch(context: WorkerContext, feed: Feed, now: datetime) -> bool:
    every = context.settings.poll.unconditional_every_seconds
    last = feed.last_full_fetch_at
    return bool(every) and (last is None or now - last >= timedelta(seconds=every))


def _fetch_feed(context: WorkerContext, feed: Feed, full_fetch: bool) -> Fetched:
    headers = {}
    if feed.etag and not full_fetch:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified and not full_fetch:
        headers["If-Modified-Since"] = feed.last_modified
    return gated_fetch(
        context.host_gate(),
        context.http,
        feed.url,
        wait_seconds=HOST_WAIT_SECONDS,
        max_bytes=context.settings.http.max_feed_bytes,
        allow_private=context.settings.allow_private_networks,
        headers=headers,
    )


def _digest(fetched: Fetched) -> str | None:
    if fetched.status_code == 304:
        return None
    return hashlib.blake2b(fetched.content, digest_size=16).hexdigest()


def _parse(fetched: Fetched, feed: Feed, now: datetime) -> ParsedFeed:
    return parse_feed(
        fetched.content,
        feed_id=feed.id,
        base_url=fetched.url,
        now=now,
        content_type=fetched.headers.get("content-type"),
    )


def _follow_redirect(context: WorkerContext, feed: Feed, fetched: Fetched) -> RedirectState:
    state = redirect_state(feed, fetched, context.settings.poll.permanent_redirect_after)
    if state.move_to is None:
        if state.pending_url is not None:
            log.info("feed redirected permanently", to=state.pending_url, seen=state.seen)
        return state
    other = move_feed(context.engine, feed.id, state.move_to)
    if other is None:
        log.info("feed moved", old_url=feed.url, new_url=state.move_to)
    else:
        disable_feed(context.engine, feed.id, f"duplicate: moved to {other.id}'s URL")
        log.warning("feed moved to a feed already followed; disabled", duplicate_of=other.id)
    return RedirectState()


def _enqueue_new_entries(
    context: WorkerContext, feed: Feed, parsed: ParsedFeed, shown: ShownEntries
) -> PollOutcome:
    unseen = unseen_entries(context.engine, feed.id, shown)
    stored = known_article_ids(context.engine, (entry.article_id for entry in unseen))
    new = [entry for entry in unseen if entry.article_id not in stored]
    enqueued = sum(
        context.enqueue(Stage.EXTRACT, entry.article_id, entry.model_dump(mode="json"))
        for entry in new
    )
    return PollOutcome(
        feed.id, PollStatus.POLLED, entries=len(parsed.entries), new=len(new), enqueued=enqueued
    )


def _remember(context: WorkerContext, feed: Feed, shown: ShownEntries, now: datetime) -> None:
    remember_entries(context.engine, feed.id, shown, now)
    retention = timedelta(days=context.settings.poll.entry_retention_days)
    forget_departed_entries(context.engine, feed.id, shown, seen_before=now - retention)


def _record_success(
    context: WorkerContext,
    feed: Feed,
    fetched: Fetched,
    parsed: ParsedFeed | None,
    now: datetime,
    redirect: RedirectState,
    digest: str | None,
    found_new: bool = False,
) -> None:
    settings = context.settings.poll
    interval = feed.poll_interval_seconds or context.settings.poll_interval_seconds
    if parsed is not None:
        interval = adaptive_interval(
            settings,
            current=interval,
            entry_dates=(entry.published_at for entry in parsed.entries),
            found_new=found_new,
            now=now,
        )
    asked = server_delay(
        fetched.headers,
        ttl_minutes=parsed.ttl_minutes if parsed else None,
        update_period_seconds=parsed.update_period_seconds if parsed else None,
        now=now,
    )
    # A 304 may leave out the validators; the ones it answered to are still current.
    etag = fetched.headers.get("etag") or (feed.etag if fetched.status_code == 304 else None)
    last_modified = fetched.headers.get("last-modified") or (
        feed.last_modified if fetched.status_code == 304 else None
    )
    poll = PollSuccess(
        etag=etag,
        last_modified=last_modified,
        next_poll_at=next_poll_after_success(settings, now, interval, server_seconds=asked),
        interval_seconds=interval,
        title=parsed.title if parsed else None,
        site_url=parsed.site_url if parsed else None,
        content_hash=digest,
        full_fetch=fetched.status_code == 200,
        redirect_url=redirect.pending_url,
        redirect_seen=redirect.seen,
    )
    record_poll_success(context.engine, feed.id, poll, now)


def _record_failure(
    context: WorkerContext, feed: Feed, error: FetchError, now: datetime
) -> PollOutcome:
    settings = context.settings.poll
    errors = feed.error_count + 1
    retry_after = error.retry_after if isinstance(error, HttpStatusError) else None
    interval = feed.poll_interval_seconds or context.settings.poll_interval_seconds
    next_poll_at = next_poll_after_failure(settings, now, interval, errors, retry_after=retry_after)
    reason = _disable_reason(error, errors, settings.disable_after_errors)
    record_poll_failure(
        context.engine,
        feed.id,
        code=error.code,
        message=error.message,
        next_poll_at=next_poll_at,
        now=now,
        disable_reason=reason,
    )
    log.warning(
        "feed poll failed",
        code=error.code,
        error=str(error),
        errors=errors,
        next_poll_at=next_poll_at,
        disabled=reason,
    )
    return PollOutcome(feed.id, PollStatus.FAILED, error_code=error.code)


def _disable_reason(error: FetchError, errors: int, limit: int) -> str | None:
    if isinstance(error, HttpStatusError) and error.status == GONE:
        return "gone: the server answered 410 Gone"
    if errors >= limit:
        return f"failing: {errors} polls in a row failed (last: {error.code})"
    return None
