"""The rq worker newsfold runs: heartbeats throttled without letting its key expire."""

from redis import Redis
from rq.serializers import JSONSerializer

from services.runner.worker import NewsfoldWorker
from services.runtime.queues import Stage, stage_queue


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
