"""What a job needs from its worker process: settings, Redis, the database and HTTP.

rq calls job functions with their JSON arguments only, so each worker process binds one
context at start-up (`bind`) and job functions fetch it with `current()`. The stage logic
itself takes the context as an argument, so tests call it directly with their own.
"""

from dataclasses import dataclass

import httpx
from redis import Redis
from sqlalchemy import Engine

from schemas.settings import Settings


@dataclass(frozen=True)
class WorkerContext:
    """Clients shared by every job a worker process runs."""

    settings: Settings
    redis: Redis
    engine: Engine
    http: httpx.Client


_bound: WorkerContext | None = None


def bind(context: WorkerContext) -> None:
    """Make `context` the one this process's jobs use."""
    global _bound
    _bound = context


def current() -> WorkerContext:
    """The context bound by this worker process's entry point."""
    if _bound is None:
        raise RuntimeError("no worker context bound: start jobs through `newsfold worker`")
    return _bound
