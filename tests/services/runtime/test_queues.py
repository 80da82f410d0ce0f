"""Stage queues on the real private Redis: JSON jobs, deterministic unique ids, retries
with backoff, and the failed registry the CLI browses and requeues."""

import json
import zlib
from pathlib import Path

from click.testing import CliRunner
from redis import Redis
from rq import SimpleWorker
from rq.job import Job
from rq.registry import FailedJobRegistry, ScheduledJobRegistry
from rq.serializers import JSONSerializer

from schemas.settings import DEFAULT_RETRY_INTERVALS_SECONDS
from services.cli.main import cli
from services.runtime.queues import Stage, enqueue, job_id, stage_queue


def test_job_is_stored_as_json_under_its_deterministic_id(redis: Redis) -> None:
    assert enqueue(redis, Stage.DEDUPE, "a1", "a1")
    raw = redis.hget(f"rq:job:{job_id(Stage.DEDUPE, 'a1')}", "data")
    assert isinstance(raw, bytes)
    # rq compresses the serialized payload; what it compresses must be JSON, never pickle.
    assert json.loads(zlib.decompress(raw)) == ["workers.dedupe.job.fold_article", None, ["a1"], {}]


def test_an_entry_already_in_flight_is_not_enqueued_twice(redis: Redis) -> None:
    assert enqueue(redis, Stage.EXTRACT, "e1", {"x": 1})
    assert not enqueue(redis, Stage.EXTRACT, "e1", {"x": 1})
    assert stage_queue(redis, Stage.EXTRACT).count == 1


def test_a_failing_job_is_scheduled_for_a_retry_with_backoff(redis: Redis) -> None:
    # No worker context is bound in this process, so the job raises.
    enqueue(redis, Stage.SINK, "s1", "s1", "story")
    queue = stage_queue(redis, Stage.SINK)
    SimpleWorker([queue], connection=redis, serializer=JSONSerializer).work(burst=True)

    job = Job.fetch(job_id(Stage.SINK, "s1"), connection=redis, serializer=JSONSerializer)
    assert job.retries_left == len(DEFAULT_RETRY_INTERVALS_SECONDS) - 1
    assert job.id in ScheduledJobRegistry(queue=queue).get_job_ids()  # type: ignore[no-untyped-call]


def test_failed_jobs_are_listed_and_requeued_from_the_cli(
    redis: Redis, redis_url: str, tmp_path: Path
) -> None:
    queue = stage_queue(redis, Stage.ENRICH)
    queue.enqueue_call("workers.enrich.job.enrich_article", args=("a9", "s9"), job_id="enrich-a9")
    SimpleWorker([queue], connection=redis, serializer=JSONSerializer).work(burst=True)
    assert FailedJobRegistry(queue=queue).get_job_ids() == ["enrich-a9"]

    env = {"NEWSFOLD_REDIS_URL": redis_url, "NEWSFOLD_DATA_DIR": str(tmp_path)}
    runner = CliRunner()
    listed = runner.invoke(cli, ["--json", "jobs", "failed"], env=env)
    assert listed.exit_code == 0, listed.output
    [failed] = json.loads(listed.stdout)
    assert (failed["id"], failed["stage"], failed["args"]) == ("enrich-a9", "enrich", ["a9", "s9"])
    assert "no worker context bound" in failed["error"]

    requeued = runner.invoke(cli, ["--json", "jobs", "requeue", "--failed"], env=env)
    assert json.loads(requeued.stdout) == {"requeued": 1}
    assert FailedJobRegistry(queue=queue).count == 0
    assert queue.get_job_ids() == ["enrich-a9"]

    depths = json.loads(runner.invoke(cli, ["--json", "queues"], env=env).stdout)
    assert {"queue": "enrich", "queued": 1, "started": 0, "scheduled": 0, "failed": 0} in depths
