"""What rq's worker classes cost per job: the forking Worker, the SimpleWorker, and
newsfold's SimpleWorker with fewer heartbeats (services/runner/worker.py), on jobs that do
nothing.

    python -m bench.worker_class [--jobs 300]

Each class works `--jobs` empty jobs (`os.getpid`, JSON-serialized as newsfold's are) off a
private redis-server in burst mode, in this process; printed: wall and CPU ms per job, the
CPU counting this process and the children it forked. A job of newsfold's costs its own
work on top: this is the price of the worker class alone.
"""

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from redis import Redis
from rq import Queue, SimpleWorker, Worker
from rq.serializers import JSONSerializer

from services.runner.worker import NewsfoldWorker
from services.runtime.redis_server import private_redis


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(redis: Redis, worker_class: type[Worker], jobs: int) -> tuple[float, float]:
    """Wall and CPU ms per job of `worker_class` working `jobs` empty jobs."""
    queue = Queue("bench", connection=redis, serializer=JSONSerializer)
    for _ in range(jobs):
        queue.enqueue_call("os.getpid", result_ttl=0)
    worker = worker_class([queue], connection=redis, serializer=JSONSerializer)
    wall, cpu = time.perf_counter(), _cpu_seconds()
    worker.work(burst=True, logging_level="WARNING")
    return (
        1000 * (time.perf_counter() - wall) / jobs,
        1000 * (_cpu_seconds() - cpu) / jobs,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=300)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as directory,
        private_redis(Path(directory), appendonly=False) as url,
    ):
        redis = Redis.from_url(url)
        print(f"{'worker class':<14} {'wall ms/job':>12} {'CPU ms/job':>11}  (pid {os.getpid()})")
        for worker_class in (Worker, SimpleWorker, NewsfoldWorker):
            wall, cpu = measure(redis, worker_class, args.jobs)
            print(f"{worker_class.__name__:<14} {wall:>12.2f} {cpu:>11.2f}")


if __name__ == "__main__":
    main()
