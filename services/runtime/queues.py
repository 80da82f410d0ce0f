"""The rq queues, one per stage, and the one way newsfold puts a job on them.

Jobs are serialized as JSON (never pickle: what sits in Redis must not be able to run code),
their ids are deterministic (`<stage>-<feed or article id>`; rq 3 allows only
letters, digits, `_` and `-` in ids) and enqueued with rq's
`unique=True`, so the same feed or entry is never in flight twice.
"""

from collections.abc import Sequence
from enum import StrEnum
from typing import Any

import structlog
from redis import Redis
from redis.client import Pipeline
from rq import Queue, Retry
from rq.exceptions import DuplicateJobError
from rq.serializers import JSONSerializer

from schemas.settings import DEFAULT_RETRY_INTERVALS_SECONDS

log = structlog.get_logger(__name__)


class Stage(StrEnum):
    """Pipeline stages in the order data flows through them."""

    POLL = "poll"
    EXTRACT = "extract"
    DEDUPE = "dedupe"
    ENRICH = "enrich"
    SINK = "sink"
    DELIVER = "deliver"  # webhooks (services/delivery/), after the sink commits


# Job functions by stage, as import paths so the enqueuing process need not import workers.
STAGE_FUNCTIONS: dict[Stage, str] = {
    Stage.POLL: "workers.poll.poll_feed",
    Stage.EXTRACT: "workers.extract.job.extract_entry",
    Stage.DEDUPE: "workers.dedupe.job.fold_article",
    Stage.ENRICH: "workers.enrich.job.enrich_article",
    Stage.SINK: "workers.sink.store_article",
    Stage.DELIVER: "workers.deliver.deliver_story",
}

# Workers listen downstream-first so articles already in flight finish before new ones start.
WORK_ORDER: tuple[Stage, ...] = (
    Stage.DELIVER,
    Stage.SINK,
    Stage.ENRICH,
    Stage.DEDUPE,
    Stage.EXTRACT,
    Stage.POLL,
)

QUEUE_PREFIX = "newsfold:"

# Transient failures (a database or Redis hiccup, a server error) are retried with backoff;
# what still fails stays in the failed registry for `newsfold jobs requeue --failed`.
FAILURE_TTL_SECONDS = 30 * 24 * 3600


def queue_name(stage: Stage) -> str:
    """The Redis-side name of a stage's queue."""
    return QUEUE_PREFIX + stage.value


def stage_queue(redis: Redis, stage: Stage, job_timeout: int = 180) -> Queue:
    """The rq queue of one stage."""
    return Queue(
        queue_name(stage),
        connection=redis,
        serializer=JSONSerializer,
        default_timeout=job_timeout,
    )


def job_id(stage: Stage, key: str) -> str:
    """The deterministic job id of `key` (a feed or article id) at `stage`."""
    return f"{stage.value}-{key}"


def enqueue(
    redis: Redis,
    stage: Stage,
    key: str,
    *args: Any,
    job_timeout: int = 180,
    retry_intervals: Sequence[int] = DEFAULT_RETRY_INTERVALS_SECONDS,
    pipeline: Pipeline | None = None,
) -> bool:
    """Enqueue the stage's job for `key` with JSON-serializable `args`; a failing job is
    retried after each of `retry_intervals` (seconds), then left in the failed registry.

    Returns False, and enqueues nothing, when a job with the same id is already queued,
    running or failed.
    """
    queue = stage_queue(redis, stage, job_timeout)
    try:
        queue.enqueue_call(
            STAGE_FUNCTIONS[stage],
            args=args,
            job_id=job_id(stage, key),
            unique=True,
            retry=Retry(max=len(retry_intervals), interval=list(retry_intervals))
            if retry_intervals
            else None,
            # A finished job is deleted at once so the same feed can be polled again.
            result_ttl=0,
            failure_ttl=FAILURE_TTL_SECONDS,
            pipeline=pipeline,
        )
    except DuplicateJobError:
        log.debug("job already in flight", stage=stage.value, key=key)
        return False
    return True
