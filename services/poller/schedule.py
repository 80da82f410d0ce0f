"""When a feed is next polled, after a success or a failure."""

from datetime import datetime, timedelta

# A feed failing for days is still tried daily, so it recovers on its own once fixed.
MAX_BACKOFF_SECONDS = 24 * 3600


def next_poll_after_success(now: datetime, interval_seconds: int) -> datetime:
    """The next poll of a feed that answered: one interval on."""
    return now + timedelta(seconds=interval_seconds)


def next_poll_after_failure(
    now: datetime, interval_seconds: int, error_count: int, retry_after: float | None = None
) -> datetime:
    """The next poll of a feed that has now failed `error_count` times in a row: one
    interval after the first failure, doubling with each further one, no sooner than the
    server's Retry-After, and never more than a day away."""
    exponent = min(max(error_count - 1, 0), 32)  # 2**32 intervals is far past the cap
    delay = float(interval_seconds * 2**exponent)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return now + timedelta(seconds=min(delay, MAX_BACKOFF_SECONDS))
