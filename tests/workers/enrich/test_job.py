"""The enrich job on the private Redis: the article in flight gains every enrichment field
and its sink job is queued."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest
from redis import Redis

from schemas.article import Article
from schemas.settings import EnrichSettings, Settings
from services.runtime.articles import load_article, save_article
from services.runtime.context import WorkerContext
from services.runtime.queues import Stage, stage_queue
from services.storage.db import create_database_engine
from tests.workers.enrich.seeds import seed_text
from workers.enrich.job import run_enrich

PUBLISHED = datetime(2022, 1, 28, 17, 33, tzinfo=timezone(timedelta(hours=3)))


@contextmanager
def worker_context(redis: Redis, tmp_path: Path, enrich: EnrichSettings) -> Iterator[WorkerContext]:
    """A worker context with these enrich settings (the job never reads the database)."""
    settings = Settings(data_dir=tmp_path, enrich=enrich)
    engine = create_database_engine(settings.effective_database_url)
    with httpx.Client() as http:
        yield WorkerContext(settings=settings, redis=redis, engine=engine, http=http)
    engine.dispose()


@pytest.fixture
def context(redis: Redis, tmp_path: Path) -> Iterator[WorkerContext]:
    with worker_context(redis, tmp_path, EnrichSettings()) as context:
        yield context


def seed_article(seed: str, language: str | None = "en") -> Article:
    return Article(
        id=f"a{seed}",
        feed_id="feed1",
        url=f"https://www.eastwire.example.co.uk/news/{seed}.html",
        title="Putin & Macron hold crunch talks",
        text=seed_text(seed),
        published_at=PUBLISHED,
        language=language,
        fetched_at=datetime(2022, 1, 28, 16, 0, tzinfo=UTC),
    )


def test_the_job_enriches_the_article_in_flight_and_queues_its_sink(
    context: WorkerContext,
) -> None:
    save_article(context.redis, seed_article("004"))
    run_enrich(context, "a004", "s1")
    article = load_article(context.redis, "a004")

    assert article.language == "en"
    assert article.language_confidence is not None and article.language_confidence > 0.9
    assert article.published_at == datetime(2022, 1, 28, 14, 33, tzinfo=UTC)
    assert article.published_at.utcoffset() == timedelta(0)
    assert article.outlet == "example.co.uk"
    assert article.site_name == "example.co.uk"
    assert article.summary is not None and article.summary.startswith("Russian President")
    assert article.word_count is not None and 600 < article.word_count < 800
    # 238 words a minute.
    assert article.reading_time_seconds == round(article.word_count * 60 / 238)
    assert article.keywords is not None and "Kremlin" in article.keywords
    assert article.entities is not None
    names = [entity.name for entity in article.entities]
    assert {"Vladimir Putin", "Emmanuel Macron", "NATO", "Kremlin", "Ukraine"} <= set(names)
    assert stage_queue(context.redis, Stage.SINK).job_ids == ["sink-a004"]


def test_a_language_without_a_model_gets_no_entities_but_the_rest(
    redis: Redis, tmp_path: Path
) -> None:
    with worker_context(redis, tmp_path, EnrichSettings(ner_models={"en": "none"})) as context:
        save_article(context.redis, seed_article("003"))
        run_enrich(context, "a003", "s1")
        article = load_article(context.redis, "a003")
    assert article.entities is None
    assert article.keywords
    assert article.word_count
    assert article.summary


def test_an_article_gone_from_redis_is_dropped_without_queuing_a_sink(
    context: WorkerContext,
) -> None:
    assert run_enrich(context, "missing", "s1") is None
    assert stage_queue(context.redis, Stage.SINK).count == 0
