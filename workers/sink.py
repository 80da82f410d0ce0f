"""The sink stage's rq job: store an article and the newest snapshot of its story.

Both are written in one transaction, so the database never holds a story that lists an
article the same job failed to store. Snapshots carry versions, so sink jobs may run in any
order and on any number of workers (see services.storage.stories); every story the write
changes gets a new deployment-wide version, which consumers poll by.
"""

from datetime import UTC, datetime

import structlog

from services.delivery.enqueue import enqueue_deliveries
from services.runtime.articles import ArticleNotFound, forget_article, load_article
from services.runtime.context import WorkerContext, current
from services.runtime.queues import Stage
from services.runtime.stage_stats import measured
from services.runtime.stories import forget_snapshot, load_snapshot
from services.storage.articles import known_article_ids, upsert_article
from services.storage.stories import write_stories

log = structlog.get_logger(__name__)


@measured(Stage.SINK)
def store_article(article_id: str, story_id: str) -> None:
    """rq job: store the article and its story."""
    run_sink(current(), article_id, story_id)


def run_sink(context: WorkerContext, article_id: str, story_id: str) -> None:
    """Store the article in flight under `article_id` and the newest snapshot of `story_id`."""
    bound = log.bind(article_id=article_id, story_id=story_id, stage="sink")
    try:
        article = load_article(context.redis, article_id)
    except ArticleNotFound:
        article = None
    # Everything is read from Redis first so the transaction, which may hold the story's
    # row lock, is as short as the two writes. The newest snapshot is the one to store,
    # whichever version enqueued this job; it is None once expired.
    snapshot = load_snapshot(context.redis, story_id)
    now = datetime.now(UTC)
    with context.engine.begin() as connection:
        if article is not None:
            upsert_article(connection, article, now)
        stored = [] if article is None else [article_id]
        written = write_stories(connection, snapshot, stored, now)
    # After the commit, so a delivery job never runs before the change is readable.
    enqueue_deliveries(
        context.redis,
        context.settings.webhooks,
        written.versions,
        job_timeout=context.settings.job_timeout_seconds,
    )
    if snapshot is not None:
        forget_snapshot(context.redis, snapshot)
    outcome = {
        "snapshot_version": None if snapshot is None else snapshot.version,
        "snapshot_applied": written.applied,
        "story_versions": written.versions,
    }
    if article is not None:
        # Stored for good: a later stage reading it (dedupe's spin check) finds it in the
        # database, and Redis keeps only the fold index.
        forget_article(context.redis, article_id)
        bound.info("stored", **outcome)
    elif known_article_ids(context.engine, [article_id]):
        # A retry after the article expired from Redis: it was stored by an earlier run.
        bound.info("already stored", **outcome)
    else:
        bound.warning("article expired before it was stored; dropped", **outcome)
