"""The dedupe stage's rq job: fold one article, then hand it to enrichment."""

from datetime import UTC, datetime

import structlog

from schemas.story import StorySnapshot
from services.runtime.articles import ArticleNotFound, load_article
from services.runtime.context import WorkerContext, current
from services.runtime.counters import count
from services.runtime.queues import Stage
from services.runtime.stage_stats import measured
from services.runtime.stories import save_snapshot
from services.storage.articles import stored_text
from workers.dedupe.fold import Folder
from workers.dedupe.index import LOCK_KEY

log = structlog.get_logger(__name__)

# Folding decisions are taken one at a time across all workers: two copies of one story
# arriving at once on two workers must not each open a story. The lock is held for the
# decision alone (the article's fingerprint is computed before); it expires on its own if
# its holder dies.
LOCK_TIMEOUT_SECONDS = 60
LOCK_WAIT_SECONDS = 120
# How often a waiting worker tries the lock: redis-py's default of 0.1 s idled a worker
# for up to ten decisions' time.
LOCK_POLL_SECONDS = 0.005


@measured(Stage.DEDUPE)
def fold_article(article_id: str) -> None:
    """rq job: fold the article into a story."""
    run_fold(current(), article_id)


def run_fold(context: WorkerContext, article_id: str) -> StorySnapshot | None:
    """Fold the article stored under `article_id` and enqueue its enrichment."""
    bound = log.bind(article_id=article_id, stage="dedupe")
    try:
        article = load_article(context.redis, article_id)
    except ArticleNotFound:
        bound.warning("article expired before dedupe; dropped")
        return None
    folder = Folder(
        context.redis,
        context.settings.fold,
        stored_text=lambda twin_id: stored_text(context.engine, twin_id),
    )
    # Outside the lock: the embedding and MinHash are most of a fold's CPU, and taken
    # under it they serialized every worker's dedupe (2 workers ran at the speed of 1).
    analysed = folder.analyse(article)
    lock = context.redis.lock(
        LOCK_KEY,
        timeout=LOCK_TIMEOUT_SECONDS,
        blocking_timeout=LOCK_WAIT_SECONDS,
        sleep=LOCK_POLL_SECONDS,
    )
    with lock:
        snapshot = folder.fold(article, datetime.now(UTC), analysed)
        save_snapshot(context.redis, snapshot)
    member = next(m for m in snapshot.members if m.article_id == article_id)
    relation = member.relation.value if member.relation else "canonical"
    count("articles_folded", relation=relation, tier=member.tier.value if member.tier else "none")
    if len(snapshot.members) == 1:
        count("stories_created")
    bound.info(
        "folded",
        story_id=snapshot.id,
        relation=relation,
        tier=member.tier.value if member.tier else None,
        similarity=member.similarity,
        story_size=len(snapshot.members),
    )
    context.enqueue(Stage.ENRICH, article_id, article_id, snapshot.id)
    return snapshot
