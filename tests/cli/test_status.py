"""`newsfold status` over real feeds, stored articles and a failed job, on SQLite and
PostgreSQL with a real Redis."""

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from redis import Redis
from rq import SimpleWorker
from rq.serializers import JSONSerializer
from sqlalchemy import Engine

from services.cli.main import cli
from services.runtime.heartbeat import beat
from services.runtime.queues import Stage, stage_queue
from services.storage.articles import upsert_article
from services.storage.feeds import add_feed, record_poll_failure
from tests.services.storage.builders import make_article


def _status(redis_url: str, database_url: str, tmp_path: Path, *args: str) -> Any:
    env = {
        "NEWSFOLD_REDIS_URL": redis_url,
        "NEWSFOLD_DATABASE_URL": database_url,
        "NEWSFOLD_DATA_DIR": str(tmp_path),
    }
    result = CliRunner().invoke(cli, ["status", *args], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_status_shows_feeds_queues_throughput_and_recent_errors(
    engine: Engine, database_url: str, redis: Redis, redis_url: str, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    add_feed(engine, "https://fine.example/feed", now)
    failing = add_feed(engine, "https://failing.example/feed", now)
    gone = add_feed(engine, "https://gone.example/feed", now)
    for feed, reason in ((failing, None), (gone, "410 Gone")):
        record_poll_failure(
            engine,
            feed.id,
            code="http_410" if reason else "dns",
            message="no",
            next_poll_at=now + timedelta(hours=1),
            now=now,
            disable_reason=reason,
        )
    with engine.begin() as connection:
        upsert_article(connection, make_article("a1"), now - timedelta(minutes=2))
        upsert_article(connection, make_article("a2"), now - timedelta(minutes=30))
    queue = stage_queue(redis, Stage.SINK)
    queue.enqueue_call("json.loads", args=["{broken"], job_id="sink-a3")
    SimpleWorker([queue], connection=redis, serializer=JSONSerializer).work(burst=True)
    queue.enqueue_call("json.loads", args=["[]"], job_id="sink-a4")
    beat(redis, time.time())

    report = json.loads(_status(redis_url, database_url, tmp_path, "--json"))
    assert report["feeds"] == {"active": 1, "failing": 1, "disabled": 1}
    assert report["stored"] == {"5m": 1, "15m": 1, "1h": 2}
    sink = next(row for row in report["queues"] if row["queue"] == "sink")
    assert (sink["queued"], sink["failed"]) == (1, 1)
    assert [job["id"] for job in report["failed_jobs"]] == ["sink-a3"]
    assert "JSONDecodeError" in report["failed_jobs"][0]["error"]
    assert sorted(group["code"] for group in report["feed_errors"]) == ["dns", "http_410"]
    assert report["scheduler"].startswith("last tick")

    screen = _status(redis_url, database_url, tmp_path)
    assert "1 active, 1 failing, 1 disabled" in screen
    assert "1 in 5 min" in screen and "2 in 1 h" in screen
    assert "failed job sink-a3" in screen
