"""How much work is left in the queues: what `run --once` waits on and `queues` prints."""

from dataclasses import dataclass

from redis import Redis
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry

from services.runtime.queues import WORK_ORDER, Stage, stage_queue


@dataclass(frozen=True)
class QueueState:
    """Counts of one stage's queue."""

    stage: Stage
    queued: int
    started: int
    scheduled: int
    failed: int

    @property
    def pending(self) -> int:
        """Jobs that will still run: queued, running, or waiting for a retry."""
        return self.queued + self.started + self.scheduled


def queue_states(redis: Redis) -> list[QueueState]:
    """The state of every stage's queue, downstream first."""
    states = []
    for stage in WORK_ORDER:
        queue = stage_queue(redis, stage)
        states.append(
            QueueState(
                stage=stage,
                queued=queue.count,
                started=StartedJobRegistry(queue=queue).count,
                scheduled=ScheduledJobRegistry(queue=queue).count,  # type: ignore[no-untyped-call]
                failed=FailedJobRegistry(queue=queue).count,
            )
        )
    return states


def pending_jobs(redis: Redis) -> int:
    """Jobs still to run across all stages."""
    return sum(state.pending for state in queue_states(redis))
