"""The database unavailable for a while: the jobs that need it fail, are retried with
backoff, and succeed once it is back, every article stored exactly once."""

import time
from datetime import UTC, datetime
from pathlib import Path

from redis import Redis

from services.storage.db import create_database_engine
from services.storage.feeds import add_feed
from services.storage.schema import drop_schema, ensure_schema
from tests.faults.daemon import failed_job_ids, log_events, newsfold_env, start, stop
from tests.faults.farm import exactly_once_problems, serve_farm, stored_urls, wait_for
from tests.plugins.local_server import LocalServer
from tests.plugins.postgres import PostgresCluster


def test_jobs_retry_through_a_database_outage(
    tmp_path: Path,
    redis: Redis,
    redis_url: str,
    postgres_cluster: PostgresCluster,
    http_server: LocalServer,
) -> None:
    farm = serve_farm(http_server, articles=16, outlets=2, page_delay=0.3)
    engine = create_database_engine(postgres_cluster.url)
    drop_schema(engine)
    ensure_schema(engine)
    for url in farm.feed_urls:
        add_feed(engine, url, datetime.now(UTC))
    log_path = tmp_path / "daemon.log"
    env = newsfold_env(tmp_path, redis_url, postgres_cluster.url)
    daemon = start(["run", "--workers", "2"], env, log_path)
    try:
        assert wait_for(lambda: len(stored_urls(engine)) >= 3, timeout=60)
        engine.dispose()
        postgres_cluster.stop()
        try:
            time.sleep(8)
        finally:
            postgres_cluster.start()
        assert wait_for(lambda: set(stored_urls(engine)) >= farm.article_urls, timeout=150), (
            f"{len(set(stored_urls(engine)))} of {len(farm.article_urls)} articles stored"
        )
        assert exactly_once_problems(engine, farm.article_urls) == []
        assert failed_job_ids(redis) == []
        exit_code = stop(daemon)
    finally:
        if daemon.poll() is None:
            daemon.kill()
        engine.dispose()
    assert exit_code == 0
    events = log_events(log_path)
    failed_sinks = [
        event
        for event in events
        if "exception raised while executing (workers.sink" in event.get("event", "")
    ]
    assert failed_sinks, "no sink job met the outage"
