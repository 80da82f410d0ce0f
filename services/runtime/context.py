"""What a job needs from its worker process: settings, Redis, the database and HTTP.

rq calls job functions with their JSON arguments only, so each worker process binds one
context at start-up (`bind`) and job functions fetch it with `current()`. The stage logic
itself takes the context as an argument, so tests call it directly with their own.
"""

from dataclasses import dataclass
from typing import Any

import httpx
from redis import Redis
from sqlalchemy import Engine

from schemas.settings import Settings
from services.http.host_gate import HostGate
from services.runtime.queues import Stage, enqueue

# A host slot is held for one fetch, which the client's total timeout bounds; the margin
# covers the Redis round trips around it, so a live fetch never outlasts its lease.
LEASE_MARGIN_SECONDS = 5.0


@dataclass(frozen=True)
class WorkerContext:
    """Clients shared by every job a worker process runs."""

    settings: Settings
    redis: Redis
    engine: Engine
    http: httpx.Client

    def host_gate(self) -> HostGate:
        """The per-host gate all workers share (its state is in Redis; building one is
        free)."""
        return HostGate(
            self.redis,
            concurrency=self.settings.poll.per_host_concurrency,
            lease_seconds=self.settings.http.total_timeout + LEASE_MARGIN_SECONDS,
            max_delay_seconds=self.settings.http.max_host_delay_seconds,
        )

    def enqueue(self, stage: Stage, key: str, *args: Any) -> bool:
        """Hand `key` (a feed or article id) on to `stage` with the configured job timeout
        and retries; False when its job is already in flight (`queues.enqueue`)."""
        return enqueue(
            self.redis,
            stage,
            key,
            *args,
            job_timeout=self.settings.job_timeout_seconds,
            retry_intervals=self.settings.retry_intervals_seconds,
        )


_bound: WorkerContext | None = None


def bind(context: WorkerContext) -> None:
    """Make `context` the one this process's jobs use."""
    global _bound
    _bound = context


def unbind() -> None:
    """Forget the bound context: its clients are closed (the worker process is done)."""
    global _bound
    _bound = None


def current() -> WorkerContext:
    """The context bound by this worker process's entry point."""
    if _bound is None:
        raise RuntimeError("no worker context bound: start jobs through `newsfold worker`")
    return _bound
