"""Storing articles: idempotent, newest extraction wins, timestamps survive every database."""

from datetime import UTC, timedelta, timezone

from sqlalchemy import Engine, insert

from services.storage.articles import known_article_ids, upsert_article
from services.storage.tables import FeedRow
from tests.services.storage.builders import T0, dump, make_article, stored_article


def test_storing_the_same_article_twice_leaves_identical_rows(engine: Engine) -> None:
    article = make_article("a1")
    with engine.begin() as connection:
        upsert_article(connection, article, T0)
    first = dump(engine)
    with engine.begin() as connection:
        upsert_article(connection, article, T0 + timedelta(hours=1))
    assert dump(engine) == first
    assert len(first["articles"]) == 1


def test_a_newer_extraction_updates_the_article_but_keeps_its_first_store_time(
    engine: Engine,
) -> None:
    with engine.begin() as connection:
        upsert_article(connection, make_article("a1", title="Old"), T0)
    newer = make_article(
        "a1", title="New", outlet="Wire", authors=["B"], fetched_at=T0 + timedelta(hours=2)
    )
    with engine.begin() as connection:
        upsert_article(connection, newer, T0 + timedelta(hours=3))
    row = stored_article(engine, "a1")
    assert row is not None
    assert (row["title"], row["outlet"], row["authors"]) == ("New", "Wire", ["B"])
    assert row["fetched_at"] == T0 + timedelta(hours=2)
    assert row["stored_at"] == T0


def test_an_older_extraction_stored_late_does_not_roll_the_article_back(
    engine: Engine,
) -> None:
    with engine.begin() as connection:
        upsert_article(connection, make_article("a1", title="New", fetched_at=T0), T0)
        older = make_article("a1", title="Old", fetched_at=T0 - timedelta(hours=1))
        upsert_article(connection, older, T0)
    row = stored_article(engine, "a1")
    assert row is not None
    assert row["title"] == "New"


def test_timestamps_read_back_as_the_same_instant_in_utc(engine: Engine) -> None:
    published = T0.astimezone(timezone(timedelta(hours=2)))
    with engine.begin() as connection:
        upsert_article(connection, make_article("a1", published_at=published), T0)
    row = stored_article(engine, "a1")
    assert row is not None
    assert row["published_at"] == T0
    assert row["published_at"].tzinfo == UTC


def test_an_article_keeps_its_feed_if_stored_and_drops_a_removed_one(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            insert(FeedRow).values(id="feed1", url="https://example.com/rss", created_at=T0)
        )
        upsert_article(connection, make_article("a1", feed_id="feed1"), T0)
        upsert_article(connection, make_article("a2", feed_id="gone"), T0)
    first, second = stored_article(engine, "a1"), stored_article(engine, "a2")
    assert first is not None and second is not None
    assert (first["feed_id"], second["feed_id"]) == ("feed1", None)


def test_known_article_ids_are_the_stored_subset(engine: Engine) -> None:
    with engine.begin() as connection:
        upsert_article(connection, make_article("a1"), T0)
    assert known_article_ids(engine, ["a1", "a2", "a1"]) == {"a1"}
    assert known_article_ids(engine, []) == set()
