"""Redis restarted, with its append-only file, while jobs are queued: the queued work is
done after the restart, every article stored exactly once."""

import time
from datetime import UTC, datetime
from pathlib import Path

from redis import Redis
from rq import Queue

from services.runtime.queues import Stage, queue_name
from services.runtime.redis_server import free_port, private_redis
from services.storage.db import create_database_engine
from services.storage.feeds import add_feed
from services.storage.schema import ensure_schema
from tests.faults.daemon import log_events, newsfold_env, start, stop
from tests.faults.farm import exactly_once_problems, serve_farm, stored_urls, wait_for
from tests.plugins.local_server import LocalServer


def _queued_extracts(url: str) -> int:
    client = Redis.from_url(url)
    try:
        return Queue(queue_name(Stage.EXTRACT), connection=client).count
    finally:
        client.close()


def test_queued_jobs_are_done_after_a_redis_restart(
    tmp_path: Path, database_url: str, http_server: LocalServer
) -> None:
    # One worker and slow pages: the poll queues all the extract jobs at once, and most
    # of them wait in the queue while Redis goes down.
    farm = serve_farm(http_server, articles=24, outlets=3, page_delay=0.5)
    engine = create_database_engine(database_url)
    ensure_schema(engine)
    for url in farm.feed_urls:
        add_feed(engine, url, datetime.now(UTC))
    redis_dir, port = tmp_path / "redis", free_port()
    log_path = tmp_path / "daemon.log"
    with private_redis(redis_dir, appendonly=True, port=port) as redis_url:
        env = newsfold_env(tmp_path, redis_url, database_url)
        daemon = start(["run", "--workers", "1"], env, log_path)
        try:
            assert wait_for(lambda: _queued_extracts(redis_url) >= 5, timeout=60), (
                "the extract jobs were never queued"
            )
        except BaseException:
            stop(daemon)
            raise
    # The server is down (a clean shutdown: its append-only file is complete).
    try:
        time.sleep(3)
        with private_redis(redis_dir, appendonly=True, port=port) as redis_url:
            assert _queued_extracts(redis_url) > 0, "the queue did not survive the restart"
            assert wait_for(lambda: set(stored_urls(engine)) >= farm.article_urls, timeout=120), (
                f"{len(set(stored_urls(engine)))} of {len(farm.article_urls)} articles stored"
            )
            assert exactly_once_problems(engine, farm.article_urls) == []
            exit_code = stop(daemon)
    finally:
        if daemon.poll() is None:
            daemon.kill()
        engine.dispose()
    assert exit_code == 0
    events = log_events(log_path)
    assert any(event.get("level") in {"warning", "error"} for event in events), (
        "the outage went unnoticed in the log"
    )
