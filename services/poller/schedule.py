"""When a feed is next polled: how often it publishes, what its server asks for, and jitter.

The interval adapts to the feed: half the average gap between the entries it published in
the last week (the time since the oldest of them over their count, which also holds for a
feed that shows only its last hours), so a new entry waits about a quarter of a gap on
average, clamped to the configured bounds (5 minutes to a day by default). A feed whose
entries carry no dates halves its interval when a poll finds new entries and lengthens it by
half when none.
The server's own word is a floor the interval never undercuts: RSS `ttl`, the syndication
module's update period, `Cache-Control: max-age`, `Expires`, and `Retry-After` on failures
(capped, so a broken header cannot silence a feed for months). Every next poll moves by up
to ± the jitter share of its delay, so feeds added together drift apart.
"""

import random
from collections.abc import Iterable
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from httpx import Headers

from schemas.settings import PollSettings

# A feed failing for days is still tried daily, so it recovers on its own once fixed.
MAX_BACKOFF_SECONDS = 24 * 3600

_WEEK = timedelta(days=7)
# Entries dated after the poll are clock skew or scheduled posts; a few minutes is skew.
_FUTURE_SLACK = timedelta(minutes=10)


def adaptive_interval(
    settings: PollSettings,
    *,
    current: int,
    entry_dates: Iterable[datetime | None],
    found_new: bool,
    now: datetime,
) -> int:
    """The feed's interval after a poll that read its entries. `current` is the interval
    so far (the configured default for a new feed), `entry_dates` the entries' publication
    times, `found_new` whether any entry was new."""
    dates = [moment for moment in entry_dates if moment is not None]
    if dates:
        recent = [moment for moment in dates if now - _WEEK <= moment <= now + _FUTURE_SLACK]
        if not recent:
            return settings.max_interval_seconds  # nothing published for a week
        span = max((now - min(recent)).total_seconds(), 0.0)
        interval = span / len(recent) / 2
    else:
        interval = current / 2 if found_new else current * 1.5
    return round(_clamped(settings, interval))


def server_delay(
    headers: Headers,
    *,
    ttl_minutes: int | None,
    update_period_seconds: float | None,
    now: datetime,
) -> float | None:
    """The longest wait the response asks for, in seconds, if it asks for any: its
    `Cache-Control: max-age` (or `Expires`, which max-age overrides), the feed's `ttl`
    and its syndication update period."""
    delays = [
        cache_lifetime(headers, now),
        ttl_minutes * 60.0 if ttl_minutes else None,
        update_period_seconds,
    ]
    known = [delay for delay in delays if delay is not None and delay > 0]
    return max(known) if known else None


def cache_lifetime(headers: Headers, now: datetime) -> float | None:
    """Seconds the response may be cached for: `max-age` (RFC 9111 gives it precedence
    over `Expires`), else `Expires` minus the response's `Date` (or `now`)."""
    for directive in headers.get("cache-control", "").split(","):
        name, _, value = directive.strip().partition("=")
        if name.lower() == "max-age" and value.strip().strip('"').isdigit():
            return float(value.strip().strip('"'))
    expires = _http_date(headers.get("expires"))
    if expires is None:
        return None
    sent = _http_date(headers.get("date")) or now
    return max(0.0, (expires - sent).total_seconds())


def next_poll_after_success(
    settings: PollSettings,
    now: datetime,
    interval_seconds: int,
    *,
    server_seconds: float | None = None,
    rng: random.Random | None = None,
) -> datetime:
    """The next poll of a feed that answered: one jittered interval on, and never before
    the server's `server_seconds` (capped at `max_server_delay_seconds`)."""
    delay = _jittered(settings, interval_seconds, rng)
    if server_seconds is not None:
        delay = max(delay, min(server_seconds, settings.max_server_delay_seconds))
    return now + timedelta(seconds=delay)


def next_poll_after_failure(
    settings: PollSettings,
    now: datetime,
    interval_seconds: int,
    error_count: int,
    *,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> datetime:
    """The next poll of a feed that has now failed `error_count` times in a row: one
    interval after the first failure, doubling with each further one up to a day, and no
    sooner than the server's Retry-After (capped at `max_server_delay_seconds`)."""
    exponent = min(max(error_count - 1, 0), 32)  # 2**32 intervals is far past the cap
    delay = _jittered(settings, min(interval_seconds * 2.0**exponent, MAX_BACKOFF_SECONDS), rng)
    if retry_after is not None:
        delay = max(delay, min(retry_after, settings.max_server_delay_seconds))
    return now + timedelta(seconds=delay)


def _clamped(settings: PollSettings, seconds: float) -> float:
    return min(max(seconds, settings.min_interval_seconds), settings.max_interval_seconds)


def _jittered(settings: PollSettings, seconds: float, rng: random.Random | None) -> float:
    if not settings.jitter:
        return seconds
    spread = (rng or random).uniform(-settings.jitter, settings.jitter)
    return seconds * (1 + spread)


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo is not None else None
