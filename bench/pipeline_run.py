"""One measured `newsfold run --once` over served feeds: what it did and what each part cost.

The run starts from empty Redis totals and an empty database; its figures come from the
stage totals the jobs count (`services.runtime.stage_stats`), Redis's own INFO, and the
database the sink filled.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from redis import Redis
from sqlalchemy import Engine, func, select

from bench.redis_memory import memory_by_kind
from schemas.settings import Settings
from services.runner.once import run_once
from services.runtime.queues import Stage
from services.runtime.stage_stats import process_totals, reset, stage_totals
from services.storage.feeds import add_feed
from services.storage.tables import ArticleRow, StoryRow


@dataclass(frozen=True)
class PipelineFigures:
    """What one run did and cost. Costs are per stored article: `stage_cpu_ms` per stage,
    `queue_cpu_ms` the workers' CPU outside any job (rq's bookkeeping, dequeuing),
    `redis_commands` and `redis_bytes` (memory still held at the end, the fold window's
    share; by kind of key in `redis_bytes_by_kind`), `peak_rss_mb` the largest worker's."""

    workers: int
    feeds: int
    articles: int
    stories: int
    seconds: float
    stage_cpu_ms: dict[Stage, float]
    queue_cpu_ms: float
    redis_commands: float
    redis_bytes: float
    redis_bytes_by_kind: dict[str, float]
    peak_rss_mb: float
    failed_jobs: int

    @property
    def articles_per_second(self) -> float:
        """Stored articles per wall second, from the first poll to the last store."""
        return self.articles / self.seconds if self.seconds else 0.0


def measure_run(
    settings: Settings,
    redis_url: str,
    engine: Engine,
    feed_urls: list[str],
    *,
    workers: int,
) -> PipelineFigures:
    """Follow `feed_urls` and run `run --once` with `workers` processes; `engine` is on an
    empty database and Redis holds nothing of newsfold's."""
    redis = Redis.from_url(redis_url)
    try:
        now = datetime.now(UTC)
        for url in feed_urls:
            add_feed(engine, url, now)
        reset(redis)
        before = redis.info()
        started = time.monotonic()
        result = run_once(settings, redis_url, engine, workers=workers)
        seconds = time.monotonic() - started
        after = redis.info()
        held = memory_by_kind(redis)
        stages = stage_totals(redis)
        processes = process_totals(redis)
    finally:
        redis.close()
    with engine.connect() as connection:
        articles = int(connection.scalar(select(func.count()).select_from(ArticleRow)) or 0)
        stories = int(
            connection.scalar(
                select(func.count()).select_from(StoryRow).where(StoryRow.merged_into.is_(None))
            )
            or 0
        )
    per_article = 1 / articles if articles else 0.0
    job_cpu = sum(stage.cpu_seconds for stage in stages)
    return PipelineFigures(
        workers=workers,
        feeds=len(feed_urls),
        articles=articles,
        stories=stories,
        seconds=seconds,
        stage_cpu_ms={stage.stage: stage.cpu_seconds * 1000 * per_article for stage in stages},
        queue_cpu_ms=max(processes.cpu_seconds - job_cpu, 0.0) * 1000 * per_article,
        redis_commands=(after["total_commands_processed"] - before["total_commands_processed"])
        * per_article,
        redis_bytes=(after["used_memory"] - before["used_memory"]) * per_article,
        redis_bytes_by_kind={kind: size * per_article for kind, size in held.most_common()},
        peak_rss_mb=processes.peak_rss_mb,
        failed_jobs=result.failed_jobs,
    )
