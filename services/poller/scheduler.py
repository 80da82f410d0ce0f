"""Putting poll jobs on the queue: the due feeds every tick, or every feed at once.

A poll job's id is `poll:<feed id>` and jobs are enqueued unique, so a feed whose poll is still
queued or running is skipped rather than polled twice; it stays due until its job records the
next poll time.
"""

import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime

import structlog
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from schemas.feed import Feed
from schemas.settings import Settings
from services.runtime.abandoned import SWEEP_SECONDS, sweep_abandoned
from services.runtime.heartbeat import beat
from services.runtime.queues import Stage, enqueue
from services.storage.feed_admin import find_feeds
from services.storage.feeds import due_feeds

log = structlog.get_logger(__name__)

# Feeds looked at per tick; more due feeds than this are taken on the next ticks.
DUE_BATCH = 1000
# A feed falling due between ticks waits for the next one, so the tick adds up to itself to
# every interval: with 5 s ticks, a feed on a 5 s interval was polled every 10 s and a new
# article waited 5.1 s (p50) instead of 2.7 s for its poll (bench/steady_load, 2 articles/s).
# A tick with nothing due costs one indexed query.
TICK_SECONDS = 1.0


def enqueue_due_feeds(engine: Engine, redis: Redis, now: datetime, *, job_timeout: int) -> int:
    """Enqueue a poll of every due feed not already in flight; returns how many were."""
    return _enqueue_polls(redis, due_feeds(engine, now, DUE_BATCH), job_timeout)


def poll_all_now(engine: Engine, redis: Redis, *, job_timeout: int) -> int:
    """Enqueue a poll of every enabled feed, due or not (`run --once`); returns how many."""
    feeds = [feed for feed in find_feeds(engine) if feed.enabled]
    return _enqueue_polls(redis, feeds, job_timeout)


def run_scheduler(
    settings: Settings,
    engine: Engine,
    redis: Redis,
    stop: threading.Event,
    tick_seconds: float = TICK_SECONDS,
) -> None:
    """Enqueue due feeds every `tick_seconds` until `stop` is set.

    A database or Redis error is logged and the next tick tries again, so a restart of
    either does not end scheduling. Every tick is a heartbeat (services/runtime/heartbeat.py);
    every `SWEEP_SECONDS` the jobs of workers that died unsupervised go back to rq's retries.
    """
    log.info("scheduler started", tick_seconds=tick_seconds)
    swept_at = float("-inf")
    while not stop.is_set():
        try:
            now = time.time()
            beat(redis, now)
            if now - swept_at >= SWEEP_SECONDS:
                sweep_abandoned(redis, now)
                swept_at = now
            count = enqueue_due_feeds(
                engine, redis, datetime.now(UTC), job_timeout=settings.job_timeout_seconds
            )
        except (SQLAlchemyError, RedisError):
            log.exception("enqueuing due feeds failed; trying again next tick")
        else:
            if count:
                log.info("polls enqueued", count=count)
        stop.wait(tick_seconds)
    log.info("scheduler stopped")


def _enqueue_polls(redis: Redis, feeds: Iterable[Feed], job_timeout: int) -> int:
    return sum(
        enqueue(redis, Stage.POLL, feed.id, feed.id, job_timeout=job_timeout) for feed in feeds
    )
