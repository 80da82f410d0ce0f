"""The feeds table: following, listing, removing, and the poll state the poller keeps."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from schemas.ids import feed_id
from services.storage.feed_admin import find_feeds
from services.storage.feeds import (
    PollSuccess,
    add_feed,
    due_feeds,
    get_feed,
    record_poll_failure,
    record_poll_success,
    remove_feed,
)

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def test_adding_a_feed_twice_keeps_one(engine: Engine) -> None:
    first = add_feed(engine, "https://Example.com/feed.xml", T0, title="Example")
    again = add_feed(engine, "https://example.com/feed.xml?utm_source=x", T0 + timedelta(hours=1))
    assert first == again
    assert first.id == feed_id("https://example.com/feed.xml")
    assert (first.title, first.enabled, first.error_count) == ("Example", True, 0)
    assert first.created_at == T0
    assert [feed.id for feed in find_feeds(engine)] == [first.id]


def test_feeds_are_listed_in_the_order_added_and_removed_by_id(engine: Engine) -> None:
    a = add_feed(engine, "https://a.example/feed", T0)
    b = add_feed(engine, "https://b.example/feed", T0 + timedelta(seconds=1))
    assert [feed.url for feed in find_feeds(engine)] == [a.url, b.url]
    assert remove_feed(engine, a.id) is True
    assert remove_feed(engine, a.id) is False
    assert get_feed(engine, a.id) is None
    assert [feed.id for feed in find_feeds(engine)] == [b.id]


def test_due_feeds_are_the_never_polled_and_the_overdue(engine: Engine) -> None:
    new = add_feed(engine, "https://new.example/feed", T0)
    overdue = add_feed(engine, "https://overdue.example/feed", T0)
    later = add_feed(engine, "https://later.example/feed", T0)
    for feed, next_poll in ((overdue, T0 - timedelta(minutes=5)), (later, T0 + timedelta(hours=1))):
        record_poll_success(
            engine,
            feed.id,
            PollSuccess(
                etag=None,
                last_modified=None,
                next_poll_at=next_poll,
                interval_seconds=900,
            ),
            T0 - timedelta(hours=1),
        )
    assert [feed.id for feed in due_feeds(engine, T0, limit=10)] == [new.id, overdue.id]
    assert [feed.id for feed in due_feeds(engine, T0, limit=1)] == [new.id]
    assert {feed.id for feed in due_feeds(engine, T0 + timedelta(hours=2), limit=10)} == {
        new.id,
        overdue.id,
        later.id,
    }


def test_a_failure_counts_and_a_success_resets(engine: Engine) -> None:
    feed = add_feed(engine, "https://example.com/feed", T0)
    for attempt in (1, 2):
        record_poll_failure(
            engine,
            feed.id,
            code="http_5xx",
            message="HTTP 503 Service Unavailable",
            next_poll_at=T0 + timedelta(hours=attempt),
            now=T0,
        )
    failed = get_feed(engine, feed.id)
    assert failed is not None
    assert failed.error_count == 2
    assert failed.last_error == "http_5xx: HTTP 503 Service Unavailable"
    assert failed.next_poll_at == T0 + timedelta(hours=2)

    record_poll_success(
        engine,
        feed.id,
        PollSuccess(
            etag='"v2"',
            last_modified="Wed, 01 May 2024 11:00:00 GMT",
            next_poll_at=T0 + timedelta(minutes=15),
            interval_seconds=900,
            title="Example News",
            site_url="https://example.com/",
        ),
        T0,
    )
    polled = get_feed(engine, feed.id)
    assert polled is not None
    assert (polled.error_count, polled.last_error) == (0, None)
    assert (polled.etag, polled.title) == ('"v2"', "Example News")
    assert polled.site_url == "https://example.com/"
    assert polled.last_polled_at == T0
    assert polled.next_poll_at == T0 + timedelta(minutes=15)


def test_a_not_modified_poll_keeps_title_and_site(engine: Engine) -> None:
    feed = add_feed(engine, "https://example.com/feed", T0, title="Kept")
    record_poll_success(
        engine,
        feed.id,
        PollSuccess(
            etag='"v1"',
            last_modified=None,
            next_poll_at=T0,
            interval_seconds=900,
        ),
        T0,
    )
    polled = get_feed(engine, feed.id)
    assert polled is not None
    assert (polled.title, polled.etag) == ("Kept", '"v1"')


def test_times_come_back_in_utc_whatever_zone_they_were_given_in(engine: Engine) -> None:
    feed = add_feed(engine, "https://example.com/feed", T0)
    paris = T0.astimezone(ZoneInfo("Europe/Paris"))
    record_poll_success(
        engine,
        feed.id,
        PollSuccess(
            etag=None,
            last_modified=None,
            next_poll_at=paris,
            interval_seconds=900,
        ),
        paris,
    )
    polled = get_feed(engine, feed.id)
    assert polled is not None and polled.next_poll_at is not None
    assert polled.next_poll_at == T0 and polled.next_poll_at.utcoffset() == timedelta(0)
    assert due_feeds(engine, T0, limit=5)[0].id == feed.id
