"""Prometheus metrics of a real pipeline run (the sample site, two worker processes, real
Redis and SQLite): counts written by separate processes add up in one scrape."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample
from redis import Redis

from schemas.settings import Settings
from services.demo.server import DemoSite
from services.runner.once import run_once
from services.runtime.counters import reset_counts
from services.runtime.metrics import metrics_registry
from services.runtime.stage_stats import reset
from services.storage.db import create_database_engine
from services.storage.export import iter_exported_stories
from services.storage.feeds import add_feed
from services.storage.schema import ensure_schema


def _samples(redis: Redis) -> dict[str, list[Sample]]:
    text = generate_latest(metrics_registry(redis)).decode()
    return {family.name: family.samples for family in text_string_to_metric_families(text)}


def _value(samples: list[Sample], name: str, **labels: str) -> float:
    return sum(
        sample.value
        for sample in samples
        if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items())
    )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_pipeline_run_is_counted_across_its_worker_processes(
    tmp_path: Path, database_url: str, redis: Redis, redis_url: str, demo_site: DemoSite
) -> None:
    reset(redis)
    reset_counts(redis)
    settings = Settings(
        data_dir=tmp_path,
        database_url=database_url,
        redis_url=redis_url,
        allow_private_networks=True,
    )
    engine = create_database_engine(database_url)
    ensure_schema(engine)
    for url in demo_site.feed_urls:
        add_feed(engine, url, datetime.now(UTC))
    assert run_once(settings, redis_url, engine, workers=2).failed_jobs == 0
    stories = list(iter_exported_stories(engine))
    engine.dispose()
    articles = sum(1 + len(story.variants) for story in stories)

    metrics = _samples(redis)
    jobs = metrics["newsfold_jobs"]
    assert _value(jobs, "newsfold_jobs_total", stage="poll") == len(demo_site.feed_urls)
    for stage in ("extract", "dedupe", "enrich", "sink"):
        assert _value(jobs, "newsfold_jobs_total", stage=stage) == articles
    durations = [
        sample
        for sample in metrics["newsfold_job_duration_seconds"]
        if sample.labels["stage"] == "sink" and sample.name.endswith("_bucket")
    ]
    counts = [sample.value for sample in durations]
    assert counts == sorted(counts), "buckets are cumulative"
    assert counts[-1] == articles and durations[-1].labels["le"] == "+Inf"
    polls = metrics["newsfold_polls"]
    assert _value(polls, "newsfold_polls_total") == len(demo_site.feed_urls)
    assert _value(metrics["newsfold_page_fetches"], "newsfold_page_fetches_total") == articles
    folded = metrics["newsfold_articles_folded"]
    assert _value(folded, "newsfold_articles_folded_total") == articles
    assert _value(folded, "newsfold_articles_folded_total", tier="minhash") >= 1
    created = _value(metrics["newsfold_stories_created"], "newsfold_stories_created_total")
    assert created >= len(stories)
    queued = metrics["newsfold_queue_jobs"]
    assert _value(queued, "newsfold_queue_jobs", state="queued") == 0
    assert {sample.labels["queue"] for sample in queued} == {
        "poll",
        "extract",
        "dedupe",
        "enrich",
        "sink",
        "deliver",
    }
