"""A real `newsfold worker --burst` process's stderr, read as an operator's log shipper would:
JSON on every line, each line of a job bound to it, one summary line per fetch."""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from redis import Redis
from rq.serializers import JSONSerializer

from services.poller.scheduler import enqueue_due_feeds
from services.runtime.queues import Stage, stage_queue
from services.storage.db import create_database_engine
from services.storage.feeds import add_feed
from services.storage.schema import ensure_schema
from tests.plugins.local_server import LocalServer, Reply
from tests.workers.polling import LOCAL_RSS

_REPOSITORY = Path(__file__).resolve().parents[3]


def _run_worker(redis_url: str, database_url: str, data_dir: Path) -> list[dict[str, Any]]:
    environment = {
        **os.environ,
        # The failing job's function lives in the tests package.
        "PYTHONPATH": str(_REPOSITORY),
        "NEWSFOLD_REDIS_URL": redis_url,
        "NEWSFOLD_DATABASE_URL": database_url,
        "NEWSFOLD_DATA_DIR": str(data_dir),
        "NEWSFOLD_ALLOW_PRIVATE_NETWORKS": "true",
        "NEWSFOLD_LOG_LEVEL": "info",
        "NEWSFOLD_LOG_FORMAT": "auto",
    }
    command = [str(Path(sys.executable).with_name("newsfold")), "worker", "--burst"]
    finished = subprocess.run(
        [*command, "--queues", "poll"],
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
        check=True,
    )
    lines = finished.stderr.decode().splitlines()
    assert lines, "the worker wrote nothing"
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise AssertionError(f"not a JSON line: {line!r}") from exc
    return parsed


def test_a_worker_process_writes_json_lines_bound_to_each_job(
    redis: Redis, redis_url: str, http_server: LocalServer, tmp_path: Path
) -> None:
    http_server.routes["/feed.xml"] = Reply(
        body=LOCAL_RSS, headers={"Content-Type": "application/rss+xml"}
    )
    database_url = f"sqlite:///{tmp_path / 'logs.db'}"
    engine = create_database_engine(database_url)
    ensure_schema(engine)
    now = datetime.now(UTC)
    feed = add_feed(engine, http_server.url("/feed.xml"), now)
    assert enqueue_due_feeds(engine, redis, now, job_timeout=30) == 1
    engine.dispose()
    stage_queue(redis, Stage.POLL).enqueue_call(
        "tests.services.runner.logging_jobs.fail", args=["parse"], job_id="poll-feedbeef"
    )
    assert stage_queue(redis, Stage.POLL).serializer is JSONSerializer

    lines = _run_worker(redis_url, database_url, tmp_path)

    polled = [line for line in lines if line.get("job_id") == f"poll-{feed.id}"]
    assert polled and all((line["stage"], line["feed_id"]) == ("poll", feed.id) for line in polled)
    summaries = [line for line in lines if line["event"] in ("fetched", "fetch failed")]
    assert len(summaries) == len(http_server.requests) == 1
    [summary] = summaries
    assert (summary["job_id"], summary["status"], summary["outcome"]) == (
        f"poll-{feed.id}",
        200,
        "ok",
    )
    assert summary["bytes"] == len(LOCAL_RSS) and isinstance(summary["ms"], int)
    failed = [line for line in lines if line.get("job_id") == "poll-feedbeef"]
    assert any(line["level"] == "error" and "cannot parse" in str(line) for line in failed)
    assert all(line["feed_id"] == "feedbeef" for line in failed)
    assert any(line["logger"].startswith("rq.") for line in lines), "rq's own lines are JSON"
