"""`newsfold run` as a real daemon process: it ingests on its own schedule and a SIGTERM
stops it cleanly with nothing lost."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families
from redis import Redis

from services.demo.server import DemoSite
from services.runner.progress import pending_jobs
from services.runtime.redis_server import free_port
from services.storage.db import create_database_engine
from services.storage.export import iter_exported_stories
from services.storage.feeds import add_feed
from services.storage.schema import ensure_schema

NEWSFOLD = [sys.executable, "-c", "from services.cli.main import main; main()"]
REPOSITORY = Path(__file__).resolve().parents[3]


def wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_daemon_ingests_then_stops_cleanly_on_sigterm(
    tmp_path: Path, redis: Redis, redis_url: str, demo_site: DemoSite
) -> None:
    database_url = f"sqlite:///{tmp_path / 'newsfold.db'}"
    engine = create_database_engine(database_url)
    ensure_schema(engine)
    for url in demo_site.feed_urls:
        add_feed(engine, url, datetime.now(UTC))
    env = {
        **os.environ,
        "PYTHONPATH": str(REPOSITORY),
        "NEWSFOLD_DATA_DIR": str(tmp_path),
        "NEWSFOLD_REDIS_URL": redis_url,
        "NEWSFOLD_DATABASE_URL": database_url,
        "NEWSFOLD_ALLOW_PRIVATE_NETWORKS": "true",
        "NEWSFOLD_LOG_FORMAT": "json",
        "NEWSFOLD_METRICS_PORT": str(metrics_port := free_port()),
    }
    daemon = subprocess.Popen(
        [*NEWSFOLD, "run", "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:

        def all_stored() -> bool:
            stories = list(iter_exported_stories(engine))
            return sum(1 + len(story.variants) for story in stories) == 9

        assert wait_for(all_stored, timeout=90), "the daemon did not ingest the sample feeds"
        scraped = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10)
        families = {family.name: family for family in text_string_to_metric_families(scraped.text)}
        assert {"newsfold_jobs", "newsfold_job_duration_seconds", "newsfold_queue_jobs"} <= set(
            families
        )
        last_tick = families["newsfold_scheduler_last_tick_timestamp_seconds"].samples[0].value
        assert time.time() - last_tick < 30
        daemon.send_signal(signal.SIGTERM)
        _, stderr = daemon.communicate(timeout=60)
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait()
        engine.dispose()
    assert daemon.returncode == 0, stderr.decode()[-2000:]
    assert b"newsfold stopped" in stderr
    assert pending_jobs(redis) == 0
