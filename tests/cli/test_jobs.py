"""`newsfold jobs` on a real failed rq job: listed, shown with its input and traceback,
requeued by id."""

import json
from typing import Any

import pytest
from click.testing import CliRunner
from redis import Redis
from rq import SimpleWorker
from rq.registry import FailedJobRegistry
from rq.serializers import JSONSerializer

from services.cli.main import cli
from services.runtime.queues import Stage, job_id, stage_queue

ARTICLE_ID = "0123456789abcdef0123"


@pytest.fixture
def failed_job(redis: Redis) -> str:
    """A sink job that failed for real: its function raised in a worker."""
    queue = stage_queue(redis, Stage.SINK)
    job = queue.enqueue_call(
        "json.loads", args=["{not json"], job_id=job_id(Stage.SINK, ARTICLE_ID)
    )
    SimpleWorker([queue], connection=redis, serializer=JSONSerializer).work(burst=True)
    assert job.id in FailedJobRegistry(queue=queue).get_job_ids()
    return job.id


def _newsfold(redis_url: str, *args: str) -> Any:
    result = CliRunner().invoke(
        cli, ["--json", *args], env={"NEWSFOLD_REDIS_URL": redis_url}, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_failed_job_is_listed_and_shown_with_its_input_and_traceback(
    redis_url: str, failed_job: str
) -> None:
    listed = _newsfold(redis_url, "jobs", "failed")
    assert [(row["id"], row["stage"]) for row in listed] == [(failed_job, "sink")]
    assert "JSONDecodeError" in listed[0]["error"]
    shown = _newsfold(redis_url, "jobs", "show", failed_job)
    assert shown["status"] == "failed"
    assert shown["args"] == ["{not json"]
    assert shown["queue"] == "newsfold:sink"
    assert "Traceback" in shown["traceback"] and "JSONDecodeError" in shown["traceback"]


def test_a_failed_job_requeued_by_id_is_back_on_its_queue(
    redis: Redis, redis_url: str, failed_job: str
) -> None:
    assert _newsfold(redis_url, "jobs", "requeue", failed_job) == {"requeued": 1}
    queue = stage_queue(redis, Stage.SINK)
    assert queue.job_ids == [failed_job]
    assert FailedJobRegistry(queue=queue).get_job_ids() == []


def test_requeue_wants_ids_or_failed_and_show_says_when_a_job_is_gone(redis_url: str) -> None:
    runner = CliRunner()
    env = {"NEWSFOLD_REDIS_URL": redis_url}
    assert runner.invoke(cli, ["jobs", "requeue"], env=env).exit_code == 2
    gone = runner.invoke(cli, ["jobs", "show", "sink-nothing"], env=env)
    assert gone.exit_code == 1
    assert "no job 'sink-nothing'" in gone.output
