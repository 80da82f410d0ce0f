"""`newsfold run --once`: poll every feed once and work until every queue is empty."""

import multiprocessing
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import structlog
from redis import Redis
from sqlalchemy import Engine

from schemas.settings import Settings
from services.poller.scheduler import poll_all_now
from services.runner.progress import QueueState, queue_states
from services.runner.worker import run_worker
from services.runtime.queues import WORK_ORDER

log = structlog.get_logger(__name__)

# Queues must read empty this many times in a row, a tick apart, before the run ends: a job
# moving from its queue to the started registry is briefly in neither.
_IDLE_TICKS = 3
_TICK_SECONDS = 0.25


@dataclass(frozen=True)
class OnceResult:
    """What a `run --once` did."""

    feeds_polled: int
    seconds: float
    failed_jobs: int


def run_once(
    settings: Settings,
    redis_url: str,
    engine: Engine,
    *,
    workers: int,
    on_progress: Callable[[list[QueueState]], None] | None = None,
) -> OnceResult:
    """Poll every enabled feed now, then run `workers` worker processes until no job is
    queued, running or waiting for a retry."""
    started = time.monotonic()
    redis = Redis.from_url(redis_url)
    try:
        polled = poll_all_now(engine, redis, job_timeout=settings.job_timeout_seconds)
        log.info("polling feeds", feeds=polled, workers=workers)
        # spawn, not fork: the parent may run threads (the demo's HTTP server), and a forked
        # child would inherit their locks mid-use.
        # The workers block on their queues until told to stop (rq's warm shutdown, on
        # SIGTERM), as `newsfold run`'s do: restarted burst workers re-registered with rq
        # (some 30 Redis commands) every time the queues were briefly empty.
        spawn = multiprocessing.get_context("spawn")
        processes = [
            spawn.Process(
                target=run_worker,
                args=(settings, redis_url, WORK_ORDER),
                kwargs={"burst": False},
                name=f"newsfold-worker-{number}",
            )
            for number in range(workers)
        ]
        for process in processes:
            process.start()
        try:
            states = _wait_until_idle(redis, processes, on_progress)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.join(timeout=settings.job_timeout_seconds + 10)
                if process.is_alive():
                    process.kill()
        return OnceResult(
            feeds_polled=polled,
            seconds=round(time.monotonic() - started, 2),
            failed_jobs=sum(state.failed for state in states),
        )
    finally:
        redis.close()


def _wait_until_idle(
    redis: Redis,
    processes: Sequence[multiprocessing.process.BaseProcess],
    on_progress: Callable[[list[QueueState]], None] | None,
) -> list[QueueState]:
    idle_ticks = 0
    while True:
        time.sleep(_TICK_SECONDS)
        states = queue_states(redis)
        if on_progress is not None:
            on_progress(states)
        idle_ticks = idle_ticks + 1 if sum(s.pending for s in states) == 0 else 0
        if idle_ticks >= _IDLE_TICKS:
            return states
        if not any(process.is_alive() for process in processes):
            raise RuntimeError("every worker process exited before the queues were empty")
