"""The whole pipeline on real parts: the bundled sample site on 127.0.0.1, rq workers in
their own processes on the private redis-server, SQLite and PostgreSQL sinks."""

import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from pydantic import SecretStr
from redis import Redis

from schemas.export import export_line_schema
from schemas.settings import Settings
from schemas.story import ExportedStory, Relation
from services.cli.main import cli
from services.demo.server import DemoSite
from services.runner.once import run_once
from services.storage.db import create_database_engine
from services.storage.export import iter_exported_stories
from services.storage.feeds import add_feed
from services.storage.schema import ensure_schema

# Where each seed of ../shared/seeds is published on the sample site.
SEED_SITES = {
    "000": "/central-tribune/",
    "001": "/politic-digest/",
    "002": "/eastwire/",
    "003": "/eurodesk/",
    "004": "/world-news-today/",
}
# The junk ../shared/seeds/README.md lists around and inside the seed articles.
JUNK = [
    "Connect with us",
    "Hi, what are you looking for?",
    "You May Also Like",
    "TOP news",
    "Tribune - Politic News",
    "Press play to hearken",
    "date 2022-01-28",
    "bookmark-bicon",
    "chevron downicon",
    "28 Jan, 2022 15:33",
    "You have 63.84% of this article to read",
    "reserved for subscribers",
    "/Media reports.",
    "Sun. May 22nd, 2022",
    "Source link",
    "By admin",
    "Leave a Reply",
    "Your email address will not be published",
]


def ingest(settings: Settings, redis_url: str, site: DemoSite, workers: int) -> list[ExportedStory]:
    """Follow the sample feeds, run the pipeline once, and export what it stored."""
    engine = create_database_engine(settings.effective_database_url)
    ensure_schema(engine)
    try:
        for url in site.feed_urls:
            add_feed(engine, url, datetime.now(UTC))
        result = run_once(settings, redis_url, engine, workers=workers)
        assert result.failed_jobs == 0
        stories = list(iter_exported_stories(engine))
        # The contract, generated from the models as they are now: every story exported.
        schema = export_line_schema()
        for story in stories:
            jsonschema.validate(json.loads(story.model_dump_json()), schema)
        return stories
    finally:
        engine.dispose()


@pytest.fixture
def settings(tmp_path: Path, database_url: str, redis: Redis, redis_url: str) -> Settings:
    """Settings of one test's pipeline: its own database, the emptied private Redis, and
    fetches to 127.0.0.1 allowed (the sample site is there)."""
    return Settings(
        data_dir=tmp_path,
        database_url=database_url,
        redis_url=redis_url,
        allow_private_networks=True,
    )


def seed_story(stories: list[ExportedStory]) -> ExportedStory:
    """The one story holding a seed article; fails if the seeds are split over several."""
    holding = [
        story
        for story in stories
        if any(
            site in article.url
            for article in [story.canonical, *story.variants]
            for site in SEED_SITES.values()
        )
    ]
    assert len(holding) == 1, [story.title for story in holding]
    return holding[0]


def key_of(url: str) -> str:
    return next(key for key, site in SEED_SITES.items() if site in url)


def test_seeds_come_out_as_one_story_with_clean_text(
    settings: Settings, redis_url: str, demo_site: DemoSite
) -> None:
    story = seed_story(ingest(settings, redis_url, demo_site, workers=2))

    assert key_of(story.canonical.url) == "000"
    relations = {key_of(variant.url): variant.relation for variant in story.variants}
    assert set(relations) == {"001", "002", "003", "004"}
    assert relations["001"] == Relation.NEAR_DUPLICATE
    for key in ("002", "003", "004"):
        assert relations[key] in {Relation.REWRITE, Relation.TRANSLATION}
    for article in [story.canonical, *story.variants]:
        assert article.published_at is not None
        assert article.published_at.date().isoformat() == "2022-01-28"
        for junk in JUNK:
            assert junk not in article.text, (article.url, junk)
        assert "\n\n" in article.text  # paragraphs survive


def test_every_article_appears_exactly_once_and_a_second_run_changes_nothing(
    settings: Settings, redis_url: str, demo_site: DemoSite
) -> None:
    first = ingest(settings, redis_url, demo_site, workers=2)
    urls = [article.url for story in first for article in [story.canonical, *story.variants]]
    assert len(urls) == len(set(urls)) == 9  # five seeds, three port-strike versions, one other

    second = ingest(settings, redis_url, demo_site, workers=2)
    assert second == first


def test_own_sample_story_folds_and_the_unrelated_article_stays_alone(
    settings: Settings, redis_url: str, demo_site: DemoSite
) -> None:
    stories = ingest(settings, redis_url, demo_site, workers=2)
    assert len(stories) == 3
    port_story = next(story for story in stories if "Valmere" in (story.title or ""))
    relations = sorted(variant.relation for variant in port_story.variants)
    assert relations == [Relation.EXACT, Relation.REWRITE]
    assert any("northfield" in story.canonical.url and not story.variants for story in stories)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_four_workers_at_once_still_give_one_seed_story(
    settings: Settings, redis_url: str, demo_site: DemoSite
) -> None:
    story = seed_story(ingest(settings, redis_url, demo_site, workers=4))
    assert len(story.variants) == 4


