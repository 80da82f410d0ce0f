"""One rq worker process with its context bound.

newsfold uses rq's SimpleWorker: its jobs are many and short, and the forking Worker pays a
fork (several ms) per job; a job's timeout is still enforced by SIGALRM in the process.
"""

import signal
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

import structlog
from redis import Redis
from redis.client import Pipeline
from redis.exceptions import RedisError
from rq import Queue, SimpleWorker
from rq.job import Job
from rq.scheduler import RQScheduler
from rq.serializers import JSONSerializer
from structlog.contextvars import bound_contextvars

from schemas.settings import Settings
from services.http.client import build_client
from services.runtime.context import WorkerContext, bind, unbind
from services.runtime.logging import configure_logging
from services.runtime.queues import QUEUE_PREFIX, WORK_ORDER, Stage, queue_name, stage_queue
from services.runtime.stage_stats import process_cpu_seconds, record_process
from services.storage.db import create_database_engine
from services.storage.schema import ensure_schema
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
    ensure_schema(engine)
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
        unbind()
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


# rq sends a worker heartbeat (an HSET and two EXPIREs) five times per job, three of them in
# round trips of their own: a fifth of a short job's queue CPU. Their only purpose is that
# the worker's key outlives the worker, and the shortest expiry rq sets is a job's timeout
# plus 60 s, so one heartbeat every few seconds keeps the key as surely.
HEARTBEAT_EVERY_SECONDS = 5.0
# What the key in a job's id names, by stage: a feed, a webhook delivery (endpoint, story
# and version), else an article.
_JOB_SUBJECTS = {Stage.POLL.value: "feed_id", Stage.DELIVER.value: "delivery_id"}
# How often the thread listening for rq's worker commands wakes (a socket wait, no command).
_PUBSUB_WAKE_SECONDS = 1.0


class NewsfoldWorker(SimpleWorker):
    """rq's SimpleWorker, sending a heartbeat only when the last one is a few seconds old or
    expires sooner than the one asked for would."""

    _heartbeat_sent_at = float("-inf")
    _heartbeat_expires_at = float("-inf")

    def heartbeat(self, timeout: int | None = None, pipeline: Pipeline | None = None) -> None:
        """Extend the worker's expiry to `timeout` seconds from now (rq's `worker_ttl` plus
        60 s by default), unless a recent heartbeat already did."""
        ttl = timeout or self.worker_ttl + 60
        now = time.monotonic()
        recent = now - self._heartbeat_sent_at < HEARTBEAT_EVERY_SECONDS
        if recent and self._heartbeat_expires_at >= now + ttl - HEARTBEAT_EVERY_SECONDS:
            return
        super().heartbeat(ttl, pipeline)
        self._heartbeat_sent_at, self._heartbeat_expires_at = now, now + ttl

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        """How long a started job stays in its registry before rq may take it for abandoned:
        its whole timeout plus a minute. rq's own TTL (30 s plus a minute) assumes a
        heartbeat during the job, which a SimpleWorker running the job cannot send; a job
        waiting on a slow host would be retried by another worker while still running.
        A dead worker's jobs are released sooner (services/runtime/abandoned.py)."""
        timeout = job.timeout if job.timeout and job.timeout > 0 else Queue.DEFAULT_TIMEOUT
        return int(timeout - working_time) + 60

    def subscribe(self) -> None:
        """Listen on the worker's command channel, as rq does, but with the listening thread
        waking every second instead of every minute. A warm shutdown unsubscribes, then
        waits for that thread; if the unsubscription lands first, the thread sleeps out its
        whole wake-up, and a stopped worker lingered up to a minute."""
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(  # type: ignore[assignment]
            sleep_time=_PUBSUB_WAKE_SECONDS,
            daemon=True,
            exception_handler=self._pubsub_exception_handler,
        )

    def execute_job(self, job: Job, queue: Queue) -> None:
        """Run `job` with its id, stage and feed, article or delivery id bound to every log
        line it writes, rq's own about it included."""
        stage = queue.name.removeprefix(QUEUE_PREFIX)
        key = job.id.removeprefix(f"{stage}-")
        subject = _JOB_SUBJECTS.get(stage, "article_id")
        with bound_contextvars(job_id=job.id, stage=stage, **{subject: key}):
            super().execute_job(job, queue)


def make_worker(
    context: WorkerContext, stages: Sequence[Stage], name: str | None = None
) -> SimpleWorker:
    """An rq worker on the given stages' queues, listening in the given order; `name` is
    rq's default (random) unless a supervisor gives one to find the worker by."""
    queues = [
        stage_queue(context.redis, stage, context.settings.job_timeout_seconds) for stage in stages
    ]
    return NewsfoldWorker(queues, name=name, connection=context.redis, serializer=JSONSerializer)


def work_until_terminated(
    worker: SimpleWorker, *, burst: bool = False, with_scheduler: bool = True
) -> bool:
    """Run `worker` until its queues are empty (`burst`) or a SIGTERM's warm shutdown;
    returns whether it worked any job. `with_scheduler`: the worker also forks rq's
    scheduler (which moves jobs due for a retry back onto their queues) when no other
    process runs it.

    rq installs its own SIGTERM handler only once `work` has registered the worker; a SIGTERM
    before that, under Python's default, would kill the process before it counts its cost and
    unregisters. Until then, a SIGTERM asks rq's loop to stop before its first dequeue.
    """

    def stop_before_first_job(_signum: int, _frame: FrameType | None) -> None:
        worker._stop_requested = True

    signal.signal(signal.SIGTERM, stop_before_first_job)
    return worker.work(burst=burst, with_scheduler=with_scheduler, logging_level=RQ_LOG_LEVEL)


def run_worker(
    settings: Settings,
    redis_url: str,
    stages: Sequence[Stage],
    *,
    burst: bool,
    name: str | None = None,
    with_scheduler: bool = True,
) -> None:
    """Entry point of a worker process: work the stages' queues (until empty if `burst`)."""
    with worker_process_context(settings, redis_url, stages) as context:
        log.info("worker starting", stages=[stage.value for stage in stages], burst=burst)
        worker = make_worker(context, stages, name)
        work_until_terminated(worker, burst=burst, with_scheduler=with_scheduler)


def run_rq_scheduler(settings: Settings, redis_url: str, name: str) -> None:
    """Entry point of a process running rq's scheduler, as `name`, for every stage's queue:
    it puts the jobs waiting for a retry back on their queues when their time comes."""
    configure_logging(settings.log_level, settings.log_format)
    scheduler = RQScheduler(
        [queue_name(stage) for stage in Stage],
        connection=Redis.from_url(redis_url),
        serializer=JSONSerializer,
        logging_level=RQ_LOG_LEVEL,
        name=name,
    )
    log.info("rq scheduler starting", name=name)
    scheduler.work()  # type: ignore[no-untyped-call]
