"""Enqueuing poll jobs: due feeds only, each feed in flight once, a loop that stops."""

import threading
from datetime import UTC, datetime, timedelta

from redis import Redis
from sqlalchemy import Engine

from schemas.settings import Settings
from services.poller.scheduler import enqueue_due_feeds, poll_all_now, run_scheduler
from services.runtime.queues import Stage, job_id, stage_queue
from services.storage.feeds import PollSuccess, add_feed, record_poll_success

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def _polled_until(engine: Engine, feed_id: str, next_poll_at: datetime) -> None:
    record_poll_success(
        engine,
        feed_id,
        PollSuccess(
            etag=None,
            last_modified=None,
            next_poll_at=next_poll_at,
            interval_seconds=900,
        ),
        NOW,
    )


def test_due_feeds_are_enqueued_once_while_in_flight(engine: Engine, redis: Redis) -> None:
    due = add_feed(engine, "https://due.example/feed", NOW)
    later = add_feed(engine, "https://later.example/feed", NOW)
    _polled_until(engine, later.id, NOW + timedelta(hours=1))

    assert enqueue_due_feeds(engine, redis, NOW, job_timeout=60) == 1
    assert enqueue_due_feeds(engine, redis, NOW, job_timeout=60) == 0  # still queued
    queue = stage_queue(redis, Stage.POLL)
    assert queue.job_ids == [job_id(Stage.POLL, due.id)]
    job = queue.fetch_job(job_id(Stage.POLL, due.id))
    assert job is not None
    assert (job.func_name, job.args) == ("workers.poll.poll_feed", [due.id])


def test_poll_all_now_takes_every_enabled_feed_due_or_not(engine: Engine, redis: Redis) -> None:
    first = add_feed(engine, "https://a.example/feed", NOW)
    second = add_feed(engine, "https://b.example/feed", NOW)
    _polled_until(engine, second.id, NOW + timedelta(days=1))
    assert poll_all_now(engine, redis, job_timeout=60) == 2
    assert sorted(stage_queue(redis, Stage.POLL).job_ids) == sorted(
        [job_id(Stage.POLL, first.id), job_id(Stage.POLL, second.id)]
    )


def test_the_scheduler_loop_enqueues_and_stops_when_told(engine: Engine, redis: Redis) -> None:
    feed = add_feed(engine, "https://due.example/feed", NOW)
    stop = threading.Event()
    loop = threading.Thread(
        target=run_scheduler, args=(Settings(), engine, redis, stop), kwargs={"tick_seconds": 0.05}
    )
    loop.start()
    queue = stage_queue(redis, Stage.POLL)
    for _ in range(100):
        if queue.job_ids:
            break
        stop.wait(0.05)
    stop.set()
    loop.join(timeout=5)
    assert not loop.is_alive()
    assert queue.job_ids == [job_id(Stage.POLL, feed.id)]


def test_a_feed_falling_due_between_ticks_is_enqueued_within_a_second(
    engine: Engine, redis: Redis
) -> None:
    feed = add_feed(engine, "https://soon.example/feed", NOW)
    due_at = datetime.now(UTC) + timedelta(seconds=0.2)
    _polled_until(engine, feed.id, due_at)
    stop = threading.Event()
    loop = threading.Thread(target=run_scheduler, args=(Settings(), engine, redis, stop))
    loop.start()
    queue = stage_queue(redis, Stage.POLL)
    while not queue.job_ids and datetime.now(UTC) < due_at + timedelta(seconds=3):
        stop.wait(0.02)
    enqueued_at = datetime.now(UTC)
    stop.set()
    loop.join(timeout=5)
    assert queue.job_ids == [job_id(Stage.POLL, feed.id)]
    assert enqueued_at - due_at < timedelta(seconds=1.5)
