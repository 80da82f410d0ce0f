"""The deployment-wide story version: a new one for every story a write changes, merged
stories exported as tombstones, and existing stories numbered by migration 0003."""

import json
from datetime import UTC, datetime, timedelta

import jsonschema
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, insert, select

from schemas.export import MergedStory, export_line_schema
from schemas.story import ExportedStory
from services.storage import schema
from services.storage.articles import upsert_article
from services.storage.changes import iter_changes, story_line
from services.storage.db import create_database_engine
from services.storage.stories import write_stories
from services.storage.story_versions import last_version
from services.storage.tables import StoryRow
from tests.services.storage.builders import T0, make_article, make_snapshot, store


def versions(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        rows = connection.execute(select(StoryRow.id, StoryRow.version))
        return {story_id: version for story_id, version in rows}


def test_each_write_gives_the_stories_it_changes_new_greater_versions(engine: Engine) -> None:
    store(engine, [make_article("a1"), make_article("b1")], [make_snapshot("s1", 1, "a1", [])])
    store(engine, [], [make_snapshot("s2", 1, "b1", [])])
    assert versions(engine) == {"s1": 1, "s2": 2}
    # An older snapshot changes nothing, so no version is spent.
    store(engine, [], [make_snapshot("s1", 1, "a1", [])])
    assert versions(engine) == {"s1": 1, "s2": 2}
    # s1 takes b1 from s2: both changed.
    store(engine, [], [make_snapshot("s1", 2, "a1", ["b1"], T0 + timedelta(hours=1))])
    assert versions(engine) == {"s1": 3, "s2": 4}
    with engine.connect() as connection:
        assert last_version(connection) == 4


def test_storing_an_article_versions_its_story_though_its_snapshot_came_first(
    engine: Engine,
) -> None:
    store(engine, [make_article("a1")], [make_snapshot("s1", 1, "a1", ["a2"])])
    [before] = list(iter_changes(engine, 0))
    assert isinstance(before, ExportedStory) and before.variants == []
    with engine.begin() as connection:
        upsert_article(connection, make_article("a2"), T0)
        written = write_stories(connection, None, ["a2"], T0)
    assert written.versions == {"s1": 2} and not written.applied
    [after] = list(iter_changes(engine, before.version))
    assert isinstance(after, ExportedStory)
    assert [variant.id for variant in after.variants] == ["a2"]


def test_a_merged_story_is_exported_as_a_tombstone_pointing_where_it_went(
    engine: Engine,
) -> None:
    store(
        engine,
        [make_article(i) for i in ("a1", "a2", "b1")],
        [make_snapshot("s1", 1, "a1", ["a2"]), make_snapshot("s2", 1, "b1", [])],
    )
    seen = max(line.version for line in iter_changes(engine, 0))
    merge = make_snapshot("s2", 2, "b1", ["a1", "a2"], T0 + timedelta(hours=1))
    merge.merged_ids = ["s1"]
    store(engine, [], [merge])
    changes = {line.id: line for line in iter_changes(engine, seen)}
    assert set(changes) == {"s1", "s2"}
    tombstone = changes["s1"]
    assert isinstance(tombstone, MergedStory)
    assert tombstone.merged_into == "s2" and tombstone.version > seen
    assert tombstone.updated_at == merge.updated_at
    story = changes["s2"]
    assert isinstance(story, ExportedStory)
    assert {variant.id for variant in story.variants} == {"a1", "a2"}
    assert story_line(engine, "s1") == tombstone
    assert story_line(engine, "s2") == story
    assert story_line(engine, "nope") is None
    for line in changes.values():
        jsonschema.validate(json.loads(line.model_dump_json()), export_line_schema())
    # A full export is today's stories: the tombstone is only news to a poller.
    assert list(iter_changes(engine, max(changes["s1"].version, story.version))) == []


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(schema._MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def test_migration_0003_numbers_existing_stories_in_order_of_update_and_keeps_snapshots(
    database_url: str,
) -> None:
    engine = create_database_engine(database_url)
    try:
        with engine.begin() as connection:
            command.upgrade(_config(connection), "0002")
            updated = datetime(2024, 5, 1, tzinfo=UTC)
            rows = [("s3", 7, updated), ("s1", 5, updated), ("s2", 9, updated - timedelta(days=1))]
            # Revision 0002's columns only: the table has no snapshot_version yet.
            connection.execute(
                insert(StoryRow.__table__),
                [
                    {
                        "id": story_id,
                        "version": version,
                        "canonical_id": "a1",
                        "created_at": at,
                        "updated_at": at,
                    }
                    for story_id, version, at in rows
                ],
            )
        schema.upgrade(engine)
        with engine.connect() as connection:
            stored = connection.execute(
                select(StoryRow.id, StoryRow.version, StoryRow.snapshot_version)
            ).all()
            assert sorted(stored) == [("s1", 2, 5), ("s2", 1, 9), ("s3", 3, 7)]
            assert last_version(connection) == 3
        store(engine, [make_article("a1")], [make_snapshot("s4", 1, "a1", [])])
        assert versions(engine)["s4"] == 4
    finally:
        engine.dispose()
