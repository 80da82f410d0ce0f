"""The story record's aggregated fields, through the real export on each database."""

from datetime import timedelta

from sqlalchemy import Engine

from schemas.article import ArticleEntity, DateSource, EntityKind
from schemas.story import ExportedStory, Relation
from services.storage.export import iter_exported_stories
from services.storage.feeds import add_feed, remove_feed
from tests.services.storage.builders import T0, make_article, make_snapshot, store


def person(name: str, mentions: int, *forms: str) -> ArticleEntity:
    return ArticleEntity(
        name=name, kind=EntityKind.PERSON, mentions=mentions, forms=list(forms or [name])
    )


def org(name: str, mentions: int) -> ArticleEntity:
    return ArticleEntity(name=name, kind=EntityKind.ORGANIZATION, mentions=mentions)


def exported_story(engine: Engine) -> ExportedStory:
    feed = add_feed(engine, "https://wire.example/feed.xml", T0, title="Wire: World")
    articles = [
        make_article(
            "a1",
            feed_id=feed.id,
            outlet="wire.example",
            site_name="The Wire",
            published_at=T0 + timedelta(hours=2),
            date_source=DateSource.PAGE_METADATA,
            summary="Putin called Macron.",
            word_count=476,
            reading_time_seconds=120,
            keywords=["Kremlin", "NATO", "readout"],
            entities=[person("Putin", 4, "President Putin", "Putin"), org("NATO", 2)],
        ),
        make_article(
            "a2",
            feed_id=feed.id,
            outlet="wire.example",
            site_name="The Wire",
            published_at=T0,
            keywords=["NATO", "kremlin"],
            entities=[person("Vladimir Putin", 1), person("Emmanuel Macron", 2)],
        ),
        make_article(
            "a3",
            feed_id="gone",
            outlet="lemonde.example",
            site_name="Le Monde",
            language="fr",
            published_at=None,
            keywords=["Kremlin"],
            entities=None,
        ),
    ]
    snapshot = make_snapshot("s1", 1, "a1", ["a2", "a3"])
    snapshot.members[2].relation = Relation.TRANSLATION
    store(engine, articles, [snapshot])
    [story] = iter_exported_stories(engine)
    return story


def test_the_story_counts_relations_outlets_and_languages(engine: Engine) -> None:
    story = exported_story(engine)
    assert story.article_count == 3
    assert story.relation_counts == {Relation.NEAR_DUPLICATE: 1, Relation.TRANSLATION: 1}
    assert [(o.domain, o.site_name, o.articles) for o in story.outlets] == [
        ("wire.example", "The Wire", 2),
        ("lemonde.example", "Le Monde", 1),
    ]
    assert [(lang.language, lang.articles) for lang in story.languages] == [("en", 2), ("fr", 1)]


def test_story_entities_fold_a_last_name_into_the_full_name_across_articles(
    engine: Engine,
) -> None:
    story = exported_story(engine)
    entities = [(e.name, e.kind, e.articles, e.mentions) for e in story.entities]
    assert entities == [
        ("Vladimir Putin", EntityKind.PERSON, 2, 5),
        ("Emmanuel Macron", EntityKind.PERSON, 1, 2),
        ("NATO", EntityKind.ORGANIZATION, 1, 2),
    ]
    assert story.entities[0].forms == ["President Putin", "Putin", "Vladimir Putin"]


def test_story_keywords_rank_by_how_many_articles_have_them(engine: Engine) -> None:
    story = exported_story(engine)
    assert [(k.keyword, k.articles) for k in story.keywords] == [
        ("Kremlin", 3),
        ("NATO", 2),
        ("readout", 1),
    ]


def test_the_timeline_lists_articles_as_they_appeared_an_undated_one_when_stored(
    engine: Engine,
) -> None:
    story = exported_story(engine)
    # a3 has no publication time: it stands at its store time, T0, after a2 of the same time.
    assert [(e.article_id, e.relation, e.published_at) for e in story.timeline] == [
        ("a2", Relation.NEAR_DUPLICATE, T0),
        ("a3", Relation.TRANSLATION, None),
        ("a1", None, T0 + timedelta(hours=2)),
    ]
    assert all(entry.stored_at == T0 for entry in story.timeline)
    assert story.timeline[0].outlet == "wire.example"


def test_each_article_carries_its_enrichment_and_its_feed(engine: Engine) -> None:
    story = exported_story(engine)
    canonical = story.canonical
    assert canonical.summary == "Putin called Macron."
    assert (canonical.word_count, canonical.reading_time_seconds) == (476, 120)
    assert canonical.keywords == ["Kremlin", "NATO", "readout"]
    assert canonical.entities is not None and canonical.entities[0].name == "Putin"
    assert canonical.date_source is DateSource.PAGE_METADATA
    assert canonical.stored_at == T0
    assert canonical.feed is not None
    assert (canonical.feed.url, canonical.feed.title) == (
        "https://wire.example/feed.xml",
        "Wire: World",
    )
    translation = story.variants[1]
    # Its feed was never followed: the article is stored without one.
    assert translation.feed is None
    assert translation.entities is None


def test_an_article_keeps_no_feed_once_its_feed_is_removed(engine: Engine) -> None:
    story = exported_story(engine)
    assert story.canonical.feed is not None
    remove_feed(engine, story.canonical.feed.id)
    [again] = iter_exported_stories(engine)
    assert again.canonical.feed is None
    assert again.entities == story.entities
