"""The failed-job registries of the stage queues, read for operators (`newsfold jobs
failed`, `newsfold status`)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from redis import Redis
from rq.job import Job
from rq.registry import FailedJobRegistry
from rq.serializers import JSONSerializer

from services.runtime.queues import Stage, stage_queue


@dataclass(frozen=True)
class FailedJob:
    """A failed job: its stage, input, the last line of its error, and when it failed."""

    id: str
    stage: Stage
    args: list[object]
    error: str | None
    failed_at: datetime | None


def failed_jobs(redis: Redis, stages: Sequence[Stage]) -> list[FailedJob]:
    """The failed jobs of `stages`, the most recent failure first."""
    found = []
    for stage in stages:
        registry = FailedJobRegistry(queue=stage_queue(redis, stage))
        for job in Job.fetch_many(registry.get_job_ids(), redis, serializer=JSONSerializer):
            if job is None:
                continue  # expired between listing and fetching
            result = job.latest_result()
            lines = ((result.exc_string if result else None) or "").strip().splitlines()
            found.append(
                FailedJob(job.id, stage, list(job.args), lines[-1] if lines else None, job.ended_at)
            )
    return sorted(
        found, key=lambda job: job.failed_at.timestamp() if job.failed_at else 0.0, reverse=True
    )
