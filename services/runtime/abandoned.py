"""Jobs whose worker died while running them, handed back to rq's retries.

rq takes a started job for abandoned once its entry in the queue's started-job registry
expires, and only looks in a worker's maintenance pass, every 10 minutes. newsfold's workers
are SimpleWorkers, which cannot send heartbeats while a job runs, so their entries are given
the whole job timeout plus a minute (services/runner/worker.py): a live job is never taken
for a dead one. Two things then bring a dead worker's job back sooner:

- the supervisor of `newsfold run` sees its own worker process die and releases that
  worker's jobs at once (`release_worker_jobs`);
- every scheduler sweeps the registries of all stages every `SWEEP_SECONDS`
  (`sweep_abandoned`), for workers that died with their machine or supervisor.

Either way rq's own registry cleanup decides: the job is retried while it has retries left
(after its next retry interval), else it is moved to the failed-job registry.
"""

import time

import structlog
from redis import Redis
from rq import Worker
from rq.exceptions import NoSuchJobError
from rq.executions import WORKER_EXECUTIONS_KEY_TEMPLATE
from rq.job import Job
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer
from rq.utils import parse_composite_key

from services.runtime.queues import Stage, queue_name

log = structlog.get_logger(__name__)

# How often a scheduler looks for expired jobs of workers that died unsupervised.
SWEEP_SECONDS = 15.0


def release_worker_jobs(redis: Redis, worker_name: str) -> list[str]:
    """Hand the jobs that the dead worker `worker_name` was running back to rq (retried, or
    failed when out of retries) and unregister the worker; returns their ids."""
    released = []
    for member in redis.smembers(WORKER_EXECUTIONS_KEY_TEMPLATE.format(worker_name)):
        composite = member.decode() if isinstance(member, bytes) else str(member)
        job_id, _ = parse_composite_key(composite)
        try:
            job = Job.fetch(job_id, connection=redis, serializer=JSONSerializer)
        except NoSuchJobError:
            continue
        registry = StartedJobRegistry(job.origin, connection=redis, serializer=JSONSerializer)
        # Expired now: rq's cleanup handles it exactly as a job whose worker went silent.
        redis.zadd(registry.key, {composite: 0}, xx=True)
        registry.cleanup()
        released.append(job_id)
    worker = Worker.find_by_key(
        Worker.redis_worker_namespace_prefix + worker_name,
        connection=redis,
        serializer=JSONSerializer,
    )
    if worker is not None:
        worker.register_death()  # type: ignore[no-untyped-call]
    if released:
        log.warning("dead worker's jobs released", worker=worker_name, job_ids=released)
    return released


def sweep_abandoned(redis: Redis, now: float | None = None) -> None:
    """Hand back to rq every job whose started-registry entry has expired, on every stage."""
    for stage in Stage:
        registry = StartedJobRegistry(
            queue_name(stage), connection=redis, serializer=JSONSerializer
        )
        registry.cleanup(now if now is not None else time.time())
