"""The sink's writing of enrichment fields and of one article_entities row per entity."""

from datetime import timedelta

from sqlalchemy import Engine, select

from schemas.article import ArticleEntity, EntityKind
from services.storage.articles import upsert_article
from services.storage.tables import ArticleEntityRow
from tests.services.storage.builders import T0, make_article, stored_article

PUTIN = ArticleEntity(
    name="Vladimir Putin",
    kind=EntityKind.PERSON,
    mentions=3,
    forms=["Putin", "Vladimir Putin"],
)
ELYSEE = ArticleEntity(name="\u00c9lys\u00e9e", kind=EntityKind.PLACE, mentions=2)
ELYSEE_PLAIN = ArticleEntity(name="Elysee", kind=EntityKind.PLACE, mentions=1)
NATO = ArticleEntity(name="NATO", kind=EntityKind.ORGANIZATION, mentions=1)


def entity_rows(engine: Engine, article_id: str) -> list[tuple[str, str, str, int]]:
    statement = (
        select(
            ArticleEntityRow.key,
            ArticleEntityRow.kind,
            ArticleEntityRow.name,
            ArticleEntityRow.mentions,
        )
        .where(ArticleEntityRow.article_id == article_id)
        .order_by(ArticleEntityRow.key)
    )
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(statement)]  # type: ignore[misc]


def test_enrichment_fields_and_entity_rows_are_stored_with_the_article(engine: Engine) -> None:
    article = make_article(
        "a1",
        summary="Putin called Macron.",
        word_count=476,
        reading_time_seconds=120,
        keywords=["Kremlin", "NATO"],
        entities=[PUTIN, ELYSEE, ELYSEE_PLAIN],
    )
    with engine.begin() as connection:
        upsert_article(connection, article, T0)
    row = stored_article(engine, "a1")
    assert row is not None
    assert (row["summary"], row["word_count"], row["reading_time_seconds"]) == (
        "Putin called Macron.",
        476,
        120,
    )
    assert row["keywords"] == ["Kremlin", "NATO"]
    assert row["entities"][0] == {
        "name": "Vladimir Putin",
        "kind": "person",
        "mentions": 3,
        "forms": ["Putin", "Vladimir Putin"],
    }
    # One row per key and kind: two spellings of one key add up.
    assert entity_rows(engine, "a1") == [
        ("elysee", "place", "\u00c9lys\u00e9e", 3),
        ("vladimir putin", "person", "Vladimir Putin", 3),
    ]


def test_a_newer_extraction_replaces_the_rows_and_an_older_one_leaves_them(
    engine: Engine,
) -> None:
    with engine.begin() as connection:
        upsert_article(connection, make_article("a1", entities=[PUTIN]), T0)
    newer = make_article("a1", entities=[NATO], fetched_at=T0 + timedelta(hours=1))
    with engine.begin() as connection:
        upsert_article(connection, newer, T0)
    assert entity_rows(engine, "a1") == [("nato", "organization", "NATO", 1)]

    older = make_article("a1", entities=[PUTIN], fetched_at=T0 - timedelta(hours=1))
    with engine.begin() as connection:
        upsert_article(connection, older, T0)
    assert entity_rows(engine, "a1") == [("nato", "organization", "NATO", 1)]


def test_an_article_without_entities_has_no_rows(engine: Engine) -> None:
    with engine.begin() as connection:
        upsert_article(connection, make_article("a1", entities=None), T0)
        upsert_article(connection, make_article("a2", entities=[]), T0)
    assert entity_rows(engine, "a1") == entity_rows(engine, "a2") == []
    row = stored_article(engine, "a1")
    assert row is not None and row["entities"] is None