def folding(stories: list[ExportedStory]) -> set[tuple[str, frozenset[tuple[str, str]]]]:
    """What was decided, free of ids and timestamps: each story's canonical URL and its
    variants' URLs with their relations."""
    return {
        (
            story.canonical.url,
            frozenset((variant.url, variant.relation.value) for variant in story.variants),
        )
        for story in stories
    }


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_four_workers_decide_exactly_what_one_worker_decides(
    settings: Settings, redis: Redis, redis_url: str, demo_site: DemoSite, tmp_path: Path
) -> None:
    alone = folding(ingest(settings, redis_url, demo_site, workers=1))
    redis.flushdb()
    fresh = settings.model_copy(
        update={"database_url": SecretStr(f"sqlite:///{tmp_path / 'four.db'}")}
    )
    assert folding(ingest(fresh, redis_url, demo_site, workers=4)) == alone


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_cli_run_once_then_export_jsonl(
    settings: Settings, redis_url: str, demo_site: DemoSite, tmp_path: Path
) -> None:
    env = {
        "NEWSFOLD_DATA_DIR": str(tmp_path),
        "NEWSFOLD_REDIS_URL": redis_url,
        "NEWSFOLD_DATABASE_URL": settings.effective_database_url,
        "NEWSFOLD_ALLOW_PRIVATE_NETWORKS": "true",
    }
    runner = CliRunner()
    for url in demo_site.feed_urls:
        assert runner.invoke(cli, ["feeds", "add", url], env=env).exit_code == 0
    ran = runner.invoke(cli, ["--json", "run", "--once", "--workers", "2"], env=env)
    assert ran.exit_code == 0, ran.output
    out = tmp_path / "stories.jsonl"
    exported = runner.invoke(
        cli, ["stories", "export", "--format", "jsonl", "--out", str(out)], env=env
    )
    assert exported.exit_code == 0, exported.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 3
    schema = json.loads(runner.invoke(cli, ["schema", "story"], env=env).stdout)
    for line in lines:
        jsonschema.validate(line, schema)
    # A poller from the start gets the same stories, and nothing after the newest version.
    since = ["stories", "export", "--since", "0"]
    polled = [json.loads(line) for line in runner.invoke(cli, since, env=env).stdout.splitlines()]
    for line in polled:
        jsonschema.validate(line, schema)
    stories = {line["id"]: line for line in polled if "merged_into" not in line}
    assert stories == {line["id"]: line for line in lines}  # tombstones aside
    newest = str(max(line["version"] for line in polled))
    assert runner.invoke(cli, ["stories", "export", "--since", newest], env=env).stdout == ""

    seeds = next(line for line in lines if len(line["variants"]) == 4)
    explained = runner.invoke(cli, ["stories", "explain", seeds["id"]], env=env)
    assert explained.exit_code == 0, explained.output
    assert "CANONICAL" in explained.stdout
    assert "near_duplicate (similarity to canonical" in explained.stdout
    assert "joined by minhash: word-bigram Jaccard" in explained.stdout
    assert "reads as a synonym-spun copy of" in explained.stdout
    evidence = json.loads(
        runner.invoke(cli, ["--json", "stories", "explain", seeds["id"]], env=env).stdout
    )
    assert len(evidence["members"]) == 5
    assert sum(member["canonical"] for member in evidence["members"]) == 1
    for line in lines:
        assert {"id", "title", "canonical", "variants"} <= set(line)
        assert {"url", "title", "outlet", "published_at", "text"} <= set(line["canonical"])
        for variant in line["variants"]:
            assert {
                "url",
                "title",
                "outlet",
                "published_at",
                "text",
                "relation",
                "similarity",
            } <= set(variant)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_seed_story_record_names_its_entities_languages_outlets_and_times(
    settings: Settings, redis_url: str, demo_site: DemoSite
) -> None:
    story = seed_story(ingest(settings, redis_url, demo_site, workers=2))
    articles = [story.canonical, *story.variants]

    entities = {entity.name: entity for entity in story.entities}
    for name in ("Vladimir Putin", "Emmanuel Macron", "NATO", "Kremlin", "Ukraine"):
        assert entities[name].articles >= 4, (name, entities[name])
    # "Putin", "President Putin" and "Vladimir Putin" are one entity, in every article.
    assert not {"Putin", "Macron", "President Putin", "the Kremlin"} & entities.keys()
    assert entities["Vladimir Putin"].articles == 5
    assert {"Putin", "Vladimir Putin"} <= set(entities["Vladimir Putin"].forms)
    assert story.entities[0].articles == 5
    assert {"Macron", "Putin", "NATO"} <= {keyword.keyword for keyword in story.keywords[:3]}

    assert [(language.language, language.articles) for language in story.languages] == [("en", 5)]
    # Every sample site is served from 127.0.0.1: one outlet by domain, five site names.
    assert [(outlet.domain, outlet.articles) for outlet in story.outlets] == [("127.0.0.1", 5)]
    assert len({article.site_name for article in articles}) == 5
    assert story.article_count == 5
    assert sum(story.relation_counts.values()) == 4
    assert story.relation_counts[Relation.NEAR_DUPLICATE] == 1

    assert story.first_published_at is not None and story.last_published_at is not None
    assert story.first_published_at.date().isoformat() == "2022-01-28"
    assert story.last_published_at.date().isoformat() == "2022-01-28"
    timeline = [entry.published_at for entry in story.timeline]
    assert len(timeline) == 5 and None not in timeline
    assert timeline == sorted(timeline)  # type: ignore[type-var]
    assert timeline[0] == story.first_published_at
    assert {entry.article_id for entry in story.timeline} == {a.id for a in articles}

    for article in articles:
        assert article.summary and article.summary in " ".join(article.text.split())
        assert article.word_count and article.word_count > 300
        assert article.reading_time_seconds == round(article.word_count * 60 / 238)
        assert article.keywords and article.entities
        assert article.feed is not None and article.feed.url in demo_site.feed_urls
