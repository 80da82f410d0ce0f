"""What `newsfold health` checks: the services newsfold needs answer, a scheduler ticks,
workers are registered. Each check is bounded in time, so a hung dependency fails the
check instead of hanging a container's health probe.

Which checks run depends on what a process is for (`Component`): the scheduler container
needs Redis, the database and its own ticking; a worker container needs Redis, the database
and a worker registered from its host; `newsfold run` (both in one) all of them.
"""

import socket
import time
from dataclasses import dataclass
from enum import StrEnum

from redis import Redis
from redis.exceptions import RedisError
from rq import Worker
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from services.runtime.heartbeat import latest_beat
from services.storage.db import create_database_engine

# Seconds allowed to connect to and hear from Redis and the database.
CHECK_TIMEOUT_SECONDS = 3.0
# The scheduler ticks every second; this long without a tick means it is stuck or gone.
SCHEDULER_STALE_SECONDS = 30.0


class Component(StrEnum):
    """What the checked process runs."""

    ALL = "all"
    SCHEDULER = "scheduler"
    WORKER = "worker"


@dataclass(frozen=True)
class Check:
    """One check's outcome, with what it saw."""

    name: str
    ok: bool
    detail: str


def check_health(redis_url: str, database_url: str, component: Component) -> list[Check]:
    """Every check `component` needs, in order; later checks that need Redis are skipped
    (failed) when Redis does not answer."""
    checks = [check_database(database_url)]
    redis = Redis.from_url(
        redis_url,
        socket_connect_timeout=CHECK_TIMEOUT_SECONDS,
        socket_timeout=CHECK_TIMEOUT_SECONDS,
    )
    try:
        redis_check = check_redis(redis)
        checks.insert(0, redis_check)
        if not redis_check.ok:
            return checks
        if component in (Component.ALL, Component.SCHEDULER):
            checks.append(check_scheduler(redis, time.time()))
        if component in (Component.ALL, Component.WORKER):
            checks.append(check_workers(redis, socket.gethostname()))
    finally:
        redis.close()
    return checks


def check_redis(redis: Redis) -> Check:
    """Redis answers a PING."""
    try:
        redis.ping()
    except RedisError as exc:
        return Check("redis", False, f"no answer: {exc}")
    return Check("redis", True, "answers")


def check_database(database_url: str) -> Check:
    """The database answers a query."""
    engine = create_database_engine(database_url, connect_timeout=CHECK_TIMEOUT_SECONDS)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return Check("database", False, f"no answer: {first_line}")
    finally:
        engine.dispose()
    return Check("database", True, "answers")


def check_scheduler(redis: Redis, now: float) -> Check:
    """Some scheduler ticked within `SCHEDULER_STALE_SECONDS`."""
    last = latest_beat(redis)
    if last is None:
        return Check("scheduler", False, "no scheduler has ever ticked")
    age = now - last
    return Check("scheduler", age <= SCHEDULER_STALE_SECONDS, f"last tick {age:.0f} s ago")


def check_workers(redis: Redis, hostname: str | None = None) -> Check:
    """A worker is registered (from `hostname`, when given). rq drops a worker's
    registration when it stops or its key expires (it heartbeats while alive)."""
    workers = [
        worker
        for worker in Worker.all(connection=redis)
        if hostname is None or worker.hostname == hostname
    ]
    where = f" on {hostname}" if hostname else ""
    return Check("workers", bool(workers), f"{len(workers)} registered{where}")
