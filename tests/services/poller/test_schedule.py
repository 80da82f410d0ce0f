"""Next poll times: an interval after success, doubling backoff after failures."""

from datetime import UTC, datetime, timedelta

from services.poller.schedule import next_poll_after_failure, next_poll_after_success

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def test_success_polls_again_one_interval_later() -> None:
    assert next_poll_after_success(NOW, 900) == NOW + timedelta(minutes=15)


def test_failures_double_the_wait_up_to_a_day() -> None:
    waits = [next_poll_after_failure(NOW, 900, errors) - NOW for errors in (1, 2, 3, 10, 500)]
    assert waits == [
        timedelta(minutes=15),
        timedelta(minutes=30),
        timedelta(hours=1),
        timedelta(hours=24),
        timedelta(hours=24),
    ]


def test_retry_after_is_honoured_within_the_cap() -> None:
    assert next_poll_after_failure(NOW, 900, 1, retry_after=7200) == NOW + timedelta(hours=2)
    assert next_poll_after_failure(NOW, 900, 1, retry_after=10**9) == NOW + timedelta(hours=24)
    assert next_poll_after_failure(NOW, 900, 3, retry_after=60) == NOW + timedelta(hours=1)
