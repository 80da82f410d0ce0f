"""New entries of a feed across polls, on SQLite and PostgreSQL: identity, link changes,
repeated GUIDs, racing pollers, and forgetting what left the feed."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select
from structlog.testing import capture_logs

from schemas.feed import FeedEntry
from schemas.ids import article_id
from services.poller.entries import (
    forget_departed_entries,
    remember_entries,
    shown_entries,
    unseen_entries,
)
from services.poller.entry_identity import entry_keys
from services.storage.feed_entries import record_entries
from services.storage.feeds import add_feed, remove_feed
from services.storage.tables import FeedEntryRow

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def entry(feed_id: str, url: str, guid: str | None = None) -> FeedEntry:
    """An entry of `feed_id` linking `url`."""
    return FeedEntry(
        article_id=article_id(url), feed_id=feed_id, url=url, guid=guid, discovered_at=T0
    )


def urls(entries: list[FeedEntry]) -> list[str]:
    """The links of `entries`, in order."""
    return [e.url for e in entries]


def test_only_entries_the_feed_never_showed_are_new(engine: Engine) -> None:
    feed = add_feed(engine, "https://x.example/feed", T0).id
    first = [entry(feed, "https://x.example/a", "1"), entry(feed, "https://x.example/b", "2")]
    assert unseen_entries(engine, feed, shown_entries(first)) == first
    remember_entries(engine, feed, shown_entries(first), T0)
    assert unseen_entries(engine, feed, shown_entries(first)) == []
    second = [entry(feed, "https://x.example/c", "3"), *first]
    assert urls(unseen_entries(engine, feed, shown_entries(second))) == ["https://x.example/c"]


def test_entries_are_new_to_each_feed_separately(engine: Engine) -> None:
    one = add_feed(engine, "https://x.example/one", T0).id
    two = add_feed(engine, "https://x.example/two", T0).id
    remember_entries(engine, one, shown_entries([entry(one, "https://x.example/a", "1")]), T0)
    shown_by_two = [entry(two, "https://x.example/a", "1")]
    assert unseen_entries(engine, two, shown_entries(shown_by_two)) == shown_by_two


def test_a_known_entry_whose_link_changed_is_not_new_and_is_logged(engine: Engine) -> None:
    feed = add_feed(engine, "https://x.example/feed", T0).id
    remember_entries(
        engine, feed, shown_entries([entry(feed, "https://x.example/storm-hits", "s1")]), T0
    )
    corrected = [entry(feed, "https://x.example/storm-hits-coast", "s1")]
    with capture_logs() as logs:
        assert unseen_entries(engine, feed, shown_entries(corrected)) == []
    [line] = [line for line in logs if "link changed" in line["event"]]
    assert (line["log_level"], line["feed_id"], line["count"]) == ("info", feed, 1)
    assert line["example"] == "https://x.example/storm-hits-coast"


def test_a_guid_moving_to_https_and_a_new_host_is_not_new(engine: Engine) -> None:
    feed = add_feed(engine, "https://x.example/feed", T0).id
    old = [entry(feed, "http://x.example/a", "http://x.example/?p=1")]
    remember_entries(engine, feed, shown_entries(old), T0)
    moved = [entry(feed, "https://y.example/a", "https://y.example/?p=1")]
    assert unseen_entries(engine, feed, shown_entries(moved)) == []


def test_repeated_guids_are_warned_about_once_and_links_decide(engine: Engine) -> None:
    feed = add_feed(engine, "https://x.example/feed", T0).id
    same = "https://x.example/"
    document = [entry(feed, f"https://x.example/{name}", same) for name in "abc"]
    with capture_logs() as logs:
        assert unseen_entries(engine, feed, shown_entries(document)) == document
    warnings = [line for line in logs if line["log_level"] == "warning"]
    assert [(w["feed_id"], w["entries"], w["sharing"]) for w in warnings] == [(feed, 3, 3)]
    remember_entries(engine, feed, shown_entries(document), T0)
    later = [entry(feed, "https://x.example/d", same), *document]
    assert urls(unseen_entries(engine, feed, shown_entries(later))) == ["https://x.example/d"]


def test_a_feed_that_stops_repeating_guids_does_not_look_new(engine: Engine) -> None:
    feed = add_feed(engine, "https://x.example/feed", T0).id
    repeating = [entry(feed, f"https://x.example/{name}", "same") for name in "ab"]
    remember_entries(engine, feed, shown_entries(repeating), T0)
    fixed = [entry(feed, f"https://x.example/{name}", f"id-{name}") for name in "ab"]
    with capture_logs() as logs:
        assert unseen_entries(engine, feed, shown_entries(fixed)) == []
    assert [line["count"] for line in logs if "another identity" in line["event"]] == [2]
    # The new identities are remembered too, so the next poll is quiet.
    remember_entries(engine, feed, shown_entries(fixed), T0 + timedelta(hours=1))
    with capture_logs() as logs:
        assert unseen_entries(engine, feed, shown_entries(fixed)) == []
    assert logs == []


def test_racing_pollers_record_an_entry_once_with_its_first_sighting(engine: Engine) -> None:
    feed = add_feed(engine, "https://x.example/feed", T0).id
    document = [entry(feed, "https://x.example/a", "1")]
    remember_entries(engine, feed, shown_entries(document), T0)
    remember_entries(engine, feed, shown_entries(document), T0 + timedelta(minutes=1))
    with engine.connect() as connection:
        rows = connection.execute(select(FeedEntryRow.entry_key, FeedEntryRow.first_seen_at))
        assert list(rows) == [(entry_keys(document)[0], T0)]


def test_nothing_is_recorded_for_a_feed_removed_during_its_poll(engine: Engine) -> None:
    feed = add_feed(engine, "https://x.example/feed", T0).id
    remove_feed(engine, feed)
    record_entries(engine, feed, {"key": article_id("https://x.example/a")}, T0)
    with engine.connect() as connection:
        assert connection.execute(select(FeedEntryRow)).all() == []


def test_only_old_entries_that_left_the_feed_are_forgotten(engine: Engine) -> None:
    feed = add_feed(engine, "https://x.example/feed", T0).id
    old_gone, old_kept, recent_gone = (
        entry(feed, f"https://x.example/{name}", name) for name in ("old-gone", "old-kept", "new")
    )
    remember_entries(engine, feed, shown_entries([old_gone, old_kept]), T0)
    remember_entries(engine, feed, shown_entries([recent_gone]), T0 + timedelta(days=40))
    current = [old_kept]
    forgotten = forget_departed_entries(
        engine, feed, shown_entries(current), seen_before=T0 + timedelta(days=30)
    )
    assert forgotten == 1
    assert unseen_entries(engine, feed, shown_entries([old_gone, old_kept, recent_gone])) == [
        old_gone
    ]
    assert (
        forget_departed_entries(
            engine, feed, shown_entries(current), seen_before=T0 + timedelta(days=30)
        )
        == 0
    )
