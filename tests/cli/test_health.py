"""`newsfold health` against real Redis, databases and rq workers: exit 0 only when every
check a component needs passes, and promptly when a dependency does not answer."""

import json
import socket
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from redis import Redis
from rq import SimpleWorker
from rq.serializers import JSONSerializer

from services.cli.main import cli
from services.runtime.heartbeat import beat
from services.runtime.queues import Stage, stage_queue


def _health(redis_url: str, database_url: str, *args: str) -> tuple[int, dict[str, Any]]:
    env = {"NEWSFOLD_REDIS_URL": redis_url, "NEWSFOLD_DATABASE_URL": database_url}
    result = CliRunner().invoke(cli, ["health", "--json", *args], env=env)
    return result.exit_code, json.loads(result.output)


def _checks(report: dict[str, Any]) -> dict[str, bool]:
    return {check["name"]: check["ok"] for check in report["checks"]}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_ticking_scheduler_and_a_registered_worker_are_healthy(
    redis: Redis, redis_url: str, database_url: str
) -> None:
    beat(redis, time.time())
    worker = SimpleWorker(
        [stage_queue(redis, Stage.SINK)], connection=redis, serializer=JSONSerializer
    )
    worker.register_birth()
    try:
        code, report = _health(redis_url, database_url)
    finally:
        worker.register_death()
    assert code == 0, report
    assert _checks(report) == {"redis": True, "database": True, "scheduler": True, "workers": True}


def test_a_stale_scheduler_heartbeat_is_unhealthy_for_the_scheduler(
    redis: Redis, redis_url: str, database_url: str
) -> None:
    beat(redis, time.time() - 600)
    code, report = _health(redis_url, database_url, "--component", "scheduler")
    assert code == 1
    assert _checks(report) == {"redis": True, "database": True, "scheduler": False}


def test_a_worker_container_without_its_worker_is_unhealthy(
    redis: Redis, redis_url: str, database_url: str
) -> None:
    code, report = _health(redis_url, database_url, "--component", "worker")
    assert code == 1
    assert _checks(report)["workers"] is False
    assert socket.gethostname() in report["checks"][-1]["detail"]


def test_a_database_that_does_not_answer_fails_within_seconds(
    redis: Redis, redis_url: str, tmp_path: Path
) -> None:
    beat(redis, time.time())
    started = time.monotonic()
    unreachable = f"postgresql://newsfold@127.0.0.1:{_closed_port()}/newsfold"
    code, report = _health(redis_url, unreachable, "--component", "scheduler")
    assert code == 1
    assert _checks(report) == {"redis": True, "database": False, "scheduler": True}
    assert time.monotonic() - started < 10


def test_redis_that_does_not_answer_fails_within_seconds(tmp_path: Path) -> None:
    started = time.monotonic()
    code, report = _health(
        f"redis://127.0.0.1:{_closed_port()}/0", f"sqlite:///{tmp_path / 'newsfold.db'}"
    )
    assert code == 1
    assert _checks(report) == {"redis": False, "database": True}
    assert time.monotonic() - started < 10
