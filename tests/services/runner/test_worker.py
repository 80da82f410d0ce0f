"""The rq worker newsfold runs: heartbeats throttled without letting its key expire, and
every log line of a job bound to the job."""

from redis import Redis
from rq.serializers import JSONSerializer

from services.runner.worker import RQ_LOG_LEVEL, NewsfoldWorker
from services.runtime.queues import Stage, stage_queue
from tests.plugins.logs import LogLines


def _worker(redis: Redis) -> NewsfoldWorker:
    return NewsfoldWorker(
        [stage_queue(redis, Stage.SINK)], connection=redis, serializer=JSONSerializer
    )


def test_a_heartbeat_right_after_another_is_not_sent(redis: Redis) -> None:
    worker = _worker(redis)
    worker.heartbeat()
    redis.hset(worker.key, "last_heartbeat", "marker")
    worker.heartbeat()
    worker.heartbeat(timeout=120)
    assert redis.hget(worker.key, "last_heartbeat") == b"marker"
    assert redis.ttl(worker.key) > worker.worker_ttl


def test_a_heartbeat_asking_a_later_expiry_is_sent(redis: Redis) -> None:
    worker = _worker(redis)
    # A job's heartbeat sets a shorter expiry than an idle worker needs while it blocks.
    worker.heartbeat(timeout=120)
    assert redis.ttl(worker.key) <= 120
    worker.heartbeat()
    assert redis.ttl(worker.key) > worker.worker_ttl


def test_every_line_of_a_job_carries_its_id_stage_and_article(
    redis: Redis, log_lines: LogLines
) -> None:
    queue = stage_queue(redis, Stage.SINK)
    key = "0123456789abcdef0123"
    queue.enqueue_call(
        "tests.services.runner.logging_jobs.log_a_line", args=["hi"], job_id=f"sink-{key}"
    )
    queue.enqueue_call(
        "tests.services.runner.logging_jobs.fail", args=["parse"], job_id="sink-feedbeef"
    )
    _worker(redis).work(burst=True, logging_level=RQ_LOG_LEVEL)
    said = [line for line in log_lines() if line["event"] == "job says"]
    assert [(line["job_id"], line["stage"], line["article_id"]) for line in said] == [
        (f"sink-{key}", "sink", key)
    ]
    failure = [line for line in log_lines() if line.get("job_id") == "sink-feedbeef"]
    assert failure, "rq's lines about the failed job carry its id"
    assert all(line["level"] in ("error", "warning") for line in failure)
    assert all(line["article_id"] == "feedbeef" for line in failure)
