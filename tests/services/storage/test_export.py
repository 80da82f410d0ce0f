"""The export contract: every field, every stored article of a story exactly once."""

import json
from collections import Counter
from datetime import UTC

import jsonschema
from sqlalchemy import Engine

from schemas.export import export_line_schema
from schemas.story import Relation, Tier
from services.storage.articles import upsert_article
from services.storage.export import BATCH_ROWS, iter_exported_stories
from services.storage.stories import write_stories
from tests.services.storage.builders import T0, make_article, make_snapshot, store

ARTICLE_FIELDS = {"url", "title", "outlet", "published_at", "text"}


def store_three_stories(engine: Engine) -> None:
    """s1 with a variant not stored yet, s2 alone, s3 whose canonical is not stored yet."""
    store(
        engine,
        [make_article(i) for i in ("a1", "a2", "a3", "b1", "c2", "loose")],
        [
            make_snapshot("s1", 3, "a1", ["a2", "a3", "a4"]),
            make_snapshot("s2", 1, "b1", []),
            make_snapshot("s3", 2, "c1", ["c2"]),
        ],
    )


def test_an_exported_story_carries_every_field_of_the_contract(engine: Engine) -> None:
    store_three_stories(engine)
    line = json.loads(next(iter_exported_stories(engine)).model_dump_json())
    assert line["id"] == "s1"
    assert line["title"] == "Title of a1"
    assert line["version"] == 1  # the first story written
    assert line["canonical"].keys() >= ARTICLE_FIELDS
    assert line["canonical"]["url"] == "https://example.com/a1"
    assert line["canonical"]["outlet"] == "Example News"
    assert line["canonical"]["text"].startswith("Text of a1.")
    assert line["canonical"]["published_at"] == "2024-05-01T12:00:00Z"
    assert [variant["id"] for variant in line["variants"]] == ["a2", "a3"]
    for variant in line["variants"]:
        assert ARTICLE_FIELDS | {"relation", "similarity"} <= variant.keys()
        assert variant["relation"] == Relation.NEAR_DUPLICATE.value
        assert variant["tier"] == Tier.MINHASH.value
    assert line["variants"][0]["similarity"] == 0.9


def test_every_stored_article_of_an_exported_story_appears_exactly_once(engine: Engine) -> None:
    store_three_stories(engine)
    stories = list(iter_exported_stories(engine))
    exported = Counter(
        article.id for story in stories for article in [story.canonical, *story.variants]
    )
    # a4 is not stored, `loose` is in no story, s3 waits for its canonical c1.
    assert exported == Counter({"a1": 1, "a2": 1, "a3": 1, "b1": 1})
    assert [story.id for story in stories] == ["s1", "s2"]


def test_since_version_exports_only_later_versions(engine: Engine) -> None:
    store_three_stories(engine)  # s1, s2, s3 written in that order: versions 1, 2, 3
    with engine.begin() as connection:  # as the sink stores c1: s3 changes, version 4
        upsert_article(connection, make_article("c1"), T0)
        write_stories(connection, None, ["c1"], T0)
    assert [s.id for s in iter_exported_stories(engine, since_version=1)] == ["s2", "s3"]
    assert [s.id for s in iter_exported_stories(engine, since_version=3)] == ["s3"]
    assert list(iter_exported_stories(engine, since_version=4)) == []


def test_timestamps_are_exported_in_utc(engine: Engine) -> None:
    store_three_stories(engine)
    story = next(iter_exported_stories(engine))
    assert story.updated_at.tzinfo == UTC
    assert story.first_published_at == T0


def test_every_exported_story_validates_against_the_json_schema(engine: Engine) -> None:
    store_three_stories(engine)
    schema = export_line_schema()
    stories = list(iter_exported_stories(engine))
    assert stories
    for story in stories:
        jsonschema.validate(json.loads(story.model_dump_json()), schema)


def test_an_export_larger_than_one_batch_streams_every_story_in_id_order(
    engine: Engine,
) -> None:
    count = BATCH_ROWS + 50
    ids = [f"s{index:04d}" for index in range(count)]
    store(
        engine,
        [make_article(f"a{index:04d}", text="short") for index in range(count)],
        [make_snapshot(story_id, 1, f"a{story_id[1:]}", []) for story_id in reversed(ids)],
    )
    assert [story.id for story in iter_exported_stories(engine)] == ids
