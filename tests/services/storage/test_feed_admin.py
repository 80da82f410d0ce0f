"""Feeds the poller gave up on, on SQLite and PostgreSQL: counted by error code, listed by
state, and enabled again."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, update

from services.storage.feed_admin import ErrorGroup, enable_feeds, feeds_by_error, find_feeds
from services.storage.feeds import add_feed, get_feed
from services.storage.tables import FeedRow

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def failing(
    engine: Engine, url: str, code: str, errors: int, disabled_reason: str | None = None
) -> str:
    """Add a feed whose last `errors` polls failed with `code`; returns its id."""
    feed = add_feed(engine, url, T0)
    with engine.begin() as connection:
        connection.execute(
            update(FeedRow)
            .where(FeedRow.id == feed.id)
            .values(
                error_count=errors,
                last_error=f"{code}: it broke",
                last_error_code=code,
                enabled=disabled_reason is None,
                disabled_reason=disabled_reason,
                next_poll_at=T0 + timedelta(days=1),
            )
        )
    return feed.id


def test_failing_feeds_are_counted_per_code_with_the_longest_failing_as_examples(
    engine: Engine,
) -> None:
    add_feed(engine, "https://fine.example/feed", T0)
    dns = [failing(engine, f"https://dns{n}.example/feed", "dns", errors=n) for n in range(1, 6)]
    gone = failing(engine, "https://gone.example/feed", "http_4xx", 1, "410 Gone")
    timeout = failing(engine, "https://slow.example/feed", "timeout", 25, "25 failed polls")
    assert feeds_by_error(engine) == [
        ErrorGroup("dns", feeds=5, disabled=0, examples=[dns[4], dns[3], dns[2]]),
        ErrorGroup("http_4xx", feeds=1, disabled=1, examples=[gone]),
        ErrorGroup("timeout", feeds=1, disabled=1, examples=[timeout]),
    ]
    assert feeds_by_error(engine, examples=1)[0].examples == [dns[4]]


def test_feeds_are_found_by_failure_state_and_code(engine: Engine) -> None:
    fine = add_feed(engine, "https://fine.example/feed", T0 - timedelta(days=1)).id
    dns = failing(engine, "https://dns.example/feed", "dns", 2)
    gone = failing(engine, "https://gone.example/feed", "http_4xx", 1, "410 Gone")
    everything = [feed.id for feed in find_feeds(engine)]
    assert everything[0] == fine  # added first
    assert set(everything) == {fine, dns, gone}
    assert {feed.id for feed in find_feeds(engine, failing=True)} == {dns, gone}
    assert [feed.id for feed in find_feeds(engine, error_code="dns")] == [dns]
    assert find_feeds(engine, error_code="dns", disabled=True) == []
    [disabled] = find_feeds(engine, disabled=True)
    assert (disabled.id, disabled.disabled_reason, disabled.error_count) == (gone, "410 Gone", 1)


def test_enabling_feeds_forgets_their_failures_and_makes_them_due(engine: Engine) -> None:
    gone = failing(engine, "https://gone.example/feed", "http_4xx", 20, "410 Gone")
    now = T0 + timedelta(hours=3)
    assert enable_feeds(engine, [gone, "no-such-feed"], now) == [gone]
    feed = get_feed(engine, gone)
    assert feed is not None
    assert (feed.enabled, feed.error_count, feed.last_error, feed.last_error_code) == (
        True,
        0,
        None,
        None,
    )
    assert (feed.disabled_reason, feed.next_poll_at) == (None, now)
    assert feeds_by_error(engine) == []
    assert enable_feeds(engine, [], now) == []
