"""Storing story snapshots: newest version wins, in any order; an article in one story."""

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from schemas.story import Member, StorySnapshot
from services.storage.stories import (
    InvalidSnapshot,
    apply_snapshot,
    get_story,
    list_stories,
    resolve_story_id,
)
from services.storage.tables import StoryMemberRow, StoryRow
from tests.services.storage.builders import T0, dump, make_article, make_snapshot, store


def members_of(engine: Engine) -> dict[str, str]:
    """Article id -> story id of every stored membership."""
    with engine.connect() as connection:
        rows = connection.execute(select(StoryMemberRow.article_id, StoryMemberRow.story_id))
        return {article_id: story_id for article_id, story_id in rows}


def stored_version(engine: Engine, story_id: str) -> int:
    with engine.connect() as connection:
        statement = select(StoryRow.snapshot_version).where(StoryRow.id == story_id)
        return int(connection.execute(statement).scalar_one())


def apply(engine: Engine, snapshot: StorySnapshot, now_minutes: int = 0) -> bool:
    with engine.begin() as connection:
        return apply_snapshot(connection, snapshot, T0 + timedelta(minutes=now_minutes))


def test_applying_the_same_snapshot_twice_changes_nothing(engine: Engine) -> None:
    snapshot = make_snapshot("s1", 1, "a1", ["a2", "a3"])
    assert apply(engine, snapshot)
    first = dump(engine)
    assert not apply(engine, snapshot, now_minutes=5)
    assert dump(engine) == first
    assert members_of(engine) == {"a1": "s1", "a2": "s1", "a3": "s1"}


def test_versions_applied_out_of_order_end_at_the_highest(engine: Engine) -> None:
    assert apply(engine, make_snapshot("s1", 4, "a1", ["a2", "a3"]))
    assert not apply(engine, make_snapshot("s1", 3, "a1", ["a2"]))
    assert stored_version(engine, "s1") == 4
    assert members_of(engine) == {"a1": "s1", "a2": "s1", "a3": "s1"}


def test_a_newer_version_replaces_the_members_and_keeps_created_at(engine: Engine) -> None:
    apply(engine, make_snapshot("s1", 1, "a1", ["a2", "a3"]), now_minutes=0)
    apply(engine, make_snapshot("s1", 2, "a4", ["a1"]), now_minutes=30)
    assert members_of(engine) == {"a4": "s1", "a1": "s1"}
    with engine.connect() as connection:
        row = connection.execute(select(StoryRow.__table__)).mappings().one()
    assert row["canonical_id"] == "a4"
    assert row["created_at"] == T0
    assert row["updated_at"] == T0 + timedelta(minutes=2)


def test_first_and_last_published_span_the_members(engine: Engine) -> None:
    apply(engine, make_snapshot("s1", 1, "a1", ["a2", "a3"]))
    with engine.connect() as connection:
        row = connection.execute(select(StoryRow.__table__)).mappings().one()
    assert row["first_published_at"] == T0
    assert row["last_published_at"] == T0 + timedelta(hours=2)


def test_a_merging_story_takes_over_the_article_of_another(engine: Engine) -> None:
    apply(engine, make_snapshot("s1", 1, "a1", ["a2"], updated_at=T0))
    later = T0 + timedelta(minutes=10)
    assert apply(engine, make_snapshot("s2", 1, "b1", ["a1", "a2"], updated_at=later))
    assert members_of(engine) == {"b1": "s2", "a1": "s2", "a2": "s2"}


def test_a_merged_story_redirects_to_the_story_that_absorbed_it(engine: Engine) -> None:
    store(engine, [make_article(article_id) for article_id in ("a1", "a2", "b1")], [])
    apply(engine, make_snapshot("s2", 1, "b1", [], updated_at=T0))
    merged = make_snapshot("s1", 2, "a1", ["a2", "b1"], updated_at=T0 + timedelta(minutes=5))
    assert apply(engine, merged.model_copy(update={"merged_ids": ["s2"]}))

    assert resolve_story_id(engine, "s2") == "s1"
    redirected = get_story(engine, "s2")
    assert redirected is not None and redirected.id == "s1"
    assert [summary.id for summary in list_stories(engine)] == ["s1"]


def test_a_stale_snapshot_applied_late_does_not_take_an_article_back(engine: Engine) -> None:
    later = T0 + timedelta(minutes=10)
    apply(engine, make_snapshot("s2", 1, "b1", ["a2"], updated_at=later))
    assert apply(engine, make_snapshot("s1", 1, "a1", ["a2"], updated_at=T0))
    assert members_of(engine) == {"b1": "s2", "a2": "s2", "a1": "s1"}


def test_a_variant_without_a_relation_is_refused(engine: Engine) -> None:
    snapshot = StorySnapshot(
        id="s1",
        version=1,
        canonical_id="a1",
        members=[Member(article_id="a1"), Member(article_id="a2")],
        updated_at=T0,
    )
    with pytest.raises(InvalidSnapshot), engine.begin() as connection:
        apply_snapshot(connection, snapshot, T0)


def test_list_shows_stories_with_a_stored_canonical_newest_first(engine: Engine) -> None:
    store(
        engine,
        [make_article(i) for i in ("a1", "a2", "b1", "c2")],
        [
            make_snapshot("s1", 1, "a1", ["a2", "a3"], updated_at=T0),
            make_snapshot("s2", 1, "b1", [], updated_at=T0 + timedelta(hours=1)),
            make_snapshot("s3", 1, "c1", ["c2"], updated_at=T0 + timedelta(hours=2)),
        ],
    )
    summaries = list_stories(engine, limit=10)
    assert [(s.id, s.title, s.member_count) for s in summaries] == [
        ("s2", "Title of b1", 1),
        ("s1", "Title of a1", 2),
    ]
    assert summaries[1].last_published_at == T0 + timedelta(hours=2)
    assert [s.id for s in list_stories(engine, limit=1, offset=1)] == ["s1"]


def test_get_story_returns_the_exported_story_or_none(engine: Engine) -> None:
    store(engine, [make_article("a1"), make_article("a2")], [make_snapshot("s1", 1, "a1", ["a2"])])
    story = get_story(engine, "s1")
    assert story is not None
    assert (story.canonical.id, [v.id for v in story.variants]) == ("a1", ["a2"])
    assert get_story(engine, "missing") is None
