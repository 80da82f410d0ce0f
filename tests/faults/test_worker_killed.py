"""A worker killed with SIGKILL in the middle of a job: the job is run again and every
article still reaches the database exactly once."""

import os
import signal
from datetime import UTC, datetime
from pathlib import Path

from redis import Redis
from rq import Worker
from rq.serializers import JSONSerializer

from services.runtime.queues import Stage
from services.storage.db import create_database_engine
from services.storage.feeds import add_feed
from services.storage.schema import ensure_schema
from tests.faults.daemon import failed_job_ids, log_events, newsfold_env, start, stop
from tests.faults.farm import exactly_once_problems, serve_farm, stored_urls, wait_for
from tests.plugins.local_server import LocalServer


def _busy_extracting(redis: Redis, killed: set[int]) -> tuple[int, str] | None:
    """The pid and job id of a live worker in the middle of an extract job, if one is."""
    for worker in Worker.all(connection=redis, serializer=JSONSerializer):
        job_id = worker.get_current_job_id()
        if worker.pid in killed or not job_id:
            continue
        if worker.pid and job_id.startswith(f"{Stage.EXTRACT.value}-"):
            return worker.pid, job_id
    return None


def test_a_worker_killed_mid_job_loses_and_duplicates_nothing(
    tmp_path: Path, redis: Redis, redis_url: str, database_url: str, http_server: LocalServer
) -> None:
    # Pages a second late: a worker is always caught inside an extract job.
    farm = serve_farm(http_server, articles=24, outlets=3, page_delay=1.0)
    engine = create_database_engine(database_url)
    ensure_schema(engine)
    for url in farm.feed_urls:
        add_feed(engine, url, datetime.now(UTC))
    log_path = tmp_path / "daemon.log"
    daemon = start(
        ["run", "--workers", "2"], newsfold_env(tmp_path, redis_url, database_url), log_path
    )
    killed: list[str] = []
    killed_pids: set[int] = set()
    try:
        for _ in range(2):
            busy: tuple[int, str] | None = None

            def caught() -> bool:
                nonlocal busy
                busy = _busy_extracting(redis, killed_pids)
                return busy is not None

            assert wait_for(caught, timeout=60, every=0.1), "no worker was seen extracting"
            assert busy is not None
            pid, job_id = busy
            os.kill(pid, signal.SIGKILL)
            killed.append(job_id)
            killed_pids.add(pid)
        assert wait_for(lambda: set(stored_urls(engine)) >= farm.article_urls, timeout=120), (
            f"{len(set(stored_urls(engine)))} of {len(farm.article_urls)} articles stored"
        )
        assert exactly_once_problems(engine, farm.article_urls) == []
        assert failed_job_ids(redis) == []
    finally:
        exit_code = stop(daemon)
        engine.dispose()
    assert exit_code == 0
    events = log_events(log_path)
    released = [
        job_id
        for event in events
        if event.get("event") == "dead worker's jobs released"
        for job_id in event["job_ids"]
    ]
    assert sorted(released) == sorted(killed)
