"""A job whose worker died unsupervised goes back to rq's retries once its registry entry
expires, found by a scheduler's sweep."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from redis import Redis
from rq import Queue, Retry
from rq.job import Job
from rq.registry import ScheduledJobRegistry, StartedJobRegistry
from rq.serializers import JSONSerializer

from services.runtime.abandoned import sweep_abandoned
from services.runtime.queues import Stage, queue_name
from tests.faults.farm import wait_for

REPOSITORY = Path(__file__).resolve().parents[3]
NEWSFOLD = [sys.executable, "-c", "from services.cli.main import main; main()"]


def test_a_dead_workers_job_is_retried_once_its_entry_expires(
    redis: Redis, redis_url: str, tmp_path: Path
) -> None:
    queue = Queue(queue_name(Stage.EXTRACT), connection=redis, serializer=JSONSerializer)
    job = queue.enqueue("time.sleep", 60, retry=Retry(max=1, interval=1), job_timeout=120)
    worker = subprocess.Popen(
        [*NEWSFOLD, "worker", "--queues", Stage.EXTRACT.value],
        env={
            **os.environ,
            "PYTHONPATH": str(REPOSITORY),
            "NEWSFOLD_REDIS_URL": redis_url,
            "NEWSFOLD_DATABASE_URL": f"sqlite:///{tmp_path / 'newsfold.db'}",
            "NEWSFOLD_DATA_DIR": str(tmp_path),
            "NEWSFOLD_FOLD__EMBEDDING_MODEL": "none",
        },
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        started = StartedJobRegistry(queue.name, connection=redis, serializer=JSONSerializer)
        assert wait_for(lambda: job.id in started.get_job_ids(), timeout=60, every=0.1)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    # Before its entry expires the job may still be running somewhere: left alone.
    sweep_abandoned(redis, time.time())
    assert job.id in started.get_job_ids()
    # The whole timeout plus a minute later: retried.
    sweep_abandoned(redis, time.time() + 181)
    scheduled = ScheduledJobRegistry(queue.name, connection=redis, serializer=JSONSerializer)
    assert job.id in scheduled.get_job_ids()
    assert Job.fetch(job.id, connection=redis, serializer=JSONSerializer).retries_left == 0
