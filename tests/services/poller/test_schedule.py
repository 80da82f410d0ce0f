"""Next poll times: an interval learnt from the feed, the server's word as a floor, backoff
after failures, and jitter."""

import random
from datetime import UTC, datetime, timedelta

import httpx

from schemas.settings import PollSettings
from services.poller.schedule import (
    adaptive_interval,
    cache_lifetime,
    next_poll_after_failure,
    next_poll_after_success,
    server_delay,
)

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
STEADY = PollSettings(jitter=0.0)


def _every(minutes: float, count: int) -> list[datetime | None]:
    return [NOW - timedelta(minutes=minutes * index) for index in range(count)]


def test_a_busy_feed_is_polled_at_half_its_publication_gap_down_to_the_minimum() -> None:
    hourly = adaptive_interval(
        STEADY, current=900, entry_dates=_every(60, 24), found_new=True, now=NOW
    )
    # 24 entries since 23 hours ago: a gap of 57.5 minutes, polled every 28.75.
    assert hourly == 23 * 3600 / 24 / 2
    # A feed that shows only its last 20 entries, one a minute: the least interval.
    busy = adaptive_interval(
        STEADY, current=900, entry_dates=_every(1, 20), found_new=True, now=NOW
    )
    assert busy == STEADY.min_interval_seconds


def test_a_quiet_feed_is_polled_daily() -> None:
    old = [NOW - timedelta(days=30), NOW - timedelta(days=9)]
    assert adaptive_interval(STEADY, current=900, entry_dates=old, found_new=False, now=NOW) == (
        STEADY.max_interval_seconds
    )
    few = [NOW - timedelta(days=6)]
    assert adaptive_interval(STEADY, current=900, entry_dates=few, found_new=True, now=NOW) == (
        STEADY.max_interval_seconds
    )


def test_undated_entries_halve_the_interval_when_new_and_stretch_it_when_not() -> None:
    undated: list[datetime | None] = [None, None]
    assert adaptive_interval(
        STEADY, current=1200, entry_dates=undated, found_new=True, now=NOW
    ) == (600)
    assert adaptive_interval(
        STEADY, current=1200, entry_dates=undated, found_new=False, now=NOW
    ) == (1800)


def test_the_server_asks_through_max_age_expires_ttl_and_update_period() -> None:
    assert cache_lifetime(httpx.Headers({"Cache-Control": "public, max-age=600"}), NOW) == 600
    expires = httpx.Headers(
        {"Date": "Wed, 01 May 2024 12:00:00 GMT", "Expires": "Wed, 01 May 2024 13:00:00 GMT"}
    )
    assert cache_lifetime(expires, NOW) == 3600
    both = httpx.Headers(
        {"Cache-Control": "max-age=60", "Expires": "Wed, 01 May 2024 13:00:00 GMT"}
    )
    assert cache_lifetime(both, NOW) == 60  # max-age overrides Expires
    assert cache_lifetime(httpx.Headers({"Expires": "0"}), NOW) is None
    headers = httpx.Headers({"Cache-Control": "max-age=600"})
    assert server_delay(headers, ttl_minutes=30, update_period_seconds=None, now=NOW) == 1800
    assert server_delay(headers, ttl_minutes=None, update_period_seconds=7200, now=NOW) == 7200
    assert (
        server_delay(httpx.Headers(), ttl_minutes=None, update_period_seconds=None, now=NOW) is None
    )


def test_the_next_poll_never_undercuts_the_server_within_the_cap() -> None:
    assert next_poll_after_success(STEADY, NOW, 900) == NOW + timedelta(minutes=15)
    assert next_poll_after_success(STEADY, NOW, 900, server_seconds=3600) == NOW + timedelta(
        hours=1
    )
    assert next_poll_after_success(STEADY, NOW, 900, server_seconds=10**9) == NOW + timedelta(
        seconds=STEADY.max_server_delay_seconds
    )


def test_failures_double_the_wait_up_to_a_day() -> None:
    waits = [
        next_poll_after_failure(STEADY, NOW, 900, errors) - NOW for errors in (1, 2, 3, 10, 500)
    ]
    assert waits == [
        timedelta(minutes=15),
        timedelta(minutes=30),
        timedelta(hours=1),
        timedelta(hours=24),
        timedelta(hours=24),
    ]


def test_retry_after_is_honoured_within_the_cap() -> None:
    assert next_poll_after_failure(STEADY, NOW, 900, 1, retry_after=7200) == NOW + timedelta(
        hours=2
    )
    capped = next_poll_after_failure(STEADY, NOW, 900, 1, retry_after=10**9)
    assert capped == NOW + timedelta(seconds=STEADY.max_server_delay_seconds)
    assert next_poll_after_failure(STEADY, NOW, 900, 3, retry_after=60) == NOW + timedelta(hours=1)


def test_feeds_polled_together_drift_apart_within_the_jitter() -> None:
    settings = PollSettings(jitter=0.1)
    rng = random.Random(7)
    times = {next_poll_after_success(settings, NOW, 3600, rng=rng) for _ in range(50)}
    assert len(times) == 50
    assert all(NOW + timedelta(minutes=54) <= at <= NOW + timedelta(minutes=66) for at in times)
    # Jitter never takes a poll before the time the server asked for.
    asked = next_poll_after_success(settings, NOW, 3600, server_seconds=3600, rng=rng)
    assert asked >= NOW + timedelta(hours=1)
