"""One rq worker process with its context bound.

newsfold uses rq's SimpleWorker: its jobs are many and short, and the forking Worker pays a
fork (several ms) per job; a job's timeout is still enforced by SIGALRM in the process.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import structlog
from redis import Redis
from redis.exceptions import RedisError
from rq import SimpleWorker
from rq.serializers import JSONSerializer

from schemas.settings import Settings
from services.http.client import build_client
from services.runtime.context import WorkerContext, bind
from services.runtime.logging import configure_logging
from services.runtime.queues import WORK_ORDER, Stage, stage_queue
from services.runtime.stage_stats import process_cpu_seconds, record_process
from services.storage.db import create_database_engine, create_schema
from workers.text.embedding import embedder_for

log = structlog.get_logger(__name__)


@contextmanager
def worker_process_context(
    settings: Settings, redis_url: str, stages: Sequence[Stage] = WORK_ORDER
) -> Iterator[WorkerContext]:
    """Set up a worker process for `stages`: logging, the embedding model if it folds, then
    the clients its jobs share, bound for `current()` and closed when the block exits."""
    configure_logging(settings.log_level, settings.log_format)
    if Stage.DEDUPE in stages:
        # Loaded here, once per process, so a model that cannot be loaded stops the worker
        # at start rather than failing every dedupe job.
        embedder_for(settings.fold.embedding_model)
    engine = create_database_engine(settings.effective_database_url)
    create_schema(engine)
    context = WorkerContext(
        settings=settings,
        redis=Redis.from_url(redis_url),
        engine=engine,
        http=build_client(settings.http, allow_private=settings.allow_private_networks),
    )
    bind(context)
    ready_at_cpu = process_cpu_seconds()
    try:
        yield context
    finally:
        _count_process(context.redis, ready_at_cpu)
        context.http.close()
        context.engine.dispose()
        context.redis.close()


def _count_process(redis: Redis, ready_at_cpu: float) -> None:
    try:
        record_process(redis, ready_at_cpu)
    except RedisError as exc:
        log.warning("worker's cost not counted: redis error", error=str(exc))


# rq's own per-job INFO lines repeat every job's arguments; newsfold logs a summary line per
# job itself, so rq speaks only of warnings and errors.
RQ_LOG_LEVEL = "WARNING"


def make_worker(context: WorkerContext, stages: Sequence[Stage]) -> SimpleWorker:
    """An rq worker on the given stages' queues, listening in the given order."""
    queues = [
        stage_queue(context.redis, stage, context.settings.job_timeout_seconds) for stage in stages
    ]
    return SimpleWorker(queues, connection=context.redis, serializer=JSONSerializer)


def run_worker(settings: Settings, redis_url: str, stages: Sequence[Stage], *, burst: bool) -> None:
    """Entry point of a worker process: work the stages' queues (until empty if `burst`)."""
    with worker_process_context(settings, redis_url, stages) as context:
        log.info("worker starting", stages=[stage.value for stage in stages], burst=burst)
        make_worker(context, stages).work(
            burst=burst, with_scheduler=True, logging_level=RQ_LOG_LEVEL
        )
